"""Forms of the review desk: workflow actions, attribution verdicts, speaker merges."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BaseFormSet, formset_factory
from django.urls import reverse
from django.utils.html import format_html

from claims.listforms import LinesField
from claims.models import (
    AttributionStatus,
    Claim,
    Evidence,
    EvidenceLink,
    EvidenceStance,
    NoClaimant,
    NoClaimantReason,
    Quote,
    RatingLabel,
    Review,
    Speaker,
    Wording,
)
from claims.models.workflow import Inputs
from sources.importing import read_record
from sources.models import Article, Outlet, max_length
from sources.parsing import ParsedArticle, UnreadableInput
from sources.weblinks import validate_web_url

STALE_MESSAGE = (
    "Someone else saved this claim after you opened it. Nothing of yours was saved and "
    "nothing of theirs was overwritten: reload the page to see their changes, then redo yours."
)


class VersionedForm(forms.Form):
    """Carries the claim version the user saw; the action refuses it once the claim moved on."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        self.claim = claim
        kwargs.setdefault("initial", {})["version"] = claim.version
        super().__init__(*args, **kwargs)


class NoteForm(VersionedForm):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RequiredNoteForm(VersionedForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why.",
        error_messages={"required": "Say why."},
    )


class RateForm(VersionedForm):
    rating = forms.ModelChoiceField(
        queryset=RatingLabel.objects.of_default_scale(),
        error_messages={"required": "Choose a rating from the scale."},
    )
    summary = forms.CharField(
        max_length=max_length(Review.summary),
        help_text="One sentence: the verdict.",
        error_messages={"required": "Write a one-sentence summary of the verdict."},
    )
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Explain the verdict: what the evidence shows."},
    )
    url = forms.URLField(
        label="Canonical URL",
        required=False,
        max_length=max_length(Review.url),
        assume_scheme="https",
        validators=[validate_web_url],
        help_text="Your organisation's own article about this verdict, if it has one: "
        "ClaimReview and the feeds then point there, and the public page names it as the "
        "original.",
    )


