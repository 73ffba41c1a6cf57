//! The paragraphs of one block read as one text: what stood there before
//! the review (kept and deleted words; paragraph breaks as `\n`), each
//! character knowing whether briefc made it and who deleted it, and what
//! reviewers inserted, where, and the ranges their comments cover. A block
//! is the run of paragraphs that share a mark of where they start (a list,
//! a note with two paragraphs); a paragraph a reviewer added has none and
//! belongs to the block before it.

use super::wordml::{Event, Made, Paragraph, State};

/// One character of the text as it stood.
#[derive(Debug, Clone)]
pub struct Was {
    pub c: char,
    pub made: Option<Made>,
    /// Deleted by this revision.
    pub deleted: Option<usize>,
}

/// Words a reviewer inserted before character `at` of the text as it
/// stood.
#[derive(Debug, Clone)]
pub struct Inserted {
    pub at: usize,
    pub revision: usize,
    pub text: String,
    pub made: Option<Made>,
}

/// A comment's range in the text as it stood.
#[derive(Debug, Clone)]
pub struct Commented {
    pub id: String,
    pub start: usize,
    pub end: Option<usize>,
}

/// One block's text, and what was done to it.
#[derive(Debug, Default)]
pub struct Group {
    pub anchor: Option<(usize, usize)>,
    pub footnote: Option<String>,
    pub was: Vec<Was>,
    pub inserted: Vec<Inserted>,
    pub comments: Vec<Commented>,
    /// Notes a reviewer added (their id) or whose marker they deleted,
    /// before character `at`.
    pub note_markers: Vec<(usize, String, State)>,
}

/// The paragraphs of a part, block by block.
pub fn groups(paragraphs: &[Paragraph]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for paragraph in paragraphs {
        let continues = groups.last().is_some_and(|last| {
            last.footnote == paragraph.footnote
                && (paragraph.anchor.is_none() || paragraph.anchor == last.anchor)
        });
        if !continues {
            groups.push(Group {
                anchor: paragraph.anchor,
                footnote: paragraph.footnote.clone(),
                ..Group::default()
            });
        } else if let Some(last) = groups.last_mut() {
            // The break between two paragraphs of one block.
            last.was.push(Was {
                c: '\n',
                made: None,
                deleted: None,
            });
        }
        let group = groups.last_mut().expect("pushed above");
        group.add(paragraph);
    }
    groups
}

impl Group {
    fn add(&mut self, paragraph: &Paragraph) {
        for event in &paragraph.events {
            match event {
                Event::Text { text, state, made } => match *state {
                    State::Inserted(revision) => self.insert(revision, text, made.clone()),
                    State::Kept | State::Deleted(_) => {
                        let deleted = match *state {
                            State::Deleted(revision) => Some(revision),
                            _ => None,
                        };
                        self.was.extend(text.chars().map(|c| Was {
                            c,
                            made: made.clone(),
                            deleted,
                        }));
                    }
                },
                Event::NoteReference { id, state } => {
                    if *state != State::Kept {
                        self.note_markers.push((self.was.len(), id.clone(), *state));
                    }
                }
                Event::CommentStart(id) => self.comments.push(Commented {
                    id: id.clone(),
                    start: self.was.len(),
                    end: None,
                }),
                Event::CommentEnd(id) => {
                    let at = self.was.len();
                    if let Some(comment) = self.comments.iter_mut().rev().find(|c| c.id == *id) {
                        comment.end = Some(at);
                    }
                }
            }
        }
        // A paragraph break a reviewer inserted: the text after it is a
        // new paragraph of the same block.
        match paragraph.mark {
            Some(State::Inserted(revision)) => self.insert(revision, "\n", None),
            Some(State::Deleted(revision)) => self.was.push(Was {
                c: '\n',
                made: None,
                deleted: Some(revision),
            }),
            _ => {}
        }
    }

    fn insert(&mut self, revision: usize, text: &str, made: Option<Made>) {
        let at = self.was.len();
        if let Some(last) = self.inserted.last_mut()
            && last.at == at
            && last.revision == revision
            && last.made == made
        {
            last.text.push_str(text);
            return;
        }
        self.inserted.push(Inserted {
            at,
            revision,
            text: text.to_string(),
            made,
        });
    }

    /// The runs of characters one revision deleted: start, end, revision.
    pub fn deletions(&self) -> Vec<(usize, usize, usize)> {
        let mut runs: Vec<(usize, usize, usize)> = Vec::new();
        for (index, was) in self.was.iter().enumerate() {
            let Some(revision) = was.deleted else {
                continue;
            };
            match runs.last_mut() {
                Some((_, end, last)) if *end == index && *last == revision => *end = index + 1,
                _ => runs.push((index, index + 1, revision)),
            }
        }
        runs
    }
}
