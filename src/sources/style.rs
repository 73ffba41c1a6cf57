//! How a citation reads: the full, short and "Ibid." forms of every source
//! type (house style, section 1), as inlines that both renderers print:
//! italic titles are emphasis, web addresses are links.

use super::source::{Source, SourceType};
use crate::locale::Locale;
use crate::model::visit::{last_char, last_text_mut};
use crate::model::{DateStyle, Inline, Link, plain_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Full,
    Short,
    Ibid,
}

/// A formatted citation being put together. Separators are attached
/// through [`add_mark`], so a comma lands inside a closing quote and no
/// mark is doubled.
struct Styled<'l> {
    inlines: Vec<Inline>,
    locale: &'l Locale,
}

impl Styled<'_> {
    fn text(&mut self, text: &str) {
        if let Some(Inline::Text(last)) = self.inlines.last_mut() {
            last.push_str(text);
        } else {
            self.inlines.push(Inline::Text(text.to_string()));
        }
    }

    /// A title English sets in italics: in italics, or in the marks the
    /// locale sets titles in (Chinese 《》).
    fn italic(&mut self, text: &str) {
        match self.locale.marked_title(text) {
            Some(marked) => self.text(&marked),
            None => self
                .inlines
                .push(Inline::Emphasis(vec![Inline::Text(text.to_string())])),
        }
    }

    fn quoted(&mut self, text: &str) {
        self.text(&self.locale.quoted(text));
    }

    fn url(&mut self, url: &str) {
        self.inlines.push(Inline::Link(Box::new(Link {
            url: url.to_string(),
            title: String::new(),
            content: vec![Inline::Text(url.to_string())],
        })));
    }

    /// `, ` (the locale's) before the next part.
    fn comma(&mut self) {
        add_mark(&mut self.inlines, ',', self.locale);
        let (_, after) = self.locale.comma();
        self.text(after);
    }
}

/// Abbreviations keep a comma after their full stop (`Ibid., p. 7`,
/// `Inc., 2006`); a sentence's full stop does not take one.
fn ends_with_abbreviation(inlines: &[Inline]) -> bool {
    let text = plain_text(inlines);
    let word = text
        .trim_end_matches('.')
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    !word.is_empty() && word.chars().count() <= 5 && word.chars().all(char::is_alphabetic)
}

/// Puts a comma (`,` meaning the locale's: `،` in Arabic, `，` in Chinese)
/// or full stop after `inlines`: inside a closing quotation mark where the
/// locale says so (American style), dropped after `?` or `!`, never
/// doubled.
pub fn add_mark(inlines: &mut Vec<Inline>, mark: char, locale: &Locale) {
    let (comma, _) = locale.comma();
    let mark = if mark == ',' { comma } else { mark };
    let closing = locale.closing_quote();
    match last_char(inlines) {
        Some(c) if c == closing && locale.marks_inside_quotes() => {
            let Some(text) = last_text_mut(inlines) else {
                inlines.push(Inline::Text(mark.to_string()));
                return;
            };
            let mut quote_at = text.len() - closing.len_utf8();
            // A quotation closing inside the quotation (`‘... Uzbekistan’”`):
            // the mark goes inside both, when that inner mark closes a
            // quotation opened after the outer one (not an apostrophe).
            let (inner_open, inner_close) = locale.inner_quotes();
            if text[..quote_at].ends_with(inner_close)
                && let Some(opened) = text[..quote_at].rfind(inner_open)
                && text[..quote_at]
                    .rfind(locale.opening_quote())
                    .is_none_or(|outer| outer < opened)
            {
                quote_at -= inner_close.len();
            }
            let before = text[..quote_at].chars().last();
            if !matches!(before, Some('.' | ',' | '?' | '!')) {
                text.insert(quote_at, mark);
            }
        }
        Some('?' | '!' | '？' | '！') => {}
        Some('.' | '。') if mark == '.' || mark == '。' => {}
        Some('.') if !ends_with_abbreviation(inlines) => {}
        Some(c) if c == comma || c == ',' => {
            if (mark == '.' || mark == '。')
                && let Some(text) = last_text_mut(inlines)
            {
                text.pop();
                text.push(mark);
            }
        }
        _ => match inlines.last_mut() {
            Some(Inline::Text(t)) => t.push(mark),
            _ => inlines.push(Inline::Text(mark.to_string())),
        },
    }
}

