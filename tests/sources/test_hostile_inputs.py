"""Hostile inputs: each fails alone, with its reason, and the rest of the run imports.

The HTTP servers here are real sockets on 127.0.0.1. Loopback is allowed
(FACTBASE_FETCH_ALLOW_PRIVATE) only where the local server is the legitimate target.
"""

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import CommandError
from rest_framework.test import APIClient

from sources.models import Article, ImportRun
from tests.sources.test_formats import run_import

pytestmark = pytest.mark.django_db

GOOD = "Harbour reopens\n\nThe harbour reopened on Monday, officials said.\n"
DEEP = "[" * 100_000 + "]" * 100_000


def failures() -> dict[str, str]:
    return {error["input"]: error["reason"] for error in ImportRun.objects.get().errors}


def import_with_good_file(tmp_path: Path, *args: str) -> dict[str, str]:
    """Import `args` together with one good file; the good one must be imported."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    with pytest.raises(CommandError):
        run_import(str(good), *args)
    assert Article.objects.filter(title="Harbour reopens").exists()
    return failures()


@contextmanager
def raw_server(reply: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server on 127.0.0.1 answering every connection with `reply`."""
    listener = socket.create_server(("127.0.0.1", 0))

    def handle(connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            with contextlib.suppress(OSError):  # the client gave up: what these tests want
                reply(connection)

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


@pytest.fixture
def local_target(settings: object) -> None:
    settings.FACTBASE_FETCH_ALLOW_PRIVATE = ["127.0.0.1"]  # type: ignore[attr-defined]


def reply_with(data: bytes) -> Callable[[socket.socket], None]:
    return lambda connection: connection.sendall(data)


PAGE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 40\r\n"
    b"Connection: close\r\n\r\nQuay strike ends\n\nDockers went back.\n\n\n\n"
)


# -- deep JSON


def test_deep_json_file_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text(DEEP)
    reasons = import_with_good_file(tmp_path, str(tmp_path / "deep.json"))
    assert reasons[str(tmp_path / "deep.json")] == "JSON nested more than 64 levels deep"


def test_deep_json_line_fails_alone(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "Line one", "body": "A body."}), DEEP]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    reasons = import_with_good_file(tmp_path, str(tmp_path / "feed.jsonl"))
    assert reasons == {f"{tmp_path / 'feed.jsonl'}:2": "JSON nested more than 64 levels deep"}
    assert Article.objects.filter(title="Line one").exists()


def test_moderately_deep_json_is_refused_before_anything_recurses(tmp_path: Path) -> None:
    nested: object = "x"
    for _ in range(500):  # within the decoder's own limit, beyond ours
        nested = {"a": nested}
    record = {"title": "T", "body": "B.", "extra": nested}
    (tmp_path / "one.json").write_text(json.dumps(record))
    reasons = import_with_good_file(tmp_path, str(tmp_path / "one.json"))
    assert reasons[str(tmp_path / "one.json")] == "JSON nested more than 64 levels deep"


def test_deep_json_ld_in_html_fails_alone(tmp_path: Path) -> None:
    page = (
        '<html><head><script type="application/ld+json">' + DEEP + "</script></head>"
        "<body><article><h1>Deep page</h1><p>" + "Words in a paragraph. " * 20 + "</p>"
        "</article></body></html>"
    )
    (tmp_path / "deep.html").write_text(page)
    reasons = import_with_good_file(tmp_path, str(tmp_path / "deep.html"))
    assert reasons[str(tmp_path / "deep.html")] == (
        "JSON-LD block 1: JSON nested more than 64 levels deep"
    )


