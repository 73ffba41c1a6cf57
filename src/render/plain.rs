//! The plain-text edition: `dist/<id>/<id>.txt`, the body and notes
//! written by [`TextRenderer`] at the briefing's width and framed by
//! `briefing.txt.tera`, then tidied.

use std::path::PathBuf;

use tera::Context;

use super::context::{self, MetaContext};
use super::frame::{self, Part};
use super::text::TextRenderer;
use super::{Backend, Finding, Input, TemplateError};
use crate::model::Placement;
use crate::options::Format;

pub struct PlainText;

impl Backend for PlainText {
    fn format(&self) -> Format {
        Format::Text
    }

    fn label(&self) -> &'static str {
        "plain text"
    }

    fn path(&self, id: &str) -> PathBuf {
        PathBuf::from(id).join(format!("{id}.txt"))
    }

    fn render(&self, input: &Input<'_>, _: &mut Vec<Finding>) -> Result<Vec<u8>, TemplateError> {
        let mut text = tidy_text(untidy(input)?);
        if input.options.locale.rtl() {
            text = right_to_left(&text);
        }
        crate::timings::stage("render: text");
        Ok(text.into_bytes())
    }
}

/// A right-to-left text (Arabic) with a RIGHT-TO-LEFT MARK (U+200F, of no
/// width) opening each line, so a viewer that sets each line's direction
/// from its first strong character (most do) reads every line right to
/// left, even one that starts with a note's number or a Latin name.
fn right_to_left(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            out.push('\u{200F}');
        }
        out.push_str(line);
    }
    out
}

/// The text as the template writes it, before [`tidy_text`].
fn untidy(input: &Input<'_>) -> Result<String, TemplateError> {
    let (context, has_notes, write) = frame_inputs(input);
    frame::render_framed(
        input.templates,
        "briefing.txt.tera",
        context,
        has_notes,
        write,
    )
}

/// The text template's context, whether there are notes at the end, and
/// what writes the body and the notes.
pub(super) fn frame_inputs<'a>(
    input: &Input<'a>,
) -> (Context, bool, impl FnMut(Part, String) -> String + 'a) {
    let doc = input.doc;
    let options = input.options;
    let per_section = options.placement == Placement::Section;
    let text = TextRenderer::new(options);
    let meta = MetaContext::new(input).wrapped(options.width);
    let mut context = context::base(input, meta);
    context.insert("summary", &text.standalone(&doc.summary));
    let end_notes = !per_section && !doc.notes.is_empty();
    // The list of sources follows the notes, in the notes' place.
    let has_notes = end_notes || doc.bibliography.is_some();
    let write = move |part: Part, out: String| match part {
        Part::Body => text.body_after(doc, per_section, out),
        Part::Notes => {
            let out = if end_notes {
                text.notes_after(&doc.notes, '=', out)
            } else {
                out
            };
            match &doc.bibliography {
                Some(bibliography) => text.bibliography_after(bibliography, out),
                None => out,
            }
        }
    };
    (context, has_notes, write)
}

/// House style for every text file, whatever a template does: no
/// trailing spaces, exactly one newline at the end. Text that is tidy
/// already (what the built-in template gives) is returned as it is.
fn tidy_text(text: String) -> String {
    if is_tidy(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.trim_start_matches('\n').lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let trimmed = out.trim_end_matches('\n').len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// Whether [`tidy_text`] would change nothing: no blank line at the start
/// or end, one newline at the end, and no whitespace (nor `\r`) before
/// any newline but another newline.
fn is_tidy(text: &str) -> bool {
    text.ends_with('\n')
        && !text.starts_with('\n')
        && !text.ends_with("\n\n")
        && memchr::memchr_iter(b'\n', text.as_bytes())
            .all(|at| !text[..at].ends_with(|c: char| c.is_whitespace() && c != '\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_text_trims_line_ends_and_blank_lines_at_either_end() {
        for (text, tidy) in [
            ("a\nb\n", "a\nb\n"),
            ("\n\na  \nb\t\n\n\n", "a\nb\n"),
            ("a\r\nb", "a\nb\n"),
            ("a\u{3000}\n", "a\n"),
            ("", "\n"),
            ("\n", "\n"),
            ("a\n\nb\n", "a\n\nb\n"),
        ] {
            assert_eq!(tidy_text(text.to_string()), tidy, "{text:?}");
            // Tidy text is never changed; the quick check may only err on
            // the side of tidying again.
            assert!(!is_tidy(text) || text == tidy, "{text:?}");
        }
        assert!(is_tidy("a\n\n  b\n") && !is_tidy("a \nb\n") && !is_tidy("a\n\n"));
    }

    #[test]
    fn each_line_of_a_right_to_left_text_opens_with_the_mark() {
        assert_eq!(
            right_to_left("الهوامش\n\n[1] Human Rights Watch\n"),
            "\u{200F}الهوامش\n\n\u{200F}[1] Human Rights Watch\n"
        );
    }

    /// The built-in template writes tidy text, so a build never copies the
    /// text once more to tidy it.
    #[test]
    fn the_built_in_text_template_needs_no_tidying() {
        use crate::analysis::{AnalyzeOptions, Scope, analyze};
        for fixture in [
            "",
            "tests/fixtures/citations-worked-example",
            "tests/fixtures/section-placement",
        ] {
            let scope = Scope {
                root: Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture)),
                ..Scope::default()
            };
            let analysis = analyze(&scope, AnalyzeOptions::default()).unwrap();
            let templates = analysis.templates.as_ref().unwrap();
            for briefing in &analysis.briefings {
                let input = super::super::Input::of(briefing, templates, &analysis.project.files);
                let text = untidy(&input).ok().unwrap();
                assert!(is_tidy(&text), "{fixture} {}:\n{text}", briefing.id());
            }
        }
    }
}
