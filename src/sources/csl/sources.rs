//! The library's sources as the citation engine reads them: CSL-JSON
//! items made by the mapping `sources export --format csl-json` writes,
//! and the warning for a field a style prints that a source lacks.

use std::collections::BTreeMap;

use citationberg::json::{Item, Value};
use foldhash::{HashMap, HashMapExt};

use super::NoteCites;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::options::CslStyle;
use crate::sources::interchange::{csl_item, entry_of};
use crate::sources::{Library, Source, SourceType};

/// The field that makes two items differ at once. The engine compares
/// items whole, field by field in name order, many times per citation;
/// a number under a name that sorts first settles most comparisons at
/// the first field.
const ORDER_FIELD: &str = "#";

/// The cited sources as CSL-JSON items, each made once.
pub struct Items {
    items: Vec<Item>,
    by_key: HashMap<String, usize>,
}

impl Items {
    pub fn of(notes: &[NoteCites<'_>], library: &Library) -> Items {
        let mut items = Vec::new();
        let mut by_key = HashMap::new();
        let keys = notes
            .iter()
            .flat_map(|n| &n.brackets)
            .flat_map(|b| &b.items)
            .map(|i| i.key);
        for key in keys {
            if by_key.contains_key(key) {
                continue;
            }
            let Some(source) = library.get(key) else {
                continue;
            };
            by_key.insert(key.to_string(), items.len());
            items.push(item_of(source, items.len()));
        }
        Items { items, by_key }
    }

    pub fn get(&self, key: &str) -> Option<&Item> {
        self.by_key.get(key).map(|&i| &self.items[i])
    }
}

fn item_of(source: &Source, index: usize) -> Item {
    let json = csl_item(&entry_of(source));
    // The mapping writes only what CSL-JSON reads back; were it ever not
    // to, the source would still be named by its key.
    let mut item: Item = serde_json::from_value(json).unwrap_or_else(|_| {
        Item(BTreeMap::from([
            ("id".to_string(), Value::String(source.key.clone())),
            ("type".to_string(), Value::String("document".to_string())),
            ("title".to_string(), Value::String(source.key.clone())),
        ]))
    });
    item.0
        .insert(ORDER_FIELD.to_string(), Value::Number(index as i64));
    item
}

/// The item of the hidden citation that breaks a chain of "Ibid.".
pub fn breaker(key: &str) -> Item {
    Item(BTreeMap::from([
        (ORDER_FIELD.to_string(), Value::Number(-1)),
        ("id".to_string(), Value::String(key.to_string())),
        ("type".to_string(), Value::String("document".to_string())),
    ]))
}

/// Fields whose absence a reader of a CSL note sees (the engine prints
/// "n.d." for a missing date, or leaves a gap): the CSL variable, the
/// library's field, and the types it is asked of (`None`: every type).
const NOTICED: &[(&str, &str, Option<&[SourceType]>)] = &[
    ("issued", "date", None),
    ("container-title", "site", Some(&[SourceType::Web])),
    ("URL", "url", Some(&[SourceType::Web])),
    ("publisher", "publisher", Some(&[SourceType::Book])),
    ("page", "pages", Some(&[SourceType::Article])),
    (
        "authority",
        "jurisdiction",
        Some(&[SourceType::Legislation]),
    ),
];

/// Warns, at its entry in the library, of each cited source that lacks a
/// field `style` prints.
pub fn missing_fields<'k>(
    keys: impl IntoIterator<Item = &'k str>,
    library: &Library,
    style: &CslStyle,
    diagnostics: &mut Diagnostics,
) {
    let mut seen = foldhash::HashSet::default();
    for key in keys {
        if !seen.insert(key) {
            continue;
        }
        let Some(source) = library.get(key) else {
            continue;
        };
        for &(variable, field, types) in NOTICED {
            let asked = types.is_none_or(|types| types.contains(&source.kind));
            let has = if field == "date" {
                source.date.is_some()
            } else {
                source.field(field).is_some()
            };
            if !asked || has || !style.prints(variable) {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingStyleField,
                    source.span,
                    format!(
                        "`{key}` has no `{field}`, which the style `{}` prints for a source of type `{}`",
                        style.name,
                        source.kind.name()
                    ),
                )
                .with_label("cited, and lacks a field")
                .with_help(format!(
                    "add `{field}` to this entry; without it the style prints its own \
                     placeholder or nothing (`[lints] missing-style-field = \"allow\"` \
                     to accept that)"
                )),
            );
        }
    }
}
