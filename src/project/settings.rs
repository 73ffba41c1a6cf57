//! `briefc.toml`: project-wide settings, all optional.

use std::path::PathBuf;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, LintLevel, closest};
use crate::locale::LocaleOverride;
use crate::model::DateStyle;
use crate::options::{Formats, MAX_TEMPLATE_TIMEOUT, PdfSettings, TemplateLimits, read_formats};
use crate::toml_fields::{self, Fields};

pub const DEFAULT_WIDTH: usize = 72;
pub const MAX_WIDTH: i64 = 1000;

#[derive(Debug, Clone)]
pub struct Settings {
    /// Output directory, relative to the root unless absolute.
    pub output: PathBuf,
    pub allow_raw_html: bool,
    pub text_width: usize,
    pub date_style: DateStyle,
    /// `[style] et_al`: from this many authors on, a citation names the
    /// first and "et al." (0: never).
    pub et_al: usize,
    pub ibid: bool,
    /// `[style] csl`: every briefing's notes in this CSL style.
    pub csl: Option<crate::options::CslSetting>,
    /// `[style] bibliography`.
    pub bibliography: bool,
    pub lints: Vec<(Code, LintLevel)>,
    /// `[templates]`: what a project's own template may take.
    pub templates: TemplateLimits,
    /// `formats`: the editions to write.
    pub formats: Option<Formats>,
    /// `[pdf]`.
    pub pdf: PdfSettings,
    /// `[pdf] logo` and `colour`.
    pub cover: crate::options::Cover,
    /// `[locales.<language>]`: the project's changes to locales, and its
    /// own languages.
    pub locales: Vec<LocaleOverride>,
    /// `publish_hidden`: files under a hidden folder, or hidden themselves,
    /// that the briefings may publish all the same (by path from the
    /// root; a folder names everything below it).
    pub publish_hidden: Vec<PathBuf>,
    /// `[links]`: how `check --links` fetches pages.
    pub links: super::link_settings::LinkSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            output: PathBuf::from("dist"),
            allow_raw_html: false,
            text_width: DEFAULT_WIDTH,
            date_style: DateStyle::Mdy,
            et_al: crate::options::ET_AL_FROM,
            ibid: true,
            csl: None,
            bibliography: false,
            lints: Vec::new(),
            templates: TemplateLimits::default(),
            formats: None,
            pdf: PdfSettings::default(),
            cover: crate::options::Cover::default(),
            locales: Vec::new(),
            publish_hidden: Vec::new(),
            links: super::link_settings::LinkSettings::default(),
        }
    }
}

impl Settings {
    pub fn lint_level(&self, code: Code) -> Option<LintLevel> {
        self.lints
            .iter()
            .rev()
            .find(|(c, _)| *c == code)
            .map(|&(_, level)| level)
    }

    /// Reads `briefc.toml`. Problems are reported and the defaults kept for
    /// the keys in question.
    pub fn parse(text: &str, file: FileId, diagnostics: &mut Diagnostics) -> Settings {
        let mut settings = Settings::default();
        let Some(table) = toml_fields::parse(text, file, Code::InvalidMetadata, diagnostics) else {
            return settings;
        };
        let top = Fields::new(&table, file, "briefc.toml");
        top.deny_unknown(
            &[
                "output",
                "allow_raw_html",
                "text",
                "style",
                "lints",
                "templates",
                "formats",
                "pdf",
                "locales",
                "links",
                "publish_hidden",
            ],
            diagnostics,
        );
        if let Some((output, span)) = top.string("output", diagnostics) {
            match output_problem(&output) {
                Some((message, help)) => diagnostics
                    .push(Diagnostic::new(Code::InvalidMetadata, span, message).with_help(help)),
                None => settings.output = PathBuf::from(output),
            }
        }
        if let Some(paths) = top.string_list("publish_hidden", diagnostics) {
            settings.publish_hidden = paths.into_iter().map(|(p, _)| PathBuf::from(p)).collect();
        }
        if let Some(allow) = top.bool("allow_raw_html", diagnostics) {
            settings.allow_raw_html = allow;
        }
        if let Some(width) = text_width(&top, diagnostics) {
            settings.text_width = width;
        }
        settings.formats = top
            .string_list("formats", diagnostics)
            .map(|names| read_formats(&names, "briefc.toml", diagnostics));
        if let Some(templates) = top.table("templates", diagnostics) {
            templates.deny_unknown(&["timeout"], diagnostics);
            if let Some(seconds) =
                templates.integer("timeout", 1..=MAX_TEMPLATE_TIMEOUT, diagnostics)
            {
                settings.templates.timeout = std::time::Duration::from_secs(seconds as u64);
            }
        }
        if let Some(style) = top.table("style", diagnostics) {
            style.deny_unknown(
                &["dates", "ibid", "et_al", "csl", "bibliography"],
                diagnostics,
            );
            settings.csl = csl_setting(&style, diagnostics);
            if let Some(bibliography) = style.bool("bibliography", diagnostics) {
                settings.bibliography = bibliography;
            }
            if let Some(from) = style.integer("et_al", 0..=100, diagnostics) {
                settings.et_al = from as usize;
            }
            if let Some((index, _)) = style.choice("dates", &["mdy", "dmy"], diagnostics) {
                settings.date_style = [DateStyle::Mdy, DateStyle::Dmy][index];
            }
            if let Some(ibid) = style.bool("ibid", diagnostics) {
                settings.ibid = ibid;
            }
        }
        if let Some(pdf) = top.table("pdf", diagnostics) {
            settings.pdf = PdfSettings::parse(&pdf, diagnostics);
            settings.cover = super::pdf_settings::cover(&pdf, diagnostics);
        }
        if let Some(locales) = top.table("locales", diagnostics) {
            settings.locales = super::locale_settings::parse(&locales, diagnostics);
        }
        if let Some(links) = top.table("links", diagnostics) {
            settings.links = super::link_settings::LinkSettings::parse(&links, diagnostics);
        }
        if let Some(lints) = top.table("lints", diagnostics) {
            settings.lints = read_lints(&lints, diagnostics);
        }
        settings
    }
}

