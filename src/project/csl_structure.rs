//! What in a well-formed `.csl` file the citation engine could not
//! survive. The engine renders a style by recursion, a macro's elements
//! in place of each call: a macro that calls itself would never end, one
//! that calls another twice at each of many levels would render an
//! exponential number of elements, and deep nesting through macros would
//! exhaust the stack. Each is measured here on the file as written, with
//! every call expanded, before the engine sees it.

use std::collections::HashMap;

use roxmltree::{Document, Node};

/// The deepest a style's elements may nest in the file.
pub const MAX_DEPTH: usize = 64;
/// The deepest elements may nest with every macro call expanded.
const MAX_EXPANDED_DEPTH: usize = 256;
/// The most elements one rendering may pass through, every call
/// expanded and the longest branch of each choice taken; a published
/// style's largest is far below it (Chicago's notes, the largest bundled:
/// about 3,000 for its bibliography).
const MAX_EXPANDED: u64 = 50_000;

/// A macro or a layout as measured: its own elements, how deep they
/// nest, and the calls it makes (callee, how deep the call stands).
struct Part<'a, 'i> {
    node: Node<'a, 'i>,
    name: &'a str,
    at: usize,
    depth: usize,
    calls: Vec<(usize, usize)>,
}

/// The first thing the engine could not survive, with where it stands
/// (a byte offset) and what it is.
pub fn problem(document: &Document<'_>) -> Option<(usize, String)> {
    for node in document.descendants().filter(Node::is_element) {
        if node.ancestors().count() > MAX_DEPTH {
            return Some((
                node.range().start,
                format!("elements are nested more than {MAX_DEPTH} deep here"),
            ));
        }
    }
    let macros: Vec<Node<'_, '_>> = document
        .descendants()
        .filter(|n| n.has_tag_name("macro"))
        .collect();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (index, node) in macros.iter().enumerate() {
        let name = node.attribute("name").unwrap_or_default();
        if by_name.insert(name, index).is_some() {
            return Some((
                node.range().start,
                format!("a second macro named `{name}`: a style names each macro once"),
            ));
        }
    }
    // The macros, then the layouts that call them (the engine's entries).
    let layouts = document
        .descendants()
        .filter(|n| n.has_tag_name("citation") || n.has_tag_name("bibliography"));
    let parts: Vec<Part<'_, '_>> = macros
        .iter()
        .chain(layouts.collect::<Vec<_>>().iter())
        .map(|node| measure(*node, &by_name))
        .collect();
    expand(&parts, &by_name, macros.len())
}

fn measure<'a, 'i>(node: Node<'a, 'i>, by_name: &HashMap<&str, usize>) -> Part<'a, 'i> {
    let depth_in = |n: Node<'_, '_>| n.ancestors().take_while(|a| *a != node).count();
    let mut part = Part {
        node,
        name: node
            .attribute("name")
            .unwrap_or_else(|| node.tag_name().name()),
        at: node.range().start,
        depth: 0,
        calls: Vec::new(),
    };
    for n in node.descendants().filter(Node::is_element) {
        part.depth = part.depth.max(depth_in(n));
        if let Some(callee) = n.attribute("macro").and_then(|m| by_name.get(m)) {
            part.calls.push((*callee, depth_in(n)));
        }
    }
    part
}

/// What rendering `node` may pass through: itself, its children (the
/// longest branch of a choice) and the macro it calls, whose cost is
/// known. The file's nesting is bounded before, so this recursion is too.
fn cost(node: Node<'_, '_>, by_name: &HashMap<&str, usize>, known: &[u64]) -> u64 {
    let children = node.children().filter(Node::is_element);
    let inside = if node.has_tag_name("choose") {
        children.map(|c| cost(c, by_name, known)).max().unwrap_or(0)
    } else {
        children.fold(0u64, |total, c| {
            total.saturating_add(cost(c, by_name, known))
        })
    };
    let called = node
        .attribute("macro")
        .and_then(|m| by_name.get(m))
        .map_or(0, |&callee| known[callee]);
    1u64.saturating_add(inside).saturating_add(called)
}

