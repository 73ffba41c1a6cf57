//! What the listing commands show, computed from an analysis: the
//! briefings (`briefc list`), the library's sources and the notes that
//! cite each (`briefc sources`), each briefing's images and files
//! (`briefc assets`). Each is a value with a stable JSON shape; the
//! command line only prints it, as a table or as JSON.

mod assets;
mod briefings;
mod sources;
pub mod words;

pub use assets::{AssetListing, AssetsListing, BriefingAssets, Unused, UsedAt, assets};
pub use briefings::{BriefingRow, briefings};
pub use sources::{NoteRef, SourceUse, SourcesListing, sources};
