"""Quote variants as the desk reads them: the other wording, a word-level diff
("‘will’ → ‘might’"), the reviewer's verdict and the buttons that give it."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.admin.history import history_table
from claims.models import Quote, QuoteVariant, VariantVerdict
from claims.wording import aligned, word_changes

MARKS = [
    (VariantVerdict.SAME_WORDS, "Same words"),
    (VariantVerdict.MISQUOTE, "Misquote"),
    (VariantVerdict.DIFFERENT, "Different quote"),
]


def inline_diff(before: str, after: str) -> SafeString:
    """`after` as written, with the words of `before` it dropped struck through and the
    words it added marked."""
    parts: list[SafeString] = []
    for tag, old, new in aligned(before, after):
        if tag == "equal":
            parts.append(format_html("{}", new))
            continue
        if old:
            parts.append(format_html("<del>{}</del>", old))
        if new:
            parts.append(format_html("<ins>{}</ins>", new))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def changes_html(variant: QuoteVariant) -> SafeString:
    """What the later wording changed, one item per change."""
    changes = word_changes(variant.variant_of.text, variant.quote.text)
    return format_html(
        '<ul class="fb-changes">{}</ul>',
        format_html_join("", "<li>{}</li>", ((str(change),) for change in changes)),
    )


def _source(quote: Quote) -> SafeString:
    article = quote.article
    outlet = article.outlet.name if article.outlet is not None else ""
    return format_html(
        '<a href="{}">quote #{}</a> in “{}”{}, {}',
        reverse("admin:claims_quote_change", args=[quote.pk]),
        quote.pk,
        article.title,
        format_html(" ({})", outlet) if outlet else "",
        quote.speaker_label,
    )


def variants_html(quote: Quote, variants: list[QuoteVariant]) -> SafeString:
    """Every variant of `quote`: the earlier and later wording, the diff between them,
    and the verdict buttons (they post the change form to the variant's mark page)."""
    if not variants:
        return format_html("<p>{}</p>", "No other outlet reports these words differently.")
    items = []
    for variant in variants:
        other = variant.other(quote)
        mark_url = reverse("admin:claims_quote_variant", args=[quote.pk, variant.pk])
        buttons = format_html_join(
            "",
            '<button type="submit" class="button" formaction="{}" name="verdict" '
            'value="{}"{}>{}</button>',
            (
                (mark_url, value, " disabled" if variant.verdict == value else "", label)
                for value, label in MARKS
            ),
        )
        items.append(
            format_html(
                '<div class="fb-variant"><p>Also reported by {} as “{}” ({}% alike). '
                "Verdict: <strong>{}</strong>.</p><p>{} → {}: {}</p>{}<p>{}</p>{}</div>",
                _source(other),
                other.text,
                round(variant.similarity * 100),
                variant.get_verdict_display(),
                f"#{variant.variant_of_id}",
                f"#{variant.quote_id}",
                inline_diff(variant.variant_of.text, variant.quote.text),
                changes_html(variant),
                buttons,
                history_table(variant) if variant.verdict != VariantVerdict.UNREVIEWED else "",
            )
        )
    return format_html_join("", "{}", ((item,) for item in items))


def misquotes_html(variants: list[QuoteVariant]) -> SafeString:
    """A speaker's misquotes: the two wordings and what differs between them."""
    if not variants:
        return format_html("<p>{}</p>", "No misquotes recorded.")
    return format_html_join(
        "",
        '<div class="fb-variant"><p>{}: “{}”</p><p>{}: “{}”</p>{}</div>',
        (
            (
                _source(v.variant_of),
                v.variant_of.text,
                _source(v.quote),
                v.quote.text,
                changes_html(v),
            )
            for v in variants
        ),
    )
