//! `.briefc/links.json`: what each address answered and when, so a
//! pipeline that runs on every push asks each site again only once the
//! cache time (`[links] cache`) has passed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fetch::Outcome;
use crate::files::ProjectFiles;

pub const CACHE_FILE: &str = ".briefc/links.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Cached {
    /// Seconds since 1970 when it was fetched.
    pub checked: u64,
    /// `ok`, `moved` or `broken`.
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Where it moved, or what went wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Serialize, Deserialize, Default)]
struct File {
    version: u32,
    links: BTreeMap<String, Cached>,
}

impl Cached {
    pub fn new(outcome: &Outcome, checked: u64) -> Cached {
        let (name, status, detail) = match outcome {
            Outcome::Ok => ("ok", None, None),
            Outcome::Moved { to } => ("moved", None, Some(to.clone())),
            Outcome::Broken { status, reason } => ("broken", *status, Some(reason.clone())),
            // Not kept: `cached` leaves these out.
            Outcome::Refused { address } => ("refused", None, Some(address.clone())),
            Outcome::Unchecked => ("unchecked", None, None),
        };
        Cached {
            checked,
            outcome: name.to_string(),
            status,
            detail,
        }
    }

    /// What the address answered; `None` for an entry briefc did not
    /// write, which is fetched again.
    pub fn outcome(&self) -> Option<Outcome> {
        Some(match self.outcome.as_str() {
            "ok" => Outcome::Ok,
            "moved" => Outcome::Moved {
                to: self.detail.clone().unwrap_or_default(),
            },
            "broken" => Outcome::Broken {
                status: self.status,
                reason: self.detail.clone().unwrap_or_default(),
            },
            _ => return None,
        })
    }

    /// Whether the outcome stands at `now` for `keep` seconds: an entry
    /// dated in the future is not trusted.
    pub fn stands(&self, now: u64, keep: u64) -> bool {
        self.checked <= now && now - self.checked < keep
    }
}

/// The cache as it stands; empty when there is none or it cannot be read
/// (it is only a cache: the addresses are fetched again).
pub fn load(project: &ProjectFiles) -> BTreeMap<String, Cached> {
    let Ok(text) = project.read_text(Path::new(CACHE_FILE)) else {
        return BTreeMap::new();
    };
    serde_json::from_str::<File>(&text.text)
        .map(|file| file.links)
        .unwrap_or_default()
}

/// Writes the cache whole: a new file renamed over the old one.
pub fn save(project: &ProjectFiles, links: BTreeMap<String, Cached>) -> anyhow::Result<()> {
    let path = Path::new(CACHE_FILE);
    let dir = path.parent().expect("the cache lies in .briefc/");
    if let Some(link) = project.link_on_the_way(dir) {
        anyhow::bail!("{link}; the link cache is not written through it");
    }
    project.create_dir_all(dir)?;
    let text = serde_json::to_string_pretty(&File { version: 1, links })?;
    let staged = dir.join(format!(".links.json.new-{}", std::process::id()));
    project.replace_with(&staged, format!("{text}\n").as_bytes(), None)?;
    project.rename(&staged, path).inspect_err(|_| {
        let _ = project.remove_file(&staged);
    })
}
