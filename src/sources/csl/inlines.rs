//! What the citation engine prints, as briefc's inlines: italic text as
//! emphasis, bold as strong, addresses as links, so that every edition
//! prints a CSL note as it prints the house style's.

use citationberg::{FontStyle, FontWeight};
use hayagriva::{ElemChild, ElemMeta, Formatted};

use crate::model::{Inline, Link};

/// The engine's output as inlines, appended to `out`.
pub fn push(children: &[ElemChild], out: &mut Vec<Inline>) {
    for child in children {
        match child {
            ElemChild::Text(formatted) => push_text(formatted, out),
            ElemChild::Elem(elem) => push(&elem.children.0, out),
            ElemChild::Markup(text) => push_plain(text, out),
            ElemChild::Link { text, url } => {
                let mut content = Vec::new();
                push_text(text, &mut content);
                out.push(Inline::Link(Box::new(Link {
                    url: url.clone(),
                    title: String::new(),
                    content,
                })));
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

fn push_text(formatted: &Formatted, out: &mut Vec<Inline>) {
    if formatted.text.is_empty() {
        return;
    }
    let italic = formatted.formatting.font_style == FontStyle::Italic;
    let bold = formatted.formatting.font_weight == FontWeight::Bold;
    let target = match (italic, bold) {
        (false, false) => {
            push_plain(&formatted.text, out);
            return;
        }
        (true, _) => wrap(out, Inline::Emphasis(Vec::new()), |i| {
            matches!(i, Inline::Emphasis(_))
        }),
        (false, true) => wrap(out, Inline::Strong(Vec::new()), |i| {
            matches!(i, Inline::Strong(_))
        }),
    };
    if italic && bold {
        let strong = wrap(target, Inline::Strong(Vec::new()), |i| {
            matches!(i, Inline::Strong(_))
        });
        push_plain(&formatted.text, strong);
    } else {
        push_plain(&formatted.text, target);
    }
}

/// The children of the last inline when it is of `kind`, else of a new one.
fn wrap(
    out: &mut Vec<Inline>,
    kind: Inline,
    is_kind: impl Fn(&Inline) -> bool,
) -> &mut Vec<Inline> {
    if !out.last().is_some_and(&is_kind) {
        out.push(kind);
    }
    match out.last_mut() {
        Some(Inline::Emphasis(children) | Inline::Strong(children)) => children,
        _ => unreachable!("an emphasis or strong inline was just pushed"),
    }
}

fn push_plain(text: &str, out: &mut Vec<Inline>) {
    match out.last_mut() {
        Some(Inline::Text(last)) => last.push_str(text),
        _ => out.push(Inline::Text(text.to_string())),
    }
}

/// Leaves out the first list of names an item prints, and the delimiter
/// after it: pandoc's `[-@key]`, the author already named in the prose.
/// Whether a list of names was found.
pub fn drop_names(children: &mut Vec<ElemChild>) -> bool {
    for i in 0..children.len() {
        let ElemChild::Elem(elem) = &mut children[i] else {
            continue;
        };
        let found = matches!(elem.meta, Some(ElemMeta::Names(_)));
        if !found && !drop_names(&mut elem.children.0) {
            continue;
        }
        // The names, or what held only them, go with what separates them
        // from the next part.
        let emptied = found || !has_text(&elem.children.0);
        if emptied {
            children.remove(i);
            strip_delimiter(children, i);
        }
        return true;
    }
    false
}

fn has_text(children: &[ElemChild]) -> bool {
    children.iter().any(|child| match child {
        ElemChild::Text(t) => !t.text.trim().is_empty(),
        ElemChild::Elem(e) => has_text(&e.children.0),
        ElemChild::Markup(t) => !t.trim().is_empty(),
        ElemChild::Link { .. } => true,
        ElemChild::Transparent { .. } => false,
    })
}

/// A delimiter (`, `, `. `, `: `) at the start of `children[at]`.
fn strip_delimiter(children: &mut [ElemChild], at: usize) {
    let Some(child) = children.get_mut(at) else {
        return;
    };
    let text = match child {
        ElemChild::Text(formatted) => &mut formatted.text,
        ElemChild::Elem(elem) => {
            strip_delimiter(&mut elem.children.0, 0);
            return;
        }
        _ => return,
    };
    let kept = text
        .trim_start_matches([',', '.', ';', ':', '،', '，'])
        .trim_start();
    if kept.len() < text.len() && kept.len() + 3 >= text.len() {
        *text = kept.to_string();
    }
}

/// Closing quotation marks a CSL locale prints.
const CLOSING: [char; 4] = ['”', '’', '»', '」'];

/// The punctuation CSL's rules ask for and the engine leaves as it joined
/// it: a full stop or comma after `?` or `!` dropped, a full stop never
/// doubled, and (where the language puts them there, as American English
/// does) a full stop or comma after a closing quotation mark moved inside
/// it: `“Does It Work?” Refworld`, `“Leader.”`.
pub fn tidy_punctuation(inlines: Vec<Inline>, marks_inside: bool) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text(text) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = text.as_str();
        while let Some(at) = rest.find(['.', ',']) {
            push_plain(&rest[..at], &mut out);
            let mark = rest.as_bytes()[at] as char;
            // An ellipsis is the author's, as it stands.
            let dots = rest[at..].len() - rest[at..].trim_start_matches('.').len();
            if mark == '.' && dots > 1 {
                push_plain(&rest[at..at + dots], &mut out);
                rest = &rest[at + dots..];
                continue;
            }
            rest = &rest[at + 1..];
            place_mark(&mut out, mark, marks_inside);
        }
        push_plain(rest, &mut out);
    }
    out
}

fn place_mark(out: &mut Vec<Inline>, mark: char, marks_inside: bool) {
    use crate::model::visit::{last_char, last_text_mut};
    match last_char(out) {
        Some('?' | '!') => {}
        Some('.') if mark == '.' => {}
        Some(c) if marks_inside && CLOSING.contains(&c) => {
            let Some(text) = last_text_mut(out) else {
                push_plain(&mark.to_string(), out);
                return;
            };
            // A single closing mark is also an apostrophe (`Workers’`):
            // it closes a quotation only after the mark that opens one.
            if c == '’' && !text.contains('‘') {
                push_plain(&mark.to_string(), out);
                return;
            }
            let quoted = text.trim_end_matches(CLOSING);
            let at = quoted.len();
            if !quoted.ends_with(['?', '!', '.', ',']) {
                text.insert(at, mark);
            }
        }
        _ => push_plain(&mark.to_string(), out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tidy(text: &str, marks_inside: bool) -> String {
        crate::model::plain_text(&tidy_punctuation(
            vec![Inline::Text(text.to_string())],
            marks_inside,
        ))
    }

    #[test]
    fn marks_move_inside_quotes_and_never_follow_a_question() {
        assert_eq!(tidy("“Leader”.", true), "“Leader.”");
        assert_eq!(tidy("“A Reappraisal”, 230.", true), "“A Reappraisal,” 230.");
        assert_eq!(
            tidy("“Does It Work?”, Refworld", true),
            "“Does It Work?” Refworld"
        );
        assert_eq!(tidy("“Does It Work?.”", true), "“Does It Work?”");
        assert_eq!(tidy("«Titre», p. 3", false), "«Titre», p. 3");
        assert_eq!(tidy("Wait...", true), "Wait...");
        assert_eq!(tidy("the Workers’, and", true), "the Workers’, and");
        assert_eq!(tidy("‘Inner’, outer", true), "‘Inner,’ outer");
    }
}
