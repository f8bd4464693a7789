import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from claims.models import AttributionStatus, Claim, Quote, Speaker
from sources.models import Article
from tests.conftest import GOLD_FILE, SEED_FILE


def command_output(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_extract_prints_predictions_and_writes_nothing() -> None:
    document = json.loads(command_output("extract", str(SEED_FILE), "--json"))

    assert not Article.objects.exists() and not Quote.objects.exists()
    assert document["title"] == "North Korea and Iran, What is the New Alliance?"
    first = document["quotes"][0]
    assert first["speaker"] == "Kim Sung Kyung" and first["cue"] == "said"
    assert {"kind", "text", "start", "end", "mention", "confidence"} <= first.keys()
    assert any(s["organization"] == "Troy University" for s in document["speakers"])
    assert all(c["reasons"] for c in document["claims"])


def test_extract_reports_a_bad_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(CommandError, match=r"empty\.txt: the file is empty"):
        command_output("extract", str(empty))


def test_evaluate_extraction_json() -> None:
    scores = json.loads(command_output("evaluate_extraction", str(GOLD_FILE), "--json"))
    assert scores["direct"]["gold"] == 12
    assert scores["direct"]["end_to_end"]["f1"] == 1.0
    assert 0 <= scores["claims"]["precision"] <= 1


def test_evaluate_extraction_refuses_a_non_gold_file(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"format": "other"}')
    with pytest.raises(CommandError, match="factbase-gold/1"):
        command_output("evaluate_extraction", str(bogus))


@pytest.mark.django_db
def test_reextract_keeps_reviewed_quotes_and_claims(
    seed_article: Article, published_claim: Claim, reviewer: User
) -> None:
    quote = seed_article.quotes.order_by("start").first()
    assert quote is not None
    other = Speaker.objects.create(name="Someone Else")
    quote.set_attribution(AttributionStatus.MISATTRIBUTED, by=reviewer, speaker=other)
    machine_quotes = Quote.objects.filter(attribution_status=AttributionStatus.UNREVIEWED)
    machine_quotes.update(cue="tampered")

    output = command_output("reextract")

    quote.refresh_from_db()
    assert quote.speaker == other and quote.attribution_status == "misattributed"
    assert not Quote.objects.filter(cue="tampered").exists()
    published_claim.refresh_from_db()
    assert published_claim.state == "published"
    assert "1 article(s)" in output and "0 added" in output


@pytest.mark.django_db
def test_reextract_unknown_article() -> None:
    with pytest.raises(CommandError, match="No article with id 999"):
        command_output("reextract", "--article", "999")