pub struct Request<'a> {
    pub form: Form,
    pub locator: Option<&'a str>,
    /// The item before in the same bracket has the same author.
    pub omit_author: bool,
    /// "Ibid." at the start of a note, "ibid." elsewhere.
    pub capital: bool,
    pub dates: DateStyle,
    /// From this many authors on, the first and "et al." (0: never).
    pub et_al: usize,
    pub locale: &'a Locale,
}

/// Formats one cited source.
pub fn format(source: &Source, request: &Request<'_>) -> Vec<Inline> {
    let locale = request.locale;
    let mut s = Styled {
        inlines: Vec::new(),
        locale,
    };
    if request.form == Form::Ibid {
        s.text(locale.ibid(request.capital));
        if let Some(locator) = request.locator {
            s.comma();
            s.text(&locale.locator(locator));
        }
        return s.inlines;
    }
    let cite = Cite::of(source, request);
    opening(&mut s, &cite);
    details(&mut s, &cite);
    closing(&mut s, &cite);
    s.inlines
}

/// What one full or short citation prints, decided once.
struct Cite<'a> {
    source: &'a Source,
    locale: &'a Locale,
    /// The full form: an interview or a letter reads the same every time.
    full: bool,
    author: Option<String>,
    title: String,
    /// Only a full form prints the date.
    date: Option<String>,
    locator: Option<String>,
}

impl<'a> Cite<'a> {
    fn of(source: &'a Source, request: &Request<'a>) -> Cite<'a> {
        let locale = request.locale;
        let full = request.form == Form::Full
            || matches!(source.kind, SourceType::Interview | SourceType::Letter);
        let title = if full {
            source.field("title").map(str::to_string)
        } else {
            source.short_title()
        };
        Cite {
            source,
            locale,
            full,
            author: (!request.omit_author && !source.authors.is_empty())
                .then(|| locale.authors(&source.authors, request.et_al)),
            title: title.unwrap_or_default(),
            date: source
                .date
                .filter(|_| full)
                .map(|d| locale.date(&d, request.dates)),
            locator: request.locator.map(|l| locale.locator(l)),
        }
    }

    fn field(&self, name: &str) -> Option<&'a str> {
        self.source.field(name)
    }
}

/// The opening: the author (where the type leads with it) and the title.
fn opening(s: &mut Styled<'_>, cite: &Cite<'_>) {
    let (source, locale, full, title) = (cite.source, cite.locale, cite.full, &cite.title);
    let leading_author = |s: &mut Styled| {
        if let Some(a) = &cite.author {
            s.text(a);
            s.comma();
        }
    };
    match source.kind {
        SourceType::Report | SourceType::Book => {
            leading_author(s);
            // A short report's title is quoted, not italic, where the
            // publisher prints it so (`title-marks = "quotes"`).
            if cite.field("title-marks") == Some("quotes") {
                s.quoted(title);
            } else {
                s.italic(title);
            }
            popular_name(s, cite);
            // What kind of report, after its title: "a Human Rights Watch
            // Short Report".
            if full && let Some(genre) = cite.field("genre") {
                s.comma();
                s.text(genre);
            }
        }
        SourceType::News => {
            if full {
                leading_author(s);
            }
            s.quoted(title);
            s.comma();
            s.text(cite.field("publication").unwrap_or_default());
        }
        SourceType::PressRelease => {
            s.quoted(title);
            s.comma();
            s.text(&locale.press_release(&locale.join_names(&source.authors)));
        }
        SourceType::Article => {
            leading_author(s);
            s.quoted(title);
            popular_name(s, cite);
            if full {
                s.comma();
                s.italic(cite.field("journal").unwrap_or_default());
            }
        }
        SourceType::UnDocument => {
            if full {
                leading_author(s);
            }
            s.quoted(title);
            popular_name(s, cite);
            // What the document is, between its title and its symbol: "an
            // annex to a letter dated ...".
            if full && let Some(description) = cite.field("description") {
                s.comma();
                s.text(description);
            }
            let symbol = cite.field("symbol").unwrap_or_default();
            match (&cite.date, full) {
                (Some(d), true) => {
                    let (comma, after) = locale.comma();
                    s.text(&locale.bracketed(&format!("{symbol}{comma}{after}{d}")))
                }
                _ => s.text(&locale.bracketed(symbol)),
            }
        }
        SourceType::Case | SourceType::Legislation => {
            s.italic(title);
            popular_name(s, cite);
            if full && source.kind == SourceType::Case {
                s.comma();
                s.text(cite.field("court").unwrap_or_default());
            }
        }
        SourceType::Interview => {
            s.text(&locale.interview(
                &source.names("interviewer", locale).unwrap_or_default(),
                &source.names("interviewee", locale).unwrap_or_default(),
            ));
        }
        SourceType::Letter => {
            s.text(&locale.letter(
                &locale.join_names(&source.authors),
                &source.names("recipient", locale).unwrap_or_default(),
            ));
            if let Some(t) = cite.field("title") {
                s.comma();
                s.quoted(t);
            }
        }
        SourceType::Web => {
            leading_author(s);
            s.quoted(title);
            popular_name(s, cite);
        }
        SourceType::Other => {
            leading_author(s);
            s.text(title);
            popular_name(s, cite);
        }
    }
}

