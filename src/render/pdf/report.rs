//! What a typesetting found, as briefc diagnostics: Typst's errors and
//! warnings at the line and column of a project's own template file when
//! they lie in one (with Typst's hints for its own command line left
//! out), the notes off their markers' pages, the characters without a
//! glyph, the images and fonts Typst could not read.

use super::job::{OffPage, Outcome, Reported, Spot};
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::Document;
use crate::render::{Finding, Input, Place, TemplateError};

pub struct Reporter<'a> {
    input: &'a Input<'a>,
}

impl<'a> Reporter<'a> {
    pub fn new(input: &'a Input<'a>) -> Self {
        Reporter { input }
    }

    /// The project file and byte range of a spot, when it lies in one of
    /// the project's templates.
    fn project_span(&self, spot: &Spot) -> Option<Span> {
        let file = self
            .input
            .templates
            .typst_files()
            .iter()
            .find(|t| t.name == spot.path)?
            .file?;
        Some(Span::new(file, spot.range.clone()))
    }

    /// Where a Typst diagnostic is best shown: its own span, else the
    /// innermost call in a project template that led to it.
    fn place(&self, diagnostic: &Reported) -> Option<Span> {
        diagnostic
            .spot
            .iter()
            .chain(&diagnostic.trace)
            .find_map(|spot| self.project_span(spot))
    }

    fn help(diagnostic: &Reported) -> Option<String> {
        let hints: Vec<&str> = diagnostic
            .hints
            .iter()
            .map(String::as_str)
            .filter(|hint| !mentions_typst_cli(hint))
            .collect();
        let mut help = hints.join("; ");
        if diagnostic.message.contains("access denied")
            || diagnostic.message.contains("failed to load")
        {
            if !help.is_empty() {
                help.push_str("; ");
            }
            help.push_str(
                "the PDF template may read /document.json, /settings.json and the .typ files \
                 of templates/, nothing else: briefc refuses every other file, package and path",
            );
        }
        (!help.is_empty()).then_some(help)
    }

    /// A Typst error that stopped the typesetting: at the project's
    /// template where it lies in one, else at `briefing.toml` (the
    /// limits of [`super::limits`] catch what the built-in template is
    /// known to refuse; anything else is said as Typst says it).
    pub fn error(&self, errors: &[Reported]) -> TemplateError {
        let Some(first) = errors.iter().find(|e| e.error).or(errors.first()) else {
            return TemplateError::Internal("Typst stopped without saying why".to_string());
        };
        let mut diagnostic = match self.place(first) {
            Some(span) => Diagnostic::new(
                Code::TemplateError,
                span,
                format!("template error: {}", first.message),
            ),
            None => Diagnostic::new(
                Code::TemplateError,
                Span::file_start(self.input.metadata_file),
                format!(
                    "the PDF of `{}` could not be typeset: {}",
                    self.input.id(),
                    first.message
                ),
            )
            .with_label("the PDF is left out"),
        };
        let help = Self::help(first).or_else(|| {
            self.place(first).is_none().then(|| {
                "the other editions are written; if the briefing's text is not to blame, please \
                 report this with the briefing"
                    .to_string()
            })
        });
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        TemplateError::Diagnostic(Box::new(diagnostic))
    }

    /// A Typst warning, at the template when it is the project's, else at
    /// `briefing.toml`.
    pub fn warning(&self, warning: &Reported) -> Finding {
        let span = self
            .place(warning)
            .unwrap_or_else(|| Span::file_start(self.input.metadata_file));
        let mut diagnostic = Diagnostic::new(
            Code::PdfWarning,
            span,
            format!("while typesetting the PDF: {}", warning.message),
        );
        if let Some(help) = Self::help(warning) {
            diagnostic = diagnostic.with_help(help);
        }
        Finding {
            diagnostic,
            place: None,
        }
    }