class NoClaimantFields(VersionedForm):
    """Why a verdict published with no claimant names no one. The form asks only when
    the verdict would go out with no claimant (`asks_why_no_claimant`)."""

    no_claimant_reason = forms.ChoiceField(
        label="No claimant because",
        choices=[("", "—"), *NoClaimantReason.choices],
        required=False,
        help_text="This claim names no one who made it. Say why, or set the claimant first.",
    )
    no_claimant_detail = forms.CharField(
        label="In a few words",
        max_length=max_length(Review.no_claimant_detail),
        required=False,
        help_text="Required with “Other”.",
    )

    def asks_why_no_claimant(self) -> bool:
        review = self.claim.current_review()
        return self.claim.needs_no_claimant_reason(review)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.asks_why_no_claimant():
            del self.fields["no_claimant_reason"], self.fields["no_claimant_detail"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "no_claimant_reason" not in self.fields or not self.publishes_without_claimant():
            return cleaned
        if not cleaned.get("no_claimant_reason"):
            self.add_error("no_claimant_reason", "Say why no claimant is named.")
        elif (
            cleaned["no_claimant_reason"] == NoClaimantReason.OTHER
            and not cleaned.get("no_claimant_detail", "").strip()
        ):
            self.add_error("no_claimant_detail", "Say in a few words why no claimant is named.")
        return cleaned

    def publishes_without_claimant(self) -> bool:
        return True

    def no_claimant(self) -> NoClaimant | None:
        reason = self.cleaned_data.get("no_claimant_reason")
        if not reason:
            return None
        return NoClaimant(NoClaimantReason(reason), self.cleaned_data["no_claimant_detail"])


class PublishForm(NoClaimantFields):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CorrectForm(RateForm, NoClaimantFields):
    """A correction starts from the current verdict, wording and claimant."""

    text = forms.CharField(
        label="Claim",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The claim's wording, corrected if it was wrong.",
        error_messages={"required": "Give the claim's wording."},
    )
    claimant = forms.ModelChoiceField(
        queryset=Speaker.objects.all(),
        required=False,
        help_text="Who made the claim, corrected if it was wrong; empty if no one is named.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What changed and why.",
        error_messages={"required": "Say what changed and why."},
    )
    field_order = ["text", "claimant", "rating", "summary", "explanation"]

    def asks_why_no_claimant(self) -> bool:
        return True  # the claimant may be cleared on this very form

    def publishes_without_claimant(self) -> bool:
        return self.cleaned_data.get("claimant") is None

    def wording(self) -> Wording:
        return Wording(self.cleaned_data["text"], self.cleaned_data.get("claimant"))


class EvidenceForm(forms.Form):
    url = forms.URLField(
        label="URL",
        max_length=max_length(Evidence.url),
        assume_scheme="https",
        validators=[validate_web_url],
        error_messages={"required": "Give the link's URL."},
    )
    title = forms.CharField(
        max_length=max_length(Evidence.title),
        error_messages={"required": "Give the linked page's title."},
    )
    # A blank first choice keeps the unused extra rows unchanged, so that they are skipped.
    stance = forms.ChoiceField(
        choices=[("", "—"), *EvidenceStance.choices],
        error_messages={"required": "Say whether the link supports, refutes or gives context."},
    )
    note = forms.CharField(required=False)

    def link(self) -> EvidenceLink:
        data = self.cleaned_data
        return EvidenceLink(data["url"], data["title"], data["stance"], data.get("note", ""))


class BaseEvidenceFormSet(BaseFormSet[EvidenceForm]):
    default_error_messages = {
        **BaseFormSet.default_error_messages,
        "too_few_forms": "A verdict needs at least one evidence link: fill in a row below "
        "with its URL, title and stance.",
    }

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # Every blank row is skipped, the first too: a verdict with no link at all gets
        # the one message above rather than "required" on each field of the first row.
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    # Rows filled in from an earlier verdict (a correction) are suggestions like the blank
    # rows: a row the reviewer clears is skipped, not refused.
    def initial_form_count(self) -> int:
        return super().initial_form_count() if self.is_bound else 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return max(len(self.initial or ()), self.min_num) + self.extra


def verdict_initial(claim: Claim, review: Review) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """A verdict form and its evidence rows filled in from `review`, for a correction."""
    wording = claim.wording_to_publish(review)
    verdict = {"rating": review.rating_id, "summary": review.summary}
    verdict["explanation"], verdict["url"] = review.explanation, review.url
    verdict["text"], verdict["claimant"] = wording.text, wording.claimant
    verdict["no_claimant_reason"] = review.no_claimant_reason
    verdict["no_claimant_detail"] = review.no_claimant_detail
    links = [
        {"url": e.url, "title": e.title, "stance": e.stance, "note": e.note}
        for e in review.evidence.all()
    ]
    return verdict, links


EvidenceFormSet = formset_factory(
    EvidenceForm, formset=BaseEvidenceFormSet, extra=3, min_num=1, validate_min=True
)


def error_summary(form: forms.Form, evidence: BaseFormSet[Any] | None) -> list[str]:
    """Every error of an action page as one line each, named after its field, for the
    list at the top of the page (each error is also shown beside its field)."""
    lines = [str(error) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != NON_FIELD_ERRORS:
            lines += [format_html("{}: {}", form[name].label, error) for error in errors]
    if evidence is not None and evidence.is_bound:
        lines += [str(error) for error in evidence.non_form_errors()]
        for number, row in enumerate(evidence.forms, start=1):
            for name, errors in row.errors.items():
                lines += [f"Evidence row {number}, {row[name].label}: {e}" for e in errors]
    return list(dict.fromkeys(lines))  # two validators may say the same thing


# The form of each kind of workflow action; the evidence formset goes with a verdict.
ACTION_FORMS: dict[Inputs, type[VersionedForm]] = {
    Inputs.NOTE: NoteForm,
    Inputs.REASON: RequiredNoteForm,
    Inputs.VERDICT: RateForm,
    Inputs.PUBLICATION: PublishForm,
    Inputs.CORRECTION: CorrectForm,
}


class ClaimForm(forms.ModelForm[Claim]):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = ["text", "claimant", "assignee"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None and self.instance.is_stale(seen):
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


class QuoteReviewForm(forms.ModelForm[Quote]):
    verdict = forms.ChoiceField(
        choices=[("", "— no change —"), *AttributionStatus.choices],
        required=False,
        help_text="Misattributed needs the correct speaker above.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Quote
        fields = ["speaker"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        verdict = cleaned.get("verdict")
        speaker_changed = "speaker" in self.changed_data
        if verdict == AttributionStatus.MISATTRIBUTED and not speaker_changed:
            self.add_error("speaker", "Choose the speaker who really said it.")
        if verdict == AttributionStatus.UNREVIEWED:
            self.add_error("verdict", "A reviewed quote cannot become unreviewed again.")
        return cleaned


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Speaker.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep this speaker; merge the others into it",
    )
    note = forms.CharField(required=False)

    def __init__(self, *args: Any, speakers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = speakers  # type: ignore[attr-defined]


class SpeakerForm(forms.ModelForm[Speaker]):
    """A speaker's page. A name that another speaker of the same kind already has, as its
    name or as an alias, is refused: the reviewer picks that speaker, or merges."""

    class Meta:
        model = Speaker
        fields = ["name", "kind", "role", "organization", "aliases", "wikidata_id"]
        field_classes = {"aliases": LinesField}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name, kind = cleaned.get("name"), cleaned.get("kind")
        if name and kind:
            others = Speaker.objects.exclude(pk=self.instance.pk)
            taken = (
                others.named(name, kind).first()
                or others.with_any_alias([(name, kind)]).order_by("id").first()
            )
            if taken is not None:
                self.add_error(
                    "name",
                    f"“{taken.name}” (speaker {taken.pk}) already has this name or alias: "
                    "choose that speaker instead.",
                )
        return cleaned


class ArticleAddForm(forms.Form):
    """An article pasted on the admin's Add article page. It is read as the import
    command reads an article object (cleaning, size limit), so that what is saved is
    what an import would save; `parsed` is the result."""

    title = forms.CharField(
        label="Headline",
        max_length=max_length(Article.title),
        error_messages={"required": "Give the article's headline."},
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="The article's text, one paragraph a line. Boilerplate such as "
        "“Also Read:” lines is removed as on import.",
        error_messages={"required": "Paste the article's text."},
    )
    url = forms.URLField(
        label="URL",
        required=False,
        max_length=max_length(Article.url),
        assume_scheme="https",
        validators=[validate_web_url],
        help_text="Where it was published, if online.",
    )
    outlet = forms.CharField(
        required=False,
        max_length=max_length(Outlet.name),
        help_text="The publisher's name; a name not seen before adds the outlet.",
    )
    published_at = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When it was published.",
    )

    parsed: ParsedArticle

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        existing = Article.objects.filter(url=url).only("id", "title").first() if url else None
        if existing is not None:
            raise forms.ValidationError(
                format_html(
                    'This URL is already the article <a href="{}">{}</a>: open it there.',
                    reverse("admin:sources_article_change", args=[existing.pk]),
                    existing.title,
                )
            )
        return url

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        published: date | None = cleaned.get("published_at")
        record = {
            "title": cleaned["title"],
            "body": cleaned["body"],
            "url": cleaned.get("url") or "",
            "outlet": cleaned.get("outlet") or "",
            "published_at": published.isoformat() if published else None,
        }
        parsed = read_record(record)
        if isinstance(parsed, UnreadableInput):
            raise forms.ValidationError(f"This article cannot be imported: {parsed}.")
        self.parsed = parsed
        return cleaned
