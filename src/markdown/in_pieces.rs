//! Parsing a briefing's files across the cores. The files, with any big
//! file cut into pieces (see [`super::pieces`]), are taken in short runs
//! by whichever core is free, so a briefing whose notes sit in one large
//! file is parsed as fast as one spread over many. Each piece collects its
//! own references and citations; their indices are then shifted past those
//! of the pieces before it, so the result is exactly that of parsing the
//! files one after the other.

use std::collections::HashMap;
use std::ops::Range;

use super::parse::parse_piece;
use super::parsed::{Collected, ParsedFile};
use super::pieces::{PIECE_BYTES, pieces};
use crate::diagnostics::{Diagnostics, FileId, SourceMap, Span};
use crate::model::Inline;
use crate::model::visit::{VisitMut, walk_inline_mut};

/// A stretch of one input, parsed on its own.
struct Unit {
    /// Index into the inputs being parsed.
    input: usize,
    range: Range<usize>,
}

#[derive(Clone)]
struct Piece {
    parsed: ParsedFile,
    collected: Collected,
    diagnostics: Diagnostics,
    /// How many references and citations come before this piece.
    shift: (usize, usize),
}

/// Where a piece stands and how it was parsed: a file's id names one text,
/// so the same key is the same result.
type PieceKey = (FileId, usize, usize, bool);

/// The pieces of one briefing as last parsed, for the preview server: when
/// a save changes one file, the pieces of the others are copied instead of
/// parsed again (a file read back unchanged keeps its id). Only the pieces
/// of the last parse are kept.
#[derive(Default)]
pub struct PieceCache {
    pieces: HashMap<PieceKey, Piece>,
}

