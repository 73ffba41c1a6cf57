//! `briefc serve`

use std::net::IpAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use super::{BriefingArgs, report};
use briefc::serve::{self, Events, Rebuild, ServeOptions};

pub const EXAMPLES: &str = "\
Examples:
  briefc serve                 preview every briefing, drafts included, at http://127.0.0.1:3000/
  briefc serve --open          and open it in the browser
  briefc serve ivanovo         one briefing
  briefc serve --port 0        any free port (the address is printed)

Save a section, a note, the library or a template and the open page
reloads by itself; a build with errors shows them over the page until the
next good build. Nothing is written to disk. Stop with Ctrl-C.";

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub briefings: BriefingArgs,

    /// Address to listen on (default 127.0.0.1). Anything but 127.0.0.1 or
    /// ::1 shows the drafts to the network. With --host, requests for any
    /// host name are answered; without it only localhost, 127.0.0.1 and
    /// [::1] are.
    #[arg(long, value_name = "ADDRESS")]
    pub host: Option<IpAddr>,

    /// Port to listen on (default: 3000, or the next free one); 0 for any
    /// free port.
    #[arg(long)]
    pub port: Option<u16>,

    /// Open the preview in the browser.
    #[arg(long)]
    pub open: bool,

    /// Leave drafts out, as `build` does.
    #[arg(long)]
    pub no_drafts: bool,
}

struct Terminal {
    quiet: bool,
    open: bool,
}

impl Events for Terminal {
    fn listening(&self, url: &str) {
        // Always printed: it is how a caller learns the port.
        report::status("Serving", &format!("{url} (Ctrl-C to stop)"));
        if self.open {
            open_browser(url);
        }
    }

    fn rebuilt(&self, rebuild: &Rebuild) {
        report::diagnostics(rebuild.diagnostics, rebuild.sources, self.quiet);
        if let Some(failure) = &rebuild.failure {
            report::error(failure);
        }
        let plural = if rebuild.briefings == 1 { "" } else { "s" };
        // After a save to one briefing's files only that one is read again.
        let which = if rebuild.rebuilt < rebuild.briefings {
            format!("{} of {}", rebuild.rebuilt, rebuild.briefings)
        } else {
            rebuild.briefings.to_string()
        };
        let line = format!(
            "{which} briefing{plural} in {} ms: {}",
            rebuild.elapsed.as_millis(),
            report::counts(rebuild.diagnostics)
        );
        if rebuild.ok {
            if !self.quiet {
                report::status("Built", &line);
            }
        } else {
            report::error(&format!("build failed: {line}; the page shows the errors"));
        }
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let opened = std::process::Command::new(command.0)
        .args(&command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        report::warning(&format!("cannot open a browser: visit {url} yourself"));
    }
}

pub fn run(args: Args, quiet: bool) -> Result<ExitCode> {
    let host = args
        .host
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    if !host.is_loopback() {
        report::warning(&format!(
            "listening on {host}: anyone on the network can read these drafts"
        ));
    }
    let listener = serve::bind(host, args.port)?;
    let options = ServeOptions {
        scope: args.briefings.scope(!args.no_drafts),
        any_host: args.host.is_some(),
    };
    let events = Arc::new(Terminal {
        quiet,
        open: args.open,
    });
    serve::run(options, listener, events)?;
    Ok(ExitCode::SUCCESS)
}
