//! WordprocessingML read for what reviewers did: each paragraph's text as
//! it stood (kept and deleted runs) and what was inserted, who changed
//! what and when (`w:ins`, `w:del`, their moves, a paragraph mark inserted
//! or deleted), where comments begin and end, note references, and
//! briefc's marks: the anchor of each paragraph, and the words briefc made.

use std::collections::HashMap;

use roxmltree::Node;

use crate::render::docx::marks::{Mark, read_mark};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Who made a tracked change, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub author: String,
    pub date: Option<String>,
}

/// Whether text is as it was, inserted or deleted (and by which revision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Kept,
    Inserted(usize),
    Deleted(usize),
}

/// Words briefc made: from a range of a file, or (a field's result) from
/// nothing the sources hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made {
    From {
        file: usize,
        range: std::ops::Range<usize>,
    },
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Text {
        text: String,
        state: State,
        made: Option<Made>,
    },
    /// A note's marker in the text; `inserted` when a reviewer added it.
    NoteReference {
        id: String,
        state: State,
    },
    CommentStart(String),
    CommentEnd(String),
}

#[derive(Debug, Default)]
pub struct Paragraph {
    pub events: Vec<Event>,
    /// Where its block starts in the sources, when briefc wrote it.
    pub anchor: Option<(usize, usize)>,
    /// Its end: kept, or a paragraph break a reviewer inserted or deleted.
    pub mark: Option<State>,
    /// The note it belongs to (`w:footnote`'s id), in the notes part.
    pub footnote: Option<String>,
}

/// A part's paragraphs and the revisions they name.
#[derive(Debug, Default)]
pub struct Part {
    pub paragraphs: Vec<Paragraph>,
    pub revisions: Vec<Revision>,
    /// Note references in the body, in order: each note's id, and whether
    /// a reviewer added it.
    pub references: Vec<(String, bool)>,
}