/// `csl = "..."` of a `[style]` table, read as it is written; the style
/// is found and read while loading.
pub(super) fn csl_setting(
    style: &Fields<'_, '_>,
    diagnostics: &mut Diagnostics,
) -> Option<crate::options::CslSetting> {
    let (value, span) = style.string("csl", diagnostics)?;
    if value.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::InvalidMetadata, span, "`csl` is empty").with_help(
                "name a bundled note style (\"chicago-notes\") or a .csl file of the project \
                 (\"styles/oscola.csl\"), or remove the line for the house style",
            ),
        );
        return None;
    }
    Some(crate::options::CslSetting {
        value,
        span,
        loaded: None,
    })
}

fn read_lints(lints: &Fields<'_, '_>, diagnostics: &mut Diagnostics) -> Vec<(Code, LintLevel)> {
    let names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    let mut levels = Vec::new();
    for (key, _) in lints.table.iter() {
        let name: &str = key.get_ref();
        let key_span = crate::diagnostics::Span::new(lints.file, key.span());
        let Some(code) = Code::from_name(name) else {
            let mut diagnostic = Diagnostic::new(
                Code::InvalidMetadata,
                key_span,
                format!("unknown diagnostic `{name}` in [lints]"),
            )
            .with_label("no diagnostic has this name");
            if let Some(hint) = closest(name, names.iter().copied()) {
                diagnostic = diagnostic.with_help(format!("did you mean `{hint}`?"));
            }
            diagnostics.push(diagnostic);
            continue;
        };
        let Some((index, span)) = lints.choice(name, &["allow", "warn", "deny"], diagnostics)
        else {
            continue;
        };
        let level = [LintLevel::Allow, LintLevel::Warn, LintLevel::Deny][index];
        if code.is_fatal() && level != LintLevel::Deny {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidMetadata,
                    span,
                    format!("`{name}` is always an error and cannot be lowered"),
                )
                .with_help(
                    "remove this line: briefc cannot build correct output past this problem",
                ),
            );
            continue;
        }
        levels.push((code, level));
    }
    levels
}

/// What is wrong with `output` as briefc.toml gives it, and how to fix
/// it. A file of the project names a folder inside the project only: a
/// pull request must not be able to send a build elsewhere on the machine
/// that runs it; `--out` on the command line may name any folder.
fn output_problem(output: &str) -> Option<(String, &'static str)> {
    let path = std::path::Path::new(output);
    if output.trim().is_empty() {
        return Some((
            "`output` in briefc.toml is empty".to_string(),
            "name a directory, such as output = \"dist\"",
        ));
    }
    let leaves = path.has_root()
        || path.is_absolute()
        || path.components().any(|c| {
            matches!(
                c,
                std::path::Component::ParentDir | std::path::Component::Prefix(_)
            )
        });
    leaves.then(|| {
        (
            format!("`output` in briefc.toml leads out of the project: `{output}`"),
            "name a folder inside the project, such as output = \"dist\"; to build elsewhere, \
             pass --out on the command line",
        )
    })
}

/// `[text] width`, read alike from `briefc.toml` and `briefing.toml`.
pub fn text_width(top: &Fields<'_, '_>, diagnostics: &mut Diagnostics) -> Option<usize> {
    let text = top.table("text", diagnostics)?;
    text.deny_unknown(&["width"], diagnostics);
    text.integer("width", 0..=MAX_WIDTH, diagnostics)
        .map(|w| w as usize)
}
