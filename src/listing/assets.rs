//! `briefc assets`: each briefing's images and attached files, with their
//! size and every place that uses them, and the files under `briefings/`
//! that nothing uses.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::fsx::slash_path;
use crate::model::AssetUse;

#[derive(Serialize)]
pub struct AssetsListing {
    pub version: u32,
    pub briefings: Vec<BriefingAssets>,
    /// Files under `briefings/` that no briefing uses.
    pub unused: Vec<Unused>,
}

#[derive(Serialize)]
pub struct BriefingAssets {
    pub id: String,
    pub assets: Vec<AssetListing>,
}

#[derive(Serialize)]
pub struct AssetListing {
    /// The file, from the project's root.
    pub source: String,
    /// Where it is published, from the briefing's output directory.
    pub path: String,
    #[serde(rename = "use")]
    pub used_as: &'static str,
    pub bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    pub used_at: Vec<UsedAt>,
}

/// A place in a source file, by line and column (from 1).
#[derive(Serialize)]
pub struct UsedAt {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Serialize)]
pub struct Unused {
    pub path: String,
    pub bytes: u64,
}

/// The files of the briefings analysed; `ids` narrows the search for
/// unused files to those briefings' folders (all of `briefings/` when
/// empty); with `unused_only` the briefings' own lists are left out.
pub fn assets(analysis: &Analysis, ids: &[String], unused_only: bool) -> AssetsListing {
    let sources = &analysis.project.sources;
    let mut used: HashSet<PathBuf> = HashSet::new();
    for files in &analysis.project.briefings {
        for file in files.own_files() {
            used.insert(sources.path(file).to_path_buf());
        }
    }
    let mut briefings = Vec::new();
    for briefing in &analysis.briefings {
        let assets = briefing
            .doc
            .assets
            .iter()
            .enumerate()
            .map(|(index, asset)| {
                used.insert(PathBuf::from(&asset.source));
                let used_at = briefing
                    .asset_sites
                    .iter()
                    .filter(|(i, _)| *i == index)
                    .map(|&(_, span)| {
                        let (start, _) = sources.line_col(span);
                        UsedAt {
                            file: slash_path(sources.path(span.file)),
                            line: start.line,
                            column: start.column,
                        }
                    })
                    .collect();
                AssetListing {
                    source: asset.source.clone(),
                    path: asset.path.clone(),
                    used_as: match asset.used_as {
                        AssetUse::Image => "image",
                        AssetUse::Link => "link",
                    },
                    bytes: asset.bytes,
                    width: asset.width,
                    height: asset.height,
                    used_at,
                }
            })
            .collect();
        briefings.push(BriefingAssets {
            id: briefing.id().to_string(),
            assets,
        });
    }
    let unused = analysis
        .project
        .files_in_briefings(ids)
        .into_iter()
        .filter(|(path, _)| !used.contains(path))
        .map(|(path, bytes)| Unused {
            path: slash_path(&path),
            bytes,
        })
        .collect();
    AssetsListing {
        version: 1,
        briefings: if unused_only { Vec::new() } else { briefings },
        unused,
    }
}
