//! `.briefc/links.json`: what each address answered and when, so a
//! pipeline that runs on every push asks each site again only once the
//! cache time (`[links] cache`) has passed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fetch::Outcome;
use crate::fsx;

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
        };
        Cached {
            checked,
            outcome: name.to_string(),
            status,
            detail,
        }
    }

    pub fn outcome(&self) -> Outcome {
        match self.outcome.as_str() {
            "moved" => Outcome::Moved {
                to: self.detail.clone().unwrap_or_default(),
            },
            "broken" => Outcome::Broken {
                status: self.status,
                reason: self.detail.clone().unwrap_or_default(),
            },
            _ => Outcome::Ok,
        }
    }
}

/// The cache as it stands; empty when there is none or it cannot be read
/// (it is only a cache: the addresses are fetched again).
pub fn load(root: &Path, real_root: &Path) -> BTreeMap<String, Cached> {
    let path = root.join(CACHE_FILE);
    let Ok(text) = fsx::read_inside(real_root, &path) else {
        return BTreeMap::new();
    };
    serde_json::from_str::<File>(&text.text)
        .map(|file| file.links)
        .unwrap_or_default()
}

/// Writes the cache whole: a new file renamed over the old one.
pub fn save(root: &Path, links: BTreeMap<String, Cached>) -> anyhow::Result<()> {
    let path = root.join(CACHE_FILE);
    let dir = path.parent().expect("the cache lies in .briefc/");
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        anyhow::bail!(
            "{} is a link; the link cache is not written through it",
            dir.display()
        );
    }
    fsx::create_dir_all(dir)?;
    let text = serde_json::to_string_pretty(&File { version: 1, links })?;
    let staged = dir.join(format!(".links.json.new-{}", std::process::id()));
    fsx::write(&staged, format!("{text}\n").as_bytes())?;
    std::fs::rename(&staged, &path).map_err(|error| {
        let _ = std::fs::remove_file(&staged);
        anyhow::anyhow!("cannot write {}: {error}", path.display())
    })
}
