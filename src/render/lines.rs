//! Lines of plain text written straight into one string. Containers
//! (notes, list items, block quotes) push a prefix that every line inside
//! them starts with: the marker (`[31] `, `- `, `1. `) on their first line
//! and spaces after it.

/// One container's prefix.
struct Level {
    first: String,
    rest: String,
    first_used: bool,
}

/// The output and the prefixes of the containers being written.
pub(super) struct Lines {
    out: String,
    /// Where this text starts in `out`, which may hold text before it.
    start: usize,
    levels: Vec<Level>,
    /// A paragraph's text, reused from one paragraph to the next.
    pub(super) scratch: String,
}

impl Lines {
    pub(super) fn new(capacity: usize) -> Lines {
        Lines::after(String::with_capacity(capacity))
    }

    /// Lines written after what `out` holds already.
    pub(super) fn after(out: String) -> Lines {
        Lines {
            start: out.len(),
            out,
            levels: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Whether nothing was written yet.
    pub(super) fn is_empty(&self) -> bool {
        self.out.len() == self.start
    }

    fn prefix(&mut self) {
        for level in &mut self.levels {
            if level.first_used {
                self.out.push_str(&level.rest);
            } else {
                self.out.push_str(&level.first);
                level.first_used = true;
            }
        }
    }

    /// One line; never with trailing spaces.
    pub(super) fn line(&mut self, text: &str) {
        let start = self.out.len();
        self.prefix();
        self.out.push_str(text);
        let trimmed = start + self.out[start..].trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        self.out.push('\n');
    }

    /// A blank line carries no prefix.
    pub(super) fn blank(&mut self) {
        self.out.push('\n');
    }

    pub(super) fn push(&mut self, first: String, rest: String) {
        self.levels.push(Level {
            first,
            rest,
            first_used: false,
        });
    }

    pub(super) fn pop(&mut self) {
        self.levels.pop();
    }

    /// The text without its final newline.
    pub(super) fn finish(mut self) -> String {
        if !self.is_empty() && self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out
    }
}
