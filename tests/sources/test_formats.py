"""Every input format, encoding and source kind, through the management command."""

import io
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Speaker
from sources.models import Article, ImportRun, Outlet

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parent / "samples"


def run_import(*args: str, stdin: bytes | None = None) -> str:
    out = StringIO()
    if stdin is not None:
        import sys

        real = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
        try:
            call_command("import_articles", *args, stdout=out, stderr=out)
        finally:
            sys.stdin = real
    else:
        call_command("import_articles", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_markdown_front_matter_and_cleaning() -> None:
    run_import(str(SAMPLES / "budget.md"))

    article = Article.objects.select_related("outlet").get()
    assert article.title == "City approves a $40 million transit budget"
    assert article.url == "https://news.example.org/transit-budget"
    assert article.outlet is not None and article.outlet.name == "Example News"
    assert article.published_at == datetime(2024, 3, 5, tzinfo=UTC)
    assert article.tags == ["transit", "budget"]
    assert "**" not in article.body and "$40 million transit budget" in article.body
    assert "Share this" not in article.body and "Read more" not in article.body
    quote = article.quotes.get()
    assert quote.speaker is not None and quote.speaker.name == "Jane Holloway"


def test_html_page_main_text_and_metadata() -> None:
    run_import(str(SAMPLES / "ports.html"))

    article = Article.objects.select_related("outlet").get()
    assert article.title == "Ports reopen after strike"
    assert article.url == "https://daily.example.org/news/ports"
    assert article.byline == "Jo Reporter"
    assert article.outlet is not None and article.outlet.name == "Daily Example"
    assert article.published_at == datetime(2024, 5, 2, 8, tzinfo=UTC)
    assert article.metadata["json_ld"]["@type"] == "NewsArticle"
    assert article.body.startswith("The country's largest ports reopened")
    for chrome in ("Home", "Also Read", "Leave a Reply", "email address"):
        assert chrome not in article.body
    direct = article.quotes.filter(kind="direct").select_related("speaker")
    assert {q.speaker.name for q in direct} == {"Ana Ruiz"}  # type: ignore[union-attr]


def test_json_lines_bad_line_fails_alone_with_its_line_number() -> None:
    with pytest.raises(CommandError):
        run_import(str(SAMPLES / "wire.jsonl"))

    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Harvest down a third",
        "Rates held at 5 percent",
    ]
    (error,) = ImportRun.objects.get().errors
    assert error["input"] == f"{SAMPLES / 'wire.jsonl'}:2"
    assert error["reason"].startswith("invalid JSON")
    # The same speaker in two articles is one Speaker.
    gonzalez = Speaker.objects.get(name="Maria Gonzalez")
    assert gonzalez.quotes.count() == 2


def test_json_array_reports_each_bad_record() -> None:
    with pytest.raises(CommandError):
        run_import(str(SAMPLES / "batch.json"))
    assert list(Article.objects.values_list("title", flat=True)) == ["Bridge reopens"]
    assert ImportRun.objects.get().errors == [
        {"input": f"{SAMPLES / 'batch.json'}[1]", "reason": 'the article needs "body" or "html"'}
    ]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"title": "T", "body": "B", "tags": "x"}, '"tags" must be a list of strings'),
        ({"title": "T", "body": "B", "published_at": "yesterday"}, "not an ISO 8601 date"),
        ({"title": "T", "body": 42}, '"body" must be a string'),
        ({"body": "Body only"}, "no headline"),
        (["not", "an", "object"], "expected an article object"),
    ],
)
def test_hostile_json_records_get_specific_errors(
    tmp_path: Path, record: object, reason: str
) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(CommandError):
        run_import(str(path))
    assert reason in ImportRun.objects.get().errors[0]["reason"]
    assert not Article.objects.exists()


def test_format_detected_from_content_and_overridable(tmp_path: Path) -> None:
    page = tmp_path / "page.dat"
    page.write_bytes((SAMPLES / "ports.html").read_bytes())
    run_import(str(page))
    assert Article.objects.get().title == "Ports reopen after strike"

    text = tmp_path / "story.html"
    text.write_text("Plain headline\n\nA plain body that happens to have an html suffix.\n")
    run_import(str(text), "--format", "text")
    assert Article.objects.filter(title="Plain headline").exists()


def test_standard_input() -> None:
    run_import("-", stdin=b"Piped headline\n\nPiped body text.\n")
    article = Article.objects.get()
    assert (article.title, article.source_file) == ("Piped headline", "<stdin>")


def test_windows_1252_is_detected(tmp_path: Path) -> None:
    text = "Café reopens\n\n“We’re back,” said Zoë Müller, the owner – finally.\n"
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    run_import(str(tmp_path / "legacy.txt"))
    article = Article.objects.get()
    assert article.title == "Café reopens"
    assert article.quotes.get().speaker.name == "Zoë Müller"  # type: ignore[union-attr]


