//! The protocol's framing on a byte stream: `Content-Length` headers,
//! then a JSON message. Read with limits, so that a client sending a
//! header without end or announcing a body of gigabytes is answered with
//! an error, never a crash or a process that grows without bound.

use std::io::{self, BufRead, Write};

use lsp_server::Message;

/// The longest header line read.
const MAX_HEADER: usize = 1024;
/// The largest message body read: a whole section of 20 MB in a
/// `didChange`, with room for its JSON escapes.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// What reading one message gave.
pub enum Read {
    Message(Message),
    /// A body that is not a JSON-RPC message: answered with a parse error,
    /// and the stream goes on.
    Malformed(String),
    /// The stream ended.
    End,
}

/// Reads the next message. A framing error that leaves the stream out of
/// step (a header too long, a body too large, the stream cut short) is an
/// `Err`: nothing after it can be read as the client meant it.
pub fn read(input: &mut impl BufRead) -> io::Result<Read> {
    let mut length: Option<usize> = None;
    let mut line = Vec::with_capacity(64);
    loop {
        line.clear();
        let read =
            io::Read::take(&mut *input, MAX_HEADER as u64 + 1).read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(Read::End);
        }
        if line.len() > MAX_HEADER || !line.ends_with(b"\r\n") {
            return Err(invalid("a header line too long or not ended by CR LF"));
        }
        let header = &line[..line.len() - 2];
        if header.is_empty() {
            break;
        }
        let text = std::str::from_utf8(header).map_err(|_| invalid("a header is not text"))?;
        let Some((name, value)) = text.split_once(':') else {
            return Err(invalid("a header without a colon"));
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            let value: usize = value
                .trim()
                .parse()
                .map_err(|_| invalid("Content-Length is not a number"))?;
            length = Some(value);
        }
    }
    let length = length.ok_or_else(|| invalid("a message without Content-Length"))?;
    if length > MAX_BODY {
        return Err(invalid("a message larger than 64 MB"));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    let Ok(text) = String::from_utf8(body) else {
        return Ok(Read::Malformed("the message is not UTF-8".to_string()));
    };
    Ok(match serde_json::from_str::<Message>(&text) {
        Ok(message) => Read::Message(message),
        Err(error) => Read::Malformed(format!("not a JSON-RPC message: {error}")),
    })
}

/// Writes one message, framed, with its `"jsonrpc": "2.0"`.
pub fn write(output: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(output)?;
    output.flush()
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    #[test]
    fn messages_are_read_one_after_another() {
        let mut bytes = framed(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#);
        bytes.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let mut input = &bytes[..];
        assert!(matches!(
            read(&mut input).unwrap(),
            Read::Message(Message::Request(_))
        ));
        assert!(matches!(
            read(&mut input).unwrap(),
            Read::Message(Message::Notification(_))
        ));
        assert!(matches!(read(&mut input).unwrap(), Read::End));
    }

    #[test]
    fn a_body_that_is_not_json_is_malformed_and_the_stream_goes_on() {
        let mut bytes = framed("{not json");
        bytes.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let mut input = &bytes[..];
        assert!(matches!(read(&mut input).unwrap(), Read::Malformed(_)));
        assert!(matches!(read(&mut input).unwrap(), Read::Message(_)));
    }

    #[test]
    fn a_huge_length_or_header_is_refused_without_reading_it() {
        let mut input = &b"Content-Length: 99999999999\r\n\r\n"[..];
        assert!(read(&mut input).is_err());
        let long = format!("X-{}: 1\r\n\r\n", "a".repeat(5000));
        assert!(read(&mut long.as_bytes()).is_err());
    }
}