/// A work's popular name after its title, in the full form:
/// `... Punishment (“The Istanbul Protocol”)`.
fn popular_name(s: &mut Styled<'_>, cite: &Cite<'_>) {
    if cite.full
        && let Some(name) = cite.field("popular-name")
    {
        s.text(&cite.locale.bracketed(&cite.locale.quoted(name)));
    }
}

/// The details of a full form, in the order the house style gives.
fn details(s: &mut Styled<'_>, cite: &Cite<'_>) {
    if !cite.full {
        return;
    }
    let (locale, date) = (cite.locale, &cite.date);
    let field = |name: &str| cite.field(name);
    let mut parts: Vec<String> = Vec::new();
    match cite.source.kind {
        SourceType::Report => {
            parts.extend(field("volume").map(|v| locale.volume(v)));
            parts.extend(field("number").map(|n| locale.number(n)));
            // An NGO's document index follows the date as the publisher
            // prints it: "December 1999 EUR 46/46/99".
            match (date.clone(), field("index")) {
                (Some(d), Some(index)) => parts.push(format!("{d} {index}")),
                (None, Some(index)) => parts.push(index.to_string()),
                (d, None) => parts.extend(d),
            }
        }
        SourceType::News
        | SourceType::PressRelease
        | SourceType::Legislation
        | SourceType::Other => {
            if cite.source.kind == SourceType::Legislation {
                parts.extend(field("jurisdiction").map(str::to_string));
            }
            if cite.source.kind == SourceType::Other {
                parts.extend(field("description").map(str::to_string));
            }
            parts.extend(date.clone());
        }
        SourceType::Article => {
            parts.extend(field("volume").map(|v| locale.volume(v)));
            parts.extend(field("number").map(|n| locale.number(n)));
        }
        SourceType::Case => {
            parts.extend(field("number").map(str::to_string));
            parts.extend(date.clone());
        }
        SourceType::Interview => {
            parts.extend(field("place").map(str::to_string));
            parts.extend(date.clone());
        }
        SourceType::Letter => parts.extend(date.clone()),
        SourceType::Web => {
            parts.extend(field("site").map(str::to_string));
            parts.extend(date.clone());
        }
        SourceType::Book | SourceType::UnDocument => {}
    }
    for part in &parts {
        s.comma();
        s.text(part);
    }
}

/// What follows the details: an article's date and pages, a book's place,
/// publisher and year, the locator, the address.
fn closing(s: &mut Styled<'_>, cite: &Cite<'_>) {
    let (source, locale, full) = (cite.source, cite.locale, cite.full);
    let mut locator_done = false;
    if full && source.kind == SourceType::Article {
        if let Some(d) = &cite.date {
            s.text(&locale.bracketed(d));
        }
        // A locator takes the place of the article's pages.
        if let Some(l) = &cite.locator {
            s.comma();
            s.text(l);
            locator_done = true;
        } else if let Some(pages) = cite.field("pages") {
            s.comma();
            s.text(pages);
        }
    }
    if full && source.kind == SourceType::Book {
        let place_publisher = match (cite.field("place"), cite.field("publisher")) {
            (Some(p), Some(q)) => Some(format!("{p}: {q}")),
            (Some(p), None) | (None, Some(p)) => Some(p.to_string()),
            (None, None) => None,
        };
        let year = source.date.map(|d| d.year.to_string());
        let inside: Vec<String> = place_publisher.into_iter().chain(year).collect();
        if !inside.is_empty() {
            let (comma, after) = locale.comma();
            s.text(&locale.bracketed(&inside.join(&format!("{comma}{after}"))));
        }
    }
    if let Some(l) = &cite.locator
        && !locator_done
    {
        s.comma();
        s.text(l);
    }
    let takes_url = !matches!(source.kind, SourceType::Interview | SourceType::Letter);
    if full
        && takes_url
        && let Some(url) = cite.field("url")
    {
        s.comma();
        s.url(url);
    }
}
