//! Typography that follows the briefing's language, applied to the
//! author's text and to the text briefc writes alike: quotation marks
//! (“English” in the sources become «ёлочки» with „лапки“ nested inside in
//! Russian), and French spacing before `; ! ? :` and inside « ».
//!
//! The Markdown reader and the library curl straight quotation marks the
//! English way first; [`localise`] then maps those marks, counting how
//! deep each stands, so the author writes `"..."` in any language.

use super::Locale;
use crate::model::visit::{VisitMut, walk_block_mut, walk_inline_mut};
use crate::model::{Block, Inline};

const NO_BREAK_SPACE: char = '\u{00A0}';
const NARROW_NO_BREAK_SPACE: char = '\u{202F}';

/// Straight quotation marks made English-typographic: an opening mark at
/// the start, after a space or an opening bracket or dash; a closing one
/// (and an apostrophe) anywhere else.
pub fn curl(text: &str) -> String {
    if memchr::memchr2(b'"', b'\'', text.as_bytes()).is_none() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let opening = previous.is_none_or(|p| p.is_whitespace() || "([{“‘—–«„".contains(p));
        out.push(match (c, opening) {
            ('"', true) => '“',
            ('"', false) => '”',
            ('\'', true) => '‘',
            ('\'', false) => '’',
            _ => c,
        });
        previous = Some(c);
    }
    out
}

/// Whether `locale` changes English-curled text at all (English and
/// Chinese use the same marks and no extra spacing).
pub(super) fn changes_text(locale: &Locale) -> bool {
    locale.space_before_punctuation || locale.quotes[..] != ["“", "”", "‘", "’"]
}

/// The quotation marks open at a point of the text, innermost last.
#[derive(Default)]
struct Nesting {
    open: Vec<Mark>,
    /// The last character of the text before, in an earlier inline.
    before: Option<char>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Double,
    Single,
    /// The locale's own inner mark, typed as it is (`„`).
    Inner,
}

/// English-curled `text` in the locale's marks and spacing.
pub fn localise(text: &str, locale: &Locale) -> String {
    if !changes_text(locale) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    localise_into(&mut out, text, locale, &mut Nesting::default());
    out
}

fn localise_into(out: &mut String, text: &str, locale: &Locale, nesting: &mut Nesting) {
    let [open2, close2, open1, close1] = &locale.quotes;
    let outer_open = open2.trim_matches(is_space).chars().next();
    let outer_close = close2.trim_matches(is_space).chars().last();
    let inner_open = open1.chars().next().filter(|c| !"“‘".contains(*c));
    let french = locale.space_before_punctuation;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            // Russian „лапки“ typed as they are: the “ closes them.
            '“' if nesting.open.last() == Some(&Mark::Inner) => {
                nesting.open.pop();
                out.push(c);
            }
            _ if Some(c) == inner_open => {
                nesting.open.push(Mark::Inner);
                out.push(c);
            }
            '“' | '‘' => {
                let mark = if c == '“' {
                    Mark::Double
                } else {
                    Mark::Single
                };
                // The outermost quotation takes the locale's main marks,
                // whichever English mark the author used.
                out.push_str(if nesting.open.is_empty() {
                    open2
                } else {
                    open1
                });
                nesting.open.push(mark);
            }
            '”' => {
                if nesting.open.last() == Some(&Mark::Double) {
                    nesting.open.pop();
                }
                out.push_str(if nesting.open.is_empty() {
                    close2
                } else {
                    close1
                });
            }
            // A closing single mark closes a quotation only when one is
            // open; otherwise it is an apostrophe (l’homme, O’Brien).
            '’' if nesting.open.last() == Some(&Mark::Single) => {
                nesting.open.pop();
                out.push_str(if nesting.open.is_empty() {
                    close2
                } else {
                    close1
                });
            }
            _ if Some(c) == outer_open && c != '“' => {
                out.push(c);
                nesting.open.push(Mark::Double);
                if french && !next.is_some_and(is_space) {
                    out.push(NO_BREAK_SPACE);
                } else if french && next == Some(' ') {
                    chars.next();
                    out.push(NO_BREAK_SPACE);
                }
            }
            _ if Some(c) == outer_close && c != '”' => {
                nesting.open.pop();
                if french {
                    space_before(out, NO_BREAK_SPACE, nesting.before);
                }
                out.push(c);
            }
            ';' | '!' | '?' if french && ends_a_phrase(next) && !in_address(out) => {
                space_before(out, NARROW_NO_BREAK_SPACE, nesting.before);
                out.push(c);
            }
            ':' if french && ends_a_phrase(next) && !in_address(out) => {
                space_before(out, NO_BREAK_SPACE, nesting.before);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == NO_BREAK_SPACE || c == NARROW_NO_BREAK_SPACE
}

/// A `:` or `?` that ends a phrase, not one inside an address (`https:`,
/// `?id=3`) or a time (`10:30`).
fn ends_a_phrase(next: Option<char>) -> bool {
    next.is_none_or(|n| n.is_whitespace() || "»”’)]?!;:.".contains(n))
}

/// Whether the word being written is a web address, whose marks stay as
/// they are.
fn in_address(out: &str) -> bool {
    let word = out.rsplit(char::is_whitespace).next().unwrap_or("");
    word.contains("://") || word.starts_with("www.")
}

/// Puts `space` before the mark about to be written: in place of a plain
/// space the author typed, after a word, and never twice or within a run
/// of marks (`?!`).
fn space_before(out: &mut String, space: char, before: Option<char>) {
    match out.chars().last() {
        Some(' ') => {
            out.pop();
            out.push(space);
        }
        Some(c) if is_space(c) || c.is_whitespace() || "?!;:".contains(c) => {}
        Some(_) => out.push(space),
        // At the start of an inline: the text before decides. (A plain
        // space there stays; it is in another inline.)
        None => {
            if before.is_some_and(|c| !c.is_whitespace() && !is_space(c) && !"?!;:".contains(c)) {
                out.push(space);
            }
        }
    }
}

/// Applies the locale's typography to every text of `blocks`, keeping
/// track of the quotation marks open across the inlines of a paragraph.
pub fn localise_blocks(blocks: &mut [Block], locale: &Locale) {
    if locale.language == "zh" {
        let mut pass = PairQuotes { open: false };
        for block in blocks.iter_mut() {
            pass.visit_block_mut(block);
        }
    }
    if !changes_text(locale) {
        return;
    }
    let mut pass = Localise {
        locale,
        nesting: Nesting::default(),
    };
    for block in blocks {
        pass.visit_block_mut(block);
    }
}

/// [`localise_blocks`] for one line of inlines, such as a contents entry.
pub fn localise_inlines(inlines: &mut Vec<Inline>, locale: &Locale) {
    if locale.language == "zh" {
        PairQuotes { open: false }.visit_inlines_mut(inlines);
    }
    if !changes_text(locale) {
        return;
    }
    let mut pass = Localise {
        locale,
        nesting: Nesting::default(),
    };
    pass.visit_inlines_mut(inlines);
}

/// Chinese: double quotation marks typed straight (`他说"燕子飞"`), which
/// Markdown's smart punctuation cannot tell open from closed between
/// characters with no space around them, are paired again in reading
/// order, opening then closing, as Chinese publishers print them
/// (`“燕子飞”`). Double quotes do not nest in Chinese text.
struct PairQuotes {
    open: bool,
}

impl VisitMut for PairQuotes {
    fn visit_block_mut(&mut self, block: &mut Block) {
        self.open = false;
        walk_block_mut(self, block);
    }

    fn visit_inline_mut(&mut self, inline: &mut Inline) {
        match inline {
            Inline::Text(text) if text.contains(['"', '“', '”']) => {
                let mut out = String::with_capacity(text.len() + 8);
                for c in text.chars() {
                    if matches!(c, '"' | '“' | '”') {
                        out.push(if self.open { '”' } else { '“' });
                        self.open = !self.open;
                    } else {
                        out.push(c);
                    }
                }
                *text = out;
            }
            Inline::Code(_) | Inline::Html(_) => {}
            _ => walk_inline_mut(self, inline),
        }
    }
}

struct Localise<'l> {
    locale: &'l Locale,
    nesting: Nesting,
}

