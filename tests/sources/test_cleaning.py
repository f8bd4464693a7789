import pytest

from sources.cleaning import is_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Also Read:\u00a0 We will pay. All. Serious consequences of an attack on Israel",
        "Also read ‘Seconds North Korea Tests New Missile Warhead’:",
        "Read more: Council votes on parking fees",
        "RELATED: Five things to know about the budget",
        "See also: Our full election coverage",
        "Leave a Reply",
        "Leave a comment",
        "Your email address will not be published. Required fields are marked *",
        "Share this article",
        "Share on Facebook",
        "Click here to subscribe to our newsletter",
        "Sign up for our free newsletter and get the news first.",
        "Follow us on Twitter and Instagram",
        "Advertisement",
        "We use cookies to improve your experience. By continuing you accept them.",
        "Accept all cookies",
        "© 2024 Example Media. All rights reserved.",
    ],
)
def test_scraped_page_chrome_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Readers shared the story widely after the vote.",
        "Share prices fell 4 percent after the announcement, the exchange said.",
        "Advertisement spending rose by a third last year, the industry group said.",
        "“Leave a reply on the form,” the clerk told voters who had complained.",
        "Related to the case, police arrested two men on Monday.",
        "We use cookies only on the staff intranet, the company said in a statement.",
    ],
)
def test_article_sentences_are_kept(line: str) -> None:
    assert not is_boilerplate(line)
