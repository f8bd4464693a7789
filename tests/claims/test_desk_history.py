"""What the desk reads: the history in sentences, the audit list without content-type
ids, the claim page without character offsets, and autocompletes that answer every
desk role."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.models import Claim, RatingLabel, Speaker
from sources.models import Article
from tests.claims.test_review_desk import action, rate_payload
from tests.conftest import queries_for_get

pytestmark = pytest.mark.django_db


def test_claim_history_reads_as_sentences(
    claim: Claim, reviewer: User, reviewer_client: Client
) -> None:
    reviewer.first_name, reviewer.last_name = "Ana", "Reyes"
    reviewer.save()
    action(reviewer_client, claim, "start_review", note="picked from the queue")
    action(reviewer_client, claim, "rate", **rate_payload())

    html = reviewer_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    rating = RatingLabel.objects.get(slug="mostly-true")
    assert f"Rated {rating} by Ana Reyes (reviewer), " in html
    assert re.search(
        r"Review started by Ana Reyes \(reviewer\), \d+ \w{3} \d{4} \d\d:\d\d: "
        r"‘picked from the queue’",
        html,
    )
    assert "Assigned to rita by Ana Reyes (reviewer)" in html
    assert "in_review" not in html.split('class="fb-history"')[1]
    assert "claim.state" not in html and "claim.rating" not in html


def test_desk_pages_show_no_offsets_or_content_type_ids(
    claim: Claim, reviewer: User, reviewer_client: Client
) -> None:
    claim.start_review(by=reviewer)
    page = reviewer_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert "field-start" not in page and "field-end" not in page

    audit = reviewer_client.get("/admin/claims/auditevent/").content.decode()
    assert "field-object_id" not in audit and "field-content_type" not in audit
    assert f'Claim: <a href="/admin/claims/claim/{claim.pk}/change/">' in audit
    assert "Review started" in audit


def test_audit_list_query_count_is_constant(
    reviewer_client: Client, make_published: object
) -> None:
    make_published(2)  # type: ignore[operator]
    few = queries_for_get(reviewer_client, "/admin/claims/auditevent/")
    make_published(15)  # type: ignore[operator]
    assert queries_for_get(reviewer_client, "/admin/claims/auditevent/") == few


@pytest.mark.parametrize("persona", ["reviewer", "editor"])
@pytest.mark.parametrize(
    ("field", "term", "expected"),
    [("assignee", "rit", "rita"), ("claimant", "pinks", "Daniel Pinkston")],
)
def test_claim_autocompletes_answer_every_desk_role(
    seed_article: object,
    reviewer: User,
    editor: User,
    persona: str,
    field: str,
    term: str,
    expected: str,
) -> None:
    client = Client()
    client.force_login(reviewer if persona == "reviewer" else editor)
    response = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "claims", "model_name": "claim", "field_name": field},
    )
    assert response.status_code == 200, response.content[:300]
    assert [r["text"] for r in response.json()["results"]] == [expected]


def test_aliases_and_tags_are_edited_one_a_line(
    seed_article: Article, editor_client: Client
) -> None:
    kim = Speaker.objects.get(name="Kim Sung Kyung")
    url = f"/admin/claims/speaker/{kim.pk}/change/"
    response = editor_client.post(
        url, {"name": kim.name, "kind": kim.kind, "aliases": "Prof. Kim\n\n K. S. Kyung \n"}
    )
    assert response.status_code == 302
    kim.refresh_from_db()
    assert kim.aliases == ["Prof. Kim", "K. S. Kyung"]
    page = editor_client.get(url).content.decode()
    assert '"id_aliases">\nProf. Kim\nK. S. Kyung</textarea>' in page
    assert "[&quot;" not in page

    article_url = f"/admin/sources/article/{seed_article.pk}/change/"
    page = editor_client.get(article_url).content.decode()
    tags = "\n".join(seed_article.tags)
    assert seed_article.tags and f'"id_tags">\n{tags}</textarea>' in page
