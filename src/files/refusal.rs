//! What reading a project file gives: its text, or why it was refused.

use std::path::PathBuf;

/// A source file's text. Invalid UTF-8 is replaced (so the rest of the
/// file can still be shown) and the offset of the first bad byte kept.
#[derive(Debug)]
pub struct SourceText {
    pub text: String,
    pub invalid_utf8_at: Option<usize>,
}

impl SourceText {
    /// A file's bytes as text, without a byte-order mark.
    pub fn decode(mut bytes: Vec<u8>) -> SourceText {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        // Valid text is kept in the buffer it was read into, never copied.
        match String::from_utf8(bytes) {
            Ok(text) => SourceText {
                text,
                invalid_utf8_at: None,
            },
            Err(error) => SourceText {
                invalid_utf8_at: Some(error.utf8_error().valid_up_to()),
                text: String::from_utf8_lossy(error.as_bytes()).into_owned(),
            },
        }
    }
}

/// Why a project file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A symbolic link (the path itself or a directory on the way) leads
    /// out of the project.
    Outside { target: PathBuf },
    /// A FIFO, socket, device or directory stands where a file should be.
    NotAFile { kind: &'static str },
    /// Following the links never ends.
    Loop,
    /// The path names a symbolic link whose target does not exist.
    Dangling { target: PathBuf },
    /// Any other failure, such as a missing file or no permission.
    Io(std::io::Error),
}

impl Refusal {
    /// What is wrong, to follow the path: `is a FIFO, not a regular file`.
    pub fn describe(&self) -> String {
        match self {
            Refusal::Outside { target } => format!(
                "leads out of the project through a symbolic link, to {}",
                target.display()
            ),
            Refusal::NotAFile { kind } => format!("is {kind}, not a regular file"),
            Refusal::Loop => "is a symbolic link loop: following it never ends".to_string(),
            Refusal::Dangling { target } => format!(
                "is a symbolic link to {}, which does not exist",
                target.display()
            ),
            Refusal::Io(error) => format!("cannot be read: {error}"),
        }
    }

    /// How to put it right.
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Outside { .. } => {
                "briefc reads nothing outside the project: copy the file into the project instead of linking to it"
            }
            Refusal::NotAFile { .. } => "replace it with a regular file",
            Refusal::Loop | Refusal::Dangling { .. } => "remove the link or point it at a file",
            Refusal::Io(_) => "check that the file exists and can be read",
        }
    }

    /// Whether nothing at all is there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Refusal::Io(error) if error.kind() == std::io::ErrorKind::NotFound)
    }

    /// Whether a directory stands where a file was asked for.
    pub fn is_directory(&self) -> bool {
        matches!(self, Refusal::NotAFile { kind } if *kind == DIRECTORY)
    }

    pub(super) fn not_found() -> Refusal {
        Refusal::Io(std::io::ErrorKind::NotFound.into())
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// True for the error a system call gives when links lead round in a loop.
pub fn is_loop(error: &std::io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

/// What [`kind_name`] calls a directory.
pub const DIRECTORY: &str = "a directory";

/// The kind of a file that is not a regular file, for messages.
pub fn kind_name(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        DIRECTORY
    } else {
        "not a regular file"
    }
}
