//! Citations: every key checked against the library, and each citation
//! written in the house style where it stands, reading the notes in number
//! order: in full the first time a source is cited, "Ibid." when it repeats
//! the single source of the note just before, short otherwise.

use foldhash::{HashSet, HashSetExt};

use super::cites::{Cited, Cites};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, closest, suggestion};
use crate::markdown::Citation;
use crate::model::visit::{Visit, VisitMut, walk_block_mut, walk_inline_mut};
use crate::model::{Block, CitedText, Inline, Note};
use crate::options::BriefingOptions;
use crate::parallel::{self, Work};
use crate::sources::Library;
use crate::sources::csl;
use crate::sources::style::{self, Form, Request};

/// Checks every citation against the library, and with a CSL style the
/// sources cited against the fields it prints.
pub fn check(
    citations: &[Citation],
    library: &Library,
    options: &BriefingOptions,
    diagnostics: &mut Diagnostics,
) {
    check_keys(citations, library, diagnostics);
    if let Some(style) = &options.csl {
        let keys = citations.iter().flat_map(|c| &c.items);
        csl::missing_fields(keys.map(|i| i.key.as_str()), library, style, diagnostics);
    }
}

/// The error of a CSL style the citation engine could not use.
pub fn engine_failed(style: &crate::options::CslStyle, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidStyle,
        style.span,
        format!(
            "the citation engine could not write the notes in `{}`: {why}",
            style.name
        ),
    )
    .with_help("try another style, or the house style (remove `csl`), and report the style")
}

/// Reports every citation key that the library does not hold.
fn check_keys(citations: &[Citation], library: &Library, diagnostics: &mut Diagnostics) {
    for item in citations.iter().flat_map(|c| &c.items) {
        if library.get(&item.key).is_some() || library.is_invalid(&item.key) {
            continue;
        }
        let help = match closest(&item.key, library.keys()) {
            Some(hint) => format!("did you mean @{}?", suggestion(hint, &item.key)),
            None if library.is_empty() => {
                "add the source to footnotes/sources.toml: a table [key] with its type, title and other fields".to_string()
            }
            None => format!("add [{}] to footnotes/sources.toml, or correct the key", item.key),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::UnknownSource,
                item.key_span,
                format!("no source `{}` in the library", item.key),
            )
            .with_label("unknown key")
            .with_help(help),
        );
    }
}

/// What the notes before one note decide about its citations.
struct Plan<'a> {
    /// The source and locator of the note before, when it cited exactly
    /// one source: the one "Ibid." may repeat.
    previous: Option<(&'a str, Option<&'a str>)>,
    /// For each cited source of the library, in reading order: whether
    /// this is its first citation in the briefing.
    first_use: Vec<bool>,
    /// The note cites exactly one source, once.
    single: bool,
}

/// The citations written: which notes cite what, and the list of the
/// sources cited when `[style] bibliography` asks for it.
#[derive(Debug, Default)]
pub struct Written {
    pub cited: Vec<Cited>,
    pub bibliography: Option<Vec<Vec<Inline>>>,
    /// Why a CSL style's engine could not write the notes.
    pub failure: Option<String>,
}

/// What resolve is asked for: the citations written, the keys each note
/// cites, or nothing (only checked).
pub fn wanted(
    wanted: super::Citations,
    notes: &mut [Note],
    citations: &[Citation],
    library: &Library,
    options: &BriefingOptions,
) -> Written {
    match wanted {
        super::Citations::Write => format_notes(notes, citations, library, options),
        super::Citations::Keys => Written {
            cited: keys_of_notes(notes, citations),
            ..Written::default()
        },
        super::Citations::Check => Written::default(),
    }
}