fn is(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// The body's paragraphs (in tables and content controls too), in order.
pub fn read_body(document: &roxmltree::Document<'_>) -> Part {
    let mut reader = Reader::default();
    let body = document.root_element().children().find(|n| is(*n, "body"));
    if let Some(body) = body {
        for node in body.descendants().filter(|n| is(*n, "p")) {
            if !inside_other_paragraph(node) {
                reader.paragraph(node, None);
            }
        }
    }
    reader.part
}

/// The notes' paragraphs, each knowing its note; Word's separators are
/// left out.
pub fn read_footnotes(document: &roxmltree::Document<'_>) -> Part {
    let mut reader = Reader::default();
    for note in document
        .root_element()
        .children()
        .filter(|n| is(*n, "footnote"))
    {
        if attr(note, "type").is_some_and(|t| t != "normal") {
            continue;
        }
        let id = attr(note, "id").unwrap_or_default().to_string();
        for node in note.descendants().filter(|n| is(*n, "p")) {
            if !inside_other_paragraph(node) {
                reader.paragraph(node, Some(id.clone()));
            }
        }
    }
    reader.part
}

/// Each comment's id, author, date and words.
pub fn read_comments(document: &roxmltree::Document<'_>) -> HashMap<String, (Revision, String)> {
    let mut comments = HashMap::new();
    for comment in document
        .root_element()
        .children()
        .filter(|n| is(*n, "comment"))
    {
        let words: Vec<String> = comment
            .descendants()
            .filter(|n| is(*n, "p"))
            .map(|p| {
                p.descendants()
                    .filter(|n| is(*n, "t"))
                    .filter_map(|t| t.text())
                    .collect::<String>()
            })
            .collect();
        comments.insert(
            attr(comment, "id").unwrap_or_default().to_string(),
            (revision(comment), words.join("\n")),
        );
    }
    comments
}

/// A paragraph inside another's run (a text box): read with that one's
/// text only as Word shows it, so left out here.
fn inside_other_paragraph(node: Node<'_, '_>) -> bool {
    node.ancestors().skip(1).any(|a| is(a, "p"))
}

fn revision(node: Node<'_, '_>) -> Revision {
    Revision {
        author: attr(node, "author").unwrap_or("someone").to_string(),
        date: attr(node, "date").map(str::to_string),
    }
}

#[derive(Default)]
struct Reader {
    part: Part,
    /// Revisions by the element that carries them.
    known: HashMap<roxmltree::NodeId, usize>,
    /// Open marks of words briefc made, by bookmark id.
    made: HashMap<String, Made>,
    /// Open fields: whether each is past its instruction.
    fields: Vec<bool>,
}

impl Reader {
    fn revision_of(&mut self, node: Node<'_, '_>) -> usize {
        if let Some(&index) = self.known.get(&node.id()) {
            return index;
        }
        self.part.revisions.push(revision(node));
        let index = self.part.revisions.len() - 1;
        self.known.insert(node.id(), index);
        index
    }

    /// Whether a node inside paragraph `p` was inserted or deleted.
    fn state_of(&mut self, node: Node<'_, '_>, p: Node<'_, '_>) -> State {
        for ancestor in node.ancestors() {
            if ancestor == p {
                break;
            }
            if is(ancestor, "ins") || is(ancestor, "moveTo") {
                return State::Inserted(self.revision_of(ancestor));
            }
            if is(ancestor, "del") || is(ancestor, "moveFrom") {
                return State::Deleted(self.revision_of(ancestor));
            }
        }
        State::Kept
    }

    fn made_now(&self) -> Option<Made> {
        if let Some(made) = self.made.values().next() {
            return Some(made.clone());
        }
        (self.fields.last() == Some(&true)).then_some(Made::Unknown)
    }

    fn push_text(&mut self, paragraph: &mut Paragraph, text: &str, state: State) {
        let made = self.made_now();
        if let Some(Event::Text {
            text: last,
            state: last_state,
            made: last_made,
        }) = paragraph.events.last_mut()
            && *last_state == state
            && *last_made == made
        {
            last.push_str(text);
            return;
        }
        paragraph.events.push(Event::Text {
            text: text.to_string(),
            state,
            made,
        });
    }

    fn paragraph(&mut self, p: Node<'_, '_>, footnote: Option<String>) {
        let mut paragraph = Paragraph {
            footnote,
            ..Paragraph::default()
        };
        for node in p.descendants().skip(1) {
            if !node.is_element() || node.tag_name().namespace() != Some(W) {
                continue;
            }
            if node
                .ancestors()
                .skip(1)
                .take_while(|a| *a != p)
                .any(|a| is(a, "p"))
            {
                continue;
            }
            self.element(node, p, &mut paragraph);
        }
        self.part.paragraphs.push(paragraph);
    }

    fn element(&mut self, node: Node<'_, '_>, p: Node<'_, '_>, paragraph: &mut Paragraph) {
        match node.tag_name().name() {
            "t" | "delText" => {
                // Field instructions are never text.
                let state = self.state_of(node, p);
                if let Some(text) = node.text() {
                    self.push_text(paragraph, text, state);
                }
            }
            "tab" if node.parent().is_some_and(|r| is(r, "r")) => {
                let state = self.state_of(node, p);
                self.push_text(paragraph, "\t", state);
            }
            "br" | "cr" => {
                let state = self.state_of(node, p);
                self.push_text(paragraph, "\n", state);
            }
            "noBreakHyphen" => {
                let state = self.state_of(node, p);
                self.push_text(paragraph, "-", state);
            }
            "footnoteReference" => {
                let state = self.state_of(node, p);
                let id = attr(node, "id").unwrap_or_default().to_string();
                if paragraph.footnote.is_none() {
                    let added = matches!(state, State::Inserted(_));
                    if !self.part.references.iter().any(|(known, _)| *known == id) {
                        self.part.references.push((id.clone(), added));
                    }
                }
                paragraph.events.push(Event::NoteReference { id, state });
            }
            "bookmarkStart" => {
                let name = attr(node, "name").unwrap_or_default();
                match read_mark(name) {
                    Some(Mark::Anchor { file, offset }) if paragraph.anchor.is_none() => {
                        paragraph.anchor = Some((file, offset));
                    }
                    Some(Mark::Generated { file, range }) => {
                        let id = attr(node, "id").unwrap_or_default().to_string();
                        self.made.insert(id, Made::From { file, range });
                    }
                    _ => {}
                }
            }
            "bookmarkEnd" => {
                if let Some(id) = attr(node, "id") {
                    self.made.remove(id);
                }
            }
            "fldChar" => match attr(node, "fldCharType") {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(past) = self.fields.last_mut() {
                        *past = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "commentRangeStart" => paragraph.events.push(Event::CommentStart(
                attr(node, "id").unwrap_or_default().to_string(),
            )),
            "commentRangeEnd" => paragraph.events.push(Event::CommentEnd(
                attr(node, "id").unwrap_or_default().to_string(),
            )),
            "ins" | "del"
                if node.parent().is_some_and(|r| {
                    is(r, "rPr") && r.parent().is_some_and(|pp| is(pp, "pPr"))
                }) =>
            {
                let revision = self.revision_of(node);
                paragraph.mark = Some(if node.tag_name().name() == "ins" {
                    State::Inserted(revision)
                } else {
                    State::Deleted(revision)
                });
            }
            _ => {}
        }
    }
}
