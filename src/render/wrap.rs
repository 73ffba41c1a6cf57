//! Line wrapping by display width: CJK and emoji count two columns, a line
//! breaks at spaces and, in text without spaces (Chinese, Japanese, Thai),
//! where the Unicode line-breaking algorithm (UAX #14, with its East Asian
//! rules) allows: never before `，` or `。`, never after `（`, never before a
//! note's marker, never inside a word of a spaced script or a URL. A word
//! longer than the width stands on a line of its own.
//! Words are placed first-fit (each line takes every word that still fits)
//! in the same pass that finds and measures them, so no list of words is
//! ever built; ASCII, the common case, is measured a byte a column.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

pub use unicode_width::UnicodeWidthStr;

/// Display width of a string; ASCII, the common case, is one column a byte.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        UnicodeWidthStr::width(text)
    }
}

fn is_wide(c: char) -> bool {
    !c.is_ascii() && c.width().unwrap_or(0) >= 2
}

/// The line being filled, first-fit.
struct Filler<F: FnMut(Range<usize>)> {
    /// Columns the current line may take; 0 for no wrapping.
    limit: usize,
    /// Columns of every line after the first.
    rest: usize,
    /// The current line's first byte and the end of its last word.
    line: Option<Range<usize>>,
    /// Columns used by the current line, with the spaces after its last
    /// word (they count only if another word follows on the line).
    used: usize,
    emit: F,
}

impl<F: FnMut(Range<usize>)> Filler<F> {
    fn word(&mut self, start: usize, end: usize, width: usize) {
        match &mut self.line {
            Some(line) if self.limit == 0 || self.used + width <= self.limit => {
                line.end = end;
                self.used += width;
            }
            Some(line) => {
                (self.emit)(line.clone());
                self.line = Some(start..end);
                self.limit = self.rest;
                self.used = width;
            }
            None => {
                self.line = Some(start..end);
                self.used = width;
            }
        }
    }

    fn spaces(&mut self, count: usize) {
        if self.line.is_some() {
            self.used += count;
        }
    }

    fn finish(mut self) {
        if let Some(line) = self.line.take() {
            (self.emit)(line);
        }
    }
}

/// Calls `emit` with the byte range of each line of `text` wrapped to
/// `first` columns for the first line and `rest` after it. A width of 0
/// means no wrapping. Lines never begin or end with a space; text of
/// nothing but spaces has no lines.
///
/// Words end after a run of spaces, and before a wide character: CJK text
/// has no spaces but may break between any two of its characters. A mark
/// that follows a wide character (`。[31]`) stays with it.
pub fn wrap_lines(text: &str, first: usize, rest: usize, mut emit: impl FnMut(Range<usize>)) {
    let no_wrap = first == 0 || rest == 0;
    // ASCII text is wrapped on a fast path of its own, unless a marker
    // stands after a space (`word [7]`) and must be held to its word.
    if text.is_ascii() && !spaced_marker(text) {
        if no_wrap {
            let start = text.len() - text.trim_start_matches(' ').len();
            let end = text.trim_end_matches(' ').len();
            if start < end {
                emit(start..end);
            }
        } else {
            wrap_ascii(text.as_bytes(), first, rest, emit);
        }
        return;
    }
    let mut filler = Filler {
        limit: if no_wrap { 0 } else { first },
        rest: if no_wrap { 0 } else { rest },
        line: None,
        used: 0,
        emit,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // One tight pass over the bytes: a word runs to the next space,
        // and on past it when what follows may not start a line (a
        // closing mark, a note's marker: UAX #14 keeps them even after a
        // space).
        let start = at;
        let mut ascii = true;
        let (end, spaces_from) = loop {
            while at < bytes.len() && bytes[at] != b' ' {
                ascii &= bytes[at].is_ascii();
                at += 1;
            }
            let end = at;
            while at < bytes.len() && bytes[at] == b' ' {
                at += 1;
            }
            let holds = at < bytes.len()
                && end > start
                && (bytes[at] == b'[' || !bytes[at].is_ascii())
                && holds_to_the_left(&text[at..]);
            if !holds {
                break (end, end);
            }
            ascii = false;
        };
        if end > start {
            if ascii {
                filler.word(start, end, end - start);
            } else {
                split_wide(&text[start..end], start, &mut filler);
            }
        }
        filler.spaces(at - spaces_from);
    }
    filler.finish();
}

/// First-fit for ASCII text, where a column is a byte: a line starting at
/// `start` takes every word that ends within `limit` bytes of it, so the
/// break is the last space at or before `start + limit`, found by a search
/// backwards rather than by looking at every word.
fn wrap_ascii(bytes: &[u8], first: usize, rest: usize, mut emit: impl FnMut(Range<usize>)) {
    let skip_spaces = |from: usize| {
        bytes[from..]
            .iter()
            .position(|&b| b != b' ')
            .map_or(bytes.len(), |at| from + at)
    };
    let trim_back = |to: usize| {
        bytes[..to]
            .iter()
            .rposition(|&b| b != b' ')
            .map_or(0, |at| at + 1)
    };
    let mut start = skip_spaces(0);
    let mut limit = first;
    while start < bytes.len() {
        let cap = start + limit;
        let end = if cap >= bytes.len() {
            trim_back(bytes.len())
        } else if bytes[cap] == b' ' {
            trim_back(cap)
        } else {
            match memchr::memrchr(b' ', &bytes[start..cap]) {
                Some(space) => trim_back(start + space),
                // The first word is longer than the line: it stands alone.
                None => memchr::memchr(b' ', &bytes[cap..]).map_or(bytes.len(), |at| cap + at),
            }
        };
        emit(start..end);
        start = skip_spaces(end);
        limit = rest;
    }
}