/// Writes every citation of the notes in place. Which form each citation
/// takes depends on the notes before it, so that is decided first, in one
/// quick pass in note order (or, with `[style] csl`, by the citation
/// engine); the writing, which costs the time, then runs on two threads
/// over the two halves of the notes.
pub fn format_notes(
    notes: &mut [Note],
    citations: &[Citation],
    library: &Library,
    options: &BriefingOptions,
) -> Written {
    let halves = parallel::shares(Work::Citations, notes.len());
    let engine = options
        .csl
        .as_ref()
        .map(|style| super::csl_notes::write(notes, citations, library, options, style));
    let cited = format_notes_in(notes, citations, library, options, engine.as_ref(), halves);
    let failure = engine.as_ref().and_then(|e| e.failure.clone());
    let bibliography = options.bibliography.then(|| match engine {
        Some(engine) => engine.bibliography,
        None => super::bibliography::house(&cited, library, options),
    });
    Written {
        cited,
        bibliography,
        failure,
    }
}

/// [`format_notes`], in two halves side by side when `halves`.
fn format_notes_in(
    notes: &mut [Note],
    citations: &[Citation],
    library: &Library,
    options: &BriefingOptions,
    engine: Option<&csl::Written>,
    halves: bool,
) -> Vec<Cited> {
    let plans = plan(notes, citations, library);
    let write = |notes: &mut [Note], plans: &[Plan<'_>]| {
        let mut state = State {
            citations,
            library,
            options,
            engine,
            previous: None,
            first_use: Vec::new().into_iter(),
            single: false,
            at_start: true,
            cited: Vec::new(),
            note: 0,
        };
        for (note, plan) in notes.iter_mut().zip(plans) {
            state.previous = plan.previous;
            state.first_use = plan.first_use.clone().into_iter();
            state.single = plan.single;
            state.at_start = true;
            state.note = note.number;
            state.visit_blocks_mut(&mut note.blocks);
        }
        state.cited
    };
    if !halves || notes.len() < 2 {
        return write(notes, &plans);
    }
    let half = notes.len() / 2;
    let (first, second) = notes.split_at_mut(half);
    let (first_plans, second_plans) = plans.split_at(half);
    let (mut cited, later) = parallel::join_if(
        true,
        || write(first, first_plans),
        || write(second, second_plans),
    );
    cited.extend(later);
    cited
}

/// The sources each note cites, in order, as [`format_notes`] lists them
/// but without writing the citations (for `check`, which renders
/// nothing but compares translations by what their notes cite).
pub fn keys_of_notes(notes: &[Note], citations: &[Citation]) -> Vec<Cited> {
    let mut ids = Vec::new();
    let mut cited = Vec::new();
    for note in notes {
        ids.clear();
        Cites(&mut ids).visit_blocks(&note.blocks);
        for item in ids.iter().flat_map(|&c| &citations[c].items) {
            cited.push(Cited {
                key: item.key.clone(),
                note: note.number,
            });
        }
    }
    cited
}

/// Decides, note by note, which sources are cited for the first time and
/// which source "Ibid." may repeat.
fn plan<'a>(notes: &[Note], citations: &'a [Citation], library: &Library) -> Vec<Plan<'a>> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut previous = None;
    let mut ids = Vec::new();
    notes
        .iter()
        .map(|note| {
            ids.clear();
            Cites(&mut ids).visit_blocks(&note.blocks);
            let items = ids.iter().flat_map(|&c| &citations[c].items);
            let single = ids.len() == 1 && items.clone().count() == 1;
            let mut current = None;
            let mut first_use = Vec::new();
            for item in items.filter(|item| library.get(&item.key).is_some()) {
                first_use.push(seen.insert(item.key.as_str()));
                current = Some((item.key.as_str(), item.locator.as_deref()));
            }
            let plan = Plan {
                previous,
                first_use,
                single,
            };
            // Only a note that cites exactly one source can be followed by
            // "Ibid."; any other note breaks the chain.
            previous = if single { current } else { None };
            plan
        })
        .collect()
}

struct State<'a> {
    citations: &'a [Citation],
    library: &'a Library,
    options: &'a BriefingOptions,
    /// The brackets as a CSL style writes them, with `[style] csl`.
    engine: Option<&'a csl::Written>,
    /// See [`Plan`].
    previous: Option<(&'a str, Option<&'a str>)>,
    first_use: std::vec::IntoIter<bool>,
    single: bool,
    /// Nothing has been written in this note yet.
    at_start: bool,
    cited: Vec<Cited>,
    note: u32,
}

