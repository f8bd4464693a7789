"""Quote variants: a quote reported in other words by a second outlet is found on import,
its word-level diff is shown on the quote's page, a reviewer judges it (audited), and
misquotes are listed for the desk on the speaker's pages, never for the public."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims import variants
from claims.models import AttributionStatus, AuditEvent, Quote, QuoteVariant, Speaker

pytestmark = pytest.mark.django_db

SAID = "We will finish the new harbor bridge before the winter floods arrive"
REPORTED = "We might finish the new harbor bridge before the winter floods arrive"


def article(title: str, lead: str, quote: str, speaker: str = "Mayor Lena Ortiz") -> str:
    return (
        f"{title}\n\n{lead}\n\n"
        f"“{quote},” {speaker} said on Monday.\n\n"
        "The plan has been debated in the council for two years.\n"
    )


def import_article(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_text(text)
    call_command("import_articles", str(path), "--quiet", stdout=StringIO(), stderr=StringIO())


def quote_of(name: str) -> Quote:
    return Quote.objects.get(article__title=name, kind="direct")


@pytest.fixture
def variant(tmp_path: Path) -> QuoteVariant:
    """The Gazette reports the mayor's words; the Ledger reports them with one changed."""
    import_article(
        tmp_path, "gazette", article("Harbor plan set for vote", "The council meets.", SAID)
    )
    import_article(
        tmp_path,
        "ledger",
        article("Mayor promises harbor bridge", "The mayor spoke at the port.", REPORTED),
    )
    return QuoteVariant.objects.select_related("quote", "variant_of").get()


def test_a_quote_reported_in_other_words_is_found_on_import(variant: QuoteVariant) -> None:
    assert variant.variant_of == quote_of("Harbor plan set for vote")
    assert variant.quote == quote_of("Mayor promises harbor bridge")
    assert (
        variant.quote.speaker
        == variant.variant_of.speaker
        == Speaker.objects.get(name="Lena Ortiz")
    )
    assert variant.verdict == "unreviewed" and 0.8 < variant.similarity < 1


def test_the_same_words_and_another_speakers_words_are_not_variants(tmp_path: Path) -> None:
    import_article(tmp_path, "a", article("First report", "The council meets.", SAID))
    import_article(tmp_path, "b", article("Second report", "Reporters asked.", SAID))
    import_article(
        tmp_path,
        "c",
        article("Third report", "A rival spoke.", REPORTED, speaker="Councillor Ivo Brandt"),
    )
    assert Quote.objects.filter(kind="direct").count() == 3
    assert not QuoteVariant.objects.exists()


def test_an_unattributed_report_is_a_variant(tmp_path: Path) -> None:
    import_article(tmp_path, "a", article("First report", "The council meets.", SAID))
    (tmp_path / "b.txt").write_text(
        f"Second report\n\nA leaflet was handed out in the market.\n\n“{REPORTED}.”\n"
    )
    call_command(
        "import_articles", str(tmp_path / "b.txt"), "--quiet", stdout=StringIO(), stderr=StringIO()
    )
    later = Quote.objects.get(article__title="Second report", kind="direct")
    assert later.speaker is None
    assert QuoteVariant.objects.get().quote == later


def test_only_quotes_sharing_rare_words_are_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_quotes = {
        "tram": "The tram line reaches the northern suburbs by next spring",
        "school": "Every school in the district gets a new roof this summer",
        "library": "Our library will open on Sundays from the first of March",
        "stadium": "Nobody here wants a stadium paid with borrowed money",
        "ferry": "The ferry timetable doubles once the new pier is finished",
    }
    for topic, text in other_quotes.items():
        import_article(tmp_path, topic, article(f"Report on {topic}", "She spoke.", text))
    import_article(tmp_path, "gazette", article("Harbor plan", "The council meets.", SAID))
    compared: list[tuple[str, str]] = []

    def counting(first: str, second: str) -> bool:
        compared.append((first, second))
        return variants_is_variant(first, second)

    variants_is_variant = variants.is_variant
    monkeypatch.setattr(variants, "is_variant", counting)
    import_article(tmp_path, "ledger", article("Mayor promises", "At the port.", REPORTED))

    assert [first for first, _ in compared] == [quote_of("Harbor plan").text]
    assert QuoteVariant.objects.count() == 1


def test_the_quote_page_shows_the_word_level_diff(
    variant: QuoteVariant, reviewer_client: Client
) -> None:
    for quote in (variant.quote, variant.variant_of):
        page = reviewer_client.get(reverse("admin:claims_quote_change", args=[quote.pk]))
        html = page.content.decode()
        assert "‘will’ → ‘might’" in html
        assert "<del>will</del> <ins>might</ins>" in html
        assert "(92% alike)" in html
        mark = reverse("admin:claims_quote_variant", args=[quote.pk, variant.pk])
        assert f'formaction="{mark}" name="verdict" value="misquote"' in html


def mark(client: Client, quote: Quote, variant: QuoteVariant, verdict: str) -> Any:
    url = reverse("admin:claims_quote_variant", args=[quote.pk, variant.pk])
    return client.post(url, {"verdict": verdict, "note": "the recording says will"}, follow=True)


