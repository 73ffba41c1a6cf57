//! Putting the rendered body and notes into the page or text template.
//!
//! The body and notes are most of a briefing: megabytes for a long one.
//! Handed to Tera as context values they would be copied three times (into
//! the context, into Tera's buffer, into its output) and each copy would
//! take fresh memory. The built-in templates only print them, unchanged,
//! once each, so for those the frame is rendered with short stand-ins and
//! the body and notes are written in their place, straight into the page. A template from the
//! project may do anything with them and always gets them whole; so does
//! a built-in one if the stand-ins do not come back exactly once each.

use tera::Context;

use super::templates::{TemplateError, Templates};

/// Stand-ins: private-use characters around a name, which no text of the
/// frame will hold (if one did, it would not be found exactly once).
const BODY: &str = "\u{E000}briefc:body\u{E000}";
const NOTES: &str = "\u{E000}briefc:notes\u{E000}";

/// The two parts a framed template prints.
pub enum Part {
    Body,
    Notes,
}

/// Renders template `name` with `context` plus the body and the notes,
/// which `write` appends to the buffer it is given and hands back: with a
/// built-in template straight into the page, once, so a long briefing's
/// page is never copied from one buffer into another. `has_notes` says
/// whether there are notes to write; when there are none, the template
/// gets an empty string, so `{% if notes %}` works.
pub fn render_framed(
    templates: &Templates,
    name: &str,
    mut context: Context,
    has_notes: bool,
    mut write: impl FnMut(Part, String) -> String,
) -> Result<String, TemplateError> {
    if templates.is_builtin(name) {
        context.insert("body", BODY);
        context.insert("notes", if has_notes { NOTES } else { "" });
        let frame = templates.render(name, &context)?;
        if let Some([before, middle, end]) = frame_parts(&frame, has_notes) {
            let mut out = String::with_capacity(frame.len() + 64 * 1024);
            out.push_str(before);
            out = write(Part::Body, out);
            out.push_str(middle);
            if has_notes {
                out = write(Part::Notes, out);
            }
            out.push_str(end);
            return Ok(out);
        }
    }
    let body = write(Part::Body, String::new());
    let notes = if has_notes {
        write(Part::Notes, String::new())
    } else {
        String::new()
    };
    render_whole(templates, name, context, &body, &notes)
}

/// The general way: the body and notes as context values.
fn render_whole(
    templates: &Templates,
    name: &str,
    mut context: Context,
    body: &str,
    notes: &str,
) -> Result<String, TemplateError> {
    context.insert("body", body);
    context.insert("notes", notes);
    templates.render(name, &context)
}

/// The frame's text before the body's stand-in, between it and the
/// notes', and after that; `None` unless the body's stand-in occurs
/// exactly once and the notes' once (or, without notes, never), after the
/// body's.
fn frame_parts(frame: &str, has_notes: bool) -> Option<[&str; 3]> {
    let (before, after) = frame.split_once(BODY)?;
    let (middle, end) = if has_notes {
        after.split_once(NOTES)?
    } else {
        (after, "")
    };
    if [before, middle, end]
        .iter()
        .any(|part| part.contains(BODY) || part.contains(NOTES))
    {
        return None;
    }
    Some([before, middle, end])
}

#[cfg(test)]
mod tests {
    use super::*;

    type FrameInputs<'a> = (Context, bool, Box<dyn FnMut(Part, String) -> String + 'a>);

    #[test]
    fn finds_each_stand_in_once_or_gives_up() {
        let frame = format!("<main>{BODY}{NOTES}</main>");
        assert_eq!(frame_parts(&frame, true), Some(["<main>", "", "</main>"]));
        assert_eq!(
            frame_parts(&format!("<main>{BODY}</main>"), false),
            Some(["<main>", "</main>", ""])
        );
        assert_eq!(frame_parts(&format!("{BODY}{BODY}{NOTES}"), true), None);
        assert_eq!(frame_parts(&format!("{NOTES}{BODY}"), true), None);
        assert_eq!(frame_parts(&format!("{BODY}{NOTES}"), false), None);
        assert_eq!(frame_parts("no stand-ins", true), None);
    }

    /// For every fixture, the spliced page and text equal what Tera
    /// writes with the body and notes as context values.
    #[test]
    fn splicing_gives_the_bytes_tera_would() {
        use crate::analysis::{AnalyzeOptions, Scope, analyze};
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut roots: Vec<_> = std::fs::read_dir(&fixtures)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        roots.push(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let mut compared = 0;
        for root in roots {
            let scope = Scope {
                root: Some(root.clone()),
                drafts: true,
                ..Scope::default()
            };
            let Ok(analysis) = analyze(&scope, AnalyzeOptions::default()) else {
                continue;
            };
            let Some(templates) = analysis.templates.as_ref() else {
                continue;
            };
            for briefing in &analysis.briefings {
                let input = super::super::Input::of(briefing, templates, &analysis.project.files);
                let page = super::super::page::frame_inputs(&input);
                let text = super::super::plain::frame_inputs(&input);
                let inputs: [(&str, FrameInputs<'_>); 2] = [
                    ("briefing.html.tera", (page.0, page.1, Box::new(page.2))),
                    ("briefing.txt.tera", (text.0, text.1, Box::new(text.2))),
                ];
                for (name, (context, has_notes, mut write)) in inputs {
                    let body = write(Part::Body, String::new());
                    let notes = if has_notes {
                        write(Part::Notes, String::new())
                    } else {
                        String::new()
                    };
                    let whole = render_whole(templates, name, context.clone(), &body, &notes);
                    let framed = render_framed(templates, name, context, has_notes, write);
                    if let (Ok(whole), Ok(framed)) = (whole, framed) {
                        assert_eq!(framed, whole, "{} {name}", root.display());
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared >= 20, "{compared} pages compared");
    }
}