impl VisitMut for State<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        match block {
            Block::Code { .. } | Block::Rule | Block::Html(_) => self.at_start = false,
            _ => walk_block_mut(self, block),
        }
    }

    fn visit_inlines_mut(&mut self, inlines: &mut Vec<Inline>) {
        let mut i = 0;
        while i < inlines.len() {
            match &mut inlines[i] {
                Inline::Cite(c) => {
                    let c = *c;
                    let mut formatted = self.citation(c);
                    // The author's comma or full stop after the citation.
                    if let Some(Inline::Text(next)) = inlines.get_mut(i + 1)
                        && let Some(mark @ ('.' | ',' | '。' | '，' | '،')) = next.chars().next()
                    {
                        next.remove(0);
                        if next.is_empty() {
                            inlines.remove(i + 1);
                        }
                        style::add_mark(&mut formatted, mark, &self.options.locale);
                    }
                    inlines[i] = Inline::Cited(Box::new(CitedText {
                        content: formatted,
                        span: self.citations[c].span,
                    }));
                    i += 1;
                    self.at_start = false;
                    continue;
                }
                // A reference inside a note cannot be numbered (it is
                // reported as nested): it prints nothing.
                Inline::Reference(_) => {
                    inlines.remove(i);
                    continue;
                }
                Inline::Text(t) if t.trim().is_empty() => {}
                Inline::Emphasis(_)
                | Inline::Strong(_)
                | Inline::Strikethrough(_)
                | Inline::Link(_)
                | Inline::Image(_) => {
                    walk_inline_mut(self, &mut inlines[i]);
                    self.at_start = false;
                }
                Inline::SoftBreak | Inline::HardBreak => {}
                _ => self.at_start = false,
            }
            i += 1;
        }
    }
}

impl State<'_> {
    /// One bracket: its items joined with `; ` (`; and ` before the last).
    fn citation(&mut self, id: usize) -> Vec<Inline> {
        let library = self.library;
        let items = &self.citations[id].items;
        if let Some(engine) = self.engine {
            return self.engine_citation(engine, id);
        }
        let mut out: Vec<Inline> = Vec::new();
        let mut previous_authors: Option<&Vec<String>> = None;
        for (index, item) in items.iter().enumerate() {
            let Some(source) = library.get(&item.key) else {
                continue;
            };
            if index > 0 {
                let last = index + 1 == items.len();
                let joiner = if last && items.len() >= 2 && item.prefix.is_empty() {
                    self.options.locale.last_citation_joiner()
                } else {
                    self.options.locale.citation_separator()
                };
                out.push(Inline::Text(joiner.to_string()));
            }
            let at_start = self.at_start && index == 0;
            if !item.prefix.is_empty() {
                let prefix = if at_start {
                    capitalise(&item.prefix)
                } else {
                    item.prefix.clone()
                };
                out.push(Inline::Text(format!("{prefix} ")));
            }
            let first_use = self.first_use.next().unwrap_or(true);
            let form = if first_use {
                Form::Full
            } else if self.single
                && self.options.ibid
                && self.previous.is_some_and(|(key, locator)| {
                    // "Ibid." alone after "p. 5" would read as p. 5 again:
                    // a citation without a locator after one with a
                    // locator takes the short form.
                    key == item.key && !(locator.is_some() && item.locator.is_none())
                })
            {
                Form::Ibid
            } else {
                Form::Short
            };
            let locator = match form {
                // "Ibid." repeats the locator only when it differs.
                Form::Ibid => {
                    let before = self.previous.and_then(|(_, locator)| locator);
                    item.locator.as_deref().filter(|l| Some(*l) != before)
                }
                _ => item.locator.as_deref(),
            };
            let same_author =
                previous_authors.is_some_and(|a| !a.is_empty() && *a == source.authors);
            let request = Request {
                form,
                locator,
                omit_author: same_author || item.suppress_author,
                capital: at_start && item.prefix.is_empty(),
                dates: self.options.date_style,
                et_al: self.options.et_al,
                locale: &self.options.locale,
            };
            out.extend(style::format(source, &request));
            previous_authors = Some(&source.authors);
            self.cited.push(Cited {
                key: item.key.clone(),
                note: self.note,
            });
        }
        out
    }
}

