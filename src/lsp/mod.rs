//! `briefc lsp`: the Language Server Protocol on standard input and
//! output. The server keeps the project's analysis, with the text of the
//! editor's open buffers laid over the files through the project's door
//! (nothing is written to disk), and answers from it: diagnostics as
//! `check` finds them, in every file they concern, and where a note or a
//! source is defined.
//!
//! By job: [`transport`] frames messages with limits, [`position`] goes
//! between the protocol's positions and briefc's byte offsets,
//! [`workspace`] keeps the buffers and the analysis and turns its
//! findings into the protocol's diagnostics, [`definition`] finds where
//! a note or a source is defined, [`hover`] what it prints,
//! [`completion`] the keys and labels to type.

mod completion;
mod definition;
mod hover;
mod position;
mod transport;
mod workspace;

use std::io::{BufRead, Write};

use anyhow::Result;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    InitializeParams, InitializeResult, PositionEncodingKind, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind,
};

use position::Encoding;
use transport::Read;
use workspace::Workspace;

/// Where the conversation is.
enum Phase {
    /// Before `initialize`: every request but it is refused.
    Starting,
    Running(Box<Workspace>),
    /// After `shutdown`: only `exit` is expected.
    ShutDown,
}

/// Serves one client on `input` and `output` until it sends `exit` or
/// the stream ends. Returns whether the exit was as the protocol asks
/// (after `shutdown`).
pub fn serve(mut input: impl BufRead, mut output: impl Write) -> Result<bool> {
    let mut phase = Phase::Starting;
    loop {
        let message = match transport::read(&mut input)? {
            Read::End => return Ok(false),
            Read::Malformed(why) => {
                let reply =
                    Response::new_err(RequestId::from(0), ErrorCode::ParseError as i32, why);
                transport::write(&mut output, &Message::Response(reply))?;
                continue;
            }
            Read::Message(message) => message,
        };
        let shut_down = matches!(phase, Phase::ShutDown);
        let (replies, next) = handle(phase, message);
        for reply in replies {
            transport::write(&mut output, &reply)?;
        }
        match next {
            Some(next) => phase = next,
            None => return Ok(shut_down),
        }
    }
}

/// One message in `phase`: the messages to send, and the next phase
/// (`None`: exit).
fn handle(phase: Phase, message: Message) -> (Vec<Message>, Option<Phase>) {
    match (phase, message) {
        (Phase::Starting, Message::Request(request)) if request.method == "initialize" => {
            let (reply, workspace) = initialize(request);
            let next = match workspace {
                Some(workspace) => Phase::Running(Box::new(workspace)),
                None => Phase::Starting,
            };
            (vec![reply], Some(next))
        }
        (Phase::Starting, Message::Request(request)) => (
            vec![error(
                request.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialised yet",
            )],
            Some(Phase::Starting),
        ),
        (_, Message::Notification(n)) if n.method == "exit" => (Vec::new(), None),
        (Phase::Running(_), Message::Request(request)) if request.method == "shutdown" => (
            vec![Message::Response(Response::new_ok(request.id, ()))],
            Some(Phase::ShutDown),
        ),
        (Phase::Running(mut workspace), Message::Request(request)) => {
            let reply = workspace.request(request);
            (vec![reply], Some(Phase::Running(workspace)))
        }
        (Phase::Running(mut workspace), Message::Notification(notification)) => {
            let out = workspace.notification(notification);
            (out, Some(Phase::Running(workspace)))
        }
        (Phase::ShutDown, Message::Request(request)) => (
            vec![error(
                request.id,
                ErrorCode::InvalidRequest,
                "the server has shut down; only `exit` is expected",
            )],
            Some(Phase::ShutDown),
        ),
        (phase, _) => (Vec::new(), Some(phase)),
    }
}

/// The answer to `initialize`, and the workspace when the client named a
/// project the server can open.
fn initialize(request: Request) -> (Message, Option<Workspace>) {
    let id = request.id.clone();
    let params: InitializeParams = match serde_json::from_value(request.params) {
        Ok(params) => params,
        Err(e) => return (error(id, ErrorCode::InvalidParams, &e.to_string()), None),
    };
    let encoding = negotiate(&params);
    let workspace = match Workspace::open(&params, encoding) {
        Ok(workspace) => workspace,
        Err(e) => return (error(id, ErrorCode::InvalidParams, &format!("{e:#}")), None),
    };
    let result = InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(match encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "briefc".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    (
        Message::Response(Response::new_ok(id, result)),
        Some(workspace),
    )
}

/// UTF-8 when the client offers it (briefc's own counting), else the
/// protocol's default, UTF-16.
fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Message {
    Message::Response(Response::new_err(id, code as i32, message.to_string()))
}

/// A notification to the client.
fn notify(method: &str, params: impl serde::Serialize) -> Message {
    Message::Notification(Notification::new(method.to_string(), params))
}
