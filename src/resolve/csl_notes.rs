//! `[style] csl`: the brackets of a briefing's notes gathered in note
//! order and handed to the citation engine (`sources::csl`), which writes
//! them all at once; `citations` then puts each in its place.

use super::cites::Cites;
use crate::markdown::Citation;
use crate::model::Note;
use crate::model::visit::Visit;
use crate::options::{BriefingOptions, CslStyle};
use crate::sources::Library;
use crate::sources::csl::{self, Bracket, CiteItem, NoteCites, Written};

pub fn write(
    notes: &[Note],
    citations: &[Citation],
    library: &Library,
    options: &BriefingOptions,
    style: &CslStyle,
) -> Written {
    let mut ids = Vec::new();
    let cites: Vec<NoteCites<'_>> = notes
        .iter()
        .map(|note| {
            ids.clear();
            Cites(&mut ids).visit_blocks(&note.blocks);
            NoteCites {
                number: note.number,
                brackets: ids
                    .iter()
                    .map(|&id| Bracket {
                        id,
                        items: citations[id]
                            .items
                            .iter()
                            .map(|item| CiteItem {
                                key: &item.key,
                                locator: item.locator.as_deref(),
                                prefix: &item.prefix,
                                suppress_author: item.suppress_author,
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    csl::write(
        &cites,
        citations.len(),
        library,
        style,
        &options.locale,
        options.ibid,
        options.bibliography,
    )
}