impl State<'_> {
    /// One bracket as the citation engine wrote it; a prefix at the start
    /// of a note capitalised, as in the house style.
    fn engine_citation(&mut self, engine: &csl::Written, id: usize) -> Vec<Inline> {
        let mut out = engine
            .brackets
            .get(id)
            .cloned()
            .flatten()
            .unwrap_or_default();
        let items = &self.citations[id].items;
        let known = items.iter().filter(|i| self.library.get(&i.key).is_some());
        // A note begins with a capital, whether with the prefix or the
        // citation itself (as pandoc's citeproc and the house style print
        // it).
        if self.at_start {
            capitalise_first(&mut out);
        }
        for item in known {
            self.cited.push(Cited {
                key: item.key.clone(),
                note: self.note,
            });
        }
        out
    }
}

/// The first letter of `inlines`, however deeply emphasis holds it, as a
/// capital.
fn capitalise_first(inlines: &mut [Inline]) {
    match inlines.first_mut() {
        Some(Inline::Text(text)) => *text = capitalise(text),
        Some(Inline::Emphasis(children) | Inline::Strong(children)) => capitalise_first(children),
        Some(Inline::Link(link)) => capitalise_first(&mut link.content),
        _ => {}
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostics, SourceMap};
    use crate::markdown::{Collected, parse_file};
    use crate::project::{Metadata, Overrides, Settings};

    const LIBRARY: &str = r#"
[a]
type = "report"
author = "Human Rights Watch"
title = "Burying the Truth"
date = 2005-09-19

[b]
type = "book"
author = "Ann Author"
title = "A Book"
publisher = "A Press"
date = 2004

[c]
type = "report"
author = "Human Rights Watch"
title = "Another Report"
date = "2006-03"
"#;

    /// Notes citing three sources in patterns that make full, short and
    /// Ibid. forms, with locators that repeat and change.
    fn notes_text(count: usize) -> String {
        (1..=count)
            .map(|n| match n % 10 {
                0 => format!("[^{n}]: See [@a; @b, p. {n}].\n\n"),
                3 => format!("[^{n}]: [@c].\n\n"),
                7 => format!("[^{n}]: No citation here.\n\n"),
                _ => format!("[^{n}]: [@a, p. {}].\n\n", n % 4),
            })
            .collect()
    }

    fn written(count: usize, halves: bool) -> String {
        let mut sources = SourceMap::new();
        let mut diagnostics = Diagnostics::new();
        let library_file = sources.add("sources.toml", LIBRARY.to_string());
        let library = Library::parse(&[library_file], &sources, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let text = notes_text(count);
        let file = sources.add("notes.md", text.clone());
        let mut collected = Collected::default();
        let parsed = parse_file(&text, file, false, &mut collected, &mut diagnostics);
        let mut notes: Vec<Note> = parsed
            .definitions
            .into_iter()
            .enumerate()
            .map(|(i, d)| Note {
                number: i as u32 + 1,
                label: d.label,
                blocks: d.blocks,
                ref_count: 1,
            })
            .collect();
        let meta_file = sources.add(
            "briefing.toml",
            "title = \"T\"\ndate = 2006\nsections = [\"a.md\"]\n".to_string(),
        );
        let meta = Metadata::parse(sources.text(meta_file), meta_file, &mut diagnostics).unwrap();
        let options = crate::project::briefing_options(
            &Settings::default(),
            &meta,
            &Overrides::default(),
            &mut diagnostics,
        );
        let cited = format_notes_in(
            &mut notes,
            &collected.citations,
            &library,
            &options,
            None,
            halves,
        );
        format!("{notes:?}\n{cited:?}")
    }

    #[test]
    fn two_threads_write_the_same_citations_as_one() {
        let one = written(1001, false);
        assert!(one.contains("Ibid."), "the notes make Ibid. chains");
        assert_eq!(written(1001, true), one);
    }
}