/// A word with non-ASCII characters: broken where UAX #14 allows next to
/// a wide character or within a script written without spaces (Thai, Lao,
/// Khmer, Myanmar), except before a note's marker (`。[7]`) and anywhere in
/// a URL.
fn split_wide<F: FnMut(Range<usize>)>(word: &str, offset: usize, filler: &mut Filler<F>) {
    let mut columns = 0;
    let mut unspaced = false;
    for c in word.chars() {
        let w = c.width().unwrap_or(0);
        columns += w;
        unspaced |= w >= 2 || is_unspaced_script(c);
    }
    if !unspaced {
        filler.word(offset, offset + word.len(), columns);
        return;
    }
    let urls = urls_in(word);
    let mut start = 0;
    for at in line_segmenter().segment_str(word) {
        if at == 0
            || at >= word.len()
            || holds_to_the_left(&word[at..])
            || urls.iter().any(|url| url.start < at && at < url.end)
        {
            continue;
        }
        let before = word[..at].chars().next_back();
        let after = word[at..].chars().next();
        let between_unspaced = [before, after]
            .into_iter()
            .flatten()
            .any(|c| is_wide(c) || is_unspaced_script(c));
        if !between_unspaced {
            continue;
        }
        filler.word(offset + start, offset + at, width(&word[start..at]));
        start = at;
    }
    filler.word(offset + start, offset + word.len(), width(&word[start..]));
}

/// Where web addresses stand in a word: from the scheme to the last ASCII
/// character (`，https://x.org/a。` holds `https://x.org/a`).
fn urls_in(word: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(found) = word[from..].find("://").map(|at| from + at) {
        let start = word[..found]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |at| {
                at + word[at..].chars().next().map_or(1, char::len_utf8)
            });
        let end = word[found..]
            .find(|c: char| !c.is_ascii() || c.is_ascii_whitespace())
            .map_or(word.len(), |at| found + at);
        urls.push(start..end);
        from = end.max(found + 3);
    }
    urls
}

/// The UAX #14 segmenter, with ICU's models for Thai and its neighbours,
/// made once.
fn line_segmenter() -> icu_segmenter::LineSegmenterBorrowed<'static> {
    static SEGMENTER: std::sync::OnceLock<icu_segmenter::LineSegmenterBorrowed<'static>> =
        std::sync::OnceLock::new();
    *SEGMENTER.get_or_init(|| icu_segmenter::LineSegmenter::new_auto(Default::default()))
}

/// Scripts written without spaces between words, which UAX #14 breaks by
/// dictionary or model.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

/// Whether a note's marker follows a space somewhere in `text`.
fn spaced_marker(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'[', bytes)
        .any(|at| at > 0 && bytes[at - 1] == b' ' && starts_marker(&text[at..]))
}

/// Text that may not begin a line, even after a space: closing
/// punctuation and a note's marker.
fn holds_to_the_left(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'[') => starts_marker(text),
        Some(b) if b.is_ascii() => false,
        _ => matches!(
            text.chars().next(),
            Some(
                '，' | '。'
                    | '、'
                    | '；'
                    | '：'
                    | '！'
                    | '？'
                    | '）'
                    | '」'
                    | '』'
                    | '》'
                    | '〉'
                    | '】'
                    | '〕'
                    | '»'
            )
        ),
    }
}

/// `[7]`, the plain text's note marker, which stays with the text before
/// it.
fn starts_marker(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('[') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b']')
}

/// [`wrap_lines`], collected.
pub fn wrap_ranges(text: &str, first: usize, rest: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    wrap_lines(text, first, rest, |range| ranges.push(range));
    ranges
}