def test_a_reviewer_marks_a_misquote_and_it_is_audited(
    variant: QuoteVariant, reviewer_client: Client, reviewer: User
) -> None:
    response = mark(reviewer_client, variant.quote, variant, "misquote")

    assert response.redirect_chain[-1][0] == reverse(
        "admin:claims_quote_change", args=[variant.quote.pk]
    )
    assert "marked misquote" in response.content.decode()
    variant.refresh_from_db()
    assert variant.verdict == "misquote"
    event = AuditEvent.objects.for_object(variant).get()
    assert (event.action, event.actor, event.from_value, event.to_value, event.note) == (
        "quote.variant",
        reviewer,
        "unreviewed",
        "misquote",
        "the recording says will",
    )
    assert "Wordings marked misquote by rita (reviewer)" in response.content.decode()


@pytest.mark.parametrize(
    ("verdict", "stored"), [("same_words", "same_words"), ("different", "different")]
)
def test_same_words_and_different_quote_are_stored(
    variant: QuoteVariant, reviewer_client: Client, verdict: str, stored: str
) -> None:
    mark(reviewer_client, variant.variant_of, variant, verdict)
    variant.refresh_from_db()
    assert variant.verdict == stored


def test_a_bad_verdict_or_a_reader_without_the_permission_changes_nothing(
    variant: QuoteVariant, reviewer_client: Client
) -> None:
    response = mark(reviewer_client, variant.quote, variant, "probably")
    assert "is not a verdict on a variant" in response.content.decode()
    reader = User.objects.create_user("vic", password="pw", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_quote"))
    reader_client = Client()
    reader_client.force_login(reader)
    assert (
        "do not have permission"
        in mark(reader_client, variant.quote, variant, "misquote").content.decode()
    )
    variant.refresh_from_db()
    assert variant.verdict == "unreviewed" and not AuditEvent.objects.for_object(variant).exists()


def test_a_judged_pair_is_not_suggested_again_on_reextraction(
    variant: QuoteVariant, reviewer: User
) -> None:
    variant.mark_different(by=reviewer)
    call_command("reextract", stdout=StringIO(), stderr=StringIO())
    assert list(QuoteVariant.objects.values_list("pk", "verdict")) == [(variant.pk, "different")]


def test_misquotes_are_listed_for_the_desk_on_the_speakers_pages(
    variant: QuoteVariant,
    reviewer: User,
    reviewer_client: Client,
    reviewer_api_client: APIClient,
    api_client: APIClient,
) -> None:
    variant.mark_misquote(by=reviewer)
    variant.variant_of.set_attribution(AttributionStatus.CONFIRMED, by=reviewer)
    ortiz = Speaker.objects.get(name="Lena Ortiz")

    page = reviewer_client.get(reverse("admin:claims_speaker_change", args=[ortiz.pk]))
    assert REPORTED in page.content.decode() and "‘will’ → ‘might’" in page.content.decode()

    desk = reviewer_api_client.get(f"/api/v1/speakers/{ortiz.pk}/").json()
    (misquote,) = desk["misquotes"]
    assert misquote["earlier"]["text"].startswith(SAID)
    assert misquote["later"]["text"].startswith(REPORTED)
    assert misquote["changes"] == ["‘will’ → ‘might’"]

    public = api_client.get(f"/api/v1/speakers/{ortiz.pk}/")
    assert public.status_code == 200  # the speaker is public through a confirmed quote
    assert public.json()["misquotes"] == []
    assert REPORTED not in public.content.decode()


def test_finding_variants_costs_the_same_queries_however_many_earlier_reports(
    tmp_path: Path,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    endings = ["arrive", "come", "hit", "start", "begin"]

    def queries_to_import(name: str) -> int:
        with CaptureQueriesContext(connection) as context:
            lead = f"The {name} desk asked at the port."
            import_article(tmp_path, name, article(f"Report {name}", lead, REPORTED))
        return len(context.captured_queries)

    import_article(tmp_path, "first", article("Harbor plan", "The council meets.", SAID))
    with_one = queries_to_import("one")
    for ending in endings[1:]:
        said = SAID.replace("arrive", ending)
        import_article(tmp_path, ending, article(f"Plan {ending}", "The council met.", said))
    with_many = queries_to_import("many")

    assert with_many == with_one
    latest = Quote.objects.get(article__title="Report many", kind="direct")
    # Every earlier wording but the identical "Report one", which is no variant.
    assert QuoteVariant.objects.filter(quote=latest).count() == len(endings)


def test_a_word_more_earlier_quotes_hold_than_the_limit_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(variants, "MAX_WORD_FREQUENCY", 2)
    import_article(tmp_path, "first", article("Harbor plan", "The council meets.", SAID))
    import_article(tmp_path, "second", article("Harbor vote", "The council met.", SAID))
    # Each word of the mayor's words is now in two earlier quotes: still followed.
    import_article(tmp_path, "third", article("Mayor promises", "At the port.", REPORTED))
    assert QuoteVariant.objects.filter(quote=quote_of("Mayor promises")).count() == 2

    # Words all three hold are too common to follow: a report of only those words is
    # compared with nothing.
    monkeypatch.setattr(variants, "is_variant", lambda first, second: pytest.fail("compared"))
    common = "We finish the new harbor bridge before the winter floods arrive"
    import_article(tmp_path, "fourth", article("Bridge promise", "At the pier.", common))
    assert not QuoteVariant.objects.filter(quote=quote_of("Bridge promise")).exists()
