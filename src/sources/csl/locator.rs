//! A citation's locator as written (`p. 5`, `12-14`, `para. 3`) read as
//! CSL's: a label of its list and the value after it. A bare number or
//! range is a page, as in the house style; a label CSL does not know is
//! printed as written.

use citationberg::taxonomy::Locator;

/// The labels authors write, with the CSL locator each stands for.
const LABELS: &[(&str, Locator)] = &[
    ("p.", Locator::Page),
    ("pp.", Locator::Page),
    ("page", Locator::Page),
    ("pages", Locator::Page),
    ("para.", Locator::Paragraph),
    ("paras.", Locator::Paragraph),
    ("paragraph", Locator::Paragraph),
    ("¶", Locator::Paragraph),
    ("art.", Locator::ArticleLocator),
    ("arts.", Locator::ArticleLocator),
    ("article", Locator::ArticleLocator),
    ("ch.", Locator::Chapter),
    ("chap.", Locator::Chapter),
    ("chapter", Locator::Chapter),
    ("sec.", Locator::Section),
    ("s.", Locator::Section),
    ("section", Locator::Section),
    ("§", Locator::Section),
    ("§§", Locator::Section),
    ("n.", Locator::Note),
    ("nn.", Locator::Note),
    ("note", Locator::Note),
    ("vol.", Locator::Volume),
    ("vols.", Locator::Volume),
    ("fig.", Locator::Figure),
    ("figure", Locator::Figure),
    ("l.", Locator::Line),
    ("ll.", Locator::Line),
    ("line", Locator::Line),
    ("pt.", Locator::Part),
    ("part", Locator::Part),
    ("app.", Locator::Appendix),
    ("appendix", Locator::Appendix),
    ("col.", Locator::Column),
    ("tbl.", Locator::Table),
    ("table", Locator::Table),
    ("r.", Locator::Rule),
    ("rule", Locator::Rule),
    // Written without their full stop.
    ("p", Locator::Page),
    ("pp", Locator::Page),
    ("para", Locator::Paragraph),
    ("paras", Locator::Paragraph),
    ("art", Locator::ArticleLocator),
    ("ch", Locator::Chapter),
    ("sec", Locator::Section),
];

/// The locator's kind and value; `Custom` (printed without a label) for
/// one CSL has no name for.
pub fn read(written: &str) -> (Locator, &str) {
    let written = written.trim();
    if is_pages(written) {
        return (Locator::Page, written);
    }
    let (label, value) = match written.split_once(char::is_whitespace) {
        Some((label, value)) => (label, value.trim()),
        // `p.5`, `para.3`: the label ends at its full stop.
        None if written.contains('.') && !written.ends_with('.') => {
            let at = written.find('.').unwrap_or_default() + 1;
            (&written[..at], &written[at..])
        }
        // `§4`, `¶12`: the sign is the label.
        None if written.starts_with(['§', '¶']) => {
            let value = written.trim_start_matches(['§', '¶']);
            (&written[..written.len() - value.len()], value)
        }
        None => return (Locator::Custom, written),
    };
    let lower = label.to_lowercase();
    match LABELS.iter().find(|(l, _)| *l == lower) {
        Some(&(_, locator)) if !value.is_empty() => (locator, value),
        _ => (Locator::Custom, written),
    }
}

/// `12`, `12-14`, `12–14`, `xii`, `12, 15`: pages without a label, each
/// a number or a Roman numeral.
fn is_pages(text: &str) -> bool {
    let mut parts = text
        .split(|c: char| matches!(c, '-' | '–' | ',') || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .peekable();
    parts.peek().is_some()
        && !text.starts_with([',', '-', '–'])
        && parts.all(|p| p.bytes().all(|b| b.is_ascii_digit()) || is_roman(p))
}

/// A Roman numeral as written in page numbers (`xii`, `XIV`), not a word
/// made of the same letters (`civil`).
fn is_roman(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let value = |c: u8| match c {
        b'i' => Some(1),
        b'v' => Some(5),
        b'x' => Some(10),
        b'l' => Some(50),
        b'c' => Some(100),
        b'd' => Some(500),
        b'm' => Some(1000),
        _ => None,
    };
    let Some(digits) = lower.bytes().map(value).collect::<Option<Vec<u32>>>() else {
        return false;
    };
    if digits.is_empty() || digits.len() > 15 {
        return false;
    }
    // Read the numeral, then write the number again: only a numeral in
    // the usual form reads back the same.
    let mut number = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            number -= d as i64;
        } else {
            number += d as i64;
        }
    }
    number > 0 && number < 4000 && roman(number as u32) == lower
}

fn roman(mut number: u32) -> String {
    const PARTS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, letters) in PARTS {
        while number >= value {
            out.push_str(letters);
            number -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_bare_pages() {
        assert_eq!(read("12"), (Locator::Page, "12"));
        assert_eq!(read("12-14"), (Locator::Page, "12-14"));
        assert_eq!(read("p. 5"), (Locator::Page, "5"));
        assert_eq!(read("pp. 72-76"), (Locator::Page, "72-76"));
        assert_eq!(read("para. 3"), (Locator::Paragraph, "3"));
        assert_eq!(read("art. 462"), (Locator::ArticleLocator, "462"));
        assert_eq!(read("§4"), (Locator::Section, "4"));
        assert_eq!(read("annex II"), (Locator::Custom, "annex II"));
        assert_eq!(read("chapter"), (Locator::Custom, "chapter"));
        assert_eq!(read("xii"), (Locator::Page, "xii"));
        assert_eq!(read("XIV-XVI"), (Locator::Page, "XIV-XVI"));
        assert_eq!(read("civil"), (Locator::Custom, "civil"));
        assert_eq!(read("ill"), (Locator::Custom, "ill"));
        assert_eq!(read("p.5"), (Locator::Page, "5"));
        assert_eq!(read("para 3"), (Locator::Paragraph, "3"));
        assert_eq!(read("12, 15"), (Locator::Page, "12, 15"));
    }
}
