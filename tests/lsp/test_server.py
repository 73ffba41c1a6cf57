"""briefc lsp, driven by pytest-lsp's client as an editor drives it.

Run by tests/it/lsp.rs, which copies a fixture project to a temporary
folder and gives its path in BRIEFC_LSP_PROJECT and the binary in BRIEFC.
"""

import asyncio
import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

BRIEFC = os.environ["BRIEFC"]
PROJECT = pathlib.Path(os.environ["BRIEFC_LSP_PROJECT"])


def uri(relative: str) -> str:
    return (PROJECT / relative).as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BRIEFC, "lsp"]))
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[types.WorkspaceFolder(uri=PROJECT.as_uri(), name="project")],
    )
    result = await lsp_client.initialize_session(params)
    assert result.server_info.name == "briefc"
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, relative: str, text: str | None = None):
    text = text if text is not None else (PROJECT / relative).read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri(relative), language_id="markdown", version=1, text=text
            )
        )
    )


def change(client: LanguageClient, relative: str, text: str, version: int):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(relative), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(client: LanguageClient):
    """The next diagnostics the server publishes, within ten seconds."""
    await asyncio.wait_for(
        client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10
    )


async def diagnostics_for(client: LanguageClient, relative: str):
    """The diagnostics of a file once the server has published them."""
    for _ in range(20):
        if client.diagnostics.get(uri(relative)):
            return client.diagnostics[uri(relative)]
        await published(client)
    pytest.fail(f"no diagnostics were published for {relative}")


async def test_an_undefined_note_typed_in_a_buffer_is_reported_and_cleared(client: LanguageClient):
    section = "briefings/report/a.md"
    original = (PROJECT / section).read_text()
    open_document(client, section)
    await published(client)
    broken = original + "\nЖурналист сказал 📰 так.[^nowhere]\n"
    change(client, section, broken, 2)
    found = await diagnostics_for(client, section)
    undefined = [d for d in found if d.code == "undefined-footnote"]
    assert undefined, found
    # The marker is on the last line, after Cyrillic text and an emoji:
    # UTF-16 code units, as the protocol counts by default.
    last_line = len(broken.splitlines()) - 1
    prefix = "Журналист сказал 📰 так."
    assert undefined[0].range.start == types.Position(line=last_line, character=len(prefix.encode("utf-16-le")) // 2)
    assert undefined[0].severity == types.DiagnosticSeverity.Error
    assert undefined[0].source == "briefc"
    # Fixed in the buffer: the file's list is published again, empty of it.
    change(client, section, original, 3)
    for _ in range(20):
        await published(client)
        current = client.diagnostics.get(uri(section), [])
        if not [d for d in current if d.code == "undefined-footnote"]:
            break
    else:
        pytest.fail("the fixed note is still reported")
    # Nothing was written to disk.
    assert (PROJECT / section).read_text() == original


async def test_a_problem_in_another_file_is_published_for_that_file(client: LanguageClient):
    # Both references to `[^named]` deleted in the buffers: its
    # definition, in the footnotes file (not open), is now unused.
    for version, section in enumerate(["briefings/report/a.md", "briefings/report/c.md"], 2):
        original = (PROJECT / section).read_text()
        open_document(client, section)
        await published(client)
        change(client, section, original.replace("[^named]", ""), version)
        await published(client)
    found = await diagnostics_for(client, "footnotes/report.md")
    assert [d.code for d in found] == ["unused-footnote"], found
    assert found[0].severity == types.DiagnosticSeverity.Warning


async def test_definition_of_a_marker_is_its_note_in_the_footnotes_file(client: LanguageClient):
    section = "briefings/report/a.md"
    text = (PROJECT / section).read_text()
    open_document(client, section)
    await published(client)
    line_number, line = next((i, l) for i, l in enumerate(text.splitlines()) if "[^named]" in l)
    character = len(line[: line.index("[^named]") + 3].encode("utf-16-le")) // 2
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(section)),
            position=types.Position(line=line_number, character=character),
        )
    )
    assert result is not None
    location = result if isinstance(result, types.Location) else result[0]
    assert location.uri == uri("footnotes/report.md")
    notes = (PROJECT / "footnotes/report.md").read_text().splitlines()
    assert notes[location.range.start.line].startswith("[^named]:")


async def test_a_request_before_initialize_is_refused_and_a_bad_message_answered():
    import subprocess

    server = subprocess.Popen([BRIEFC, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(body: bytes):
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def receive() -> dict:
        import json

        length = int(server.stdout.readline().split(b":")[1])
        server.stdout.readline()
        return json.loads(server.stdout.read(length))

    send(b'{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}')
    assert receive()["error"]["code"] == -32002
    send(b"{this is not json")
    assert receive()["error"]["code"] == -32700
    send(b'{"jsonrpc":"2.0","method":"exit"}')
    assert server.wait(timeout=10) == 1, "exit without shutdown ends with 1"


def position_of(text: str, needle: str, into: int = 0) -> types.Position:
    """The position of `needle` (plus `into` characters) in UTF-16 units."""
    at = text.index(needle) + into
    line = text[:at].count("\n")
    start = text[:at].rfind("\n") + 1
    return types.Position(line=line, character=len(text[start:at].encode("utf-16-le")) // 2)


async def test_hover_shows_a_note_and_a_citation_as_printed(client: LanguageClient):
    section = "briefings/report/a.md"
    text = (PROJECT / section).read_text() + "\nA claim [@hrw-still, p. 5].\n"
    open_document(client, section, text)
    await published(client)

    def hover_at(needle: str, into: int):
        return client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri(section)),
                position=position_of(text, needle, into),
            )
        )

    note = await hover_at("[^named]", 3)
    assert "A named note: it takes the next number." in note.contents.value, note
    citation = await hover_at("@hrw-still", 3)
    assert "Human Rights Watch, Still at Risk" in citation.contents.value, citation
    assert "p. 5" in citation.contents.value, citation


async def test_completion_offers_keys_after_at_and_labels_after_caret(client: LanguageClient):
    section = "briefings/report/a.md"
    text = (PROJECT / section).read_text() + "\nMore [@h and [^n\n"
    open_document(client, section, text)
    await published(client)

    async def complete(needle: str):
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri(section)),
                position=position_of(text, needle, len(needle)),
            )
        )
        return result if isinstance(result, list) else result.items

    keys = await complete("[@h")
    assert [k.label for k in keys] == ["hrw-still"], keys
    assert "Still at Risk" in keys[0].detail
    labels = {item.label for item in await complete("[^n")}
    assert {"31", "named"} <= labels, labels
