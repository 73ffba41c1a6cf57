//! `briefc sources import`: files of other tools into library entries, each
//! checked by the library's own reader before anything is written, with a
//! report of everything the import changed or could not keep.

use std::path::PathBuf;

use super::{Entry, Format, TakenKeys, choose_key, finish, read, to_toml};
use crate::diagnostics::{Diagnostics, SourceMap};
use crate::sources::Library;

/// One input file, as read from the disk.
pub struct Input {
    pub path: PathBuf,
    pub text: String,
}

/// What happened to one record of an input.
#[derive(Debug)]
pub enum Outcome {
    /// Imported under `key`, with what changed and what was not kept.
    Imported { key: String, input_type: String },
    /// Its key is in the library already (`--skip-existing`).
    Skipped { key: String },
    /// Its key is in the library already, and nothing may be imported.
    Clash { key: String },
    /// It cannot be a library entry.
    LeftOut { why: String },
}

#[derive(Debug)]
pub struct Report {
    /// The input, its format and the number of the record in it.
    pub file: PathBuf,
    pub format: &'static str,
    pub position: usize,
    /// The record's title, to name it.
    pub title: String,
    pub outcome: Outcome,
    pub changes: Vec<String>,
    pub unkept: Vec<String>,
}

pub struct Import {
    pub entries: Vec<Entry>,
    pub reports: Vec<Report>,
    /// The entries as library TOML.
    pub toml: String,
}

impl Import {
    /// True when a key clashes with the library and nothing may be
    /// written.
    pub fn has_clashes(&self) -> bool {
        self.reports
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Clash { .. }))
    }
}

/// Reads every input. `Err` names a file that is in no format briefc
/// reads, or does not parse, or an entry the library's reader refuses
/// (which would be briefc's own mistake): nothing is to be written then.
pub fn import(inputs: &[Input], library: &Library, skip_existing: bool) -> Result<Import, String> {
    let mut taken = TakenKeys::default();
    let mut entries = Vec::new();
    let mut reports = Vec::new();
    for input in inputs {
        let format = Format::detect(&input.path, &input.text).ok_or_else(|| {
            format!(
                "{}: not a format briefc reads; name the file .json (CSL-JSON), .bib (BibTeX) or .ris",
                input.path.display()
            )
        })?;
        let records =
            read(format, &input.text).map_err(|why| format!("{}: {why}", input.path.display()))?;
        for (index, record) in records.into_iter().enumerate() {
            let wanted = record.key.clone();
            let input_type = record.input_type.clone();
            let title = record.texts.get("title").cloned().unwrap_or_default();
            let report = |outcome, changes, unkept| Report {
                file: input.path.clone(),
                format: format.name(),
                position: index + 1,
                title: title.clone(),
                outcome,
                changes,
                unkept,
            };
            let mut entry = match finish(record) {
                Ok(entry) => entry,
                Err(why) => {
                    reports.push(report(Outcome::LeftOut { why }, Vec::new(), Vec::new()));
                    continue;
                }
            };
            let (key, change) = choose_key(wanted.as_deref(), &entry, &mut taken);
            if library.get(&key).is_some() || library.is_invalid(&key) {
                let outcome = if skip_existing {
                    Outcome::Skipped { key }
                } else {
                    Outcome::Clash { key }
                };
                reports.push(report(outcome, Vec::new(), Vec::new()));
                continue;
            }
            entry.key = key.clone();
            entry.changes.extend(change);
            reports.push(report(
                Outcome::Imported { key, input_type },
                entry.changes.clone(),
                entry.unkept.clone(),
            ));
            entries.push(entry);
        }
    }
    let toml = to_toml(&entries);
    // The library's own reader is the judge of what was made.
    let mut sources = SourceMap::new();
    let file = sources.add("imported.toml", toml.clone());
    let mut diagnostics = Diagnostics::new();
    let read_back = Library::parse(&[file], &sources, &mut diagnostics);
    if let Some(problem) = diagnostics.iter().next() {
        return Err(format!(
            "an imported entry does not read back as a library entry ({}); please report this",
            problem.message
        ));
    }
    debug_assert_eq!(read_back.len(), entries.len());
    Ok(Import {
        entries,
        reports,
        toml,
    })
}