    /// A refusal of the PDF standard that `[pdf] standard` asks for, as an
    /// error at the part of the briefing that causes it where briefc can
    /// tell: a skipped heading level, or the text a font cannot show.
    pub fn standard_error(&self, errors: &[Reported], standard: &str) -> Finding {
        let message = errors.first().map_or_else(
            || "the PDF could not be written".to_string(),
            |e| e.message.to_string(),
        );
        // Typst starts each message with the standard's name.
        let message = message
            .strip_prefix(&format!("{standard} error: "))
            .unwrap_or(&message)
            .to_string();
        let span = message
            .contains("heading")
            .then(|| skipped_heading(self.input.doc))
            .flatten()
            .or_else(|| errors.first().and_then(|e| self.place(e)))
            .unwrap_or_else(|| Span::file_start(self.input.metadata_file));
        // The place of an image without a description is known only to
        // whoever has the briefing's spans; the text a message quotes,
        // only to whoever has its files.
        let place = if message.contains("alt text") {
            Some(Place::UndescribedImage)
        } else {
            quoted_text(&message).map(Place::Text)
        };
        let help = if message.contains("alt text") {
            Some(
                "say what each image shows between its brackets: ![Map of the region](map.png)"
                    .to_string(),
            )
        } else {
            errors.first().and_then(Self::help)
        };
        let help = help.unwrap_or_else(|| {
            format!("fix what {standard} requires, or remove `standard` from [pdf] in briefc.toml")
        });
        Finding {
            place,
            diagnostic: Diagnostic::new(
                Code::PdfStandard,
                span,
                format!("the PDF does not meet {standard}: {message}"),
            )
            .with_help(help),
        }
    }
}

/// The text a message quotes as `` `"中"` ``, if any.
fn quoted_text(message: &str) -> Option<String> {
    let start = message.find("`\"")? + 2;
    let end = start + message[start..].find("\"`")?;
    (end > start).then(|| message[start..end].to_string())
}

/// Typst's hints about its own command line mean nothing to a briefc user.
fn mentions_typst_cli(hint: &str) -> bool {
    hint.contains("--root") || hint.contains("--font-path") || hint.contains("typst ")
}

/// The first heading that skips a level (a level-3 heading under a
/// level-1 one), which PDF/UA refuses.
fn skipped_heading(doc: &Document) -> Option<Span> {
    use crate::model::Block;
    let mut previous = 0u8;
    for block in doc
        .summary
        .iter()
        .chain(doc.sections.iter().flat_map(|s| s.blocks.iter()))
    {
        if let Block::Heading { level, span, .. } = block {
            if *level > previous + 1 {
                return Some(*span);
            }
            previous = *level;
        }
    }
    None
}

/// The findings of a typesetting's outcome, and the PDF when one was
/// written (empty when an error leaves it out).
pub fn outcome(
    input: &Input<'_>,
    outcome: Outcome,
    findings: &mut Vec<Finding>,
) -> Result<Vec<u8>, TemplateError> {
    let reporter = Reporter::new(input);
    for (path, why) in &outcome.unreadable_fonts {
        let fonts = &input.templates.pdf_inputs().fonts;
        if let Some((_, file)) = fonts
            .iter()
            .find(|(p, _)| crate::fsx::slash_path(p) == *path)
        {
            findings.push(super::prepare::unreadable_font(
                Span::file_start(*file),
                path,
                why,
            ));
        }
    }
    for (path, problem) in &outcome.undecodable {
        let index = input
            .doc
            .assets
            .iter()
            .position(|a| path.strip_prefix("/assets/") == Some(a.path.as_str()));
        let source = index.map_or(path.as_str(), |i| input.doc.assets[i].source.as_str());
        findings.push(Finding {
            diagnostic: Diagnostic::new(
                Code::InvalidImage,
                Span::file_start(input.metadata_file),
                format!("the image `{source}` {problem}"),
            )
            .with_label("cannot be placed in the PDF")
            .with_help("open the file in an image editor and save it again as PNG, JPEG or SVG"),
            place: index.map(Place::Asset),
        });
    }
    if !outcome.errors.is_empty() {
        return Err(reporter.error(&outcome.errors));
    }
    findings.extend(outcome.warnings.iter().map(|w| reporter.warning(w)));
    findings.extend(outcome.off_page.iter().map(|o| off_page(input, o)));
    if let Some(finding) = missing_glyphs(input, &outcome) {
        findings.push(finding);
    }
    if !outcome.refused.is_empty() {
        let name = match input.options.pdf.standard {
            Some(crate::options::PdfStandard::Ua1) => "PDF/UA-1",
            Some(crate::options::PdfStandard::A2b) => "PDF/A-2b",
            None => "",
        };
        // An error among the findings leaves the PDF out.
        findings.push(reporter.standard_error(&outcome.refused, name));
    }
    Ok(outcome.pdf.unwrap_or_default())
}

