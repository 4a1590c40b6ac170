"""Front-end forms of the progress loop."""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..models import Follow, ProgressUpdate

EVIDENCE_MAX_BYTES = getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)

# What a file must start with (its magic bytes) for each accepted extension.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "odp": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "ppt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
# A zip is only an office document if it holds the parts one always has.
ZIP_MARKERS = {"docx": "[Content_Types].xml", "xlsx": "[Content_Types].xml", "pptx": "[Content_Types].xml"}


def evidence_kind_ok(name: str, head: bytes, file) -> bool:
    """Whether the file's content is what its extension says (a renamed program is not)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    signatures = SIGNATURES.get(extension)
    if not signatures or not head.startswith(signatures):
        return False
    if extension == "webp":
        return head[8:12] == b"WEBP"
    if signatures == (b"PK\x03\x04",):
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            file.seek(0)
        return ZIP_MARKERS.get(extension, "mimetype") in names
    return True


class HttpsURLField(forms.URLField):
    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class EvidenceFileName:
    """What the file input shows of a stored evidence file: its name, never its storage path,
    and a link to the view that serves it to those who may see the update."""

    def __init__(self, file, url: str):
        self.name = PurePosixPath(file.name).name
        self.url = url

    def __str__(self) -> str:
        return self.name


class EvidenceFileInput(forms.ClearableFileInput):
    evidence_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["value"] = EvidenceFileName(value, self.evidence_url)
        return context


class ProgressUpdateForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["status", "percent_complete", "narrative", "as_of", "evidence_file", "evidence_url"]
        widgets = {
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "evidence_file": EvidenceFileInput(attrs={"accept": ",".join(f".{e}" for e in SIGNATURES)}),
        }
        field_classes = {"evidence_url": HttpsURLField}
        help_texts = {
            "evidence_file": _("PDF, image (PNG, JPEG, GIF, WebP) or office document, at most 10 MB."),
            "evidence_url": _("Or a link to where the evidence is published."),
        }

    def __init__(self, *args, milestone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestone = milestone or (self.instance.milestone if self.instance.milestone_id else None)
        if self.instance.pk and self.instance.evidence_file:
            self.fields["evidence_file"].widget.evidence_url = self.instance.evidence_href
        if self.milestone is not None:
            first, last = ProgressUpdate(milestone=self.milestone).date_range()
            self.fields["as_of"].widget.attrs.update({"min": first.isoformat(), "max": last.isoformat()})

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload or not hasattr(upload, "content_type"):  # nothing new uploaded
            return upload
        if upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s; evidence files can be at most %(max)s. Nothing else was lost: "
                    "choose a smaller file or give a link."
                ),
                params={"size": filesizeformat(upload.size), "max": filesizeformat(EVIDENCE_MAX_BYTES)},
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not evidence_kind_ok(upload.name, head, upload):
            raise forms.ValidationError(
                _(
                    "This file is not a PDF, an image or an office document, or its content does not "
                    "match its name. Choose the file again, or give a link instead."
                )
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("evidence_file")
            and not cleaned.get("evidence_url")
            and not self.errors.get("evidence_file")
        ) and not (self.instance.pk and self.instance.evidence_file):
            self.add_error("evidence_url", _("Give evidence: a file or a link."))
        self._check_record_rules(cleaned)
        return cleaned

    def _check_record_rules(self, cleaned) -> None:
        """The update's own rules (ProgressUpdate.clean: a met milestone is 100 %, the date within
        the plan's period), checked with the form's, so every error shows in one round instead of
        the record's only once the form's are fixed."""
        if self.milestone is None:
            return
        probe = ProgressUpdate(
            milestone=self.milestone,
            status=cleaned.get("status") or "",
            percent_complete=cleaned.get("percent_complete"),
            as_of=cleaned.get("as_of"),
        )
        try:
            probe.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                # Evidence is the form's own check (above); a field already in error keeps its error.
                if field != NON_FIELD_ERRORS and field in self.fields and field not in self.errors:
                    self.add_error(field, messages)

    def _post_clean(self):
        # The model's clean() runs in the service; errors it finds come back as form errors.
        pass


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return an update: say what is missing."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the update is returned."))
        return cleaned


class FollowForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Email me"), choices=Follow.Frequency.choices, initial=Follow.Frequency.IMMEDIATE
    )