impl VisitMut for Localise<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        self.nesting = Nesting::default();
        walk_block_mut(self, block);
    }

    fn visit_inline_mut(&mut self, inline: &mut Inline) {
        match inline {
            Inline::Text(text) => {
                let mut out = String::with_capacity(text.len() + 8);
                localise_into(&mut out, text, self.locale, &mut self.nesting);
                if let Some(c) = out.chars().last() {
                    self.nesting.before = Some(c);
                }
                *text = out;
            }
            Inline::Code(_) => {}
            _ => walk_inline_mut(self, inline),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(language: &str) -> std::sync::Arc<Locale> {
        Locale::for_language(language, &[])
    }

    #[test]
    fn quotes_open_after_spaces_and_brackets_and_close_elsewhere() {
        assert_eq!(
            curl("\"Bullets\": the 'case' of O'Brien (\"x\")"),
            "“Bullets”: the ‘case’ of O’Brien (“x”)"
        );
    }

    #[test]
    fn russian_nests_lapki_inside_yolochki_and_keeps_apostrophes() {
        let ru = locale("ru");
        assert_eq!(
            ru.smarten("\"Он сказал: \"нет\"\" и O'Brien"),
            "«Он сказал: „нет“» и O’Brien"
        );
        assert_eq!(localise("«Дело “Иванова”»", &ru), "«Дело „Иванова“»");
        assert_eq!(
            localise("«Дело „Иванова“» и “ещё”", &ru),
            "«Дело „Иванова“» и «ещё»"
        );
    }

    #[test]
    fn french_spaces_before_high_punctuation_and_inside_guillemets() {
        let fr = locale("fr");
        assert_eq!(
            fr.smarten("Il a dit \"non\" ; vraiment? Oui: à 10:30, voir https://x.org/?a=1!"),
            "Il a dit «\u{a0}non\u{a0}»\u{202f}; vraiment\u{202f}? Oui\u{a0}: à 10:30, voir https://x.org/?a=1!"
        );
        assert_eq!(localise("« déjà »", &fr), "«\u{a0}déjà\u{a0}»");
        assert_eq!(localise("Quoi ?!", &fr), "Quoi\u{202f}?!");
    }

    #[test]
    fn english_and_chinese_text_is_left_as_curled() {
        assert_eq!(localise("“a ‘b’ c”: d", &locale("en")), "“a ‘b’ c”: d");
        assert_eq!(localise("“一些”", &locale("zh")), "“一些”");
    }

    #[test]
    fn straight_quotes_in_chinese_are_paired() {
        let mut inlines = vec![
            Inline::Text("他说\"燕子".to_string()),
            Inline::Emphasis(vec![Inline::Text("飞".to_string())]),
            Inline::Text("\"，然后\"走了\"。".to_string()),
        ];
        localise_inlines(&mut inlines, &locale("zh"));
        let text: String = crate::model::visit::plain_text(&inlines);
        assert_eq!(text, "他说“燕子飞”，然后“走了”。");
    }
}
