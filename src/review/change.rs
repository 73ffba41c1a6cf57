//! One reviewer's change as `review` reports it, and how each is made
//! from a block's text: placed in the author's words when it touches
//! them, at what made them when it touches words briefc made, and with
//! the edit `--apply` would write when it lies wholly in the author's
//! words.

use std::collections::HashMap;

use super::group::Group;
use super::place::{Lined, find_again, first_at, line_up};
use super::sources::Sources;
use super::wordml::{Made, Part, Revision, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Insertion,
    Deletion,
    Comment,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Insertion => "insertion",
            Kind::Deletion => "deletion",
            Kind::Comment => "comment",
        }
    }
}

/// Where a change stands: a byte range of one of the review's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub file: usize,
    pub range: std::ops::Range<usize>,
    /// The file changed since the document was built, and the block was
    /// found again by its words.
    pub moved: bool,
}

/// What `--apply` writes: `text` in place of `range` of file `file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub file: usize,
    pub range: std::ops::Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Change {
    pub kind: Kind,
    /// The words inserted or deleted, or the comment's words.
    pub text: String,
    /// For a comment: the words it is about.
    pub about: Option<String>,
    pub author: String,
    pub date: Option<String>,
    pub place: Option<Placed>,
    /// The note it is in, by the number briefc gave it.
    pub note: Option<u32>,
    /// It touches words briefc made, not the author.
    pub generated: bool,
    pub edit: Option<Edit>,
    /// Why `--apply` leaves it to be done by hand.
    pub by_hand: Option<String>,
}

pub struct Context<'a> {
    pub comments: &'a HashMap<String, (Revision, String)>,
    pub notes: &'a Part,
    pub numbers: &'a HashMap<String, u32>,
}

/// Where the block's text stands in its file, lined up.
struct Found<'v> {
    file: usize,
    lined: Lined<'v>,
    moved: bool,
}

pub fn of_group(
    group: &Group,
    part: &Part,
    context: &Context<'_>,
    sources: &mut Sources,
    out: &mut Vec<Change>,
) {
    let nothing_done = group.inserted.is_empty()
        && group.comments.is_empty()
        && group.note_markers.is_empty()
        && group.was.iter().all(|w| w.deleted.is_none());
    if nothing_done {
        return;
    }
    let ready = group
        .anchor
        .and_then(|(file, offset)| Some((file, offset, sources.prepare(file, offset)?)));
    let found = ready.and_then(|(file, offset, key)| {
        let region = sources.region(key);
        let moved = sources.files[file].changed;
        let from = if moved {
            find_again(group, &region.visible)?
        } else {
            first_at(&region.visible, offset)
        };
        Some(Found {
            file,
            lined: line_up(group, region, from),
            moved,
        })
    });
    let note = group
        .footnote
        .as_ref()
        .and_then(|id| context.numbers.get(id).copied());
    let toml = found
        .as_ref()
        .is_some_and(|f| sources.files[f.file].path.ends_with(".toml"));
    // In briefing.toml only the summary is Markdown; a title is plain.
    let markdown = !toml
        || group.anchor.is_some_and(|(file, offset)| {
            sources.files[file]
                .summary
                .as_ref()
                .is_some_and(|s| s.contains(&offset))
        });
    let maker = Maker {
        group,
        found: found.as_ref(),
        note,
        toml,
        markdown,
    };
    // In the order they stand in the block.
    let mut found_changes: Vec<(usize, Change)> = Vec::new();
    for inserted in &group.inserted {
        let revision = &part.revisions[inserted.revision];
        let made = inserted
            .made
            .clone()
            .or_else(|| maker.made_around(inserted.at));
        found_changes.push((
            inserted.at,
            maker.insertion(&inserted.text, inserted.at, revision, made),
        ));
    }
    for (start, end, revision) in group.deletions() {
        found_changes.push((start, maker.deletion(start, end, &part.revisions[revision])));
    }
    for comment in &group.comments {
        if let Some((revision, words)) = context.comments.get(&comment.id) {
            found_changes.push((
                comment.start,
                maker.comment(comment.start, comment.end, revision, words),
            ));
        }
    }
    for (at, id, state) in &group.note_markers {
        let revision = match state {
            State::Inserted(r) | State::Deleted(r) => &part.revisions[*r],
            State::Kept => continue,
        };
        found_changes.push((*at, maker.note_marker(*at, id, *state, revision, context)));
    }
    // A deletion before the insertion that replaces it.
    found_changes.sort_by_key(|(at, change)| {
        (
            *at,
            change.kind != Kind::Comment,
            change.kind == Kind::Insertion,
        )
    });
    out.extend(found_changes.into_iter().map(|(_, change)| change));
}

