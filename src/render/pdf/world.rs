//! The closed world Typst typesets in. It holds every file the template
//! may see, handed in before typesetting starts: the document, the
//! settings, the template files, the briefing's images. Any other path, a package, or a file
//! outside the project root is refused, so neither a template nor text
//! that reached one can read the disk or the network.

use std::collections::HashMap;
use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FontSet;

/// Where the document and the settings are served.
pub const DOCUMENT_PATH: &str = "/document.json";
pub const SETTINGS_PATH: &str = "/settings.json";

pub struct ClosedWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontSet>,
    main: FileId,
    sources: HashMap<FileId, Source>,
    data: HashMap<FileId, Bytes>,
    today: Datetime,
}

/// The id of a file at `path` from the root.
pub fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl ClosedWorld {
    /// `typst` lists the template files by path (`/briefing.typ` first, the
    /// main one); `data` the other files.
    pub fn new(
        fonts: Arc<FontSet>,
        typst: Vec<(String, Arc<str>)>,
        data: Vec<(String, Bytes)>,
        today: Datetime,
    ) -> Option<ClosedWorld> {
        let mut sources = HashMap::new();
        let mut main = None;
        for (path, text) in typst {
            let id = file_id(&path)?;
            main.get_or_insert(id);
            sources.insert(id, Source::new(id, text.to_string()));
        }
        let mut served = HashMap::new();
        for (path, bytes) in data {
            served.insert(file_id(&path)?, bytes);
        }
        Some(ClosedWorld {
            // No `sys.inputs`: everything the template reads is a file.
            library: LazyHash::new(Library::builder().build()),
            fonts,
            main: main?,
            sources,
            data: served,
            today,
        })
    }
}

/// Whether `id` lies in the project, not in a package.
fn in_project(id: FileId) -> bool {
    matches!(id.root(), VirtualRoot::Project)
}

impl World for ClosedWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.sources.get(&id) {
            Some(source) if in_project(id) => Ok(source.clone()),
            _ if self.data.contains_key(&id) => Err(FileError::NotSource),
            _ => Err(FileError::AccessDenied),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if !in_project(id) {
            return Err(FileError::AccessDenied);
        }
        if let Some(bytes) = self.data.get(&id) {
            return Ok(bytes.clone());
        }
        match self.sources.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.clone())),
            None => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// The briefing's own date, so that the file does not depend on the
    /// day it was built.
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
