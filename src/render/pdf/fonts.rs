//! The fonts the PDF may use: Typst's embedded ones, then the project's
//! `fonts/`, then the machine's only when `[pdf] system_fonts = true`. A
//! set is made once per process for each project and choice, since
//! scanning and parsing fonts costs more than typesetting a short
//! briefing.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

use crate::diagnostics::FileId;
use crate::files::ProjectFiles;

pub struct FontSet {
    pub store: FontStore,
    /// The families of the project's fonts, in the order found.
    pub project_families: Vec<String>,
    /// The project's font files that hold no font Typst can read.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl FontSet {
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }
}

/// What decides a set: the project's fonts and whether the machine's are
/// wanted.
#[derive(PartialEq, Eq, Clone)]
struct Key {
    tree: String,
    fonts: Vec<PathBuf>,
    system: bool,
}

static LAST: Mutex<Option<(Key, Arc<FontSet>)>> = Mutex::new(None);

/// The embedded fonts, parsed once.
fn embedded() -> &'static [(Font, FontInfo)] {
    static EMBEDDED: OnceLock<Vec<(Font, FontInfo)>> = OnceLock::new();
    EMBEDDED.get_or_init(|| {
        typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .map(|font| {
                let info = font.info().clone();
                (font, info)
            })
            .collect()
    })
}

/// The font set for a project. The project's font files are read through
/// the same gate as every other project file: nothing outside it.
pub fn for_project(
    files: &ProjectFiles,
    fonts: &[(PathBuf, FileId)],
    system: bool,
) -> Arc<FontSet> {
    let key = Key {
        tree: files.describe(),
        fonts: fonts.iter().map(|(path, _)| path.clone()).collect(),
        system,
    };
    let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((cached, set)) = last.as_ref()
        && *cached == key
    {
        return Arc::clone(set);
    }
    let set = Arc::new(load(files, fonts, system));
    *last = Some((key, Arc::clone(&set)));
    set
}

fn load(files: &ProjectFiles, fonts: &[(PathBuf, FileId)], system: bool) -> FontSet {
    let mut store = FontStore::new();
    let mut project_families = Vec::new();
    let mut unreadable = Vec::new();
    for (relative, _) in fonts {
        let bytes = match files.read_bytes(relative) {
            Ok(bytes) => bytes,
            Err(refusal) => {
                unreadable.push((relative.clone(), refusal.describe()));
                continue;
            }
        };
        let mut found = false;
        for font in Font::iter(Bytes::new(bytes)) {
            found = true;
            let info = font.info().clone();
            if !project_families.contains(&info.family) {
                project_families.push(info.family.clone());
            }
            store.push((font, info));
        }
        if !found {
            unreadable.push((
                relative.clone(),
                "holds no font briefc can read".to_string(),
            ));
        }
    }
    for (font, info) in embedded() {
        store.push((font.clone(), info.clone()));
    }
    if system {
        store.extend(typst_kit::fonts::system());
    }
    FontSet {
        store,
        project_families,
        unreadable,
    }
}
