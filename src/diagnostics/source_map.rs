//! Every file briefc reads, kept in memory so that any byte offset can be
//! turned into `file:line:column` long after parsing.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file of the source map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Self {
        Span {
            file,
            start: range.start,
            end: range.end,
        }
    }

    /// A span covering the whole of a file's first line, for problems that
    /// belong to a file rather than a place in it.
    pub fn file_start(file: FileId) -> Self {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

pub struct SourceFile {
    /// Path relative to the project root, as shown to the user.
    pub path: PathBuf,
    /// The text, with a leading byte-order mark removed.
    pub text: String,
    /// Where each line starts: found the first time a position in this
    /// file is asked for, since most runs print no diagnostic at all.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// For text that is the value of a string in another file whose
    /// source differs from the value (it has escapes): where that string
    /// stands. Positions in such text are shown at the string, and no
    /// command rewrites it.
    pub embedded_at: Option<Span>,
}

impl SourceFile {
    fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
            embedded_at: None,
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|at| at + 1));
            starts
        })
    }

    /// Line and column of a byte offset. Offsets inside a character or past
    /// the end are clamped; a `\r` before `\n` is not counted as a column.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let start = line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().filter(|&c| c != '\r').count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte range of the 1-based line `line`, without its line ending.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let line_starts = self.line_starts();
        let start = line_starts[line - 1];
        let mut end = line_starts
            .get(line)
            .map(|&next| next - 1)
            .unwrap_or(self.text.len());
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

/// The offset after each newline (a single-character pattern searches with
/// memchr).

#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: impl Into<PathBuf>, text: String) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile::new(path.into(), text));
        id
    }

    /// Text that stands in another file as the value of a string at
    /// `at`, kept on its own because the string's source differs from it.
    pub fn add_embedded(&mut self, at: Span, text: String) -> FileId {
        let path = self.path(at.file).to_path_buf();
        let id = self.add(path, text);
        self.files[id.0 as usize].embedded_at = Some(at);
        id
    }

    /// Where a span is shown: an embedded text's spans at its string.
    pub fn shown_at(&self, span: Span) -> Span {
        self.get(span.file).embedded_at.unwrap_or(span)
    }

    /// How many texts the map holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.get(id).text
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    pub fn line_col(&self, span: Span) -> (LineCol, LineCol) {
        let file = self.get(span.file);
        (file.line_col(span.start), file.line_col(span.end))
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_ignore_carriage_returns() {
        let mut map = SourceMap::new();
        let id = map.add("a.md", "ab\r\n“é” x\n".to_string());
        let x = map.text(id).find('x').unwrap();
        let (start, _) = map.line_col(Span::new(id, x..x + 1));
        assert_eq!(start, LineCol { line: 2, column: 5 });
        assert_eq!(map.get(id).line_range(1), 0..2);
    }
}
