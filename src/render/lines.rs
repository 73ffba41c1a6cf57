//! Lines of plain text written straight into one string. Containers
//! (notes, list items, block quotes) push a prefix that every line inside
//! them starts with: the marker (`[31] `, `- `, `1. `) on their first line
//! and spaces after it.

/// One container's prefix: its first line's, kept in [`Lines`]'
/// `prefixes`, and as many spaces on the lines after it.
struct Level {
    first: std::ops::Range<usize>,
    rest: usize,
    first_used: bool,
}

/// Spaces to indent with, a slice at a time.
const SPACES: &str = "                                ";

/// The output and the prefixes of the containers being written.
pub(super) struct Lines {
    out: String,
    /// Where this text starts in `out`, which may hold text before it.
    start: usize,
    levels: Vec<Level>,
    /// The first-line prefixes of the open levels, one after the other:
    /// a note of five thousand makes no string of its own for them.
    prefixes: String,
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
            prefixes: String::new(),
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
                let mut left = level.rest;
                while left > 0 {
                    let now = left.min(SPACES.len());
                    self.out.push_str(&SPACES[..now]);
                    left -= now;
                }
            } else {
                self.out.push_str(&self.prefixes[level.first.clone()]);
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

    /// Opens a container whose first line starts with `first` and the
    /// others with `rest` spaces.
    pub(super) fn push(&mut self, first: &str, rest: usize) {
        let start = self.prefixes.len();
        self.prefixes.push_str(first);
        self.levels.push(Level {
            first: start..self.prefixes.len(),
            rest,
            first_used: false,
        });
    }

    pub(super) fn pop(&mut self) {
        if let Some(level) = self.levels.pop() {
            self.prefixes.truncate(level.first.start);
        }
    }

    /// The text without its final newline.
    pub(super) fn finish(mut self) -> String {
        if !self.is_empty() && self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out
    }
}