def test_deep_json_api_body_is_a_400(reviewer_api_client: APIClient) -> None:
    response = reviewer_api_client.post("/api/v1/articles/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 64 levels" in response.json()["detail"]


def test_deep_json_ld_in_an_api_article_is_a_400(reviewer_api_client: APIClient) -> None:
    html = (
        '<html><head><script type="application/ld+json">' + DEEP + "</script></head><body>"
        "<article><h1>Deep</h1><p>" + "Words in a paragraph. " * 20 + "</p></article></body></html>"
    )
    response = reviewer_api_client.post(
        "/api/v1/articles/", {"title": "Deep", "html": html}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "JSON-LD block 1: JSON nested more than 64 levels deep"


# -- bad HTTP replies


def test_non_http_reply_fails_alone(tmp_path: Path, local_target: None) -> None:
    with raw_server(reply_with(b"SSH-2.0-OpenSSH_9.6\r\n")) as url:
        reasons = import_with_good_file(tmp_path, "--url", url)
    assert reasons[url].startswith("not an HTTP reply")


def test_huge_header_line_fails_alone(tmp_path: Path, local_target: None) -> None:
    reply = b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 100_000 + b"\r\n\r\nbody"
    with raw_server(reply_with(reply)) as url:
        reasons = import_with_good_file(tmp_path, "--url", url)
    assert reasons[url].startswith("not a valid HTTP reply: got more than 65536 bytes")


def test_truncated_body_is_a_failure_not_an_article(tmp_path: Path, local_target: None) -> None:
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n"
        b"Half a story\n\nIt began well"
    )
    with raw_server(reply_with(reply)) as url:
        reasons = import_with_good_file(tmp_path, "--url", url)
    assert reasons[url] == "the response ended after 27 of 5,000 bytes (Content-Length)"
    assert not Article.objects.filter(title="Half a story").exists()


def test_oversized_body_is_refused_while_reading(
    tmp_path: Path, local_target: None, settings: object
) -> None:
    settings.FACTBASE_MAX_FILE_BYTES = 1000  # type: ignore[attr-defined]
    reply = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"x" * 5000
    with raw_server(reply_with(reply)) as url:
        reasons = import_with_good_file(tmp_path, "--url", url)
    assert reasons[url] == "the response is larger than the limit of 1,000 bytes"


def test_trickling_server_meets_one_deadline(
    tmp_path: Path, local_target: None, settings: object
) -> None:
    settings.FACTBASE_FETCH_TIMEOUT = 1.5  # type: ignore[attr-defined]

    def trickle(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nSlow\n\n")
        for _ in range(30):
            connection.sendall(b"x")
            time.sleep(0.3)

    with raw_server(trickle) as url:
        started = time.monotonic()
        reasons = import_with_good_file(tmp_path, "--url", url)
        elapsed = time.monotonic() - started
    assert reasons[url] == "timed out after 1.5 s"
    assert elapsed < 4


def test_headers_trickling_in_meet_the_deadline_too(
    tmp_path: Path, local_target: None, settings: object
) -> None:
    settings.FACTBASE_FETCH_TIMEOUT = 1  # type: ignore[attr-defined]

    def trickle(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(30):
            connection.sendall(b"y")
            time.sleep(0.3)

    with raw_server(trickle) as url:
        started = time.monotonic()
        reasons = import_with_good_file(tmp_path, "--url", url)
        assert time.monotonic() - started < 4
    assert reasons[url] == "timed out after 1 s"


def test_malformed_url_fails_alone(tmp_path: Path) -> None:
    reasons = import_with_good_file(tmp_path, "--url", "http://[::1/x")
    assert reasons["http://[::1/x"] == "malformed URL: Invalid IPv6 URL"


# -- SSRF


def test_loopback_is_refused_without_the_setting(tmp_path: Path) -> None:
    with raw_server(reply_with(PAGE)) as url:
        reasons = import_with_good_file(tmp_path, "--url", url)
    assert reasons[url] == (
        "127.0.0.1 is a loopback address; set FACTBASE_FETCH_ALLOW_PRIVATE to fetch from it"
    )


def test_a_host_name_is_judged_by_the_address_it_resolves_to(tmp_path: Path) -> None:
    reasons = import_with_good_file(tmp_path, "--url", "http://localhost:5432/")
    assert reasons["http://localhost:5432/"].startswith("localhost (")
    assert "a loopback address" in reasons["http://localhost:5432/"]


def test_private_and_metadata_addresses_are_refused(tmp_path: Path) -> None:
    reasons = import_with_good_file(
        tmp_path, "--url", "http://10.1.2.3/", "--url", "http://169.254.169.254/latest/"
    )
    assert "a private address" in reasons["http://10.1.2.3/"]
    assert "a link-local address" in reasons["http://169.254.169.254/latest/"]


def redirect_to(location: str) -> bytes:
    return f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://[::1]:5432/", "::1 is a loopback address"),
        ("http://127.0.0.2:5432/", "127.0.0.2 is a loopback address"),
        ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 is a private address"),
        ("http://192.168.0.1/admin", "192.168.0.1 is a private address"),
        ("ftp://example.org/file", "only http:// and https:// URLs can be fetched"),
    ],
)
def test_redirect_is_checked_like_the_first_request(
    tmp_path: Path, settings: object, location: str, reason: str
) -> None:
    # Only the test server's own address is allowed: where it redirects is not.
    settings.FACTBASE_FETCH_ALLOW_PRIVATE = ["127.0.0.1/32"]  # type: ignore[attr-defined]
    with raw_server(reply_with(redirect_to(location))) as url:
        reasons = import_with_good_file(tmp_path, "--url", url)
    assert reasons[url].startswith(f"redirected to {location}: ")
    assert reason in reasons[url]


def test_redirects_are_limited(tmp_path: Path, local_target: None) -> None:
    with raw_server(reply_with(redirect_to("/again"))) as url:
        reasons = import_with_good_file(tmp_path, "--url", url)
    assert reasons[url] == "more than 5 redirects"


def test_allowed_redirect_is_followed(local_target: None) -> None:
    with (
        raw_server(reply_with(PAGE)) as target,
        raw_server(reply_with(redirect_to(f"{target}/story"))) as url,
    ):
        run_import("--url", url)
    assert Article.objects.get(title="Quay strike ends").url == f"{target}/story"


# -- links and encodings


def test_javascript_urls_are_refused(tmp_path: Path) -> None:
    records = [
        {"title": "Script", "body": "A body.", "url": "javascript:alert(1)"},
        {"title": "Data", "body": "A body.", "url": "data:text/html,hi"},
        {"title": "Fine", "body": "Another body.", "url": "https://example.org/fine"},
    ]
    (tmp_path / "links.json").write_text(json.dumps(records))
    reasons = import_with_good_file(tmp_path, str(tmp_path / "links.json"))
    assert reasons == {
        f"{tmp_path / 'links.json'}[0]": '"url" must be an http:// or https:// URL: '
        "'javascript:alert(1)'",
        f"{tmp_path / 'links.json'}[1]": '"url" must be an http:// or https:// URL: '
        "'data:text/html,hi'",
    }
    assert Article.objects.get(title="Fine").url == "https://example.org/fine"


def test_one_bad_byte_in_utf8_is_replaced_not_read_as_windows_1252(tmp_path: Path) -> None:
    data = "Café reopens\n\nThe café in Zürich reopened, its owner said.\n".encode()
    bad = data.replace(b"owner", b"own\xffr")
    (tmp_path / "cafe.txt").write_bytes(bad)
    out = run_import(str(tmp_path / "cafe.txt"))
    article = Article.objects.get()
    assert article.title == "Café reopens"
    assert "Zürich" in article.body and "own\ufffdr" in article.body
    offset = bad.index(b"\xff")
    warning = f"replaced 1 byte that is not UTF-8 at offset {offset}"
    assert warning in out
    assert ImportRun.objects.get().warnings == [
        {"input": str(tmp_path / "cafe.txt"), "warning": warning}
    ]


def test_windows_1252_without_utf8_is_still_detected(tmp_path: Path) -> None:
    text = "Prices rise\n\n“Costs are up,” said Zoë Müller at the café.\n"
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    run_import(str(tmp_path / "legacy.txt"))
    assert "Zoë Müller" in Article.objects.get().body


def test_api_refuses_script_links(reviewer_api_client: APIClient) -> None:
    response = reviewer_api_client.post(
        "/api/v1/articles/",
        {"title": "T", "body": "B.", "url": "javascript:alert(1)"},
        format="json",
    )
    assert response.status_code == 400
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/a", "http://"]
)
def test_url_fields_accept_only_web_links(url: str) -> None:
    from django.core.exceptions import ValidationError

    from claims.models import Claim, Review

    with pytest.raises(ValidationError):
        Article(title="T", body="B", url=url).clean_fields(exclude=["content_hash"])
    with pytest.raises(ValidationError):
        Review._meta.get_field("url").run_validators(url)
    with pytest.raises(ValidationError):
        Claim._meta.get_field("external_appearances").run_validators([url])
