//! What a `.bib` file may ask of the reader before it resolves the file:
//! `@string` abbreviations that use themselves, or double at each step,
//! would recurse without end or grow past any memory; `crossref` and
//! `xdata` links that loop, or run very deep, would recurse without end.
//! Each is an error naming the line; what passes is resolved in bounded
//! time and memory. Entries with the same key are split into rounds that
//! each hold a key once, so the second `smith2006` is read too (and
//! becomes `smith2006-2` on import).

use std::collections::HashMap;

use biblatex::{RawBibliography, RawChunk, RawEntry, Spanned};

/// All the text the abbreviations of one file may expand to.
const MAX_EXPANDED: usize = 64 * 1024 * 1024;
/// Entries one entry may take fields from, through `crossref` and
/// `xdata`, counted along every path.
const MAX_PARENTS: usize = 64;

/// The line of a byte offset in `text`, from 1.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The expanded length of each abbreviation, or the error of the first
/// that loops or grows past the limit.
pub fn check_strings(text: &str, raw: &RawBibliography<'_>) -> Result<(), String> {
    // The last definition of a name is the one used, as the resolver does.
    let defined: HashMap<&str, &Spanned<Vec<Spanned<RawChunk<'_>>>>> = raw
        .abbreviations
        .iter()
        .map(|pair| (pair.key.v, &pair.value))
        .collect();
    let mut sizes: HashMap<&str, Option<usize>> = HashMap::new();
    let mut total = 0usize;
    for pair in &raw.abbreviations {
        let size = expanded(pair.key.v, &defined, &mut sizes, &mut Vec::new())
            .map_err(|e| format!("line {}: {e}", line_of(text, pair.key.span.start)))?;
        total = total.saturating_add(size);
    }
    for entry in &raw.entries {
        for pair in &entry.v.fields {
            let mut size = 0usize;
            for chunk in &pair.value.v {
                size = size.saturating_add(match chunk.v {
                    RawChunk::Normal(s) => s.len(),
                    RawChunk::Abbreviation(name) => {
                        expanded(name, &defined, &mut sizes, &mut Vec::new())
                            .map_err(|e| format!("line {}: {e}", line_of(text, chunk.span.start)))?
                    }
                });
            }
            total = total.saturating_add(size);
            if total > MAX_EXPANDED {
                return Err(format!(
                    "line {}: the @string abbreviations expand to more than {} MB of text, far \
                     more than a library holds; look for a @string that repeats another many times",
                    line_of(text, pair.value.span.start),
                    MAX_EXPANDED >> 20
                ));
            }
        }
    }
    Ok(())
}

/// The length `name` expands to. `open` holds the names being expanded,
/// to find a loop; a name in `sizes` as `None` is being expanded.
fn expanded<'s>(
    name: &'s str,
    defined: &HashMap<&'s str, &'s Spanned<Vec<Spanned<RawChunk<'s>>>>>,
    sizes: &mut HashMap<&'s str, Option<usize>>,
    open: &mut Vec<&'s str>,
) -> Result<usize, String> {
    match sizes.get(name) {
        Some(Some(size)) => return Ok(*size),
        Some(None) => {
            let start = open.iter().position(|n| *n == name).unwrap_or(0);
            let mut path: Vec<&str> = open[start..].to_vec();
            path.push(name);
            return Err(format!(
                "the @string abbreviations {} use each other in a loop",
                path.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" → ")
            ));
        }
        None => {}
    }
    // An unknown name is a month (`jan`) or an error the resolver reports.
    let Some(value) = defined.get(name) else {
        return Ok(name.len());
    };
    sizes.insert(name, None);
    open.push(name);
    let mut size = 0usize;
    for chunk in &value.v {
        size = size.saturating_add(match chunk.v {
            RawChunk::Normal(s) => s.len(),
            RawChunk::Abbreviation(inner) => expanded(inner, defined, sizes, open)?,
        });
        if size > MAX_EXPANDED {
            return Err(format!(
                "the @string `{name}` expands to more than {} MB of text; look for one that \
                 repeats another many times",
                MAX_EXPANDED >> 20
            ));
        }
    }
    open.pop();
    sizes.insert(name, Some(size));
    Ok(size)
}

/// The keys an entry takes fields from, read as widely as the resolver
/// could read them: `crossref`, and each of `xdata`'s comma-separated keys.
fn parents<'s>(entry: &RawEntry<'s>) -> Vec<String> {
    let mut keys = Vec::new();
    for pair in &entry.fields {
        let name = pair.key.v.to_ascii_lowercase();
        if name != "crossref" && name != "xdata" {
            continue;
        }
        let mut value = String::new();
        for chunk in &pair.value.v {
            match chunk.v {
                RawChunk::Normal(s) | RawChunk::Abbreviation(s) => value.push_str(s),
            }
        }
        keys.extend(
            value
                .split(',')
                .map(|k| k.trim().trim_matches(['{', '}']).trim().to_string())
                .filter(|k| !k.is_empty()),
        );
    }
    keys
}

