"""ClaimReview as fact-checkers' sites emit it, through `manage.py import_claimreview`:
Yoast @graph with @id references, lists, prefixed types and terms, contexts, "not
rated", claimant names read as extraction reads speakers, HTML pages. Every publisher,
person and claim here is invented."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from claims import claimreview_import
from claims.models import Claim, Review, Speaker

pytestmark = pytest.mark.django_db

SITE = "https://truthdesk.example"


def yoast_graph(claimant: str = "Mayor Lena Ortiz", number: int = 1) -> dict[str, Any]:
    """The WordPress/Yoast shape: the review's author, publisher and claimant are nodes of
    the @graph it refers to by @id."""
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "WebPage",
                "@id": f"{SITE}/checks/{number}/",
                "url": f"{SITE}/checks/{number}/",
                "publisher": {"@id": f"{SITE}/#organization"},
            },
            {
                "@type": "Organization",
                "@id": f"{SITE}/#organization",
                "name": "Truth Desk",
                "url": f"{SITE}/",
            },
            {
                "@type": "Person",
                "@id": f"{SITE}/#/schema/person/writer",
                "name": "Oskar Lindqvist",
            },
            {
                "@type": "Person",
                "@id": f"{SITE}/#/schema/person/claimant",
                "name": claimant,
            },
            {
                "@type": "ClaimReview",
                "@id": f"{SITE}/checks/{number}/#claimreview",
                "url": f"{SITE}/checks/{number}/",
                "datePublished": "2024-06-01T09:00:00+00:00",
                "author": {"@id": f"{SITE}/#/schema/person/writer"},
                "publisher": {"@id": f"{SITE}/#organization"},
                "claimReviewed": f"The city planted {number}0,000 trees last year.",
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@id": f"{SITE}/#/schema/person/claimant"},
                    "appearance": {"@id": "https://herald.example/trees"},
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": "1",
                    "bestRating": "5",
                    "worstRating": "1",
                    "alternateName": "False",
                },
            },
        ],
    }


def review_node(number: int, **fields: Any) -> dict[str, Any]:
    """A plain ClaimReview of the invented publisher Fact Lantern."""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factlantern.example/{number}",
        "datePublished": "2024-05-03",
        "author": {"@type": "Organization", "name": "Fact Lantern"},
        "claimReviewed": f"Bus fares fell by {number} percent.",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jo Amsel"}},
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly True"},
        **fields,
    }


def run(tmp_path: Path, *documents: tuple[str, str | object]) -> tuple[str, str]:
    """Import the named documents (JSON-able objects, or text as it is) in one run."""
    paths = []
    for name, document in documents:
        path = tmp_path / name
        path.write_text(document if isinstance(document, str) else json.dumps(document))
        paths.append(str(path))
    out, err = StringIO(), StringIO()
    call_command("import_claimreview", *paths, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(tmp_path: Path, *documents: tuple[str, str | object]) -> str:
    with pytest.raises(CommandError) as raised:
        run(tmp_path, *documents)
    return str(raised.value)


def claimant_of(url: str) -> Speaker:
    claimant = Review.objects.select_related("claim__claimant").get(url=url).claim.claimant
    assert claimant is not None
    return claimant


# --- @graph and @id -----------------------------------------------------------------


def test_a_yoast_graph_names_its_publisher_and_claimant_by_id(tmp_path: Path) -> None:
    out, _ = run(tmp_path, ("page.json", yoast_graph()))

    assert "1 created" in out
    review = Review.objects.select_related("claim__claimant", "rating").get()
    # The publisher is the organisation, not the writer the review's author points to.
    assert (review.publisher_name, review.publisher_site) == ("Truth Desk", "truthdesk.example")
    assert (review.url, review.original_rating, review.rating.slug) == (
        f"{SITE}/checks/1/",
        "False",
        "false",
    )
    claimant = review.claim.claimant
    assert claimant is not None
    assert (claimant.name, claimant.kind, claimant.role) == ("Lena Ortiz", "person", "Mayor")
    assert "mayor lena ortiz" in claimant.aliases
    assert review.claim.external_appearances == ["https://herald.example/trees"]


def test_a_reference_the_document_does_not_describe_is_named(tmp_path: Path) -> None:
    graph = yoast_graph()
    del graph["@graph"][1]  # the organisation node
    graph["@graph"][-1]["author"] = {"@id": f"{SITE}/#organization"}
    (tmp_path / "page.json").write_text(json.dumps(graph))
    err = StringIO()

    with pytest.raises(CommandError, match=r"1 document\(s\) not imported.*page.json"):
        call_command("import_claimreview", str(tmp_path / "page.json"), stdout=err, stderr=err)

    assert (
        f"\"author\" refers to '{SITE}/#organization', which the document does not describe"
        in err.getvalue()
    )
    assert not Review.objects.exists() and not Speaker.objects.exists()


# --- lists, prefixes, contexts --------------------------------------------------------


def test_authors_given_as_lists(tmp_path: Path) -> None:
    node = review_node(
        1,
        author=[
            {"@type": "Person", "name": "Oskar Lindqvist"},
            {"@type": "Organization", "name": "Fact Lantern", "url": "https://factlantern.example"},
        ],
        itemReviewed={
            "@type": "Claim",
            "author": [{"@type": "Person", "name": "Priya Raman MP"}, "Tomas Varga"],
        },
    )
    run(tmp_path, ("list.json", node))

    review = Review.objects.get()
    assert (review.publisher_name, review.publisher_site) == ("Fact Lantern", "factlantern.example")
    claimant = claimant_of(review.url)
    assert (claimant.name, claimant.role) == ("Priya Raman", "MP")


@pytest.mark.parametrize(
    ("context", "kind", "keys"),
    [
        ("http://schema.org", "ClaimReview", ""),
        ("https://schema.org/", ["CreativeWork", "ClaimReview"], ""),
        ({"@vocab": "http://schema.org/"}, "ClaimReview", ""),
        (["https://schema.org", {"schema": "http://schema.org/"}], "schema:ClaimReview", ""),
        ({"sdo": "https://schema.org/"}, "sdo:ClaimReview", "sdo:"),
        (None, "http://schema.org/ClaimReview", "http://schema.org/"),
        (None, ["https://schema.org/ClaimReview"], "schema:"),
    ],
)
def test_types_terms_and_contexts_as_publishers_write_them(
    tmp_path: Path, context: object, kind: object, keys: str
) -> None:
    node = review_node(1)
    node = {f"{keys}{key}" if not key.startswith("@") else key: v for key, v in node.items()}
    node["@type"], node["@context"] = kind, context

    out, _ = run(tmp_path, ("prefixed.json", node))

    assert "1 created" in out
    review = Review.objects.select_related("claim").get()
    assert (review.url, review.publisher_name) == ("https://factlantern.example/1", "Fact Lantern")
    assert review.claim.text == "Bus fares fell by 1 percent."
    assert review.rating.slug == "mostly-true"


# --- ratings ------------------------------------------------------------------------


def test_not_rated_and_numbers_written_as_text(tmp_path: Path) -> None:
    not_rated = review_node(1, reviewRating={"ratingValue": -1, "bestRating": 5, "worstRating": 1})
    numeric = review_node(
        2, reviewRating={"ratingValue": "4", "bestRating": "5", "worstRating": "1"}
    )
    label_in_value = review_node(3, reviewRating={"ratingValue": "Pants on Fire!"})
    bad_number = review_node(4, reviewRating={"ratingValue": "4", "bestRating": "five"})

    run(tmp_path, ("ratings.json", [not_rated, numeric, label_in_value]))
    message = failing(tmp_path, ("bad.json", bad_number))

    ratings = dict(Review.objects.values_list("url", "rating__slug"))
    assert ratings == {
        "https://factlantern.example/1": "unproven",  # the fallback: not rated here either
        "https://factlantern.example/2": "mostly-true",
        "https://factlantern.example/3": "false",
    }
    assert Review.objects.get(url="https://factlantern.example/3").original_rating == (
        "Pants on Fire!"
    )
    assert "bad.json" in message


# --- claimants ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "declared", "name", "kind", "role"),
    [
        ("Mayor Lena Ortiz", "Person", "Lena Ortiz", "person", "Mayor"),
        ("Priya Raman MP", "Person", "Priya Raman", "person", "MP"),
        ("Ministry of Health", "Person", "Ministry of Health", "organization", ""),
        ("Acme Corp", None, "Acme Corp", "organization", ""),
        (
            "Westfield Transit Authority",
            "GovernmentOrganization",
            "Westfield Transit Authority",
            "organization",
            "",
        ),
    ],
)
def test_claimant_names_are_read_as_extraction_reads_speakers(
    tmp_path: Path, written: str, declared: str | None, name: str, kind: str, role: str
) -> None:
    author = {"name": written, **({"@type": declared} if declared else {})}
    run(tmp_path, ("one.json", review_node(1, itemReviewed={"author": author})))

    claimant = claimant_of("https://factlantern.example/1")
    assert (claimant.name, claimant.kind, claimant.role) == (name, kind, role)


def test_one_speaker_however_the_claimant_is_written(tmp_path: Path) -> None:
    run(tmp_path, ("graph.json", yoast_graph("Mayor Lena Ortiz")))
    plain = review_node(2, itemReviewed={"author": {"@type": "Person", "name": "Lena Ortiz"}})
    search = {
        "claims": [
            {
                "text": "The city closed four libraries.",
                "claimant": "Mayor Lena Ortiz",
                "claimReview": [
                    {"publisher": {"name": "Wire Check"}, "url": "https://wirecheck.example/9"}
                ],
            }
        ]
    }
    run(tmp_path, ("plain.json", plain), ("search.json", search))

    assert Speaker.objects.get().name == "Lena Ortiz"
    assert Claim.objects.filter(claimant__name="Lena Ortiz").count() == 3


# --- HTML pages and many reviews ------------------------------------------------------


def html_page(*blocks: str) -> str:
    scripts = "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)
    return (
        f"<!doctype html><html><head><title>Checks</title>{scripts}</head>"
        "<body><article><h1>Two claims checked</h1></article></body></html>"
    )


def test_an_html_page_with_several_claim_reviews(tmp_path: Path) -> None:
    page = html_page(
        '{"@context": "https://schema.org", "@type": "BreadcrumbList", broken',  # not ours
        json.dumps(yoast_graph(number=1)),
        json.dumps([review_node(7), review_node(8)]),
    )

    out, _ = run(tmp_path, ("check.html", page))

    assert "3 created" in out
    assert set(Review.objects.values_list("url", flat=True)) == {
        f"{SITE}/checks/1/",
        "https://factlantern.example/7",
        "https://factlantern.example/8",
    }


def test_an_html_page_whose_claim_review_is_not_json_fails_whole(tmp_path: Path) -> None:
    page = html_page(
        json.dumps(review_node(7)),
        '{"@type": "ClaimReview", "claimReviewed": "x",}',
    )
    (tmp_path / "check.html").write_text(page)
    err = StringIO()
    with pytest.raises(CommandError, match=r"check\.html"):
        call_command("import_claimreview", str(tmp_path / "check.html"), stdout=err, stderr=err)
    assert "JSON-LD block 2: invalid JSON" in err.getvalue()
    assert not Review.objects.exists()


def test_a_page_without_json_ld_says_so(tmp_path: Path) -> None:
    message = failing(tmp_path, ("plain.html", "<html><body><p>No data.</p></body></html>"))
    assert "plain.html" in message


@pytest.fixture
def fact_check_site(settings: Any) -> Iterator[str]:
    settings.FACTBASE_FETCH_ALLOW_PRIVATE = ["127.0.0.1/32"]
    body = html_page(json.dumps(yoast_graph(number=3))).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/checks/3/"
    server.shutdown()
    server.server_close()


def test_a_fact_check_page_fetched_by_url(fact_check_site: str) -> None:
    out = StringIO()
    call_command("import_claimreview", "--url", fact_check_site, stdout=out, stderr=out)
    assert "1 created" in out.getvalue()
    assert Review.objects.get().url == f"{SITE}/checks/3/"


# --- one document, one transaction ----------------------------------------------------


def test_a_database_error_leaves_nothing_of_its_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = claimreview_import.store_foreign_review

    def refuse_the_second(review: Any, labels: Any) -> str:
        if review.url.endswith("/2"):
            raise DatabaseError("value too long")
        return store(review, labels)

    monkeypatch.setattr(claimreview_import, "store_foreign_review", refuse_the_second)
    (tmp_path / "feed.json").write_text(json.dumps([review_node(1), review_node(2)]))
    (tmp_path / "other.json").write_text(json.dumps(review_node(3)))
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 document\(s\) not imported.*feed.json"):
        call_command(
            "import_claimreview",
            str(tmp_path / "feed.json"),
            str(tmp_path / "other.json"),
            stdout=err,
            stderr=err,
        )
    assert "database error: value too long" in err.getvalue()
    assert list(Review.objects.values_list("url", flat=True)) == ["https://factlantern.example/3"]
    assert Claim.objects.count() == 1


def test_no_input_is_a_usage_error() -> None:
    with pytest.raises(CommandError, match="at least one file or --url"):
        call_command("import_claimreview", stdout=StringIO(), stderr=StringIO())
