//! The project as the editor sees it: the files on disk with the open
//! buffers laid over them, analysed again after each change, and what
//! the analysis finds published as the protocol's diagnostics, file by
//! file, an empty list for a file whose problems are gone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, Result, anyhow};
use lsp_server::{ErrorCode, Message, Notification, Request, Response};

use lsp_types::{
    CompletionItem, CompletionParams, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, GotoDefinitionParams, Hover,
    HoverContents, HoverParams, InitializeParams, Location, MarkupContent, MarkupKind, MessageType,
    NumberOrString, PublishDiagnosticsParams, ShowMessageParams, TextDocumentPositionParams, Uri,
};

use super::position::{Encoding, Lines};
use crate::analysis::{Analysis, AnalyzeOptions, Scope, analyze_files};
use crate::diagnostics::Severity;
use crate::files::ProjectFiles;

pub struct Workspace {
    root: PathBuf,
    encoding: Encoding,
    /// The door to the project, with the open buffers laid over it.
    files: ProjectFiles,
    /// The open buffers, by path from the root.
    open: BTreeSet<PathBuf>,
    /// The files given diagnostics last time, to clear when fixed.
    published: BTreeSet<PathBuf>,
    /// The last analysis, which requests are answered from.
    analysis: Option<Analysis>,
}