def test_encoding_can_be_forced_and_is_then_strict(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Zürich votes\n\nStraße closed.\n".encode("latin-1"))
    with pytest.raises(CommandError):
        run_import(str(path), "--encoding", "utf-8")
    assert "not valid utf-8: byte 0xfc at offset 1" in ImportRun.objects.get().errors[0]["reason"]
    run_import(str(path), "--encoding", "latin-1")
    assert Article.objects.get().title == "Zürich votes"


def test_unicode_is_normalised_so_offsets_hold(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301 owner speaks\n\n“The cafe\u0301 stays open,” said Rene\u0301 Dubois.\n"
    (tmp_path / "nfd.txt").write_text(decomposed)
    run_import(str(tmp_path / "nfd.txt"))
    article = Article.objects.get()
    assert article.title == "Café owner speaks"
    quote = article.quotes.get()
    assert article.body[quote.start : quote.end] == quote.text == "The café stays open,"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    output = run_import(str(SAMPLES / "budget.md"), "--dry-run")
    assert "Dry run" in output and "1 created" in output
    assert not Article.objects.exists() and not ImportRun.objects.exists()
    assert not Speaker.objects.exists() and not Outlet.objects.exists()


def test_limit_since_outlet_and_json_summary() -> None:
    output = run_import(
        str(SAMPLES / "budget.md"),
        str(SAMPLES / "ports.html"),
        "--since",
        "2024-04-01",
        "--outlet",
        "Fallback Outlet",
        "--json",
    )
    summary = json.loads(output)
    assert (summary["created"], summary["skipped"], summary["failed"]) == (1, 1, 0)
    assert Article.objects.get().title == "Ports reopen after strike"
    assert Article.objects.get().outlet.name == "Daily Example"  # type: ignore[union-attr]

    run_import(str(SAMPLES / "wire.jsonl"), "--limit", "1", "--outlet", "Fallback Outlet")
    assert Article.objects.count() == 2
    added = Article.objects.get(title="Rates held at 5 percent")
    assert added.outlet.name == "Example Wire"  # type: ignore[union-attr]


def test_outlet_option_fills_articles_without_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nBody.\n")
    run_import(str(tmp_path / "a.txt"), "--outlet", "The Local Paper")
    assert Article.objects.get().outlet.name == "The Local Paper"  # type: ignore[union-attr]


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text("Fine headline\n\nFine body.\n")
    with pytest.raises(CommandError):
        run_import(str(tmp_path), "--fail-fast")
    assert not Article.objects.exists()
    assert ImportRun.objects.get().failed == 1


class _Handler(BaseHTTPRequestHandler):
    pages = {
        "/ports": (200, "text/html; charset=utf-8", (SAMPLES / "ports.html").read_bytes()),
        "/legacy": (
            200,
            "text/plain; charset=windows-1252",
            "Prices rise\n\n“Costs are up,” said Zoë Müller.\n".encode("cp1252"),
        ),
    }

    def do_GET(self) -> None:
        status, content_type, body = self.pages.get(self.path, (404, "text/plain", b"missing"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server(settings: object) -> Iterator[str]:
    # The local test server is the legitimate target here.
    settings.FACTBASE_FETCH_ALLOW_PRIVATE = ["127.0.0.1"]  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_is_fetched_and_imported(http_server: str) -> None:
    run_import("--url", f"{http_server}/ports", "--url", f"{http_server}/legacy")
    assert Article.objects.get(title="Ports reopen after strike").url == (
        "https://daily.example.org/news/ports"
    )
    legacy = Article.objects.get(title="Prices rise")
    assert legacy.url == f"{http_server}/legacy"
    assert "Zoë Müller" in legacy.body


def test_url_errors_are_reported(http_server: str) -> None:
    with pytest.raises(CommandError):
        run_import("--url", f"{http_server}/nope", "--url", "ftp://example.org/x")
    reasons = [e["reason"] for e in ImportRun.objects.get().errors]
    assert reasons == ["HTTP 404 Not Found", "only http:// and https:// URLs can be fetched"]


def test_unreachable_url_is_reported_quickly(settings: object) -> None:
    settings.FACTBASE_FETCH_TIMEOUT = 2  # type: ignore[attr-defined]
    settings.FACTBASE_FETCH_ALLOW_PRIVATE = ["127.0.0.1"]  # type: ignore[attr-defined]
    with pytest.raises(CommandError):
        run_import("--url", "http://127.0.0.1:9/")
    assert ImportRun.objects.get().errors[0]["reason"].startswith("cannot fetch")


def test_speaker_known_by_alias_is_matched_across_articles(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(
        "Talks stall\n\n“No deal yet,” said Daniel Pinkston, a professor.\n\n"
        "“Maybe next week,” Pinkston said.\n"
    )
    (tmp_path / "two.txt").write_text("Talks resume\n\n“We are closer,” Pinkston said.\n")
    run_import(str(tmp_path / "one.txt"))
    run_import(str(tmp_path / "two.txt"))

    pinkston = Speaker.objects.get()
    assert pinkston.name == "Daniel Pinkston" and "pinkston" in pinkston.aliases
    assert pinkston.quotes.count() == 3


def test_nothing_to_import_is_a_usage_error() -> None:
    with pytest.raises(CommandError, match="at least one path"):
        run_import()


class _Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One\n\nFirst body.\n")
    (tmp_path / "b.txt").write_text("Two\n\nSecond body.\n")
    terminal, pipe = _Terminal(), StringIO()

    call_command("import_articles", str(tmp_path), stdout=StringIO(), stderr=terminal)
    call_command("import_articles", str(tmp_path), stdout=StringIO(), stderr=pipe)

    assert "\r2 articles: 2 created" in terminal.getvalue()
    assert pipe.getvalue() == ""
