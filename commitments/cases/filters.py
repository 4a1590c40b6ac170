"""One FilterSet for the case list, its CSV export and the admin's list: state, category,
member, organisation (the one addressed), overdue. Filters live in the query string."""

from __future__ import annotations

import django_filters

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.models import Organisation

from ..models import MemberPage, StakeholderRole
from ..visibility import public_commitment_q
from .models import Case, CaseState, Category
from .rules import overdue_q

OVERDUE_CHOICES = [("yes", _("Overdue")), ("no", _("Not overdue"))]


class CaseFilterSet(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(
        label=_("State"),
        choices=CaseState.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
        distinct=False,  # plain columns: no join repeats a row, and DISTINCT costs a sort
    )
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"),
        choices=Category.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
        distinct=False,
    )
    member = django_filters.ModelChoiceFilter(
        label=_("OGP member"),
        queryset=MemberPage.objects.order_by("title"),
        to_field_name="code",
        empty_label=_("Any"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Addressed to"),
        field_name="addressed_to",
        # Cases go to lead implementers: the choices come from the record, whatever the cases.
        queryset=Organisation.objects.filter(
            pk__in=StakeholderRole.objects.filter(role=StakeholderRole.Role.LEAD_IMPLEMENTER).values(
                "organisation"
            )
        ).order_by("name"),
        empty_label=_("Any"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Deadline"), choices=OVERDUE_CHOICES, method="filter_overdue", empty_label=_("Any")
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            # Only cases on public commitments: a case on a draft or members-only commitment is
            # not listed or exported (its page answers only those who may see the commitment).
            queryset = Case.objects.filter(public_commitment_q("commitment__"))
        super().__init__(data, queryset, **kwargs)

    def filter_overdue(self, queryset: QuerySet, name, value):
        if value == "yes":
            return queryset.filter(overdue_q(timezone.now()))
        if value == "no":
            return queryset.exclude(overdue_q(timezone.now()))
        return queryset
