//! The HTML edition: `dist/<id>/index.html`, the body and notes written by
//! [`HtmlRenderer`] and framed by `briefing.html.tera`.

use std::path::PathBuf;

use tera::Context;

use super::context::{self, MetaContext};
use super::frame::{self, Part};
use super::html::HtmlRenderer;
use super::{Backend, Finding, Input, TemplateError};
use crate::model::Placement;
use crate::options::Format;

pub struct Page;

impl Backend for Page {
    fn format(&self) -> Format {
        Format::Html
    }

    fn label(&self) -> &'static str {
        "page"
    }

    fn path(&self, id: &str) -> PathBuf {
        PathBuf::from(id).join("index.html")
    }

    fn render(&self, input: &Input<'_>, _: &mut Vec<Finding>) -> Result<Vec<u8>, TemplateError> {
        let (context, has_notes, write) = frame_inputs(input);
        let page = frame::render_framed(
            input.templates,
            "briefing.html.tera",
            context,
            has_notes,
            write,
        );
        crate::timings::stage("render: page");
        page.map(String::into_bytes)
    }
}

/// The page's body and notes as HTML: what takes the time, and needs
/// nothing of the other editions, so it is written beside them.
pub(super) struct Written {
    body: String,
    notes: String,
}

pub(super) fn write_parts(input: &Input<'_>) -> Written {
    let doc = input.doc;
    let per_section = input.options.placement == Placement::Section;
    let html = HtmlRenderer::new(input.options, &doc.assets);
    let mut body = String::new();
    html.body_into(doc, per_section, &mut body);
    let mut notes = String::new();
    end_matter(&html, doc, per_section, &mut notes);
    Written { body, notes }
}

/// The page framed around a body and notes already written, with what
/// `input` offers now known.
pub(super) fn framed(input: &Input<'_>, written: Written) -> Result<Vec<u8>, TemplateError> {
    let (context, has_notes, _) = frame_inputs(input);
    let write = move |part: Part, mut out: String| {
        out.push_str(match part {
            Part::Body => &written.body,
            Part::Notes => &written.notes,
        });
        out
    };
    frame::render_framed(
        input.templates,
        "briefing.html.tera",
        context,
        has_notes,
        write,
    )
    .map(String::into_bytes)
}

/// The page template's context, whether there are notes at the end, and
/// what writes the body and the notes.
pub(super) fn frame_inputs<'a>(
    input: &Input<'a>,
) -> (Context, bool, impl FnMut(Part, String) -> String + 'a) {
    let doc = input.doc;
    let per_section = input.options.placement == Placement::Section;
    let html = HtmlRenderer::new(input.options, &doc.assets);
    let mut summary_html = String::new();
    html.blocks(&doc.summary, &mut summary_html);
    let mut context = context::base(input, MetaContext::new(input));
    context.insert("summary", &summary_html);
    let has_notes = has_end_matter(doc, per_section);
    let write = move |part: Part, mut out: String| {
        match part {
            Part::Body => html.body_into(doc, per_section, &mut out),
            Part::Notes => end_matter(&html, doc, per_section, &mut out),
        }
        out
    };
    (context, has_notes, write)
}

/// Whether anything follows the body: the notes (unless each section
/// has its own), the list of sources.
fn has_end_matter(doc: &crate::model::Document, per_section: bool) -> bool {
    (!per_section && !doc.notes.is_empty()) || doc.bibliography.is_some()
}

/// What the page prints in the notes' place: the notes, then the list of
/// sources.
fn end_matter(
    html: &HtmlRenderer<'_>,
    doc: &crate::model::Document,
    per_section: bool,
    out: &mut String,
) {
    if !per_section && !doc.notes.is_empty() {
        html.notes(&doc.notes, "notes", 2, out);
    }
    if let Some(bibliography) = &doc.bibliography {
        html.bibliography(bibliography, out);
    }
}