impl PieceCache {
    /// How many pieces the last parse of the briefing had.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// When and how finely files are cut; only tests and fuzzing change it.
#[derive(Debug, Clone, Copy)]
pub struct Split {
    /// Files of a briefing smaller than this together are parsed whole,
    /// one after the other, on the calling thread; `None` for the size
    /// the scheduler sets ([`Work::Pieces`](crate::parallel::Work::Pieces)).
    pub parallel_from: Option<usize>,
    /// See [`pieces`].
    pub piece_bytes: usize,
}

impl Default for Split {
    fn default() -> Self {
        Split {
            parallel_from: None,
            piece_bytes: PIECE_BYTES,
        }
    }
}

/// Parses `inputs` in order (each a whole file or a stretch of one, such
/// as the summary within `briefing.toml`), returning each one's result and
/// the briefing's references and citations.
pub fn parse_files(
    inputs: &[Span],
    sources: &SourceMap,
    allow_raw_html: bool,
    diagnostics: &mut Diagnostics,
) -> (Vec<(FileId, ParsedFile)>, Collected) {
    parse_files_split(
        inputs,
        sources,
        allow_raw_html,
        Split::default(),
        diagnostics,
    )
}

/// [`parse_files`], taking each piece parsed before from `cache` and
/// leaving there the pieces of this parse.
pub fn parse_files_cached(
    inputs: &[Span],
    sources: &SourceMap,
    allow_raw_html: bool,
    cache: &mut PieceCache,
    diagnostics: &mut Diagnostics,
) -> (Vec<(FileId, ParsedFile)>, Collected) {
    parse_units(
        inputs,
        sources,
        allow_raw_html,
        Split::default(),
        Some(cache),
        diagnostics,
    )
}

/// [`parse_files`], cutting files as `split` says.
pub fn parse_files_split(
    inputs: &[Span],
    sources: &SourceMap,
    allow_raw_html: bool,
    split: Split,
    diagnostics: &mut Diagnostics,
) -> (Vec<(FileId, ParsedFile)>, Collected) {
    parse_units(inputs, sources, allow_raw_html, split, None, diagnostics)
}

fn parse_units(
    inputs: &[Span],
    sources: &SourceMap,
    allow_raw_html: bool,
    split: Split,
    cache: Option<&mut PieceCache>,
    diagnostics: &mut Diagnostics,
) -> (Vec<(FileId, ParsedFile)>, Collected) {
    let text_of = |input: &Span| &sources.text(input.file)[input.start..input.end];
    let total: usize = inputs.iter().map(|input| input.end - input.start).sum();
    let parallel = match split.parallel_from {
        Some(from) => total >= from,
        None => crate::parallel::shares(crate::parallel::Work::Pieces, total),
    };
    let units: Vec<Unit> = inputs
        .iter()
        .enumerate()
        .flat_map(|(index, input)| {
            let text = text_of(input);
            let ranges = if parallel {
                pieces(text, split.piece_bytes)
            } else {
                std::iter::once(0..text.len()).collect()
            };
            let base = input.start;
            ranges.into_iter().map(move |range| Unit {
                input: index,
                range: base + range.start..base + range.end,
            })
        })
        .collect();
    let key = |unit: &Unit| {
        let file = inputs[unit.input].file;
        (file, unit.range.start, unit.range.end, allow_raw_html)
    };
    let known = cache.as_deref();
    // A piece parsed before is copied on the thread that takes it.
    let parse = |unit: &Unit| {
        if let Some(piece) = known.and_then(|cache| cache.pieces.get(&key(unit))) {
            return piece.clone();
        }
        let file = inputs[unit.input].file;
        let text = &sources.text(file)[unit.range.clone()];
        let mut collected = Collected::default();
        let mut diagnostics = Diagnostics::new();
        let parsed = parse_piece(
            text,
            unit.range.start,
            file,
            allow_raw_html,
            &mut collected,
            &mut diagnostics,
        );
        Piece {
            parsed,
            collected,
            diagnostics,
            shift: (0, 0),
        }
    };

    let mut pieces: Vec<Piece> = crate::parallel::map_if(parallel, units.iter().collect(), parse);
    if let Some(cache) = cache {
        // Kept before the indices are shifted: a piece's own are the same
        // wherever it stands.
        let mut last = std::mem::take(&mut cache.pieces);
        for (unit, piece) in units.iter().zip(&pieces) {
            let key = key(unit);
            let kept = last.remove(&key).unwrap_or_else(|| piece.clone());
            cache.pieces.insert(key, kept);
        }
    }

    let counts = shift_all(&units, &mut pieces, parallel, total);
    gather(inputs, &units, pieces, counts, diagnostics)
}

/// Shifts each piece's indices past those of the pieces before it, in two
/// halves by size side by side when the pieces were parsed so; returns
/// how many references and citations the pieces hold in all.
fn shift_all(units: &[Unit], pieces: &mut [Piece], parallel: bool, total: usize) -> (usize, usize) {
    let mut before = (0, 0);
    for piece in pieces.iter_mut() {
        piece.shift = before;
        before.0 += piece.collected.references.len();
        before.1 += piece.collected.citations.len();
    }
    if parallel {
        // Shifting walks every tree: split the pieces in two by size.
        let mut running = 0;
        let half = units
            .iter()
            .position(|unit| {
                running += unit.range.len();
                running * 2 >= total
            })
            .unwrap_or(0);
        let (first, second) = pieces.split_at_mut(half);
        crate::parallel::join_if(true, || shift_pieces(first), || shift_pieces(second));
    } else {
        shift_pieces(pieces);
    }
    before
}

/// Each input's parse, its pieces joined in order, and the briefing's
/// references and citations (`counts` of each).
fn gather(
    inputs: &[Span],
    units: &[Unit],
    pieces: Vec<Piece>,
    counts: (usize, usize),
    diagnostics: &mut Diagnostics,
) -> (Vec<(FileId, ParsedFile)>, Collected) {
    let mut results: Vec<(FileId, ParsedFile)> = inputs
        .iter()
        .map(|input| (input.file, ParsedFile::default()))
        .collect();
    let mut collected = Collected {
        references: Vec::with_capacity(counts.0),
        citations: Vec::with_capacity(counts.1),
    };
    for (unit, piece) in units.iter().zip(pieces) {
        let into = &mut results[unit.input].1;
        if into.blocks.is_empty()
            && into.definitions.is_empty()
            && into.anchors.is_empty()
            && into.local_files.is_empty()
            && into.web_links.is_empty()
        {
            *into = piece.parsed;
        } else {
            into.blocks.extend(piece.parsed.blocks);
            into.starts.extend(piece.parsed.starts);
            into.definitions.extend(piece.parsed.definitions);
            into.anchors.extend(piece.parsed.anchors);
            into.local_files.extend(piece.parsed.local_files);
            into.web_links.extend(piece.parsed.web_links);
        }
        collected.references.extend(piece.collected.references);
        collected.citations.extend(piece.collected.citations);
        diagnostics.extend(piece.diagnostics);
    }
    (results, collected)
}

fn shift_pieces(pieces: &mut [Piece]) {
    for piece in pieces {
        let (references, citations) = piece.shift;
        if references == 0 && citations == 0 {
            continue;
        }
        let mut shift = Shift {
            references,
            citations,
        };
        shift.visit_blocks_mut(&mut piece.parsed.blocks);
        for definition in &mut piece.parsed.definitions {
            shift.visit_blocks_mut(&mut definition.blocks);
        }
    }
}

/// Moves a piece's indices past those of the pieces before it.
struct Shift {
    references: usize,
    citations: usize,
}

impl VisitMut for Shift {
    fn visit_inline_mut(&mut self, inline: &mut Inline) {
        match inline {
            Inline::Reference(index) => *index += self.references,
            Inline::Cite(index) => *index += self.citations,
            _ => walk_inline_mut(self, inline),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A section and a notes file large enough to be cut into pieces.
    fn large_files(sources: &mut SourceMap) -> ([FileId; 2], [Span; 2]) {
        let section: String = (1..=3000)
            .map(|n| format!("## Part {n}\n\nText[^{n}] and [@key-{n}, p. {n}] <b>x</b>.\n\n"))
            .collect();
        let notes: String = (1..=3000)
            .map(|n| format!("[^{n}]: See [@src-{n}] and [^{}].\n\n    More.\n\n", n + 1))
            .collect();
        let files = [
            sources.add("a.md", section.clone()),
            sources.add("notes.md", notes.clone()),
        ];
        let inputs = [
            Span::new(files[0], 0..section.len()),
            Span::new(files[1], 0..notes.len()),
        ];
        (files, inputs)
    }

    #[test]
    fn pieces_parsed_before_are_copied_and_give_what_a_fresh_parse_gives() {
        let mut sources = SourceMap::new();
        let (files, inputs) = large_files(&mut sources);
        let fresh = |inputs: &[Span], sources: &SourceMap| {
            let mut diagnostics = Diagnostics::new();
            let parsed = parse_files(inputs, sources, false, &mut diagnostics);
            format!("{parsed:?} {diagnostics:?}")
        };
        let mut cache = PieceCache::default();
        let mut diagnostics = Diagnostics::new();
        let first = parse_files_cached(&inputs, &sources, false, &mut cache, &mut diagnostics);
        assert_eq!(
            format!("{first:?} {diagnostics:?}"),
            fresh(&inputs, &sources)
        );
        let pieces = cache.len();
        assert!(pieces > 4, "{pieces} pieces");

        // The section saved with a change: a new text, so a new id; the
        // notes' pieces come from the cache, shifted past the new section's
        // references, and the result is what parsing both gives.
        let text = format!("[^0] [@key-0] first.\n\n{}", sources.text(files[0]));
        let saved = sources.add("a.md", text.clone());
        let inputs = [Span::new(saved, 0..text.len()), inputs[1]];
        let mut diagnostics = Diagnostics::new();
        let second = parse_files_cached(&inputs, &sources, false, &mut cache, &mut diagnostics);
        assert_eq!(
            format!("{second:?} {diagnostics:?}"),
            fresh(&inputs, &sources)
        );
        assert!(
            cache.pieces.keys().all(|key| key.0 != files[0]),
            "only the last parse's pieces are kept"
        );
        assert!(cache.pieces.keys().any(|key| key.0 == files[1]));
    }

    /// The same files parsed whole on one thread and in pieces on two give
    /// the same trees, references, citations and diagnostics.
    #[test]
    fn pieces_on_two_threads_parse_like_whole_files() {
        let mut sources = SourceMap::new();
        let (files, inputs) = large_files(&mut sources);
        assert!(pieces(sources.text(files[1]), PIECE_BYTES).len() > 2);

        let mut diagnostics = Diagnostics::new();
        let (parsed, collected) = parse_files(&inputs, &sources, false, &mut diagnostics);

        let mut whole_collected = Collected::default();
        let mut whole_diagnostics = Diagnostics::new();
        let whole: Vec<ParsedFile> = files
            .iter()
            .map(|&file| {
                super::super::parse::parse_file(
                    sources.text(file),
                    file,
                    false,
                    &mut whole_collected,
                    &mut whole_diagnostics,
                )
            })
            .collect();
        for ((_, apart), together) in parsed.iter().zip(&whole) {
            assert_eq!(format!("{apart:?}"), format!("{together:?}"));
        }
        assert_eq!(format!("{collected:?}"), format!("{whole_collected:?}"));
        assert_eq!(format!("{diagnostics:?}"), format!("{whole_diagnostics:?}"));
    }
}
