"""The same URL with new text: update in place, never losing reviewed work."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from claims.models import AttributionStatus, Claim, ClaimState, Quote
from sources.models import Article, ImportRun

pytestmark = pytest.mark.django_db

URL = "https://wire.example.org/ports"
FIRST = (
    "The ports reopened on Monday after a nine-day strike that cost exporters $2 billion.\n\n"
    "“We are relieved that the ships are moving again,” said Ana Ruiz, a trade official."
)


def write(tmp_path: Path, body: str, name: str = "story.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"title": "Ports reopen", "body": body, "url": URL}) + "\n")
    return path


def summary(path: Path) -> dict[str, int]:
    out = StringIO()
    call_command("import_articles", str(path), "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_changed_text_updates_the_article_and_moves_reviewed_quotes(
    tmp_path: Path, reviewer: User
) -> None:
    summary(write(tmp_path, FIRST))
    quote = Quote.objects.get()
    quote.set_attribution(AttributionStatus.CONFIRMED, by=reviewer)

    second = "Update: strike ends.\n\n" + FIRST + "\n\n“Costs will fall,” Ruiz said."
    result = summary(write(tmp_path, second))

    assert (result["updated"], result["created"]) == (1, 0)
    article = Article.objects.get()
    assert article.body == second
    quote.refresh_from_db()
    assert quote.attribution_status == AttributionStatus.CONFIRMED
    assert article.body[quote.start : quote.end] == quote.text
    assert Quote.objects.count() == 2
    for each in Quote.objects.all():
        assert article.body[each.start : each.end] == each.text


def test_update_that_would_drop_reviewed_words_is_refused(
    tmp_path: Path, reviewer: User, editor: User
) -> None:
    summary(write(tmp_path, FIRST))
    quote = Quote.objects.get()
    quote.set_attribution(AttributionStatus.CONFIRMED, by=reviewer)
    claim = Claim.objects.get()
    claim.start_review(by=reviewer)

    with pytest.raises(CommandError):
        summary(write(tmp_path, "A completely different story about rain and wind today."))

    article = Article.objects.get()
    assert article.body == FIRST
    assert "reviewed quote" in ImportRun.objects.latest("started_at").errors[0]["reason"]
    assert Claim.objects.get().state == ClaimState.IN_REVIEW


def test_machine_output_of_the_old_text_is_replaced(tmp_path: Path) -> None:
    summary(write(tmp_path, FIRST))
    summary(write(tmp_path, "“Different words entirely,” said Bo Chen, an analyst at Acme."))

    assert [q.text for q in Quote.objects.all()] == ["Different words entirely,"]
    assert not Claim.objects.filter(text__contains="nine-day strike").exists()