struct Maker<'a, 'v> {
    group: &'a Group,
    found: Option<&'a Found<'v>>,
    note: Option<u32>,
    /// The block stands in a TOML file.
    toml: bool,
    /// The block is Markdown (not a TOML string printed as it is).
    markdown: bool,
}

impl Maker<'_, '_> {
    fn change(&self, kind: Kind, text: String, revision: &Revision) -> Change {
        Change {
            kind,
            text,
            about: None,
            author: revision.author.clone(),
            date: revision.date.clone(),
            place: None,
            note: self.note,
            generated: false,
            edit: None,
            by_hand: None,
        }
    }

    /// What made the words on both sides of position `at`, when the same
    /// thing made both: a change there is a change to made words.
    fn made_around(&self, at: usize) -> Option<Made> {
        let before = at
            .checked_sub(1)
            .and_then(|i| self.group.was.get(i))?
            .made
            .clone()?;
        let after = self.group.was.get(at)?.made.clone()?;
        (before == after).then_some(before)
    }

    /// A change to made words, placed at what made them.
    fn generated(&self, mut change: Change, made: &Made) -> Change {
        change.generated = true;
        if let Made::From { file, range } = made {
            change.place = Some(Placed {
                file: *file,
                range: range.clone(),
                moved: false,
            });
        }
        change.by_hand = Some(
            "these words are briefc's (a citation as printed, a note's number, a line of the \
             title block): change the source entry, citation or field that makes them"
                .to_string(),
        );
        change
    }

    fn unplaced(&self, mut change: Change) -> Change {
        change.by_hand = Some(
            "its place in the sources could not be found (a paragraph a reviewer added, or text \
             that changed in the sources since); make it by hand"
                .to_string(),
        );
        change
    }

    fn insertion(&self, text: &str, at: usize, revision: &Revision, made: Option<Made>) -> Change {
        let shown = if text == "\n" {
            "¶".to_string()
        } else {
            text.to_string()
        };
        let change = self.change(Kind::Insertion, shown, revision);
        if let Some(made) = made {
            return self.generated(change, &made);
        }
        let Some(found) = self.found else {
            return self.unplaced(change);
        };
        let Some(offset) = found.lined.insertion_point(at) else {
            return self.unplaced(change);
        };
        let mut change = change;
        change.place = Some(Placed {
            file: found.file,
            range: offset..offset,
            moved: found.moved,
        });
        let written = if text == "\n" {
            "\n\n".to_string()
        } else {
            escaped(text, self.markdown, self.toml)
        };
        change.edit = Some(Edit {
            file: found.file,
            range: offset..offset,
            text: written,
        });
        change
    }

