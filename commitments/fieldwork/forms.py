"""Front-end forms: a site visit with photos, and a consultation with its inputs."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.models import SECTOR_ORDER, Sector

from .. import rules
from ..progress.forms import EVIDENCE_MAX_BYTES, evidence_kind_ok
from .models import Consultation, ConsultationInput
from .photos import MAX_PIXELS, PhotoRefused, photo_clean
from .services import InputValues

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "webp")
MAX_PHOTOS = 6


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input (Django's documented way)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class SiteVisitForm(forms.Form):
    milestone = forms.ModelChoiceField(label=_("Milestone you visited"), queryset=None, empty_label=None)
    visited_on = forms.DateField(
        label=_("Date of the visit"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    observed_status = forms.ChoiceField(
        label=_("Status you observed"),
        choices=rules.MilestoneStatus.choices,
        help_text=_("What you saw on site, whatever the government reports."),
    )
    observations = forms.CharField(label=_("What you saw"), widget=forms.Textarea(attrs={"rows": 5}))
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_(
            "Up to 6 JPEG, PNG or WebP photos, at most 10 MB each. Where a photo was taken is read "
            "from it; everything else the camera stored in the file is removed."
        ),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        decimal_places=6,
        help_text=_("If your photos have no location: decimal degrees, e.g. -34.6037."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=6,
        help_text=_("Decimal degrees, e.g. -58.3816."),
    )

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = commitment.milestones.order_by("sort_order", "pk")
        self.fields["visited_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.cleaned_photos = []

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be in the future."))
        return value

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(_("Choose at most 6 photos."))
        cleaned, errors = [], []
        for upload in uploads:
            error = self._photo_error(upload)
            if error:
                errors.append(error)
                continue
            upload.seek(0)
            try:
                cleaned.append(photo_clean(upload.read()))
            except PhotoRefused as refused:
                errors.append(self._refusal(upload.name, refused.code))
        # The photos that could be read are kept even when others could not (the view keeps them
        # for the next try, so that they need not be chosen again).
        self.cleaned_photos = cleaned
        if errors:
            raise forms.ValidationError(errors)
        return uploads

    def _photo_error(self, upload) -> str | None:
        if upload.size > EVIDENCE_MAX_BYTES:
            return _("%(name)s is %(size)s; a photo can be at most %(max)s.") % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(EVIDENCE_MAX_BYTES),
            }
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if extension not in PHOTO_EXTENSIONS or not evidence_kind_ok(upload.name, head, upload):
            return self._refusal(upload.name, "unreadable")
        return None

    @staticmethod
    def _refusal(name: str, code: str) -> str:
        if code == "too_big":
            return _("%(name)s is too large a picture: at most %(megapixels)s megapixels.") % {
                "name": name,
                "megapixels": MAX_PIXELS // 1_000_000,
            }
        return _("%(name)s is not a JPEG, PNG or WebP photo we can read.") % {"name": name}

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.errors.get("latitude") or self.errors.get("longitude")
        ):
            self.add_error(
                "longitude" if longitude is None else "latitude", _("Give both latitude and longitude.")
            )
        return cleaned


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["held_on", "format", "summary"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Sector.choices)
        counts = {}
        if self.instance.pk:
            counts = {p.sector: p.count for p in self.instance.participation.all()}
        for sector in SECTOR_ORDER:
            self.fields[f"participants_{sector}"] = forms.IntegerField(
                label=labels[sector],
                min_value=0,
                max_value=100_000,
                required=False,
                initial=counts.get(sector),
            )

    def participant_fields(self):
        return [self[f"participants_{sector}"] for sector in SECTOR_ORDER]

    def participants(self) -> dict[str, int]:
        return {sector: self.cleaned_data.get(f"participants_{sector}") or 0 for sector in SECTOR_ORDER}

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A consultation cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"participants_{sector}") for sector in SECTOR_ORDER):
            self.add_error(None, _("Give how many people took part, by sector."))
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service.
        pass


class InputForm(forms.ModelForm):
    class Meta:
        model = ConsultationInput
        fields = ["said", "sector", "answer", "reason"]
        labels = {"said": _("You said"), "answer": _("Our answer"), "reason": _("We did / why not")}
        widgets = {"said": forms.Textarea(attrs={"rows": 2}), "reason": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the answer."))
        if (cleaned.get("reason") or "").strip() and not cleaned.get("answer"):
            self.add_error("answer", _("Choose the answer the reason explains."))
        return cleaned

    def _post_clean(self):
        pass

    def values(self) -> InputValues:
        data = self.cleaned_data
        return InputValues(
            said=data["said"],
            sector=data.get("sector") or "",
            answer=data.get("answer") or "",
            reason=data.get("reason") or "",
        )


InputFormSet = forms.formset_factory(InputForm, extra=3, max_num=100, validate_max=True)


def input_initial(consultation: Consultation | None) -> list[dict]:
    if consultation is None:
        return []
    return [
        {"said": row.said, "sector": row.sector, "answer": row.answer, "reason": row.reason}
        for row in consultation.inputs.all()
    ]