impl Workspace {
    /// The project of the client's workspace folder (or root).
    pub fn open(params: &InitializeParams, encoding: Encoding) -> Result<Workspace> {
        let folder = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| folder.uri.clone());
        #[allow(deprecated)]
        let folder = folder.or_else(|| params.root_uri.clone());
        let start = match folder {
            Some(uri) => Some(path_of(&uri)?),
            None => None,
        };
        let root = crate::project::find_root(start.as_deref())?;
        let files = ProjectFiles::working_tree(&root)?;
        Ok(Workspace {
            root: files.root().to_path_buf(),
            encoding,
            files,
            open: BTreeSet::new(),
            published: BTreeSet::new(),
            analysis: None,
        })
    }

    pub fn request(&mut self, request: Request) -> Message {
        let id = request.id.clone();
        let answer = match request.method.as_str() {
            "textDocument/definition" => request
                .extract::<GotoDefinitionParams>("textDocument/definition")
                .map(|(_, p)| {
                    serde_json::to_value(self.definition(&p.text_document_position_params))
                }),
            "textDocument/hover" => request
                .extract::<HoverParams>("textDocument/hover")
                .map(|(_, p)| serde_json::to_value(self.hover(&p.text_document_position_params))),
            "textDocument/completion" => request
                .extract::<CompletionParams>("textDocument/completion")
                .map(|(_, p)| serde_json::to_value(self.completion(&p.text_document_position))),
            _ => {
                return super::error(
                    id,
                    ErrorCode::MethodNotFound,
                    &format!("briefc does not answer `{}`", request.method),
                );
            }
        };
        match answer {
            Ok(Ok(value)) => Message::Response(Response::new_ok(id, value)),
            Ok(Err(e)) => super::error(id, ErrorCode::InternalError, &e.to_string()),
            Err(e) => super::error(id, ErrorCode::InvalidParams, &format!("{e:?}")),
        }
    }

    /// The file at a position, its text as the server has it, and the
    /// byte offset of the position.
    fn at(&self, at: &TextDocumentPositionParams) -> Option<(PathBuf, String, usize)> {
        let relative = self.relative(&at.text_document.uri).ok()?;
        let text = self.files.read_text(&relative).ok()?.text;
        let offset = Lines::new(&text).offset(at.position, self.encoding);
        Some((relative, text, offset))
    }

    fn hover(&self, at: &TextDocumentPositionParams) -> Option<Hover> {
        let (relative, text, offset) = self.at(at)?;
        let analysis = self.analysis.as_ref()?;
        let target = super::definition::target_at(&text, offset)?;
        let shown = super::hover::hover(analysis, &relative, offset, target)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: shown,
            }),
            range: None,
        })
    }

    fn completion(&self, at: &TextDocumentPositionParams) -> Option<Vec<CompletionItem>> {
        let (relative, text, offset) = self.at(at)?;
        let analysis = self.analysis.as_ref()?;
        Some(super::completion::complete(
            analysis, &relative, &text, offset,
        ))
    }

    /// The definition of the note or source at a position, if any.
    fn definition(&self, at: &TextDocumentPositionParams) -> Option<Location> {
        let (relative, text, offset) = self.at(at)?;
        let analysis = self.analysis.as_ref()?;
        let target = super::definition::target_at(&text, offset)?;
        let span = super::definition::definition(analysis, &relative, target)?;
        let sources = &analysis.project.sources;
        let span = sources.shown_at(span);
        let lines = Lines::new(sources.text(span.file));
        Some(Location::new(
            uri_of(&self.root.join(sources.path(span.file))).ok()?,
            lines.range(span.start..span.end, self.encoding),
        ))
    }

    pub fn notification(&mut self, notification: Notification) -> Vec<Message> {
        let changed = match notification.method.as_str() {
            "textDocument/didOpen" => notification
                .extract::<DidOpenTextDocumentParams>("textDocument/didOpen")
                .ok()
                .map(|p| self.lay_over(&p.text_document.uri, p.text_document.text)),
            "textDocument/didChange" => notification
                .extract::<DidChangeTextDocumentParams>("textDocument/didChange")
                .ok()
                .and_then(|mut p| {
                    let text = p.content_changes.pop()?.text;
                    Some(self.lay_over(&p.text_document.uri, text))
                }),
            "textDocument/didClose" => notification
                .extract::<DidCloseTextDocumentParams>("textDocument/didClose")
                .ok()
                .map(|p| self.uncover(&p.text_document.uri)),
            // A file changed on disk (a `git pull`): read it again.
            "workspace/didChangeWatchedFiles" | "textDocument/didSave" => Some(Ok(())),
            _ => None,
        };
        match changed {
            Some(Ok(())) => self.analyse(),
            Some(Err(why)) => vec![show(MessageType::WARNING, &why)],
            None => Vec::new(),
        }
    }

    /// An open buffer's text, laid over its file; a file outside the
    /// project is left alone and said so.
    fn lay_over(&mut self, uri: &Uri, text: String) -> Result<(), String> {
        let relative = self.relative(uri)?;
        self.files.lay_over(relative.clone(), text);
        self.open.insert(relative);
        Ok(())
    }

    fn uncover(&mut self, uri: &Uri) -> Result<(), String> {
        let relative = self.relative(uri)?;
        self.files.uncover(&relative);
        self.open.remove(&relative);
        Ok(())
    }

    fn relative(&self, uri: &Uri) -> Result<PathBuf, String> {
        let path = path_of(uri).map_err(|e| e.to_string())?;
        self.files.below_root(&path).ok_or_else(|| {
            format!(
                "{} is outside the project at {}: briefc reads nothing outside it",
                path.display(),
                self.root.display()
            )
        })
    }

    /// Analyses the project as the buffers have it and publishes what is
    /// found, clearing the files whose problems are gone.
    fn analyse(&mut self) -> Vec<Message> {
        let scope = Scope {
            root: None,
            ids: Vec::new(),
            drafts: true,
        };
        let options = AnalyzeOptions::default();
        let analysis = match analyze_files(self.files.clone(), &scope, options) {
            Ok(analysis) => analysis,
            Err(e) => return vec![show(MessageType::ERROR, &format!("{e:#}"))],
        };
        let sources = &analysis.project.sources;
        let mut by_file: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        // Each file's line starts, found once however many problems it has.
        let mut lines: BTreeMap<crate::diagnostics::FileId, Lines<'_>> = BTreeMap::new();
        for diagnostic in analysis.diagnostics.iter() {
            let span = sources.shown_at(diagnostic.span);
            let path = sources.path(span.file).to_path_buf();
            let lines = lines
                .entry(span.file)
                .or_insert_with(|| Lines::new(sources.text(span.file)));
            let converted = self.convert(lines, diagnostic, span);
            by_file.entry(path).or_default().push(converted);
        }
        let mut out = Vec::new();
        // An open buffer always hears how it stands, and a file whose
        // problems are gone that they are.
        let gone: Vec<PathBuf> = self
            .published
            .iter()
            .chain(&self.open)
            .filter(|p| !by_file.contains_key(*p))
            .cloned()
            .collect::<BTreeSet<PathBuf>>()
            .into_iter()
            .collect();
        for path in gone {
            out.extend(self.publish(&path, Vec::new()));
        }
        self.published = by_file.keys().cloned().collect();
        for (path, diagnostics) in by_file {
            out.extend(self.publish(&path, diagnostics));
        }
        self.analysis = Some(analysis);
        out
    }

    fn convert(
        &self,
        lines: &Lines<'_>,
        diagnostic: &crate::diagnostics::Diagnostic,
        span: crate::diagnostics::Span,
    ) -> lsp_types::Diagnostic {
        let mut message = diagnostic.message.clone();
        if !diagnostic.span_label.is_empty() {
            message.push_str(&format!(" ({})", diagnostic.span_label));
        }
        if let Some(help) = &diagnostic.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        lsp_types::Diagnostic {
            range: lines.range(span.start..span.end, self.encoding),
            severity: Some(match diagnostic.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
            }),
            code: Some(NumberOrString::String(diagnostic.code.name().to_string())),
            source: Some("briefc".to_string()),
            message,
            ..lsp_types::Diagnostic::default()
        }
    }

    fn publish(&self, relative: &Path, diagnostics: Vec<lsp_types::Diagnostic>) -> Option<Message> {
        let uri = uri_of(&self.root.join(relative)).ok()?;
        Some(super::notify(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            },
        ))
    }
}

fn show(kind: MessageType, message: &str) -> Message {
    super::notify(
        "window/showMessage",
        ShowMessageParams {
            typ: kind,
            message: message.to_string(),
        },
    )
}

/// The file a `file:` URI names.
fn path_of(uri: &Uri) -> Result<PathBuf> {
    let url =
        url::Url::parse(uri.as_str()).with_context(|| format!("not a URI: {}", uri.as_str()))?;
    url.to_file_path()
        .map_err(|()| anyhow!("not a file: {}", uri.as_str()))
}

fn uri_of(path: &Path) -> Result<Uri> {
    let url =
        url::Url::from_file_path(path).map_err(|()| anyhow!("not a path: {}", path.display()))?;
    Uri::from_str(url.as_str()).map_err(|e| anyhow!("{e}"))
}
