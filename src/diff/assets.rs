//! Images and attachments of two versions, by the path they are published
//! at and by their content, each read through its own version's door to
//! the files and compared a block at a time (never held whole).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::AssetChange;
use crate::analysis::Analysis;
use crate::files::ProjectFiles;
use crate::resolve::Briefing;

pub fn compare(
    before: &Briefing,
    old: &Analysis,
    after: &Briefing,
    new: &Analysis,
) -> Vec<AssetChange> {
    let olds: HashMap<&str, &crate::model::Asset> = before
        .doc
        .assets
        .iter()
        .map(|a| (a.path.as_str(), a))
        .collect();
    let mut changes = Vec::new();
    for asset in &after.doc.assets {
        let change = match olds.get(asset.path.as_str()) {
            None => "added",
            Some(was) if was.bytes != asset.bytes => "changed",
            Some(was) => {
                let (a, b) = (Path::new(&was.source), Path::new(&asset.source));
                if same_content(&old.project.files, a, &new.project.files, b) {
                    continue;
                }
                "changed"
            }
        };
        changes.push(AssetChange {
            path: asset.path.clone(),
            change,
        });
    }
    let news: std::collections::HashSet<&str> =
        after.doc.assets.iter().map(|a| a.path.as_str()).collect();
    for asset in &before.doc.assets {
        if !news.contains(asset.path.as_str()) {
            changes.push(AssetChange {
                path: asset.path.clone(),
                change: "removed",
            });
        }
    }
    changes
}

/// Whether two files hold the same bytes; a file that cannot be read is
/// taken as changed.
fn same_content(old: &ProjectFiles, a: &Path, new: &ProjectFiles, b: &Path) -> bool {
    let (Ok(mut a), Ok(mut b)) = (old.open(a), new.open(b)) else {
        return false;
    };
    if a.len != b.len {
        return false;
    }
    let mut left = vec![0u8; 64 * 1024];
    let mut right = vec![0u8; 64 * 1024];
    loop {
        let read = match fill(&mut a, &mut left) {
            Ok(read) => read,
            Err(_) => return false,
        };
        match fill(&mut b, &mut right[..read.max(1)]) {
            Ok(other) if other == read => {}
            _ => return false,
        }
        if read == 0 {
            return true;
        }
        if left[..read] != right[..read] {
            return false;
        }
    }
}

/// Reads until `buffer` is full or the file ends.
fn fill(file: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            read => filled += read,
        }
    }
    Ok(filled)
}
