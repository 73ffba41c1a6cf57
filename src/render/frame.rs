//! Putting the rendered body and notes into the page or text template.
//!
//! The body and notes are most of a briefing: megabytes for a long one.
//! Handed to Tera as context values they would be copied three times (into
//! the context, into Tera's buffer, into its output) and each copy would
//! take fresh memory. The built-in templates only print them, unchanged,
//! once each, so for those the frame is rendered with short stand-ins and
//! the body and notes are put in their place, once. A template from the
//! project may do anything with them and always gets them whole; so does
//! a built-in one if the stand-ins do not come back exactly once each.

use tera::Context;

use super::templates::{TemplateError, Templates};

/// Stand-ins: private-use characters around a name, which no text of the
/// frame will hold (if one did, it would not be found exactly once).
const BODY: &str = "\u{E000}briefc:body\u{E000}";
const NOTES: &str = "\u{E000}briefc:notes\u{E000}";

/// Renders template `name` with `context` plus `body` and `notes`.
/// Empty notes are given as an empty string, so `{% if notes %}` works.
pub fn render_framed(
    templates: &Templates,
    name: &str,
    mut context: Context,
    body: String,
    notes: String,
) -> Result<String, TemplateError> {
    if templates.is_builtin(name) {
        context.insert("body", BODY);
        context.insert("notes", if notes.is_empty() { "" } else { NOTES });
        let frame = templates.render(name, &context)?;
        if let Some(spliced) = splice(&frame, &body, &notes) {
            return Ok(spliced);
        }
    }
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

/// The frame with the stand-ins replaced; `None` unless the body's
/// stand-in occurs exactly once and the notes' once (or, for no notes,
/// never), after the body's.
fn splice(frame: &str, body: &str, notes: &str) -> Option<String> {
    let (before, after) = frame.split_once(BODY)?;
    let (middle, end) = if notes.is_empty() {
        (after, "")
    } else {
        after.split_once(NOTES)?
    };
    if [before, middle, end]
        .iter()
        .any(|part| part.contains(BODY) || part.contains(NOTES))
    {
        return None;
    }
    let mut out = String::with_capacity(frame.len() + body.len() + notes.len());
    for part in [before, body, middle, notes, end] {
        out.push_str(part);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_each_stand_in_once_or_gives_up() {
        let frame = format!("<main>{BODY}{NOTES}</main>");
        assert_eq!(
            splice(&frame, "<p>a</p>", "<ol></ol>").as_deref(),
            Some("<main><p>a</p><ol></ol></main>")
        );
        assert_eq!(
            splice(&format!("<main>{BODY}</main>"), "b", "").as_deref(),
            Some("<main>b</main>")
        );
        assert_eq!(splice(&format!("{BODY}{BODY}{NOTES}"), "b", "n"), None);
        assert_eq!(splice(&format!("{NOTES}{BODY}"), "b", "n"), None);
        assert_eq!(splice("no stand-ins", "b", "n"), None);
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
                let framed_parts = [
                    ("briefing.html.tera", super::super::page::parts(briefing)),
                    ("briefing.txt.tera", super::super::plain::parts(briefing)),
                ];
                for (name, parts) in framed_parts {
                    let (context, body, notes) = parts;
                    let whole = render_whole(templates, name, context.clone(), &body, &notes);
                    let framed = render_framed(templates, name, context, body, notes);
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
