from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import Milestone

from .models import ProcessLink, validate_ocid, validate_project_id


class ProcessLinkForm(forms.Form):
    ocid = forms.CharField(
        label=_("Contracting process (ocid)"),
        max_length=255,
        validators=[validate_ocid],
        help_text=_(
            "The OCDS ocid, e.g. ocds-213czf-000-00001. It may be linked before its data is imported."
        ),
    )
    relation = forms.ChoiceField(
        label=_("Relation"), choices=ProcessLink.Relation.choices, widget=forms.RadioSelect
    )
    milestone = forms.ModelChoiceField(
        label=_("Milestone (optional)"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("The whole commitment"),
    )

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = Milestone.objects.filter(commitment=commitment).order_by(
            "sort_order", "pk"
        )

    def clean_ocid(self):
        return self.cleaned_data["ocid"].strip()


class ProjectLinkForm(forms.Form):
    project_id = forms.CharField(
        label=_("Infrastructure project (OC4IDS id)"),
        max_length=255,
        validators=[validate_project_id],
        help_text=_("The OC4IDS project id, e.g. oc4ids-bu3kcz-0001."),
    )
    relation = forms.ChoiceField(
        label=_("Relation"), choices=ProcessLink.Relation.choices, widget=forms.RadioSelect
    )

    def clean_project_id(self):
        return self.cleaned_data["project_id"].strip()
