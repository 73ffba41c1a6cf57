//! Notes in a CSL style (`[style] csl`): a briefing's citations handed to
//! hayagriva's engine in note order, each with briefc's note number, so
//! that a style's first, subsequent, "Ibid." and `(n 12)` forms follow the
//! notes as printed.
//!
//! The engine decides "Ibid." from the citation just before, whatever
//! note it stood in. briefc's rule is stricter (only the single citation
//! of a note, after a note that cites exactly that one source), so where
//! the rule breaks the chain a hidden citation of no source is put between
//! the two: the engine then sees another source before and prints the
//! subsequent form.

mod inlines;
mod locator;
mod sources;

use std::sync::OnceLock;

use citationberg::LocaleCode;
use citationberg::json::Item;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, ElemMeta,
    SpecificLocator,
};

pub use sources::missing_fields;

use super::Library;
use crate::locale::Locale;
use crate::model::Inline;
use crate::options::CslStyle;

/// One item of a bracket, as written.
#[derive(Debug, Clone, Copy)]
pub struct CiteItem<'a> {
    pub key: &'a str,
    pub locator: Option<&'a str>,
    pub prefix: &'a str,
    pub suppress_author: bool,
}

/// One bracket `[see @a, p. 5; @b]` of a note: its index among the
/// briefing's citations, and its items.
#[derive(Debug, Clone)]
pub struct Bracket<'a> {
    pub id: usize,
    pub items: Vec<CiteItem<'a>>,
}

/// The brackets of one note, in reading order.
#[derive(Debug, Clone)]
pub struct NoteCites<'a> {
    pub number: u32,
    pub brackets: Vec<Bracket<'a>>,
}

impl NoteCites<'_> {
    /// The note cites exactly one source, once: only such a note may
    /// follow or be followed by "Ibid.".
    fn single(&self) -> bool {
        self.brackets.len() == 1 && self.brackets[0].items.len() == 1
    }
}

/// What the engine wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// Each bracket as printed, by its index among the citations; `None`
    /// for a bracket of no known source.
    pub brackets: Vec<Option<Vec<Inline>>>,
    /// The sources cited, as the style's bibliography prints and sorts
    /// them (empty unless asked for, or when the style has none).
    pub bibliography: Vec<Vec<Inline>>,
    /// Why the engine could not write the notes, when it could not.
    pub failure: Option<String>,
}

/// The terms of CSL's own locales (bundled with hayagriva), read once.
fn locale_files() -> &'static [citationberg::Locale] {
    static LOCALES: OnceLock<Vec<citationberg::Locale>> = OnceLock::new();
    LOCALES.get_or_init(hayagriva::archive::locales)
}

/// CSL's locale for a briefing's language: its terms and dates.
fn locale_code(language: &str) -> LocaleCode {
    let code = match language {
        "en" => "en-US",
        "fr" => "fr-FR",
        "es" => "es-ES",
        "ru" => "ru-RU",
        "ar" => "ar",
        "zh" => "zh-CN",
        other => other,
    };
    LocaleCode(code.to_string())
}

/// The key of the hidden item that breaks an "Ibid." chain; no library
/// key can take it (keys have no spaces).
const BREAK: &str = " chain break";

/// Writes every bracket of `notes` (in number order) in `style`, and the
/// bibliography when `bibliography`. A failure of the engine (a panic on
/// a style it cannot handle) is reported in `failure`, not the end of the
/// build.
pub fn write(
    notes: &[NoteCites<'_>],
    citation_count: usize,
    library: &Library,
    style: &CslStyle,
    locale: &Locale,
    ibid: bool,
    bibliography: bool,
) -> Written {
    let run = || {
        let items = sources::Items::of(notes, library);
        let code = locale_for(style, &locale.language);
        let context = Context {
            style,
            code,
            files: locale_files(),
            ibid,
            bibliography,
        };
        context.run(notes, &items, citation_count)
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".to_string());
        Written {
            brackets: vec![None; citation_count],
            bibliography: Vec::new(),
            failure: Some(why),
        }
    })
}

/// The locale the engine writes in: the style's own when it is in the
/// briefing's language (OSCOLA's British English), else CSL's for the
/// language.
fn locale_for(style: &CslStyle, language: &str) -> LocaleCode {
    match &style.style.default_locale {
        Some(own) if own.0.split('-').next() == Some(language) => own.clone(),
        _ => locale_code(language),
    }
}

/// Whether the locale puts a full stop or comma inside a closing
/// quotation mark (CSL's `punctuation-in-quote`: American English), as
/// the style's own locale says, else CSL's.
fn punctuation_in_quote(
    style: &CslStyle,
    files: &[citationberg::Locale],
    code: &LocaleCode,
) -> bool {
    let language = code.0.split('-').next().unwrap_or_default();
    let applies = |l: &citationberg::Locale| match &l.lang {
        None => true,
        Some(lang) => lang == code || lang.0 == language,
    };
    style
        .style
        .locale
        .iter()
        .filter(|l| applies(l))
        .chain(files.iter().filter(|l| l.lang.as_ref() == Some(code)))
        .find_map(|l| l.style_options.as_ref()?.punctuation_in_quote)
        .unwrap_or(false)
}

/// One briefing's run of the engine.
struct Context<'s> {
    style: &'s CslStyle,
    code: LocaleCode,
    files: &'s [citationberg::Locale],
    ibid: bool,
    bibliography: bool,
}

