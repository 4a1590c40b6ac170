"""Front-end forms of civil-society scores. Evidence files go through the progress loop's
checked upload (size, and content matching the name)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..progress.forms import SIGNATURES, EvidenceFileInput, HttpsURLField, ProgressUpdateForm
from . import rules
from .models import Score, ScoreReply, ScoringRound

EVIDENCE_ACCEPT = ",".join(f".{e}" for e in SIGNATURES)
EVIDENCE_HELP = _("PDF, image (PNG, JPEG, GIF, WebP) or office document, at most 10 MB.")


class CheckedEvidence:
    """The progress loop's check of an uploaded evidence file, on a form of this app."""

    def clean_evidence_file(self):
        return ProgressUpdateForm.clean_evidence_file(self)


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class ScoreForm(CheckedEvidence, forms.ModelForm):
    """A score's draft, on the scales of its plan's era (the other era's fields are left out).
    Nothing is required to save a draft; signing off asks for every scale and its reason."""

    class Meta:
        model = Score
        fields = [*rules.SCALE_FIELDS, "evidence_file", "evidence_url"]
        widgets = {
            "completion_justification": _textarea(),
            "potential_justification": _textarea(),
            "results_justification": _textarea(),
            "evidence_file": EvidenceFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        }
        field_classes = {"evidence_url": HttpsURLField}
        help_texts = {
            "evidence_file": EVIDENCE_HELP,
            "evidence_url": _("Or a link to where the evidence is published."),
        }

    def __init__(self, *args, uses_2021_method: bool, **kwargs):
        super().__init__(*args, **kwargs)
        drop = (
            ("potential_impact", "open_government")
            if uses_2021_method
            else ("potential_for_results", "early_results")
        )
        for name in drop:
            del self.fields[name]
        for name in (
            "completion",
            "potential_impact",
            "potential_for_results",
            "open_government",
            "early_results",
        ):
            if name in self.fields:
                self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)

    def _post_clean(self):
        # The record's rules run in the service; errors it finds come back as form errors.
        pass


class VerdictForm(CheckedEvidence, forms.Form):
    """A verdict on one milestone's latest approved update."""

    verdict = forms.ChoiceField(
        label=_("Your verdict"),
        choices=[("", _("No verdict")), *rules.Verdict.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=_textarea(3),
        help_text=_("Required when you contest the update: say what is wrong with it, and give evidence."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=EVIDENCE_HELP,
        widget=EvidenceFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )
    evidence_url = HttpsURLField(label=_("Evidence link"), required=False)

    def __init__(
        self, *args, milestone, update, has_file: bool = False, score_evidence: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.milestone, self.update = milestone, update
        # Evidence already given: a stored file of this verdict's, or the score's own evidence.
        self.has_file, self.score_evidence = has_file, score_evidence

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict") != rules.Verdict.CONTEST:
            return cleaned
        if not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why you contest the update."))
        given = (
            cleaned.get("evidence_file")
            or cleaned.get("evidence_url")
            or self.has_file
            or self.score_evidence
        )
        if not given and not {"evidence_file", "evidence_url"} & set(self.errors):
            self.add_error(
                "evidence_url",
                _("Give evidence for contesting the update: a file or a link, here or for the whole score."),
            )
        return cleaned


class ReplyForm(CheckedEvidence, forms.ModelForm):
    class Meta:
        model = ScoreReply
        fields = ["text", "evidence_file", "evidence_url"]
        labels = {"text": _("Your reply")}
        widgets = {
            "text": _textarea(6),
            "evidence_file": EvidenceFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        }
        field_classes = {"evidence_url": HttpsURLField}
        help_texts = {
            "evidence_file": EVIDENCE_HELP,
            "text": _("Shown beside the score. You may reply once."),
        }
        error_messages = {"text": {"required": _("Write your reply.")}}

    def _post_clean(self):
        pass


class RoundForm(forms.ModelForm):
    class Meta:
        model = ScoringRound
        fields = ["name", "period_start", "period_end", "opens_on", "closes_on", "allow_business"]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("period_start", "period_end", "opens_on", "closes_on")
        }

    def clean(self):
        cleaned = super().clean()
        for start, end, message in (
            ("period_start", "period_end", _("The period must end on or after its start.")),
            ("opens_on", "closes_on", _("The round must close on or after the day it opens.")),
        ):
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, message)
        return cleaned

    def _post_clean(self):
        pass


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen the round?"),
        widget=_textarea(3),
        help_text=_("Shown publicly with the round."),
        error_messages={"required": _("Say why the round is reopened: the reason is shown with it.")},
    )
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for hiding"),
        widget=_textarea(3),
        error_messages={"required": _("Give the public reason for hiding it.")},
    )
