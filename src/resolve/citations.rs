//! Citations: every key checked against the library, and each citation
//! written in the house style where it stands, reading the notes in number
//! order: in full the first time a source is cited, "Ibid." when it repeats
//! the single source of the note just before, short otherwise.

use std::collections::HashSet;

use super::Note;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, closest};
use crate::markdown::{Block, Citation, Inline};
use crate::project::Settings;
use crate::sources::Library;
use crate::sources::style::{self, Form, Request};

/// Reports every citation key that the library does not hold.
pub fn check_keys(citations: &[Citation], library: &Library, diagnostics: &mut Diagnostics) {
    for item in citations.iter().flat_map(|c| &c.items) {
        if library.get(&item.key).is_some() || library.is_invalid(&item.key) {
            continue;
        }
        let help = match closest(&item.key, library.keys()) {
            Some(hint) => format!("did you mean @{hint}?"),
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

/// A use of a source: its key and the note that cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub key: String,
    pub note: u32,
}

/// Writes every citation of the notes in place.
pub fn format_notes(
    notes: &mut [Note],
    citations: &[Citation],
    library: &Library,
    settings: &Settings,
) -> Vec<Cited> {
    let mut state = State {
        citations,
        library,
        settings,
        seen: HashSet::new(),
        previous: None,
        current: None,
        single: false,
        at_start: true,
        cited: Vec::new(),
        note: 0,
    };
    for note in notes {
        let mut ids = Vec::new();
        collect_cites(&note.blocks, &mut ids);
        let items: Vec<_> = ids.iter().flat_map(|&c| &citations[c].items).collect();
        state.single = ids.len() == 1 && items.len() == 1;
        state.current = None;
        state.at_start = true;
        state.note = note.number;
        state.blocks(&mut note.blocks);
        // Only a note that cites exactly one source can be followed by
        // "Ibid."; any other note breaks the chain.
        state.previous = if state.single {
            state.current.take()
        } else {
            None
        };
    }
    state.cited
}

fn collect_cites(blocks: &[Block], out: &mut Vec<usize>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph(content) | Block::Plain(content) => {
                collect_inline_cites(content, out)
            }
            Block::Quote(inner) => collect_cites(inner, out),
            Block::List { items, .. } => items.iter().for_each(|i| collect_cites(i, out)),
            Block::Table { head, rows, .. } => head
                .iter()
                .chain(rows.iter().flatten())
                .for_each(|cell| collect_inline_cites(cell, out)),
            _ => {}
        }
    }
}

fn collect_inline_cites(inlines: &[Inline], out: &mut Vec<usize>) {
    for inline in inlines {
        match inline {
            Inline::Cite(c) => out.push(*c),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Link { content: c, .. } => collect_inline_cites(c, out),
            _ => {}
        }
    }
}

struct State<'a> {
    citations: &'a [Citation],
    library: &'a Library,
    settings: &'a Settings,
    seen: HashSet<String>,
    /// The source and locator of the note before, when it cited one source.
    previous: Option<(String, Option<String>)>,
    /// The same for the note being written.
    current: Option<(String, Option<String>)>,
    single: bool,
    /// Nothing has been written in this note yet.
    at_start: bool,
    cited: Vec<Cited>,
    note: u32,
}

impl State<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Heading { content, .. }
                | Block::Paragraph(content)
                | Block::Plain(content) => self.inlines(content),
                Block::Quote(inner) => self.blocks(inner),
                Block::List { items, .. } => items.iter_mut().for_each(|i| self.blocks(i)),
                Block::Table { head, rows, .. } => {
                    for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.inlines(cell);
                    }
                }
                Block::Code { .. } | Block::Rule | Block::Html(_) => self.at_start = false,
            }
        }
    }

    fn inlines(&mut self, inlines: &mut Vec<Inline>) {
        let mut i = 0;
        while i < inlines.len() {
            match &mut inlines[i] {
                Inline::Cite(c) => {
                    let c = *c;
                    let mut formatted = self.citation(c);
                    // The author's comma or full stop after the citation.
                    if let Some(Inline::Text(next)) = inlines.get_mut(i + 1)
                        && let Some(mark @ ('.' | ',')) = next.chars().next()
                    {
                        next.remove(0);
                        if next.is_empty() {
                            inlines.remove(i + 1);
                        }
                        style::add_mark(&mut formatted, mark);
                    }
                    let count = formatted.len();
                    inlines.splice(i..i + 1, formatted);
                    i += count;
                    self.at_start = false;
                    continue;
                }
                Inline::Text(t) if t.trim().is_empty() => {}
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Link { content: c, .. } => {
                    self.inlines(c);
                    self.at_start = false;
                }
                Inline::SoftBreak | Inline::HardBreak => {}
                _ => self.at_start = false,
            }
            i += 1;
        }
    }

    /// One bracket: its items joined with `; ` (`; and ` before the last).
    fn citation(&mut self, id: usize) -> Vec<Inline> {
        let library = self.library;
        let items = &self.citations[id].items;
        let mut out: Vec<Inline> = Vec::new();
        let mut previous_authors: Option<&Vec<String>> = None;
        for (index, item) in items.iter().enumerate() {
            let Some(source) = library.get(&item.key) else {
                continue;
            };
            if index > 0 {
                let last = index + 1 == items.len();
                let joiner = if last && items.len() >= 2 && item.prefix.is_empty() {
                    "; and "
                } else {
                    "; "
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
            let first_use = !self.seen.contains(&item.key);
            if first_use {
                self.seen.insert(item.key.clone());
            }
            let form = if first_use {
                Form::Full
            } else if self.single
                && self.settings.ibid
                && self
                    .previous
                    .as_ref()
                    .is_some_and(|(key, _)| *key == item.key)
            {
                Form::Ibid
            } else {
                Form::Short
            };
            let locator = match form {
                // "Ibid." repeats the locator only when it differs.
                Form::Ibid => {
                    let before = self.previous.as_ref().and_then(|(_, l)| l.as_deref());
                    item.locator.as_deref().filter(|l| Some(*l) != before)
                }
                _ => item.locator.as_deref(),
            };
            let same_author =
                previous_authors.is_some_and(|a| !a.is_empty() && *a == source.authors);
            let request = Request {
                form,
                locator,
                omit_author: same_author,
                capital: at_start && item.prefix.is_empty(),
                dates: self.settings.date_style,
            };
            out.extend(style::format(source, &request));
            previous_authors = Some(&source.authors);
            self.current = Some((item.key.clone(), item.locator.clone()));
            self.cited.push(Cited {
                key: item.key.clone(),
                note: self.note,
            });
        }
        out
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