impl Context<'_> {
    fn run(
        &self,
        notes: &[NoteCites<'_>],
        items: &sources::Items,
        citation_count: usize,
    ) -> Written {
        let breaker = sources::breaker(BREAK);
        let mut driver: BibliographyDriver<'_, Item> = BibliographyDriver::new();
        // What each request to the engine was: a bracket, or a chain break.
        let mut requests: Vec<Option<&Bracket<'_>>> = Vec::new();
        let mut single_before: Option<usize> = None;
        // The last source the engine was given.
        let mut last: Option<&str> = None;
        for (index, note) in notes.iter().enumerate() {
            let follows_single = single_before.is_some_and(|before| before + 1 == index);
            let single = note.single();
            let mut first_bracket = true;
            let mut any_known = false;
            for bracket in &note.brackets {
                let known: Vec<&CiteItem<'_>> = bracket
                    .items
                    .iter()
                    .filter(|i| items.get(i.key).is_some())
                    .collect();
                let (Some(first), Some(end)) = (known.first(), known.last()) else {
                    continue;
                };
                any_known = true;
                // The engine would print "Ibid." for a source right after
                // itself; where briefc's rule says no, another (hidden)
                // citation goes between them.
                let may_repeat = self.ibid && single && follows_single && first_bracket;
                if last == Some(first.key) && !may_repeat {
                    let hidden = CitationItem::new(&breaker, None, None, true, None);
                    driver.citation(self.request(vec![hidden], None));
                    requests.push(None);
                }
                let cited = known
                    .iter()
                    .filter_map(|item| {
                        let entry = items.get(item.key)?;
                        let locator = item.locator.map(|written| {
                            let (kind, value) = locator::read(written);
                            SpecificLocator(kind, hayagriva::LocatorPayload::Str(value))
                        });
                        Some(CitationItem::new(entry, locator, None, false, None))
                    })
                    .collect();
                driver.citation(self.request(cited, Some(note.number as usize)));
                requests.push(Some(bracket));
                last = Some(end.key);
                first_bracket = false;
            }
            if any_known {
                single_before = single.then_some(index);
            }
        }
        self.finish(driver, &requests, items, citation_count)
    }

    fn request<'a>(
        &'a self,
        items: Vec<CitationItem<'a, Item>>,
        note: Option<usize>,
    ) -> CitationRequest<'a, Item> {
        CitationRequest::new(
            items,
            &self.style.style,
            Some(self.code.clone()),
            self.files,
            note,
        )
    }

    fn finish(
        &self,
        driver: BibliographyDriver<'_, Item>,
        requests: &[Option<&Bracket<'_>>],
        items: &sources::Items,
        citation_count: usize,
    ) -> Written {
        let style = self.style;
        let bibliography = self.bibliography;
        let code = self.code.clone();
        let files = self.files;
        let marks_inside = punctuation_in_quote(style, files, &code);
        let listed = if bibliography {
            &style.style
        } else {
            &style.notes_only
        };
        let rendered = driver.finish(BibliographyRequest::new(listed, Some(code), files));
        let mut written = Written {
            brackets: vec![None; citation_count],
            bibliography: Vec::new(),
            failure: None,
        };
        for (request, citation) in requests.iter().zip(rendered.citations) {
            let Some(bracket) = request else {
                continue;
            };
            let known: Vec<&CiteItem<'_>> = bracket
                .items
                .iter()
                .filter(|i| items.get(i.key).is_some())
                .collect();
            if let Some(slot) = written.brackets.get_mut(bracket.id) {
                let inlines = bracket_inlines(citation.citation.0, &known);
                *slot = Some(inlines::tidy_punctuation(inlines, marks_inside));
            }
        }
        if bibliography && let Some(list) = rendered.bibliography {
            for item in list.items.into_iter().filter(|item| item.key != BREAK) {
                let mut entry = Vec::new();
                if let Some(first) = item.first_field {
                    inlines::push(std::slice::from_ref(&first), &mut entry);
                    entry.push(Inline::Text(" ".to_string()));
                }
                inlines::push(&item.content.0, &mut entry);
                let entry = inlines::tidy_punctuation(merge_texts(entry), marks_inside);
                // A style may list a kind of source as nothing (Chicago leaves
                // interviews and letters out of its bibliography).
                if !crate::model::plain_text(&entry).trim().is_empty() {
                    written.bibliography.push(entry);
                }
            }
        }
        written
    }
}

/// A bracket as printed: each item's prefix before it, the author left
/// out where the item asks for that.
fn bracket_inlines(mut children: Vec<ElemChild>, items: &[&CiteItem<'_>]) -> Vec<Inline> {
    let mut out = Vec::new();
    for child in &mut children {
        let ElemChild::Elem(elem) = child else {
            inlines::push(std::slice::from_ref(child), &mut out);
            continue;
        };
        let Some(ElemMeta::Entry(index)) = elem.meta else {
            inlines::push(std::slice::from_ref(child), &mut out);
            continue;
        };
        if let Some(item) = items.get(index) {
            if !item.prefix.is_empty() {
                out.push(Inline::Text(format!("{} ", item.prefix)));
            }
            if item.suppress_author {
                inlines::drop_names(&mut elem.children.0);
            }
        }
        inlines::push(&elem.children.0, &mut out);
    }
    merge_texts(out)
}

/// Adjacent texts as one, as the house style writes them.
fn merge_texts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text(last)), Inline::Text(text)) => last.push_str(&text),
            (_, inline) => out.push(inline),
        }
    }
    out
}
