"""Front-end forms of feedback cases. Evidence files get the progress loop's checked upload
(size, and content matching the name); photos are checked by decoding them (``photos``)."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..progress.forms import EVIDENCE_MAX_BYTES, SIGNATURES, HttpsURLField, ProgressUpdateForm
from .models import Category, Outcome, ShownAs
from .photos import PHOTO_FORMATS, NotAPhoto, photo_without_metadata

PHOTO_ACCEPT = ",".join(f"image/{kind.lower()}" for kind in PHOTO_FORMATS)


def _evidence_field() -> forms.FileField:
    return forms.FileField(
        label=_("Evidence file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in SIGNATURES)}),
        help_text=_("PDF, image (PNG, JPEG, GIF, WebP) or office document, at most 10 MB."),
    )


def _photo_field() -> forms.FileField:
    return forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. Its metadata (place, camera) is removed when it is stored."),
    )


class EvidenceMixin:
    """The progress loop's file check, for this form's ``evidence_file``; a photo must decode as
    a JPEG, PNG or WebP picture (its metadata goes when the service stores it)."""

    def clean_evidence_file(self):
        return ProgressUpdateForm.clean_evidence_file(self)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return upload
        if upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("The photo is too large: photos can be at most %(max)s."),
                params={"max": filesizeformat(EVIDENCE_MAX_BYTES)},
            )
        try:
            photo_without_metadata(upload)
        except NotAPhoto as error:
            raise forms.ValidationError(
                _("This is not a JPEG, PNG or WebP photo. Choose the photo again.")
            ) from error
        return upload


class CaseFileForm(EvidenceMixin, forms.Form):
    category = forms.ChoiceField(label=_("What is the problem about?"), choices=Category.choices)
    milestone = forms.TypedChoiceField(label=_("Milestone"), required=False, coerce=int, empty_value=None)
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Shown publicly. Do not write anyone's personal data."),
    )
    ocid = forms.CharField(
        label=_("Contracting process (OCDS ocid)"),
        required=False,
        max_length=128,
        help_text=_(
            "Optional: the ocid of a contracting process this case is about, e.g. ocds-213czf-000-00001."
        ),
    )
    shown_as = forms.ChoiceField(
        label=_("Show me as"),
        choices=ShownAs.choices,
        widget=forms.RadioSelect,
        initial=ShownAs.VERIFIED_PERSON,
        help_text=_(
            "The public never sees your name: only your organisation, or “a verified person”. Site staff can see who filed."
        ),
    )
    filer_organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    evidence_file = _evidence_field()
    photo = _photo_field()
    evidence_url = HttpsURLField(label=_("Evidence link"), required=False, max_length=500)

    def __init__(self, *args, commitment, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        milestones = list(commitment.milestones.order_by("sort_order", "pk").values_list("pk", "title"))
        self.fields["milestone"].choices = [("", _("The commitment as a whole")), *milestones]
        self.organisations = list(organisations)
        if self.organisations:
            self.fields["filer_organisation"].choices = [(o.pk, o.name) for o in self.organisations]
        else:
            del self.fields["filer_organisation"]
            self.fields["shown_as"].choices = [(ShownAs.VERIFIED_PERSON, ShownAs.VERIFIED_PERSON.label)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("shown_as") == ShownAs.ORGANISATION and not cleaned.get("filer_organisation"):
            self.add_error("filer_organisation", _("Choose the organisation to show."))
        return cleaned


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(EvidenceMixin, forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
    evidence_file = _evidence_field()
    photo = _photo_field()
    evidence_url = HttpsURLField(label=_("Evidence link"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("evidence_file") or cleaned.get("evidence_url") or cleaned.get("photo")) and not (
            self.errors.get("evidence_file") or self.errors.get("photo")
        ):
            self.add_error("evidence_url", _("Give evidence: a file, a photo or a link."))
        return cleaned


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How good is the answer? (1 = poor, 5 = excellent)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    decision = forms.ChoiceField(
        label=_("And then"),
        choices=[
            ("accept", _("Accept the answer: the case closes as resolved")),
            ("escalate", _("Escalate the case")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TakeForm(forms.Form):
    taker = forms.ChoiceField(label=_("Take it as"), widget=forms.RadioSelect)
    text = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taker"].choices = choices


class ActionForm(EvidenceMixin, forms.Form):
    text = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    evidence_file = _evidence_field()
    evidence_url = HttpsURLField(label=_("Evidence link"), required=False, max_length=500)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Outcome.choices)
        self.fields["outcome"].choices = [(code, labels[code]) for code in outcomes]


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for hiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in place of the case's text, e.g. “Personal data removed”."),
    )


class UnhideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for showing it again"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the case's history beside the reason it was hidden."),
    )
