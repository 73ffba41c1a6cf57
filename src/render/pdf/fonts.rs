//! The fonts the PDF may use: the project's `fonts/` first, then Typst's
//! embedded ones, then the machine's only when `[pdf] system_fonts =
//! true`. The project's files arrive as bytes in the job: the
//! typesetting reads no file itself.

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

use super::job::Blob;

pub struct FontSet {
    pub store: FontStore,
    /// The families of the project's fonts, in the order found.
    pub project_families: Vec<String>,
    /// The project's font files that hold no font Typst can read.
    pub unreadable: Vec<(String, String)>,
}

impl FontSet {
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }
}

pub fn load(project: Vec<Blob>, system: bool) -> FontSet {
    let mut store = FontStore::new();
    let mut project_families = Vec::new();
    let mut unreadable = Vec::new();
    for Blob { name, bytes } in project {
        let count = faces(&bytes);
        let bytes = Bytes::new(bytes);
        let mut found = false;
        for index in 0..count {
            // The font parser asserts on some malformed tables: a face it
            // cannot read, by panicking or not, is left out.
            let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                Font::new(bytes.clone(), index)
            }));
            let Ok(Some(font)) = parsed else {
                continue;
            };
            found = true;
            let info = font.info().clone();
            if !project_families.contains(&info.family) {
                project_families.push(info.family.clone());
            }
            store.push((font, info));
        }
        if !found {
            unreadable.push((name, "holds no font briefc can read".to_string()));
        }
    }
    for data in typst_assets::fonts() {
        for font in Font::iter(Bytes::new(data)) {
            let info = font.info().clone();
            store.push((font, info));
        }
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

/// How many faces a font file can hold: one, or for a collection
/// (`ttcf`) the number its header claims, but no more than it has room
/// to list. An 80-byte file claiming four billion faces would otherwise
/// be tried four billion times.
fn faces(bytes: &[u8]) -> u32 {
    if bytes.get(..4) != Some(b"ttcf") {
        return 1;
    }
    let Some(claimed) = bytes.get(8..12) else {
        return 0;
    };
    let claimed = u32::from_be_bytes([claimed[0], claimed[1], claimed[2], claimed[3]]);
    // Each face has a 4-byte offset after the 12-byte header.
    let room = (bytes.len().saturating_sub(12) / 4) as u32;
    claimed.min(room)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_is_tried_only_as_often_as_it_has_room_for() {
        let mut lying = b"ttcf\0\x01\0\0\xff\xff\xff\xf0".to_vec();
        lying.extend([0u8; 68]);
        assert_eq!(faces(&lying), 17);
        assert_eq!(faces(b"ttcf\0\x01"), 0);
        assert_eq!(faces(b"\0\x01\0\0 plain font"), 1);
        let set = load(
            vec![Blob {
                name: "fonts/x.ttc".into(),
                bytes: lying,
            }],
            false,
        );
        assert_eq!(set.unreadable.len(), 1);
    }
}
