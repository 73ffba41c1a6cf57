//! Load: read a project's settings, briefings, sections, footnote files,
//! source library and template overrides into memory, through the
//! project's door to its files. Nothing after this step reads a source
//! file again.
//!
//! By job: [`root`] finds the project and names briefings, `load` reads
//! what every briefing shares, `briefing` reads one briefing, `reload`
//! reads one again after it changed, [`settle`] settles a briefing's
//! options; `settings`, `metadata` and their tables read the TOML files.

mod asset_file;
mod assets;
mod briefing;
mod csl_structure;
mod csl_style;
pub mod link_settings;
mod live_script;
mod load;
mod locale_settings;
pub mod metadata;
mod pdf_settings;
mod read_ahead;
mod reload;
pub mod root;
pub mod settings;
mod settle;
mod shared;

use std::collections::HashMap;
use std::path::PathBuf;

pub use crate::model::{DateStyle, Placement, Status};
pub use asset_file::AssetFile;
pub use assets::AssetProblem;
pub use briefing::BriefingFiles;
pub use live_script::Danger;
pub use metadata::Metadata;
pub use root::{briefing_of, find_root, id_problem, is_font_name, is_template_name};
pub use settings::Settings;
pub use settle::{Overrides, briefing_options};

use crate::diagnostics::{Diagnostics, FileId, SourceMap};
use crate::files::ProjectFiles;
use read_ahead::ReadAhead;

/// Which briefings to load.
pub enum Selection<'a> {
    All,
    Named(&'a [String]),
}

pub struct Project {
    /// The door to the project's files: every read goes through it.
    pub files: ProjectFiles,
    pub sources: SourceMap,
    pub settings: Settings,
    pub briefings: Vec<BriefingFiles>,
    /// Overrides found in `templates/`: file name and file.
    pub templates: Vec<(String, FileId)>,
    /// The font files in `fonts/`, relative to the root, checked to lie
    /// inside the project; read only when a PDF is typeset.
    pub fonts: Vec<(PathBuf, FileId)>,
    /// `footnotes/sources.toml`, then `footnotes/sources/*.toml` by name.
    pub library_files: Vec<FileId>,
    pub diagnostics: Diagnostics,
    /// The briefings' own files and folders, read ahead on every core
    /// while loading: taken from here when loading asks for them, empty
    /// afterwards.
    read_ahead: ReadAhead,
    /// While a briefing is loaded again: its files as they were, so that a
    /// file read back unchanged keeps its id (and what was parsed from it
    /// can be used again).
    reread: HashMap<PathBuf, FileId>,
}

impl Project {
    /// The project directory, as given.
    pub fn root(&self) -> &std::path::Path {
        self.files.root()
    }
}
