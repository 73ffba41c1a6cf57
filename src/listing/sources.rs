//! `briefc sources`: every library source, how often it is cited and in
//! which notes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::Analysis;

#[derive(Serialize)]
pub struct SourcesListing {
    pub version: u32,
    pub sources: Vec<SourceUse>,
}

#[derive(Serialize)]
pub struct SourceUse {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub citations: usize,
    pub notes: Vec<NoteRef>,
}

#[derive(Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NoteRef {
    pub briefing: String,
    pub number: u32,
}

/// Every source of the library in key order, with its citations in the
/// briefings analysed; with `unused_only`, only those no briefing cites.
pub fn sources(analysis: &Analysis, unused_only: bool) -> SourcesListing {
    let mut uses: BTreeMap<&str, (usize, Vec<NoteRef>)> = BTreeMap::new();
    for briefing in &analysis.briefings {
        for cited in &briefing.cited {
            let entry = uses.entry(cited.key.as_str()).or_default();
            entry.0 += 1;
            let note = NoteRef {
                briefing: briefing.id().to_string(),
                number: cited.note,
            };
            if !entry.1.contains(&note) {
                entry.1.push(note);
            }
        }
    }
    SourcesListing {
        version: 1,
        sources: analysis
            .library
            .sorted()
            .into_iter()
            .map(|source| {
                let (citations, notes) = uses.get(source.key.as_str()).cloned().unwrap_or_default();
                SourceUse {
                    key: source.key.clone(),
                    kind: source.kind.name(),
                    title: source.short_title().unwrap_or_default(),
                    citations,
                    notes,
                }
            })
            .filter(|s| !unused_only || s.citations == 0)
            .collect(),
    }
}
