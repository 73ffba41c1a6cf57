//! The HTML edition: `dist/<id>/index.html`, the body and notes written by
//! [`HtmlRenderer`] and framed by `briefing.html.tera`.

use std::path::PathBuf;

use tera::Context;

use super::context::{self, MetaContext};
use super::html::HtmlRenderer;
use super::{Backend, Finding, TemplateError, Templates, frame};
use crate::model::Placement;
use crate::resolve::Briefing;

pub struct Page;

impl Backend for Page {
    fn name(&self) -> &'static str {
        "html"
    }

    fn label(&self) -> &'static str {
        "page"
    }

    fn path(&self, id: &str) -> PathBuf {
        PathBuf::from(id).join("index.html")
    }

    fn render(
        &self,
        briefing: &Briefing,
        templates: &Templates,
        _: &mut Vec<Finding>,
    ) -> Result<Vec<u8>, TemplateError> {
        let (context, body, notes) = parts(briefing);
        crate::timings::stage("render: page body");
        let page = frame::render_framed(templates, "briefing.html.tera", context, body, notes);
        crate::timings::stage("render: page");
        page.map(String::into_bytes)
    }
}

/// The page template's context, and the body and notes to put in it.
pub(super) fn parts(briefing: &Briefing) -> (Context, String, String) {
    let doc = &briefing.doc;
    let per_section = briefing.options.placement == Placement::Section;
    let html = HtmlRenderer::new(&briefing.options, &briefing.doc.assets);
    let mut notes_html = String::new();
    if !per_section {
        html.notes(&doc.notes, "notes", 2, &mut notes_html);
    }
    let mut summary_html = String::new();
    html.blocks(&doc.summary, &mut summary_html);
    let mut context = context::base(briefing, MetaContext::new(briefing));
    context.insert("summary", &summary_html);
    (context, html.body(doc, per_section), notes_html)
}
