//! Stand-in definitions. pulldown-cmark's GitHub-style footnotes print a
//! reference whose definition is in another file as plain `[^12]` text;
//! here definitions live in other files, so before parsing, a throw-away
//! definition for every label the text mentions is put in front of it.

/// A footnote label written in a text.
pub(super) struct Label<'a> {
    pub(super) name: &'a str,
    /// Written at least once as `[^label]:`.
    pub(super) looks_defined: bool,
}

/// Every label written as `[^label]` in `text`, sorted, each once. A
/// label runs to the first `]` not escaped with a backslash, on one line,
/// without `[`, as pulldown-cmark reads one; it then matches labels
/// regardless of case and spaces, so `[^1 ]` is a reference to note 1
/// only if some stand-in is there for it to match.
pub(super) fn written_labels(text: &str) -> Vec<Label<'_>> {
    let mut labels: Vec<Label<'_>> = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"[^") {
        if let Some(label) = label_after(&text[at + 2..]) {
            labels.push(label);
        }
    }
    labels.sort_unstable_by(|a, b| {
        a.name
            .cmp(b.name)
            .then(b.looks_defined.cmp(&a.looks_defined))
    });
    labels.dedup_by(|later, first| later.name == first.name);
    labels
}

/// The label that `after` (the text after a `[^`) starts with, if any.
pub(super) fn label_after(after: &str) -> Option<Label<'_>> {
    /// pulldown-cmark's longest link or footnote label.
    const MAX_LABEL: usize = 999;
    let bytes = after.as_bytes();
    let mut at = 0;
    while at < bytes.len() && at <= MAX_LABEL {
        match bytes[at] {
            b']' if at > 0 => {
                return Some(Label {
                    name: &after[..at],
                    looks_defined: bytes.get(at + 1) == Some(&b':'),
                });
            }
            b']' | b'[' | b'\n' | b'\r' => return None,
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
    None
}

/// `[^label]: x` for each label, then an HTML comment that closes the last
/// definition whatever the text starts with; nothing for no labels.
pub(super) fn definition_prefix<'a>(labels: impl Iterator<Item = &'a Label<'a>>) -> String {
    let mut prefix = String::new();
    for label in labels {
        prefix.push_str("[^");
        prefix.push_str(label.name);
        // A blank line after each: a stand-in that pulldown-cmark does not
        // take for a definition stays a paragraph of its own.
        prefix.push_str("]:\n\n");
    }
    if !prefix.is_empty() {
        prefix.push_str("\n<!-- -->\n\n");
    }
    prefix
}
