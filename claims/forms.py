"""Forms of the review desk: workflow actions, attribution verdicts, speaker merges."""

from typing import Any

from django import forms
from django.forms import formset_factory

from claims.models import (
    AttributionStatus,
    Claim,
    Evidence,
    EvidenceLink,
    EvidenceStance,
    Quote,
    RatingLabel,
    Review,
    Speaker,
)
from claims.models.workflow import Inputs
from sources.models import max_length
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
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Why.")


class RateForm(VersionedForm):
    rating = forms.ModelChoiceField(queryset=RatingLabel.objects.of_default_scale())
    summary = forms.CharField(
        max_length=max_length(Review.summary), help_text="One sentence: the verdict."
    )
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))


class CorrectForm(RateForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="What changed and why."
    )


class EvidenceForm(forms.Form):
    url = forms.URLField(
        max_length=max_length(Evidence.url), assume_scheme="https", validators=[validate_web_url]
    )
    title = forms.CharField(max_length=max_length(Evidence.title))
    # A blank first choice keeps the unused extra rows unchanged, hence optional.
    stance = forms.ChoiceField(choices=[("", "—"), *EvidenceStance.choices])
    note = forms.CharField(required=False)

    def link(self) -> EvidenceLink:
        data = self.cleaned_data
        return EvidenceLink(data["url"], data["title"], data["stance"], data.get("note", ""))


EvidenceFormSet = formset_factory(EvidenceForm, extra=3, min_num=1, validate_min=True)

# The form of each kind of workflow action; the evidence formset goes with a verdict.
ACTION_FORMS: dict[Inputs, type[VersionedForm]] = {
    Inputs.NOTE: NoteForm,
    Inputs.REASON: RequiredNoteForm,
    Inputs.VERDICT: RateForm,
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
