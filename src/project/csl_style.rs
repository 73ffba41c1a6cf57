//! `[style] csl`: finding the style a setting names (bundled with
//! hayagriva, or a `.csl` file read through the project's door), and
//! refusing, where the setting stands, one that cannot print notes.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use citationberg::{IndependentStyle, Style, StyleClass};
use hayagriva::archive::ArchivedStyle;

use super::Project;
use crate::diagnostics::{Code, Diagnostic, FileId, Span, closest};
use crate::options::{CslSetting, CslStyle};

impl Project {
    /// Finds and reads the style `setting` names, keeping it in the
    /// setting; every problem is reported at the setting or in the file.
    pub(super) fn load_csl(&mut self, setting: &mut Option<CslSetting>) -> Result<()> {
        let Some(setting) = setting else {
            return Ok(());
        };
        let style = if is_file_name(&setting.value) {
            self.csl_file(setting)?
        } else {
            self.bundled_csl(setting)
        };
        setting.loaded = style.and_then(|style| self.note_style(setting, style));
        Ok(())
    }

    fn bundled_csl(&mut self, setting: &CslSetting) -> Option<Style> {
        if let Some(archived) = ArchivedStyle::by_name(&setting.value) {
            return Some(archived.get());
        }
        let names = note_style_names();
        let mut help = match closest(&setting.value, names.iter().copied()) {
            Some(hint) => format!("did you mean \"{hint}\"? "),
            None => String::new(),
        };
        help.push_str(&format!(
            "the note styles bundled are {}; or give the path of a .csl file in the project, \
             such as \"styles/oscola.csl\"",
            names.join(", ")
        ));
        self.diagnostics.push(
            Diagnostic::new(
                Code::InvalidStyle,
                setting.span,
                format!("no CSL style is bundled as `{}`", setting.value),
            )
            .with_label("unknown style")
            .with_help(help),
        );
        None
    }

    fn csl_file(&mut self, setting: &CslSetting) -> Result<Option<Style>> {
        let path = Path::new(&setting.value);
        let inside = path.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
        if !inside {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidStyle,
                    setting.span,
                    format!("`{}` is not a path inside the project", setting.value),
                )
                .with_label("outside the project")
                .with_help(
                    "briefc reads nothing outside the project: copy the style into it (say \
                     styles/) and give its path from the project's root",
                ),
            );
            return Ok(None);
        }
        if !self.is_present(path) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidStyle,
                    setting.span,
                    format!("no file `{}` in the project", setting.value),
                )
                .with_label("no such style file")
                .with_help(
                    "give the path from the project's root (the folder of briefc.toml), \
                     such as \"styles/oscola.csl\", or the name of a bundled style",
                ),
            );
            return Ok(None);
        }
        let Some(file) = self.read(path)? else {
            return Ok(None);
        };
        let text = self.sources.text(file).to_string();
        Ok(self.parse_csl(file, &text))
    }

    /// A .csl file read as XML first, so that a mistake in it is shown at
    /// its line and column, and checked for what would exhaust the
    /// engine's stack, before the style is read.
    fn parse_csl(&mut self, file: FileId, text: &str) -> Option<Style> {
        let problem = match roxmltree::Document::parse(text) {
            Err(error) => {
                let pos = error.pos();
                let at = offset_of(text, pos.row as usize, pos.col as usize);
                Some((at, format!("the style is not well-formed XML: {error}")))
            }
            Ok(document) => super::csl_structure::problem(&document),
        };
        if let Some((at, message)) = problem {
            self.diagnostics.push(
                Diagnostic::new(Code::InvalidStyle, Span::new(file, at..at), message)
                    .with_help("correct the file, or download the style again"),
            );
            return None;
        }
        match Style::from_xml(text) {
            Ok(style) => Some(style),
            Err(error) => {
                let place = error.path.as_ref().map(ToString::to_string);
                let mut message = format!("not a CSL style briefc can read: {}", error.source);
                if let Some(place) = place.filter(|p| !p.is_empty() && p != ".") {
                    message.push_str(&format!(" (at {place})"));
                }
                self.diagnostics.push(
                    Diagnostic::new(Code::InvalidStyle, Span::file_start(file), message).with_help(
                        "check the file against the CSL 1.0.2 specification, \
                             or try it at https://validator.citationstyles.org",
                    ),
                );
                None
            }
        }
    }

    /// The style as a note style, a dependent style by its bundled
    /// parent; any other is refused at the setting.
    fn note_style(&mut self, setting: &CslSetting, style: Style) -> Option<Arc<CslStyle>> {
        let independent = match style {
            Style::Independent(style) => style,
            Style::Dependent(dependent) => {
                let parent = &dependent.parent_link.href;
                match ArchivedStyle::by_id(parent).map(ArchivedStyle::get) {
                    Some(Style::Independent(style)) => style,
                    _ => {
                        self.refuse_style(
                            setting,
                            format!("`{}` is a dependent style of {parent}", setting.value),
                            "a dependent style only renames another: put the style it names \
                             (its `independent-parent` link) in the project and name that file",
                        );
                        return None;
                    }
                }
            }
        };
        if independent.settings.class != StyleClass::Note {
            let help = format!(
                "briefc prints citations as notes: name a note style, such as {}",
                note_style_names()[..3].join(", ")
            );
            self.refuse_style(
                setting,
                format!(
                    "`{}` is an in-text style (author-date or numbered), not a note style",
                    setting.value
                ),
                &help,
            );
            return None;
        }
        let printed_variables = printed_variables(&independent);
        let notes_only = IndependentStyle {
            bibliography: None,
            ..independent.clone()
        };
        Some(Arc::new(CslStyle {
            name: setting.value.clone(),
            span: setting.span,
            style: independent,
            notes_only,
            printed_variables,
        }))
    }

    fn refuse_style(&mut self, setting: &CslSetting, message: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::InvalidStyle, setting.span, message)
                .with_label("briefc cannot print notes in this style")
                .with_help(help),
        );
    }
}

/// A setting names a file when it looks like a path.
fn is_file_name(value: &str) -> bool {
    value.ends_with(".csl") || value.contains('/') || value.contains('\\')
}

/// The names of the bundled note styles, for help texts.
fn note_style_names() -> Vec<&'static str> {
    crate::options::bundled_note_styles()
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// Every variable a style names, from its own XML.
fn printed_variables(style: &IndependentStyle) -> Vec<String> {
    let Ok(xml) = Style::Independent(style.clone()).to_xml() else {
        return Vec::new();
    };
    let Ok(document) = roxmltree::Document::parse(&xml) else {
        return Vec::new();
    };
    let mut variables: Vec<String> = document
        .descendants()
        .filter_map(|n| n.attribute("variable"))
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect();
    variables.sort_unstable();
    variables.dedup();
    variables
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_characters() {
        assert_eq!(offset_of("ab\nдвa", 2, 3), 3 + 4);
    }

    #[test]
    fn chicago_notes_is_a_bundled_note_style() {
        assert!(note_style_names().contains(&"chicago-notes"));
        assert!(!note_style_names().contains(&"apa"));
    }
}