/// Wraps `text` (one paragraph, no newlines) to `width` columns with the
/// given indents. A width of 0 means no wrapping. No line ends in a space.
pub fn wrap(text: &str, width: usize, first_indent: &str, rest_indent: &str) -> Vec<String> {
    let (first, rest) = if width == 0 {
        (0, 0)
    } else {
        (
            width.saturating_sub(self::width(first_indent)).max(1),
            width.saturating_sub(self::width(rest_indent)).max(1),
        )
    };
    let ranges = wrap_ranges(text, first, rest);
    if ranges.is_empty() {
        return vec![first_indent.trim_end().to_string()];
    }
    ranges
        .into_iter()
        .enumerate()
        .map(|(i, range)| {
            let indent = if i == 0 { first_indent } else { rest_indent };
            let mut out = String::with_capacity(indent.len() + range.len());
            out.push_str(indent);
            out.push_str(&text[range]);
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width_and_breaks_between_cjk_characters() {
        let lines = wrap("漢字漢字漢字 abc", 8, "", "");
        assert_eq!(lines, ["漢字漢字", "漢字 abc"]);
        assert!(lines.iter().all(|l| width(l) <= 8));
    }

    #[test]
    fn a_long_url_stands_alone_unbroken() {
        let url = "https://example.org/a/very/long/path/that/does/not/fit";
        let lines = wrap(&format!("See {url} now."), 20, "", "");
        assert_eq!(lines, ["See", url, "now."]);
    }

    #[test]
    fn hanging_indent_and_no_trailing_spaces() {
        let lines = wrap("one two three four", 10, "[31] ", "     ");
        assert_eq!(lines, ["[31] one", "     two", "     three", "     four"]);
    }

    #[test]
    fn chinese_punctuation_never_starts_a_line_and_a_marker_stays_with_its_text() {
        let text = "一些证人说，他们在返回后受到了审讯和威胁，并且没有任何独立的监督人员在场，这些说法后来被多个来源证实。这段中文用于检验按显示宽度换行是否正确。[7]";
        for width in 4..40 {
            let lines = wrap(text, width, "", "");
            assert_eq!(lines.concat(), text);
            for line in &lines[1..] {
                let first = line.chars().next().unwrap();
                assert!(!"，。、；：）」』》".contains(first), "{width}: {line}");
                assert!(!line.starts_with('['), "{width}: {line}");
            }
            for line in &lines {
                assert!(!line.ends_with(['（', '「', '《']), "{width}: {line}");
            }
        }
        let lines = wrap("他说（见「报告」）：好。", 6, "", "");
        assert!(
            lines.iter().all(|l| !l.starts_with(['）', '：', '」'])),
            "{lines:?}"
        );
    }

    #[test]
    fn an_address_in_chinese_text_is_never_broken_but_may_start_a_line() {
        let url = "https://www.hrw.org/report/2006/06/05/nowhere";
        let text = format!("第12页，{url}。");
        let lines = wrap(&text, 20, "", "");
        assert_eq!(lines, ["第12页，", &format!("{url}。")]);
    }

    #[test]
    fn japanese_keeps_small_kana_and_closing_marks_off_a_line_start() {
        let text = "証人たちは「帰国後に尋問された」と述べた。[3]その後、報告書が公表された。";
        for width in 4..24 {
            let lines = wrap(text, width, "", "");
            assert_eq!(lines.concat(), text);
            for line in &lines[1..] {
                assert!(
                    !line.starts_with(['。', '、', '」', '[']),
                    "{width}: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn arabic_breaks_only_at_spaces_and_keeps_a_marker_with_its_word() {
        let text = "استمعت المحكمة إلى أن الرجال كانوا يخشون القبو بعد عودتهم.[1] وُقّع الأمر";
        for width in 5..30 {
            let lines = wrap(text, width, "", "");
            assert_eq!(lines.join(" "), text);
            assert!(
                lines.iter().all(|l| !l.starts_with('[')),
                "{width}: {lines:?}"
            );
        }
    }

    #[test]
    fn thai_breaks_between_words_and_spaced_scripts_only_at_spaces() {
        let lines = wrap("ภาษาไทยเป็นภาษาราชการ", 8, "", "");
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat(), "ภาษาไทยเป็นภาษาราชการ");
        assert_eq!(
            wrap("Ouzbékistan sous-sol", 5, "", ""),
            ["Ouzbékistan", "sous-sol"]
        );
        // A French guillemet kept to its word by a no-break space.
        assert_eq!(
            wrap("dit «\u{a0}non\u{a0}» ici", 8, "", ""),
            ["dit", "«\u{a0}non\u{a0}»", "ici"]
        );
    }

    proptest::proptest! {
        /// Whatever mix of Chinese, punctuation, markers and Latin words, no
        /// line after the first starts with closing punctuation or a marker,
        /// and no text is lost.
        #[test]
        fn no_line_starts_with_closing_punctuation_or_a_marker(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "证", "人", "说", "，", "。", "、", "；", "：", "）", "（", "」", "「",
                    "》", "《", "[7]", "[31]", " ", "word", "Andijan.", "»",
                ]),
                1..60,
            ),
            width in 2usize..30,
        ) {
            let text: String = pieces.concat();
            let lines = wrap(&text, width, "", "");
            let kept: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let given: String = text.chars().filter(|c| *c != ' ').collect();
            proptest::prop_assert_eq!(kept, given);
            for line in lines.iter().skip(1) {
                let first = line.chars().next().unwrap_or(' ');
                proptest::prop_assert!(!"，。、；：）」》".contains(first), "{:?}", lines);
                proptest::prop_assert!(!starts_marker(line), "{:?}", lines);
            }
        }
    }

    #[test]
    fn zero_width_means_one_line() {
        assert_eq!(wrap("a b c", 0, "- ", "  "), ["- a b c"]);
    }
}