/// Refuses `crossref` and `xdata` links that loop, or that would have an
/// entry take fields from more than [`MAX_PARENTS`] entries.
pub fn check_links(text: &str, entries: &[Spanned<RawEntry<'_>>]) -> Result<(), String> {
    let by_key: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| (entry.v.key.v, index))
        .collect();
    let links: Vec<Vec<usize>> = entries
        .iter()
        .map(|entry| {
            parents(&entry.v)
                .iter()
                .filter_map(|key| by_key.get(key.as_str()).copied())
                .collect()
        })
        .collect();
    // How many entries each one takes fields from, counted along every
    // path; `None` while being counted.
    let mut counted: Vec<Option<Option<usize>>> = vec![None; entries.len()];
    for start in 0..entries.len() {
        count(start, &links, &mut counted, &mut Vec::new()).map_err(|path| {
            let keys: Vec<String> = path
                .iter()
                .map(|&i| format!("`{}`", entries[i].v.key.v))
                .collect();
            let line = line_of(text, entries[path[0]].span.start);
            if path.len() > 1 && path.first() == path.last() {
                format!(
                    "line {line}: the entries {} take their fields from each other (crossref or \
                     xdata) in a loop; remove one of the links",
                    keys.join(" → ")
                )
            } else {
                format!(
                    "line {line}: the entry {} takes fields from more than {MAX_PARENTS} others \
                     through crossref and xdata",
                    keys[0]
                )
            }
        })?;
    }
    Ok(())
}

/// The number of entries `at` takes fields from, or the loop (or the
/// entry past the limit) as a path of entries.
fn count(
    at: usize,
    links: &[Vec<usize>],
    counted: &mut [Option<Option<usize>>],
    open: &mut Vec<usize>,
) -> Result<usize, Vec<usize>> {
    match counted[at] {
        Some(Some(n)) => return Ok(n),
        Some(None) => {
            let start = open.iter().position(|&i| i == at).unwrap_or(0);
            let mut path = open[start..].to_vec();
            path.push(at);
            return Err(path);
        }
        None => {}
    }
    counted[at] = Some(None);
    open.push(at);
    let mut total = 0usize;
    for &parent in &links[at] {
        total = total.saturating_add(1 + count(parent, links, counted, open)?);
        if total > MAX_PARENTS {
            return Err(vec![at]);
        }
    }
    open.pop();
    counted[at] = Some(Some(total));
    Ok(total)
}

/// The entries in rounds that each hold a key at most once, in the order
/// of the file within each round: the first `smith2006` in the first
/// round, the second in the second. Each entry comes with its position in
/// the file.
pub fn rounds<'s>(entries: Vec<Spanned<RawEntry<'s>>>) -> Vec<Vec<(usize, Spanned<RawEntry<'s>>)>> {
    let mut seen: HashMap<&'s str, usize> = HashMap::new();
    let mut rounds: Vec<Vec<(usize, Spanned<RawEntry<'s>>)>> = Vec::new();
    for (position, entry) in entries.into_iter().enumerate() {
        let round = seen.entry(entry.v.key.v).or_insert(0);
        if rounds.len() <= *round {
            rounds.push(Vec::new());
        }
        rounds[*round].push((position, entry));
        *round += 1;
    }
    rounds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Result<(), String> {
        check_strings(text, &RawBibliography::parse(text).unwrap())
    }

    fn links(text: &str) -> Result<(), String> {
        check_links(text, &RawBibliography::parse(text).unwrap().entries)
    }

    #[test]
    fn abbreviations_that_loop_or_explode_are_refused() {
        let looping = strings("@string{a = b}\n@string{b = a}\n@book{x, title = a}\n");
        assert!(
            looping
                .as_ref()
                .unwrap_err()
                .contains("use each other in a loop"),
            "{looping:?}"
        );
        let mut doubling = String::from("@string{s0 = \"xxxxxxxx\"}\n");
        for n in 1..64 {
            doubling.push_str(&format!("@string{{s{n} = s{m} # s{m}}}\n", m = n - 1));
        }
        let error = strings(&doubling).unwrap_err();
        assert!(error.contains("more than 64 MB"), "{error}");
        assert!(
            strings(
                "@string{a = \"A\"}\n@string{b = a # \" and \" # a}\n@book{x, title = b # jan}\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn links_that_loop_or_fan_out_are_refused() {
        let looping = links("@book{a, crossref = {b}}\n@book{b, crossref = {a}}\n").unwrap_err();
        assert!(looping.contains("`a` → `b` → `a`"), "{looping}");
        assert!(looping.starts_with("line 1:"), "{looping}");
        let myself = links("@book{a, xdata = {b, a}}\n@book{b, title={B}}\n").unwrap_err();
        assert!(myself.contains("loop"), "{myself}");
        // Each entry names the two before it twice over: the paths double.
        let mut fan = String::from("@book{e0, title={T}}\n");
        for n in 1..40 {
            fan.push_str(&format!(
                "@book{{e{n}, xdata = {{e{m}, e{m}}}}}\n",
                m = n - 1
            ));
        }
        assert!(links(&fan).unwrap_err().contains("more than 64 others"));
        assert!(links("@book{a, crossref = {b}}\n@collection{b, title={T}}\n").is_ok());
    }

    #[test]
    fn a_repeated_key_goes_into_the_next_round() {
        let raw = RawBibliography::parse(
            "@book{a, title={1}}\n@book{b, title={2}}\n@book{a, title={3}}\n@book{a, title={4}}\n",
        )
        .unwrap();
        let rounds = rounds(raw.entries);
        let positions: Vec<Vec<usize>> = rounds
            .iter()
            .map(|r| r.iter().map(|(p, _)| *p).collect())
            .collect();
        assert_eq!(positions, [vec![0, 1], vec![2], vec![3]]);
    }
}