/// The warning for a note left on another page.
fn off_page(input: &Input<'_>, off: &OffPage) -> Finding {
    let OffPage {
        number,
        note_page,
        marker_page,
    } = *off;
    Finding {
        diagnostic: Diagnostic::new(
            Code::NoteOffPage,
            Span::file_start(input.metadata_file),
            format!(
                "in the PDF, note {number} is printed on page {note_page} but its marker is on page {marker_page}"
            ),
        )
        .with_label("this marker")
        .with_help(
            "a little more or less text near the marker, or a shorter note, lets it fit; \
             `[pdf] notes = \"end\"` prints the notes after the text instead",
        ),
        place: Some(Place::Note(number)),
    }
}

/// How many missing characters one warning names.
const NAMED: usize = 8;

/// The characters printed without a glyph, in one warning at the first
/// place the briefing's files contain the first of them: a text in a
/// script no font covers would otherwise give a warning per character.
fn missing_glyphs(input: &Input<'_>, outcome: &Outcome) -> Option<Finding> {
    let missing = &outcome.missing;
    let first = missing.first()?.character;
    let named: Vec<String> = missing
        .iter()
        .take(NAMED)
        .map(|m| {
            format!(
                "{} (U+{:04X}, page {}, {})",
                m.character, m.character as u32, m.page, m.font
            )
        })
        .collect();
    let more = match missing.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let message = if missing.len() == 1 {
        format!(
            "no font of the PDF has the character {}: it shows as an empty box",
            named[0]
        )
    } else {
        format!(
            "no font of the PDF has these {} characters, which show as empty boxes: {}{more}",
            missing.len(),
            named.join(", ")
        )
    };
    Some(Finding {
        diagnostic: Diagnostic::new(
            Code::MissingGlyph,
            Span::file_start(input.metadata_file),
            message,
        )
        .with_label("the first of them")
        .with_help(
            "add a font that has them to the project's fonts/ directory (for Chinese, Japanese \
             or Korean, a Noto Sans CJK or Noto Serif CJK font; for Arabic, Noto Naskh Arabic), \
             or set `system_fonts = true` in [pdf] to use the machine's fonts",
        ),
        place: Some(Place::Text(first.to_string())),
    })
}

/// A typesetting that gave no outcome: past the deadline or the memory
/// limit, or failed.
pub fn stopped(input: &Input<'_>, stopped: super::child::Stopped) -> Finding {
    use super::child::Stopped;
    let seconds = input.options.pdf.timeout;
    let (message, help) = match stopped {
        Stopped::Timeout => (
            format!(
                "typesetting the PDF of `{}` took longer than {seconds} second{}",
                input.id(),
                if seconds == 1 { "" } else { "s" }
            ),
            format!(
                "raise `timeout` in [pdf] of briefc.toml (at most {}) for a very long briefing, \
                 or build without the PDF (--format html,text)",
                crate::options::MAX_PDF_TIMEOUT
            ),
        ),
        Stopped::Memory => (
            format!(
                "typesetting the PDF of `{}` needed more than the {} GiB of memory it may take",
                input.id(),
                super::limits::MEMORY >> 30
            ),
            "a project template that builds ever larger values, or a briefing far longer than \
             most, needs this; build without the PDF (--format html,text) to see the rest"
                .to_string(),
        ),
        Stopped::Failed(said) => (
            format!(
                "typesetting the PDF of `{}` failed: {}",
                input.id(),
                what_it_said(&said)
            ),
            "the other editions are written; please report this with the briefing".to_string(),
        ),
    };
    super::limits::passed(Span::file_start(input.metadata_file), None, message, &help)
}

/// The line of a failed typesetting's standard error that says what
/// went wrong: a panic's message, else the last line.
fn what_it_said(said: &str) -> &str {
    let lines: Vec<&str> = said.lines().filter(|l| !l.trim().is_empty()).collect();
    if let Some(at) = lines.iter().position(|l| l.contains("panicked at"))
        && let Some(message) = lines.get(at + 1)
    {
        return message;
    }
    lines
        .iter()
        .rev()
        .find(|l| !l.starts_with("note:"))
        .copied()
        .unwrap_or("it said nothing")
}