    fn deletion(&self, start: usize, end: usize, revision: &Revision) -> Change {
        let was = &self.group.was[start..end];
        let text: String = was.iter().map(|w| w.c).collect();
        let shown = if text == "\n" { "¶".to_string() } else { text };
        let change = self.change(Kind::Deletion, shown, revision);
        if let Some(made) = was.iter().find_map(|w| w.made.clone()) {
            return self.generated(change, &made);
        }
        let Some(found) = self.found else {
            return self.unplaced(change);
        };
        let mut change = change;
        match found.lined.written_range(start, end) {
            Some((from, to)) => {
                change.place = Some(Placed {
                    file: found.file,
                    range: from..to,
                    moved: found.moved,
                });
                change.edit = Some(Edit {
                    file: found.file,
                    range: from..to,
                    text: String::new(),
                });
            }
            None => {
                let Some(offset) = found
                    .lined
                    .first_found(start, end)
                    .or_else(|| found.lined.insertion_point(start))
                else {
                    return self.unplaced(change);
                };
                change.place = Some(Placed {
                    file: found.file,
                    range: offset..offset,
                    moved: found.moved,
                });
                change.by_hand = Some(
                    "the deleted words run across Markdown markup (emphasis, a link, a note's \
                     marker, a paragraph break): delete them by hand"
                        .to_string(),
                );
            }
        }
        change
    }

    fn comment(
        &self,
        start: usize,
        end: Option<usize>,
        revision: &Revision,
        words: &str,
    ) -> Change {
        let end = end.unwrap_or(start).max(start).min(self.group.was.len());
        let mut change = self.change(Kind::Comment, words.to_string(), revision);
        change.about = Some(self.group.was[start..end].iter().map(|w| w.c).collect());
        change.by_hand = Some("a comment: answer it, then resolve it in Word".to_string());
        let all_made = end > start && self.group.was[start..end].iter().all(|w| w.made.is_some());
        if all_made && let Some(made) = self.group.was[start].made.clone() {
            let mut change = self.generated(change, &made);
            change.by_hand =
                Some("a comment on words briefc made: answer it at what made them".into());
            return change;
        }
        if let Some(found) = self.found {
            let offset = found
                .lined
                .first_found(start, end)
                .or_else(|| found.lined.insertion_point(start));
            if let Some(offset) = offset {
                let to = found
                    .lined
                    .written_range(start, end)
                    .map_or(offset, |(_, to)| to.max(offset));
                change.place = Some(Placed {
                    file: found.file,
                    range: offset..to,
                    moved: found.moved,
                });
            }
        }
        change
    }

    /// A note a reviewer added, or a note's marker they deleted.
    fn note_marker(
        &self,
        at: usize,
        id: &str,
        state: State,
        revision: &Revision,
        context: &Context<'_>,
    ) -> Change {
        let words: Vec<String> = context
            .notes
            .paragraphs
            .iter()
            .filter(|p| p.footnote.as_deref() == Some(id))
            .map(|p| {
                p.events
                    .iter()
                    .filter_map(|e| match e {
                        super::wordml::Event::Text { text, state, .. }
                            if !matches!(state, State::Deleted(_)) =>
                        {
                            Some(text.as_str())
                        }
                        _ => None,
                    })
                    .collect::<String>()
            })
            .collect();
        let (kind, text) = match state {
            State::Inserted(_) => (
                Kind::Insertion,
                format!("a new note: {}", words.join(" ").trim()),
            ),
            _ => (
                Kind::Deletion,
                format!(
                    "the marker of note {}",
                    context
                        .numbers
                        .get(id)
                        .map_or("?".to_string(), u32::to_string)
                ),
            ),
        };
        let mut change = self.change(kind, text, revision);
        if let Some(found) = self.found
            && let Some(offset) = found.lined.insertion_point(at)
        {
            change.place = Some(Placed {
                file: found.file,
                range: offset..offset,
                moved: found.moved,
            });
        }
        change.by_hand = Some(
            "a note's marker: add or remove the [^label] and its definition by hand".to_string(),
        );
        change
    }
}

/// Inserted words as the source writes them: Markdown's own characters
/// escaped so they print as typed, and in a TOML string its quotes and
/// backslashes too.
fn escaped(text: &str, markdown: bool, toml: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if markdown && matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    if toml {
        out = out.replace('\\', "\\\\").replace('"', "\\\"");
    }
    out
}
