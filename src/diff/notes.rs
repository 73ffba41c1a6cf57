//! Which note of the old version is which note of the new one. Notes that
//! print the same, in the same order, are the same notes (a diff of the
//! two sequences of printed notes); among the rest, a note keeps its
//! named label (`[^ivanovo-hearing]`), or is the most alike one in the
//! same stretch, in order (in a stretch that kept its length, the note in
//! the same place). What is left was added or removed.

use std::collections::HashMap;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::words::likeness;

/// One note of one version, as it prints and as it was written.
pub struct NoteText {
    pub number: u32,
    pub label: String,
    pub printed: String,
}

/// How alike a changed note must stay to be the same note.
const ALIKE: f32 = 0.5;

/// The pairs (old index, new index) of the same notes; the notes of
/// neither are in no pair.
pub fn pair(old: &[NoteText], new: &[NoteText]) -> Vec<(usize, usize)> {
    let old_printed: Vec<&str> = old.iter().map(|n| n.printed.as_str()).collect();
    let new_printed: Vec<&str> = new.iter().map(|n| n.printed.as_str()).collect();
    let mut pairs = Vec::new();
    let mut unpaired: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old_printed, &new_printed) {
        match op.as_tag_tuple() {
            (DiffTag::Equal, olds, news) => pairs.extend(olds.zip(news)),
            (_, olds, news) => unpaired.push((olds, news)),
        }
    }
    // A stretch that went and one that came at the next place are one
    // stretch that changed.
    let mut merged: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    for (olds, news) in unpaired {
        match merged.last_mut() {
            Some((last_old, last_new))
                if last_old.end == olds.start && last_new.end == news.start =>
            {
                last_old.end = olds.end;
                last_new.end = news.end;
            }
            _ => merged.push((olds, news)),
        }
    }
    for (olds, news) in merged {
        pairs.extend(pair_changed(old, new, olds, news));
    }
    pairs.sort_unstable();
    pairs
}

/// Pairs the notes of a stretch that changed: one for one when the
/// stretch kept its length; else by a named label first, then each old
/// note with the most alike new one after the last paired.
fn pair_changed(
    old: &[NoteText],
    new: &[NoteText],
    olds: std::ops::Range<usize>,
    news: std::ops::Range<usize>,
) -> Vec<(usize, usize)> {
    let named = |label: &str| !label.is_empty() && !label.bytes().all(|b| b.is_ascii_digit());
    // As many notes in the same place: each was rewritten, however little
    // of it is left, unless their names say they are different notes.
    if olds.len() == news.len() {
        return olds
            .zip(news)
            .filter(|&(o, n)| {
                !(named(&old[o].label) && named(&new[n].label) && old[o].label != new[n].label)
            })
            .collect();
    }
    let by_label: HashMap<&str, usize> = news
        .clone()
        .filter(|&i| named(&new[i].label))
        .map(|i| (new[i].label.as_str(), i))
        .collect();
    let mut taken = vec![false; new.len()];
    let mut paired = vec![false; old.len()];
    let mut pairs = Vec::new();
    for i in olds.clone() {
        if named(&old[i].label)
            && let Some(&j) = by_label.get(old[i].label.as_str())
            && !taken[j]
        {
            pairs.push((i, j));
            taken[j] = true;
            paired[i] = true;
        }
    }
    // In a large stretch, compare each old note with the new notes near
    // its place only: the work stays in proportion to the notes.
    const NEAR: usize = 64;
    let mut from = news.start;
    for i in olds {
        if paired[i] {
            continue;
        }
        let end = news.end.min(from + NEAR);
        let best = (from..end)
            .filter(|&j| !taken[j])
            .map(|j| (j, likeness(&old[i].printed, &new[j].printed)))
            .filter(|&(_, alike)| alike >= ALIKE)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, _)) = best {
            pairs.push((i, j));
            taken[j] = true;
            from = j + 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(texts: &[(&str, &str)]) -> Vec<NoteText> {
        texts
            .iter()
            .enumerate()
            .map(|(i, (label, printed))| NoteText {
                number: i as u32 + 1,
                label: label.to_string(),
                printed: printed.to_string(),
            })
            .collect()
    }

    #[test]
    fn an_inserted_note_leaves_the_others_paired() {
        let old = notes(&[
            ("1", "Alpha report, 2005."),
            ("2", "Beta report, 2006."),
            ("3", "Gamma, 2007."),
        ]);
        let new = notes(&[
            ("1", "Alpha report, 2005."),
            ("2", "A new note."),
            ("3", "Beta report, 2006."),
            ("4", "Gamma, page 7, 2007."),
        ]);
        assert_eq!(pair(&old, &new), [(0, 0), (1, 2), (2, 3)]);
    }

    #[test]
    fn a_named_label_keeps_its_note_however_it_changed() {
        let old = notes(&[("hearing", "Attended the hearing.")]);
        let new = notes(&[("hearing", "Completely different words now.")]);
        assert_eq!(pair(&old, &new), [(0, 0)]);
    }
}
