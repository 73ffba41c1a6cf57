//! The redline: one HTML page that shows a reviewer the new version of
//! each briefing with what changed marked in it, words removed struck
//! through (`<del>`) and words added underlined (`<ins>`), in the
//! briefing's own stylesheet. It reads as the briefing does: title block,
//! sections, then the notes, each note under its number now (and its old
//! number when it moved). Nothing on it is live script.

use super::words::{Kind, Piece};
use super::{BlockChange, BriefingDiff, NoteChange};
use crate::analysis::Analysis;
use crate::render::html::push_escaped;

/// What the page says of the two versions, and how a briefing's page looks.
pub struct Setting<'a> {
    /// The old version, as the command line named it (`v1.0`, `--old DIR`).
    pub old: &'a str,
    /// The new version.
    pub new: &'a str,
    /// The stylesheet of the briefings' pages.
    pub stylesheet: &'a str,
}

/// Each briefing's title, language and direction, in the order of `diffs`.
pub struct Heading<'a> {
    pub title: &'a str,
    pub language: &'a str,
    pub direction: &'static str,
}

const REDLINE_STYLE: &str = "
ins { background: #e6f4ea; color: #0b5a1f; text-decoration: underline; }
del { background: #fde8e8; color: #8a1010; text-decoration: line-through; }
.redline-legend { border: 1px solid var(--rule, #ccc); padding: 0.5rem 1rem; font-size: 0.95rem; }
.redline-moved { color: var(--muted, #555); font-size: 0.9rem; }
.redline-same { color: var(--muted, #555); }
.redline-briefing { margin-bottom: 4rem; }
.redline-block { white-space: pre-line; }
";

/// The redline of `diffs`, in the stylesheet of the new version's pages
/// (the project's own `templates/style.css.tera` when it has one).
pub fn of(diffs: &[BriefingDiff], old: &Analysis, new: &Analysis, labels: (&str, &str)) -> String {
    let stylesheet = new
        .templates
        .as_ref()
        .and_then(|t| t.render("style.css.tera", &tera::Context::new()).ok())
        .unwrap_or_default();
    let headings: Vec<Heading<'_>> = diffs
        .iter()
        .map(|diff| {
            let briefing = new
                .briefings
                .iter()
                .chain(&old.briefings)
                .find(|b| b.id() == diff.id);
            match briefing {
                Some(b) => Heading {
                    title: &b.doc.meta.title,
                    language: &b.doc.meta.language,
                    direction: b.options.locale.direction(),
                },
                None => Heading {
                    title: &diff.id,
                    language: "en",
                    direction: "ltr",
                },
            }
        })
        .collect();
    let setting = Setting {
        old: labels.0,
        new: labels.1,
        stylesheet: &stylesheet,
    };
    page(diffs, &headings, &setting)
}

pub fn page(diffs: &[BriefingDiff], headings: &[Heading<'_>], setting: &Setting<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let language = headings.first().map_or("en", |h| h.language);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    push_escaped(language, &mut out);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    push_escaped(
        &format!("Changes from {} to {}", setting.old, setting.new),
        &mut out,
    );
    out.push_str("</title>\n<style>\n");
    // The stylesheet is the project's text; nothing in it can close the
    // element early.
    out.push_str(&setting.stylesheet.replace("</", "<\\/"));
    out.push_str(REDLINE_STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<p class=\"redline-legend\">");
    out.push_str("Changes from <strong>");
    push_escaped(setting.old, &mut out);
    out.push_str("</strong> to <strong>");
    push_escaped(setting.new, &mut out);
    out.push_str("</strong>: <del>words removed</del>, <ins>words added</ins>. ");
    out.push_str("Notes are numbered as they are now.</p>\n");
    for (diff, heading) in diffs.iter().zip(headings) {
        briefing(diff, heading, &mut out);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn briefing(diff: &BriefingDiff, heading: &Heading<'_>, out: &mut String) {
    out.push_str("<article class=\"redline-briefing\" lang=\"");
    push_escaped(heading.language, out);
    out.push_str("\" dir=\"");
    out.push_str(heading.direction);
    out.push_str("\">\n<header>\n<h1>");
    push_escaped(heading.title, out);
    out.push_str("</h1>\n<p class=\"byline\">");
    push_escaped(&diff.id, out);
    out.push_str(": ");
    out.push_str(match diff.change {
        "added" => "a briefing added",
        "removed" => "a briefing removed",
        "same" => "no change",
        _ => "changed",
    });
    out.push_str("</p>\n");
    for field in &diff.title {
        out.push_str("<p>");
        push_escaped(field.field, out);
        out.push_str(": ");
        tagged("del", &field.before, out);
        out.push(' ');
        tagged("ins", &field.after, out);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
    for section in &diff.sections {
        out.push_str("<section>\n");
        if section.change != "changed" && section.change != "same" {
            out.push_str("<p class=\"redline-moved\">");
            push_escaped(&section.file, out);
            out.push_str(if section.change == "added" {
                ": added"
            } else {
                ": removed"
            });
            out.push_str("</p>\n");
        }
        for block in &section.blocks {
            block_into(block, out);
        }
        out.push_str("</section>\n");
    }
    if !diff.notes.is_empty() {
        out.push_str("<section>\n<h2>Notes</h2>\n<ol class=\"redline-notes\">\n");
        for note in &diff.notes {
            note_into(note, out);
        }
        out.push_str("</ol>\n</section>\n");
    }
    if !diff.assets.is_empty() {
        out.push_str("<section>\n<h2>Images and attachments</h2>\n<ul>\n");
        for asset in &diff.assets {
            out.push_str("<li>");
            push_escaped(&asset.path, out);
            out.push_str(": ");
            out.push_str(asset.change);
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</article>\n");
}

fn block_into(block: &BlockChange, out: &mut String) {
    let tag = match block.kind {
        "heading1" => "h2",
        "heading2" => "h3",
        "heading3" => "h4",
        "quote" => "blockquote",
        _ => "p",
    };
    out.push('<');
    out.push_str(tag);
    out.push_str(" class=\"redline-block\">");
    pieces(
        block.change,
        block.before.as_deref(),
        block.after.as_deref(),
        &block.words,
        out,
    );
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

fn note_into(note: &NoteChange, out: &mut String) {
    out.push_str("<li value=\"");
    out.push_str(&note.new.or(note.old).unwrap_or(0).to_string());
    out.push_str("\" class=\"redline-block\">");
    match (note.old, note.new) {
        (Some(old), Some(new)) if old != new => {
            out.push_str(&format!(
                "<span class=\"redline-moved\">(was note {old})</span> "
            ));
        }
        (Some(old), None) => {
            out.push_str(&format!(
                "<span class=\"redline-moved\">(note {old} removed)</span> "
            ));
        }
        _ => {}
    }
    pieces(
        note.change,
        note.before.as_deref(),
        note.after.as_deref(),
        &note.words,
        out,
    );
    if let Some(why) = note.cause.filter(|&c| c != "text") {
        out.push_str(" <span class=\"redline-moved\">(");
        let keys: Vec<&str> = note.sources.iter().map(|s| s.key.as_str()).collect();
        if why == "library" {
            push_escaped(
                &format!("the library entry {} changed", keys.join(", ")),
                out,
            );
        } else {
            out.push_str("printed differently after the notes before it changed");
        }
        out.push_str(")</span>");
    }
    out.push_str("</li>\n");
}

/// The text of a block or note: the same, wholly added or removed, or its
/// words marked.
fn pieces(
    change: &str,
    before: Option<&str>,
    after: Option<&str>,
    words: &[Piece],
    out: &mut String,
) {
    match change {
        "added" => tagged("ins", after.unwrap_or(""), out),
        "removed" => tagged("del", before.unwrap_or(""), out),
        "changed" => {
            for piece in words {
                match piece.kind {
                    Kind::Same => push_escaped(&piece.text, out),
                    Kind::Deleted => tagged("del", &piece.text, out),
                    Kind::Inserted => tagged("ins", &piece.text, out),
                }
            }
        }
        _ => push_escaped(after.or(before).unwrap_or(""), out),
    }
}

fn tagged(tag: &str, text: &str, out: &mut String) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    push_escaped(text, out);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}
