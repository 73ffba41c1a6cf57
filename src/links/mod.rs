//! `check --links`: is every cited page still there? Each distinct web
//! address in the cited library entries and in the briefings' own links
//! is fetched once (or read from the cache), and a dead one is reported at
//! its place with the notes that cite it. Without `--links` nothing here
//! runs, and briefc makes no network request at all.

pub mod cache;
mod fetch;
mod guard;

use std::collections::BTreeMap;

pub use fetch::{Outcome, USER_AGENT};

use crate::analysis::Analysis;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};

/// Whether results in the cache may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Results younger than `[links] cache` stand; the rest are fetched.
    Cached,
    /// Every address is fetched again (`--links=refresh`).
    Refresh,
}

/// What one run did, for the summary line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Distinct addresses looked at (fetched or from the cache).
    pub checked: usize,
    pub from_cache: usize,
    /// Left out by `[links] exclude`.
    pub excluded: usize,
    pub broken: usize,
    pub moved: usize,
    /// Refused: they lead to this machine or a private network.
    pub refused: usize,
    /// Not fetched before the run's deadline (`[links] deadline`).
    pub unchecked: usize,
    /// Why the cache could not be written, if it could not.
    pub cache_error: Option<String>,
}

/// One distinct address and everywhere it is cited.
struct Link {
    places: Vec<Span>,
    /// Briefing and note number of every note that cites it.
    notes: Vec<(String, u32)>,
}

/// Fetches every address the analysed briefings cite and reports the dead
/// and the moved ones. `progress` is told how many are done of how many.
pub fn check_links(
    analysis: &Analysis,
    mode: Mode,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (Diagnostics, Summary) {
    let settings = &analysis.project.settings.links;
    let links = collect(analysis);
    let mut summary = Summary::default();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let project = &analysis.project;
    let mut cached = cache::load(&project.files);
    let mut outcomes: BTreeMap<&str, Outcome> = BTreeMap::new();
    let mut to_fetch: Vec<(String, String)> = Vec::new();
    for url in links.keys() {
        if settings.excludes(url) {
            summary.excluded += 1;
            continue;
        }
        let fresh = cached
            .get(url.as_str())
            .filter(|c| mode == Mode::Cached && c.stands(now, settings.cache.as_secs()))
            .and_then(cache::Cached::outcome);
        match fresh {
            Some(outcome) => {
                outcomes.insert(url, outcome);
                summary.from_cache += 1;
            }
            None => to_fetch.push((host(url), url.clone())),
        }
    }
    let total = to_fetch.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    if total > 0 {
        let deadline = std::time::Instant::now() + settings.deadline;
        let fetcher = fetch::Fetcher::new(settings.timeout, deadline, settings.allow_private);
        let results = crate::parallel::workers(
            &to_fetch,
            settings.concurrency,
            settings.per_host,
            |url| fetcher.check(url),
            || {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                progress(n, total);
            },
        );
        for ((_, url), outcome) in to_fetch.iter().zip(results) {
            // What was refused or not fetched says nothing of the page.
            if !matches!(outcome, Outcome::Refused { .. } | Outcome::Unchecked) {
                cached.insert(url.clone(), cache::Cached::new(&outcome, now));
            }
            outcomes.insert(url, outcome);
        }
        // Only the addresses still cited are kept.
        cached.retain(|url, _| links.contains_key(url));
        if let Err(error) = cache::save(&project.files, cached) {
            summary.cache_error = Some(format!("{error:#}"));
        }
    }
    summary.checked = outcomes
        .values()
        .filter(|o| !matches!(o, Outcome::Unchecked))
        .count();
    let mut diagnostics = Diagnostics::new();
    for (url, outcome) in &outcomes {
        let link = &links[*url];
        match outcome {
            Outcome::Ok => {}
            Outcome::Unchecked => summary.unchecked += 1,
            Outcome::Refused { address } => {
                summary.refused += 1;
                diagnostics.push(finding(
                    Code::RefusedLink,
                    link,
                    format!("the cited address {url} is not fetched: {address}"),
                    format!(
                        "a briefing cites pages of the public web; if this one is on your own \
                         network, set `allow_private = true` in [links] of briefc.toml{}",
                        cited_in(&link.notes)
                    ),
                ));
            }
            Outcome::Broken { status, reason } => {
                summary.broken += 1;
                let what = match status {
                    Some(_) => format!("answers {reason}"),
                    None => format!("cannot be reached: {reason}"),
                };
                diagnostics.push(finding(
                    Code::BrokenLink,
                    link,
                    format!("the cited page {url} {what}"),
                    format!(
                        "find where it went (a web archive may keep a copy) and change the \
                         address{}, or list it in [links] exclude",
                        cited_in(&link.notes)
                    ),
                ));
            }
            Outcome::Moved { to } => {
                summary.moved += 1;
                diagnostics.push(finding(
                    Code::MovedLink,
                    link,
                    format!("the cited page {url} has moved for good"),
                    format!(
                        "it is now at {to}: change the address{}",
                        cited_in(&link.notes)
                    ),
                ));
            }
        }
    }
    let settings = &analysis.project.settings;
    diagnostics.apply_levels(|code| settings.lint_level(code));
    (diagnostics, summary)
}

/// Every distinct web address, with its places: the `url` of each cited
/// library entry (with the notes that cite it) and each link or image in
/// the briefings' text.
fn collect(analysis: &Analysis) -> BTreeMap<String, Link> {
    let mut links: BTreeMap<String, Link> = BTreeMap::new();
    let mut add = |url: &str, span: Span, note: Option<(String, u32)>| {
        let link = links.entry(url.to_string()).or_insert_with(|| Link {
            places: Vec::new(),
            notes: Vec::new(),
        });
        if !link.places.contains(&span) {
            link.places.push(span);
        }
        if let Some(note) = note
            && !link.notes.contains(&note)
        {
            link.notes.push(note);
        }
    };
    for briefing in &analysis.briefings {
        for cited in &briefing.cited {
            let Some(source) = analysis.library.get(&cited.key) else {
                continue;
            };
            if let (Some(url), Some(span)) = (source.field("url"), source.url_span) {
                add(url, span, Some((briefing.id().to_string(), cited.note)));
            }
        }
        for (url, span) in &briefing.web_links {
            add(url, *span, None);
        }
    }
    links
}

fn finding(code: Code, link: &Link, message: String, help: String) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(code, link.places[0], message);
    for &place in &link.places[1..] {
        diagnostic = diagnostic.with_secondary(place, "cited here too");
    }
    diagnostic.with_help(help)
}

/// `; cited in notes 3 and 7 of b`
fn cited_in(notes: &[(String, u32)]) -> String {
    let mut by_briefing: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (briefing, number) in notes {
        by_briefing.entry(briefing).or_default().push(*number);
    }
    if by_briefing.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = by_briefing
        .into_iter()
        .map(|(briefing, mut numbers)| {
            numbers.sort_unstable();
            let list: Vec<String> = numbers.iter().map(u32::to_string).collect();
            let word = if list.len() == 1 { "note" } else { "notes" };
            format!("{word} {} of `{briefing}`", list.join(", "))
        })
        .collect();
    format!(" (cited in {})", parts.join("; "))
}

/// The host of an address, for the bound on requests to one host.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    authority.to_ascii_lowercase()
}
