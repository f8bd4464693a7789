import codecs
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Quote, Speaker
from sources.models import Article, ImportRun
from tests.conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def run_import(*paths: object) -> str:
    out = StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=out)
    return out.getvalue()


def test_seed_import_stores_title_tags_and_clean_body() -> None:
    output = run_import(SEED_FILE)

    article = Article.objects.get()
    assert "1 created" in output
    assert article.title == "North Korea and Iran, What is the New Alliance?"
    assert article.tags == ["North", "Korea", "Iran", "Alliance"]
    assert article.body.startswith("North Korea is building new relationships")
    for boilerplate in ("Also Read", "Also read", "Leave a Reply", "email address"):
        assert boilerplate not in article.body
        assert boilerplate in article.raw
    assert article.source_file == str(SEED_FILE)
    assert article.import_run is not None and article.import_run.created == 1


def test_quotes_are_stored_with_exact_spans_and_speakers() -> None:
    run_import(SEED_FILE)

    article = Article.objects.get()
    quotes = list(Quote.objects.select_related("speaker"))
    assert len(quotes) >= 12
    for quote in quotes:
        assert article.body[quote.start : quote.end] == quote.text
    first = quotes[0]
    assert first.text.startswith("Just like in the Cold War")
    assert first.speaker is not None and first.speaker.name == "Kim Sung Kyung"
    kim = Speaker.objects.get(name="Kim Sung Kyung")
    assert kim.organization == "University of North Korean Studies"
    assert Speaker.objects.get(name="Daniel Pinkston").quotes.count() >= 8


def test_reimport_is_a_no_op() -> None:
    run_import(SEED_FILE)
    counts = (
        Article.objects.count(),
        Quote.objects.count(),
        Claim.objects.count(),
        Speaker.objects.count(),
    )

    output = run_import(SEED_FILE)

    assert "0 created" in output and "1 unchanged" in output
    assert "Nothing new" in output
    assert counts == (
        Article.objects.count(),
        Quote.objects.count(),
        Claim.objects.count(),
        Speaker.objects.count(),
    )
    assert ImportRun.objects.count() == 2


def test_directory_and_glob_inputs(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "a.txt").write_text("First headline\n\nBody of the first article.\n")
    (tmp_path / "nested" / "b.txt").write_text("Second headline\n\nBody of the second.\n")
    (tmp_path / "notes.csv").write_text("ignored")

    run_import(tmp_path)
    run_import(f"{tmp_path}/*.txt")

    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "First headline",
        "Second headline",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"   \n\n \t\n", "the file is empty"),
        (b"Only a headline\n\n#tag\n", "no body text"),
        (b"Headline\n\n" + bytes(range(128, 256)) * 3, "not recognisably Windows-1252"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_bad_file_fails_with_reason_and_leaves_nothing(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("A good headline\n\nA good body.\n")

    with pytest.raises(CommandError, match="1 input"):
        run_import(bad, good)

    assert list(Article.objects.values_list("title", flat=True)) == ["A good headline"]
    run = ImportRun.objects.get()
    assert run.failed == 1 and run.created == 1
    assert run.errors[0]["input"] == str(bad)
    assert reason in run.errors[0]["reason"]


def test_failure_output_names_file_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(bad), stdout=StringIO(), stderr=err)
    assert f"FAILED {bad}: the file is empty" in err.getvalue()


def test_missing_path_fails() -> None:
    with pytest.raises(CommandError):
        run_import("/nonexistent/article.txt")
    assert ImportRun.objects.get().errors == [
        {"input": "/nonexistent/article.txt", "reason": "no such file or directory"}
    ]


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + b"BOM headline\n\nBody.\n")
    (tmp_path / "u16.txt").write_bytes("UTF-16 headline\n\nBody “quoted”.\n".encode("utf-16"))

    run_import(tmp_path)

    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "BOM headline",
        "UTF-16 headline",
    ]


def test_oversized_article_is_refused(tmp_path: Path, settings: object) -> None:
    settings.FACTBASE_MAX_ARTICLE_CHARS = 100  # type: ignore[attr-defined]
    big = tmp_path / "big.txt"
    big.write_text("Headline\n\n" + "word " * 100)

    with pytest.raises(CommandError):
        run_import(big)

    assert not Article.objects.exists()
    assert "limit is 100" in ImportRun.objects.get().errors[0]["reason"]


def test_failure_while_storing_rolls_back_the_whole_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DatabaseError

    import claims.recording

    def broken(*args: object, **kwargs: object) -> None:
        # The article row has been written by now; it must not survive.
        assert Article.objects.exists()
        raise DatabaseError("disk full")

    monkeypatch.setattr(claims.recording, "find_or_create_speakers", broken)
    with pytest.raises(CommandError):
        run_import(SEED_FILE)

    assert not Article.objects.exists()
    assert not Quote.objects.exists()
    assert "disk full" in ImportRun.objects.get().errors[0]["reason"]
