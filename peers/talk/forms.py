"""Forms of the peers' talk: questions, answers, moderation, exchanges and the event page's admin
form (which reads the times in the event's own time zone)."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .calendar import valid_zone

TIME_FIELDS = ("starts_at", "ends_at")


class EventPageForm(WagtailAdminPageForm):
    """Editors type an event's times as the clock reads where it happens: the form shows the stored
    times in the event's zone and reads what is typed in the zone chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.time_zone and valid_zone(instance.time_zone):
            zone = zoneinfo.ZoneInfo(instance.time_zone)
            for name in TIME_FIELDS:
                value = getattr(instance, name)
                if value is not None and name in self.fields:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name and valid_zone(zone_name):
            zone = zoneinfo.ZoneInfo(zone_name)
            current = timezone.get_current_timezone()
            for name in TIME_FIELDS:
                value = cleaned.get(name)
                if value is not None:
                    wall_clock = timezone.make_naive(value, current)
                    cleaned[name] = wall_clock.replace(tzinfo=zone)
        return cleaned


class MarkdownTextarea(forms.Textarea):
    def __init__(self, rows: int = 8):
        super().__init__(attrs={"rows": rows})


MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, [links](https://…). HTML is shown as text.")


class CommitmentIdsField(forms.CharField):
    """Commitments by their OGP identifiers (``UA0087, AR0012``): a list of thousands of choices
    would not be usable; unknown identifiers are named in the error, nothing typed is lost."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def clean(self, value):
        from commitments.models import CommitmentPage

        text = super().clean(value)
        ids = [
            part.strip().upper()
            for part in text.replace(";", ",").replace(" ", ",").split(",")
            if part.strip()
        ]
        if not ids:
            return []
        found = {c.ogp_id.upper(): c for c in CommitmentPage.objects.live().filter(ogp_id__in=ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise forms.ValidationError(
                _("No commitment has the identifier %(ids)s.") % {"ids": ", ".join(missing)}, code="unknown"
            )
        return list(dict.fromkeys(found[i] for i in ids))


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Your question"), max_length=200)
    body = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=20000,
        widget=MarkdownTextarea(),
        help_text=MARKDOWN_HELP,
    )
    members_only = forms.TypedChoiceField(
        label=_("Who can read it"),
        choices=[
            ("1", _("Members of the network only (candid discussion)")),
            ("0", _("Everyone (public)")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    practices = forms.ModelMultipleChoiceField(
        label=_("Related practices"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    commitments = CommitmentIdsField(
        label=_("Related commitments"),
        help_text=_("OGP identifiers, separated by commas, e.g. UA0087, AR0012."),
    )

    def __init__(self, *args, network, **kwargs):
        from ..models import PracticePage

        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = PracticePage.objects.live().child_of(network).order_by("title")


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=20000, widget=MarkdownTextarea(), help_text=MARKDOWN_HELP
    )


class FlagForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), max_length=500)
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ModerateForm(forms.Form):
    ACTIONS = ["hide", "unhide", "lock", "unlock"]
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason (shown publicly)"), max_length=500, required=False)
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ExchangeForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(
        label=_("What support do you need?"),
        max_length=10000,
        widget=MarkdownTextarea(),
        help_text=MARKDOWN_HELP,
    )
    policy_areas = forms.ModelMultipleChoiceField(
        label=_("Policy areas"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        from commitments.models import PolicyArea

        super().__init__(*args, **kwargs)
        self.fields["policy_areas"].queryset = PolicyArea.objects.order_by("name")


class MatchForm(forms.Form):
    peers = forms.ModelMultipleChoiceField(
        label=_("Peers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peers"].queryset = people


class HeldForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Short report"), max_length=10000, widget=MarkdownTextarea(), help_text=MARKDOWN_HELP
    )
    commitments = CommitmentIdsField(
        label=_("Commitments it helped"),
        help_text=_("OGP identifiers, separated by commas, e.g. UA0087, AR0012."),
    )