/// Every part with its calls expanded, callees first (Kahn's order over
/// the macros); a macro never settled is on a loop.
fn expand(
    parts: &[Part<'_, '_>],
    by_name: &HashMap<&str, usize>,
    macro_count: usize,
) -> Option<(usize, String)> {
    let mut callers: Vec<Vec<usize>> = vec![Vec::new(); parts.len()];
    let mut waiting: Vec<usize> = vec![0; parts.len()];
    for (caller, part) in parts.iter().enumerate() {
        let mut callees: Vec<usize> = part.calls.iter().map(|&(c, _)| c).collect();
        callees.sort_unstable();
        callees.dedup();
        waiting[caller] = callees.len();
        for callee in callees {
            callers[callee].push(caller);
        }
    }
    let mut size = vec![0u64; parts.len()];
    let mut depth = vec![0usize; parts.len()];
    let mut ready: Vec<usize> = (0..parts.len()).filter(|&p| waiting[p] == 0).collect();
    while let Some(done) = ready.pop() {
        let part = &parts[done];
        size[done] = cost(part.node, by_name, &size);
        depth[done] = part
            .calls
            .iter()
            .map(|&(callee, at)| at + depth[callee])
            .fold(part.depth, usize::max);
        if depth[done] > MAX_EXPANDED_DEPTH {
            return Some((
                part.at,
                format!(
                    "`{}` nests more than {MAX_EXPANDED_DEPTH} deep through the macros it calls",
                    part.name
                ),
            ));
        }
        if size[done] > MAX_EXPANDED {
            return Some((
                part.at,
                format!(
                    "`{}` renders more than {MAX_EXPANDED} elements through the macros it \
                     calls (a macro calling others several times at many levels)",
                    part.name
                ),
            ));
        }
        for &caller in &callers[done] {
            waiting[caller] -= 1;
            if waiting[caller] == 0 {
                ready.push(caller);
            }
        }
    }
    let looped = (0..macro_count).find(|&m| waiting[m] > 0)?;
    Some((
        parts[looped].at,
        format!(
            "macro `{}` calls itself, directly or through other macros",
            parts[looped].name
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(xml: &str) -> Option<String> {
        let document = Document::parse(xml).unwrap();
        problem(&document).map(|(_, message)| message)
    }

    #[test]
    fn a_macro_calling_itself_is_found() {
        let xml = r#"<style><macro name="a"><text macro="b"/></macro><macro name="b"><group><text macro="a"/></group></macro><citation><layout><text macro="a"/></layout></citation></style>"#;
        let message = found(xml).unwrap();
        assert!(message.contains("calls itself"), "{message}");
    }

    #[test]
    fn a_second_macro_of_one_name_is_refused() {
        let xml = r#"<style><macro name="a"><text macro="a"/></macro><macro name="a"><text variable="title"/></macro></style>"#;
        assert!(found(xml).unwrap().contains("a second macro named `a`"));
    }

    #[test]
    fn macros_that_call_others_twice_at_every_level_are_refused() {
        let mut xml = String::from("<style>");
        for level in 0..40 {
            xml.push_str(&format!(
                "<macro name=\"m{level}\"><text macro=\"m{next}\"/><text macro=\"m{next}\"/></macro>",
                next = level + 1
            ));
        }
        xml.push_str("<macro name=\"m40\"><text variable=\"title\"/></macro>");
        xml.push_str("<citation><layout><text macro=\"m0\"/></layout></citation></style>");
        assert!(found(&xml).unwrap().contains("renders more than"));
    }

    #[test]
    fn depth_through_macros_adds_up() {
        let mut xml = String::from("<style>");
        let deep = "<group>".repeat(40) + "<text macro=\"NEXT\"/>" + &"</group>".repeat(40);
        for level in 0..10 {
            xml.push_str(&format!(
                "<macro name=\"m{level}\">{}</macro>",
                deep.replace("NEXT", &format!("m{}", level + 1))
            ));
        }
        xml.push_str("<macro name=\"m10\"/></style>");
        assert!(found(&xml).unwrap().contains("nests more than"));
    }

    #[test]
    fn every_bundled_note_style_passes() {
        for (name, _) in crate::options::bundled_note_styles() {
            let xml = crate::options::bundled_style_xml(name).unwrap();
            assert_eq!(found(&xml), None, "{name}");
        }
    }
}
