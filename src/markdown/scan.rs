//! Citation scanning: pulldown-cmark splits `[@key, p. 3]` into several
//! text events, so a container's text (and its soft breaks) is gathered
//! with the source range of each piece and searched once the container
//! closes. A citation becomes an [`Inline::Cite`] wherever it stands;
//! resolve decides what it becomes.

use std::ops::Range;

use super::builder::Builder;
use super::cite::{self, Citation, CiteItem, Found};
use super::frame::{Frame, Node};
use crate::diagnostics::Span;
use crate::model::Inline;

/// A stretch of text in a run of text and soft breaks, and where it came
/// from in the source.
pub(super) struct Segment {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) source: Option<Range<usize>>,
}

impl Builder<'_> {
    /// Finds citations in a frame's text, now that all of it is known:
    /// pulldown-cmark splits `[@key]` into several text events, and a
    /// citation may run over a line break.
    pub(super) fn seal(&mut self, frame: &mut Frame) {
        let may_cite = std::mem::take(&mut frame.may_cite);
        if !may_cite || matches!(frame.node, Node::Link { .. } | Node::Image { .. }) {
            frame.text_ranges.clear();
            return;
        }
        let mut ranges = std::mem::take(&mut frame.text_ranges)
            .into_iter()
            .peekable();
        let old = std::mem::take(&mut frame.inlines);
        let mut out = Vec::with_capacity(old.len());
        let mut run: Vec<(Inline, Option<Range<usize>>)> = Vec::new();
        for (i, inline) in old.into_iter().enumerate() {
            // The ranges are in inline order: take the one for this text.
            let range = match ranges.peek() {
                Some((index, _)) if *index == i => ranges.next().map(|(_, r)| r),
                _ => None,
            };
            if matches!(inline, Inline::Text(_) | Inline::SoftBreak) {
                run.push((inline, range));
            } else {
                self.flush_run(std::mem::take(&mut run), &mut out);
                out.push(inline);
            }
        }
        self.flush_run(run, &mut out);
        frame.inlines = out;
    }

    pub(super) fn flush_run(
        &mut self,
        mut run: Vec<(Inline, Option<Range<usize>>)>,
        out: &mut Vec<Inline>,
    ) {
        // Most runs are one text: it is searched as it is, not copied.
        let single = match run.as_mut_slice() {
            [(Inline::Text(text), source)] => Some((std::mem::take(text), source.take())),
            _ => None,
        };
        let was_single = single.is_some();
        let mut segments = Vec::new();
        let combined = match single {
            Some((text, source)) => {
                segments.push(Segment {
                    start: 0,
                    end: text.len(),
                    source,
                });
                run.clear();
                text
            }
            None => {
                let mut combined = String::new();
                for (inline, range) in &run {
                    let start = combined.len();
                    match inline {
                        Inline::Text(t) => combined.push_str(t),
                        _ => combined.push(' '),
                    }
                    segments.push(Segment {
                        start,
                        end: combined.len(),
                        source: range.clone(),
                    });
                }
                combined
            }
        };
        let scanned = if memchr::memchr(b'@', combined.as_bytes()).is_some() {
            cite::scan(&combined)
        } else {
            Vec::new()
        };
        let mut found = Vec::with_capacity(scanned.len());
        for (range, result) in scanned {
            match result {
                Found::Citation(items) => found.push((range, items)),
                Found::NearMiss { problem, fix } => {
                    let bracket = &combined[range.clone()];
                    let span = self.source_span(&combined, &segments, range.clone(), bracket);
                    self.report_near_miss(span, problem, fix);
                }
            }
        }
        if found.is_empty() {
            if was_single {
                out.push(Inline::Text(combined));
            } else {
                out.extend(run.into_iter().map(|(inline, _)| inline));
            }
            return;
        }
        let mut last = 0;
        for (range, items) in found {
            if range.start > last {
                out.push(Inline::Text(combined[last..range.start].to_string()));
            }
            let items: Vec<CiteItem> = items
                .into_iter()
                .map(|item| CiteItem {
                    key_span: self.source_span(
                        &combined,
                        &segments,
                        item.key_range.clone(),
                        &item.key,
                    ),
                    prefix: item.prefix,
                    suppress_author: item.suppress_author,
                    key: item.key,
                    locator: item.locator,
                })
                .collect();
            let bracket = &combined[range.clone()];
            let span = self.source_span(&combined, &segments, range.clone(), bracket);
            let citation = self.collected.citations.len();
            let in_note = self.definition_depth > 0;
            out.push(Inline::Cite(citation));
            self.collected.citations.push(Citation {
                items,
                span,
                in_note,
            });
            last = range.end;
        }
        if last < combined.len() {
            out.push(Inline::Text(combined[last..].to_string()));
        }
    }

    /// The source span of `range` of a run's combined text: exact where the
    /// text is the source unchanged, else found by searching the source
    /// for `needle`.
    pub(super) fn source_span(
        &self,
        combined: &str,
        segments: &[Segment],
        range: Range<usize>,
        needle: &str,
    ) -> Span {
        let segment = segments
            .iter()
            .find(|s| s.start <= range.start && range.start < s.end.max(s.start + 1));
        let fallback = segments
            .iter()
            .filter_map(|s| s.source.clone())
            .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
            .unwrap_or(0..0);
        if let Some(Segment {
            start,
            end,
            source: Some(source),
        }) = segment
            && range.end <= *end
            && self.text.get(source.clone()) == Some(&combined[*start..*end])
        {
            let from = source.start + (range.start - start);
            return self.span(from..from + (range.end - range.start));
        }
        match self.text.get(fallback.clone()).and_then(|t| t.find(needle)) {
            Some(at) => self.span(fallback.start + at..fallback.start + at + needle.len()),
            None => self.span(fallback),
        }
    }
}
