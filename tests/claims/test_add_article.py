"""The admin's Add article page: a pasted article goes through the import workflow."""

import re
from html import unescape

import pytest
from django.test import Client

from claims.models import Claim
from sources.models import Article, ImportRun

pytestmark = pytest.mark.django_db

ADD = "/admin/sources/article/add/"
BODY = "\n\n".join(
    [
        "The harbour authority will close the old pier on Monday, its director said.",
        '"The pier has carried twice its rated load since 2019, and the cracks are now '
        "visible from the water,\" said Marta Velasco, the authority's director.",
        "Also Read: Ferry timetables for the winter season",
        "Repairs are expected to cost 3 million euros, according to the authority's budget.",
    ]
)


def pasted(**overrides: str) -> dict[str, str]:
    return {
        "title": "Old pier to close for repairs",
        "body": BODY,
        "url": "https://harbour.example/pier",
        "outlet": "Harbour Courier",
        "published_at": "2026-11-20",
        **overrides,
    }


def errors_of(html: str) -> list[str]:
    found = re.search(r'<div class="errornote" id="fb-error-summary".*?</div>', html, re.S)
    assert found, "no error summary on the page"
    return [re.sub(r"<[^>]+>", "", unescape(li)) for li in re.findall(r"<li>(.*?)</li>", found[0])]


def test_a_pasted_article_is_imported_and_its_page_opens(reviewer_client: Client) -> None:
    response = reviewer_client.post(ADD, pasted())

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/sources/article/{article.pk}/change/"
    assert (article.title, article.url, str(article.outlet)) == (
        "Old pier to close for repairs",
        "https://harbour.example/pier",
        "Harbour Courier",
    )
    assert article.published_at is not None and article.published_at.date().isoformat() == (
        "2026-11-20"
    )
    assert "Also Read" not in article.body and "Also Read" in article.raw  # cleaned as on import
    assert article.import_run == ImportRun.objects.get()
    quote = article.quotes.get(text__startswith="The pier has carried")
    assert quote.speaker is not None and quote.speaker.name == "Marta Velasco"
    assert Claim.objects.filter(appearances__article=article).exists()
    page = unescape(reviewer_client.get(response["Location"]).content.decode())
    assert re.search(r"Article imported: \d+ quote\(s\) and \d+ claim\(s\) found\.", page)


def test_the_same_text_again_opens_the_existing_article(reviewer_client: Client) -> None:
    first = reviewer_client.post(ADD, pasted())

    again = reviewer_client.post(ADD, pasted(url=""), follow=True)

    assert Article.objects.count() == 1
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "This text is already in the database: here is its article." in unescape(
        again.content.decode()
    )


def test_a_known_url_is_refused_with_a_link_to_its_article(reviewer_client: Client) -> None:
    reviewer_client.post(ADD, pasted())
    article = Article.objects.get()

    html = reviewer_client.post(ADD, pasted(body="A different text about the pier.")).content
    page = html.decode()

    assert errors_of(page) == [
        f"URL: This URL is already the article {article.title}: open it there."
    ]
    link = f'<a href="/admin/sources/article/{article.pk}/change/">{article.title}</a>'
    assert page.count(link) == 2  # beside the field and in the summary at the top
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"body": ""}, "Body: Paste the article's text."),
        ({"title": ""}, "Headline: Give the article's headline."),
        (
            {"body": "Also Read: Ferry timetables for the winter season"},
            "This article cannot be imported: the article has a headline but no body text.",
        ),
        ({"url": "ftp://harbour.example/pier"}, None),
        ({"published_at": "last week"}, "Date: Enter a valid date."),
    ],
)
def test_no_empty_or_unreadable_article_is_created(
    reviewer_client: Client, overrides: dict[str, str], error: str | None
) -> None:
    response = reviewer_client.post(ADD, pasted(**overrides))

    assert response.status_code == 200
    errors = errors_of(response.content.decode())
    assert len(errors) == 1 and (error is None or errors == [error])
    assert not Article.objects.exists() and not ImportRun.objects.exists()


def test_the_import_snapshot_is_read_only(reviewer_client: Client) -> None:
    reviewer_client.post(ADD, pasted())
    article = Article.objects.get()
    url = f"/admin/sources/article/{article.pk}/change/"

    page = reviewer_client.get(url).content.decode()
    assert 'name="raw"' not in page and 'name="body"' not in page

    reviewer_client.post(
        url,
        {"title": article.title, "url": article.url, "language": "en", "raw": "overwritten"},
    )
    assert Article.objects.get().raw == article.raw
