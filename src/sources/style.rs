//! How a citation reads: the full, short and "Ibid." forms of every source
//! type (house style, section 1), as inlines that both renderers print:
//! italic titles are emphasis, web addresses are links.

use super::library::{Source, SourceType};
use crate::locale::Locale;
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

/// The last character of the text of `inlines`.
pub fn last_char(inlines: &[Inline]) -> Option<char> {
    for inline in inlines.iter().rev() {
        let found = match inline {
            Inline::Text(t) | Inline::Code(t) => t.chars().last(),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => last_char(c),
            Inline::Link(link) => last_char(&link.content),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The last text inline, however deeply it is nested.
fn last_text_mut(inlines: &mut [Inline]) -> Option<&mut String> {
    match inlines.last_mut()? {
        Inline::Text(t) => Some(t),
        Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => last_text_mut(c),
        _ => None,
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
            let quote_at = text.len() - closing.len_utf8();
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
    // An interview or a letter reads the same every time.
    let full = request.form == Form::Full
        || matches!(source.kind, SourceType::Interview | SourceType::Letter);
    let author = (!request.omit_author && !source.authors.is_empty())
        .then(|| locale.join_names(&source.authors));
    let title = if full {
        source.field("title").map(str::to_string)
    } else {
        source.short_title()
    }
    .unwrap_or_default();
    // Only a full form prints the date.
    let date = source
        .date
        .filter(|_| full)
        .map(|d| locale.date(&d, request.dates));
    let field = |name: &str| source.field(name);
    let locator = request.locator.map(|l| locale.locator(l));
    let mut locator_done = false;

    // The opening: author (where the type leads with it) and title.
    let leading_author = |s: &mut Styled| {
        if let Some(a) = &author {
            s.text(a);
            s.comma();
        }
    };
    match source.kind {
        SourceType::Report | SourceType::Book => {
            leading_author(&mut s);
            s.italic(&title);
        }
        SourceType::News => {
            if full {
                leading_author(&mut s);
            }
            s.quoted(&title);
            s.comma();
            s.text(field("publication").unwrap_or_default());
        }
        SourceType::PressRelease => {
            s.quoted(&title);
            s.comma();
            s.text(&locale.press_release(&locale.join_names(&source.authors)));
        }
        SourceType::Article => {
            leading_author(&mut s);
            s.quoted(&title);
            if full {
                s.comma();
                s.italic(field("journal").unwrap_or_default());
            }
        }
        SourceType::UnDocument => {
            if full {
                leading_author(&mut s);
            }
            s.quoted(&title);
            // What the document is, between its title and its symbol: "an
            // annex to a letter dated ...".
            if full && let Some(description) = field("description") {
                s.comma();
                s.text(description);
            }
            let symbol = field("symbol").unwrap_or_default();
            match (&date, full) {
                (Some(d), true) => {
                    let (comma, after) = locale.comma();
                    s.text(&locale.bracketed(&format!("{symbol}{comma}{after}{d}")))
                }
                _ => s.text(&locale.bracketed(symbol)),
            }
        }
        SourceType::Case | SourceType::Legislation => {
            s.italic(&title);
            if full && source.kind == SourceType::Case {
                s.comma();
                s.text(field("court").unwrap_or_default());
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
            if let Some(t) = field("title") {
                s.comma();
                s.quoted(t);
            }
        }
        SourceType::Web => {
            leading_author(&mut s);
            s.quoted(&title);
        }
        SourceType::Other => {
            leading_author(&mut s);
            s.text(&title);
        }
    }

    // The details of a full form, in the order the house style gives.
    let mut parts: Vec<String> = Vec::new();
    if full {
        match source.kind {
            SourceType::Report => {
                parts.extend(field("volume").map(|v| locale.volume(v)));
                parts.extend(field("number").map(|n| locale.number(n)));
                parts.extend(date.clone());
            }
            SourceType::News
            | SourceType::PressRelease
            | SourceType::Legislation
            | SourceType::Other => {
                if source.kind == SourceType::Legislation {
                    parts.extend(field("jurisdiction").map(str::to_string));
                }
                if source.kind == SourceType::Other {
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
    }
    for part in &parts {
        s.comma();
        s.text(part);
    }
    if full && source.kind == SourceType::Article {
        if let Some(d) = &date {
            s.text(&locale.bracketed(d));
        }
        // A locator takes the place of the article's pages.
        if let Some(l) = &locator {
            s.comma();
            s.text(l);
            locator_done = true;
        } else if let Some(pages) = field("pages") {
            s.comma();
            s.text(pages);
        }
    }
    if full && source.kind == SourceType::Book {
        let place_publisher = match (field("place"), field("publisher")) {
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
    if let Some(l) = &locator
        && !locator_done
    {
        s.comma();
        s.text(l);
    }
    let takes_url = !matches!(source.kind, SourceType::Interview | SourceType::Letter);
    if full
        && takes_url
        && let Some(url) = field("url")
    {
        s.comma();
        s.url(url);
    }
    s.inlines
}
