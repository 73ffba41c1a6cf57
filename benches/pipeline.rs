//! Each stage of the pipeline on generated briefings of 1,000 and 5,000
//! footnotes: load, parse, resolve, render HTML, render text, and the
//! whole `check` and in-memory `build`.
//!
//!     cargo bench --bench pipeline

#[path = "../examples/generator/mod.rs"]
mod generator;

use std::hint::black_box;
use std::path::Path;

use briefc::analysis::{AnalyzeOptions, Scope, analyze};
use briefc::build::render_site;
use briefc::diagnostics::Diagnostics;
use briefc::files::ProjectFiles;
use briefc::markdown::parse_briefing as parse;
use briefc::project::{Overrides, briefing_options};
use briefc::project::{Project, Selection};
use briefc::render::html::HtmlRenderer;
use briefc::render::text::TextRenderer;
use briefc::resolve::{Citations, resolve};
use briefc::sources::Library;
use criterion::{Criterion, criterion_group, criterion_main};

fn scope(root: &Path) -> Scope {
    Scope {
        root: Some(root.to_path_buf()),
        ids: Vec::new(),
        drafts: true,
    }
}

fn stages(c: &mut Criterion) {
    for footnotes in [1000, 5000] {
        let dir = tempfile::tempdir().unwrap();
        let generated = generator::generate(dir.path(), footnotes, 1).unwrap();
        eprintln!(
            "{} footnotes, {:.1} MB of sources",
            generated.footnotes,
            generated.bytes as f64 / 1e6
        );
        let root = dir.path();
        let mut group = c.benchmark_group(format!("{footnotes}-footnotes"));
        group.sample_size(20);

        group.bench_function("load", |b| {
            b.iter(|| {
                let files = ProjectFiles::working_tree(black_box(root)).unwrap();
                Project::load(files, Selection::All).unwrap()
            })
        });

        let files = ProjectFiles::working_tree(root).unwrap();
        let project = Project::load(files, Selection::All).unwrap();
        let files = &project.briefings[0];
        let options = briefing_options(
            &project.settings,
            files.metadata.as_ref().unwrap(),
            &Overrides::default(),
            &mut Diagnostics::new(),
        );
        group.bench_function("parse", |b| {
            b.iter(|| {
                let mut diagnostics = Diagnostics::new();
                parse(&project, black_box(files), &options, &mut diagnostics)
            })
        });

        let mut diagnostics = Diagnostics::new();
        let library = Library::parse(&project.library_files, &project.sources, &mut diagnostics);
        group.bench_function("library", |b| {
            b.iter(|| {
                let mut diagnostics = Diagnostics::new();
                Library::parse(&project.library_files, &project.sources, &mut diagnostics)
            })
        });
        group.bench_function("parse+resolve", |b| {
            b.iter(|| {
                let mut diagnostics = Diagnostics::new();
                let parsed = parse(&project, files, &options, &mut diagnostics);
                let options = options.clone();
                resolve(
                    &project,
                    files,
                    parsed,
                    options,
                    &library,
                    Citations::Write,
                    &mut diagnostics,
                )
            })
        });

        let parsed = parse(&project, files, &options, &mut diagnostics);
        let briefing = resolve(
            &project,
            files,
            parsed,
            options.clone(),
            &library,
            Citations::Write,
            &mut diagnostics,
        )
        .unwrap();
        group.bench_function("render-html", |b| {
            b.iter(|| {
                let html = HtmlRenderer::new(&briefing.options, &briefing.doc.assets);
                let mut notes = String::new();
                html.notes(&briefing.doc.notes, "notes", 2, &mut notes);
                (html.body(&briefing.doc, false), notes)
            })
        });
        group.bench_function("render-text", |b| {
            b.iter(|| {
                let text = TextRenderer::new(&briefing.options);
                (
                    text.body(&briefing.doc, false),
                    text.notes(&briefing.doc.notes, '='),
                )
            })
        });

        group.bench_function("check", |b| {
            let options = AnalyzeOptions {
                problems_only: true,
                ..AnalyzeOptions::default()
            };
            b.iter(|| analyze(&scope(root), options.clone()).unwrap())
        });
        group.bench_function("build-in-memory", |b| {
            b.iter(|| {
                let mut analysis = analyze(&scope(root), AnalyzeOptions::default()).unwrap();
                render_site(&mut analysis).unwrap().unwrap()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
