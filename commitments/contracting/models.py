"""Contracting data linked to commitments: OCDS processes, OC4IDS projects, budgets, BODS owners.

Imported data is kept as published (``data`` holds the JSON as it came) next to a narrow summary
the pages and flags read. Links from a commitment or milestone to an ``ocid`` or a project id are
plain text, so that they can be made before the data is imported.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from commitments.models import CommitmentPage, Milestone

MONEY = {"max_digits": 22, "decimal_places": 2, "null": True, "blank": True}

# An ocid is "ocds-" + the publisher's prefix (6 characters) + "-" + the publisher's own id.
OCID_RE = re.compile(r"^ocds-[a-z0-9]{6}-\S+$")
# OC4IDS: "oc4ids-" + prefix (6 characters) + "-" + local id.
PROJECT_ID_RE = re.compile(r"^oc4ids-[a-z0-9]{6}-\S+$")


def validate_ocid(value: str) -> None:
    if not OCID_RE.match(value or ""):
        raise ValidationError(
            _(
                "“%(value)s” is not an OCDS ocid: it starts with “ocds-”, then the publisher's "
                "six-character prefix, a hyphen and the process's own id (e.g. ocds-213czf-000-00001)."
            ),
            code="ocid",
            params={"value": value},
        )


def validate_project_id(value: str) -> None:
    if not PROJECT_ID_RE.match(value or ""):
        raise ValidationError(
            _(
                "“%(value)s” is not an OC4IDS project id: it starts with “oc4ids-”, then the "
                "publisher's six-character prefix, a hyphen and the project's own id."
            ),
            code="project_id",
            params={"value": value},
        )


def clip(model: type[models.Model], values: dict) -> dict:
    """Published text cut to the columns' lengths (PostgreSQL refuses longer; the data as
    published is kept whole in the JSON)."""
    clipped = dict(values)
    lengths = {f.name: f.max_length for f in model._meta.concrete_fields if getattr(f, "max_length", None)}
    for name, value in values.items():
        if isinstance(value, str) and name in lengths and len(value) > lengths[name]:
            clipped[name] = value[: lengths[name]]
    return clipped


class DataSource(models.Model):
    """One imported file: where a row came from, shown next to what it says."""

    class Kind(models.TextChoices):
        OCDS = "ocds", "OCDS"
        OC4IDS = "oc4ids", "OC4IDS"
        BODS = "bods", "BODS"

    kind = models.CharField(_("standard"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("file"), max_length=255)
    uri = models.URLField(_("address"), max_length=1000, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    license = models.URLField(_("licence"), max_length=500, blank=True)
    published = models.DateTimeField(_("published"), null=True, blank=True)
    version = models.CharField(_("version of the standard"), max_length=8, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")

    def __str__(self) -> str:
        return self.publisher or self.name


# -- OCDS ---------------------------------------------------------------------------------------


class ContractingProcess(models.Model):
    """One OCDS contracting process (per ocid): the summary of its compiled release."""

    ocid = models.CharField(_("ocid"), max_length=255, unique=True, validators=[validate_ocid])
    title = models.TextField(_("title"), blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=500, blank=True)
    buyer_scheme = models.CharField(_("buyer's identifier scheme"), max_length=64, blank=True)
    buyer_identifier = models.CharField(_("buyer's identifier"), max_length=255, blank=True)
    procurement_method = models.CharField(_("procurement method"), max_length=32, blank=True)
    procurement_method_details = models.TextField(_("procurement method details"), blank=True)
    tender_status = models.CharField(_("tender status"), max_length=32, blank=True)
    tender_amount = models.DecimalField(_("tender value"), **MONEY)
    tender_currency = models.CharField(_("currency"), max_length=3, blank=True)
    number_of_tenderers = models.PositiveIntegerField(_("number of tenderers"), null=True, blank=True)
    tender_start = models.DateTimeField(_("tender opens"), null=True, blank=True)
    tender_end = models.DateTimeField(_("tender closes"), null=True, blank=True)
    award_start = models.DateTimeField(_("award period starts"), null=True, blank=True)
    award_end = models.DateTimeField(_("award period ends"), null=True, blank=True)
    first_award_date = models.DateTimeField(_("first award"), null=True, blank=True)
    first_contract_signed = models.DateTimeField(_("first contract signed"), null=True, blank=True)
    first_release_date = models.DateTimeField(_("first release"), null=True, blank=True)
    last_release_date = models.DateTimeField(_("latest release"), null=True, blank=True)
    release_count = models.PositiveIntegerField(_("releases"), default=0)
    compiled = models.JSONField(_("compiled release"), default=dict, blank=True)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="processes", verbose_name=_("source")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contracting process")
        verbose_name_plural = _("contracting processes")
        ordering = ["ocid"]

    def __str__(self) -> str:
        return self.ocid


class ContractingRelease(models.Model):
    """A release as published: what compiled releases are merged from (ocdsmerge)."""

    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="releases")
    release_id = models.CharField(_("release id"), max_length=255)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    data = models.JSONField(_("release"), default=dict)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "release_id"], name="contracting_release_unique")
        ]

    def __str__(self) -> str:
        return self.release_id


class ProcessVersion(models.Model):
    """The process's history: each import that changed its compiled release keeps the one before."""

    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="versions")
    compiled = models.JSONField(_("compiled release"), default=dict)
    release_count = models.PositiveIntegerField(_("releases"), default=0)
    last_release_date = models.DateTimeField(_("latest release"), null=True, blank=True)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("process version")
        verbose_name_plural = _("process versions")
        ordering = ["process", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.process_id} ({self.release_count})"


class ProcessParty(models.Model):
    """A party of the compiled release, with its organisation identifier (org-id scheme + id)."""

    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="parties")
    party_id = models.CharField(_("party id"), max_length=255)
    name = models.CharField(_("name"), max_length=500, blank=True)
    scheme = models.CharField(_("identifier scheme"), max_length=64, blank=True)
    identifier = models.CharField(_("identifier"), max_length=255, blank=True)
    roles = models.JSONField(_("roles"), default=list, blank=True)
    is_supplier = models.BooleanField(_("supplier"), default=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["process", "name", "pk"]
        indexes = [models.Index(fields=["scheme", "identifier"])]

    def __str__(self) -> str:
        return self.name or self.party_id


class ProcessAward(models.Model):
    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="awards")
    award_id = models.CharField(_("award id"), max_length=255)
    title = models.TextField(_("title"), blank=True)
    status = models.CharField(_("status"), max_length=32, blank=True)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    amount = models.DecimalField(_("value"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    suppliers = models.ManyToManyField(ProcessParty, related_name="awards", blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["process", "date", "pk"]

    def __str__(self) -> str:
        return self.award_id


class ProcessContract(models.Model):
    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="contracts")
    contract_id = models.CharField(_("contract id"), max_length=255)
    award_id = models.CharField(_("award id"), max_length=255, blank=True)
    title = models.TextField(_("title"), blank=True)
    status = models.CharField(_("status"), max_length=32, blank=True)
    amount = models.DecimalField(_("value"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    period_start = models.DateTimeField(_("starts"), null=True, blank=True)
    period_end = models.DateTimeField(_("ends"), null=True, blank=True)
    date_signed = models.DateTimeField(_("signed"), null=True, blank=True)
    paid_amount = models.DecimalField(_("paid"), **MONEY)
    transactions = models.JSONField(_("transactions"), default=list, blank=True)
    milestones = models.JSONField(_("milestones"), default=list, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["process", "date_signed", "pk"]

    def __str__(self) -> str:
        return self.contract_id


class ProcessLink(models.Model):
    """A commitment (or one of its milestones) linked to a contracting process by its ocid."""

    class Relation(models.TextChoices):
        IMPLEMENTS = "implements", _("implements the commitment")
        MONITORS = "monitors", _("monitors the commitment")
        EXAMPLE = "example", _("an example")

    commitment = models.ForeignKey(
        CommitmentPage, on_delete=models.CASCADE, related_name="process_links", verbose_name=_("commitment")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="process_links",
        verbose_name=_("milestone"),
    )
    ocid = models.CharField(_("ocid"), max_length=255, validators=[validate_ocid], db_index=True)
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("linked by")
    )
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked contracting process")
        verbose_name_plural = _("linked contracting processes")
        ordering = ["commitment", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "ocid"],
                condition=models.Q(milestone__isnull=True),
                name="process_link_unique_commitment",
            ),
            models.UniqueConstraint(fields=["milestone", "ocid"], name="process_link_unique_milestone"),
        ]

    kind = "process"

    def __str__(self) -> str:
        return f"{self.commitment_id} → {self.ocid}"


# -- OC4IDS -------------------------------------------------------------------------------------


class InfrastructureProject(models.Model):
    """One OC4IDS project: its status, budget and completion."""

    project_id = models.CharField(
        _("project id"), max_length=255, unique=True, validators=[validate_project_id]
    )
    title = models.TextField(_("title"), blank=True)
    status = models.CharField(_("status"), max_length=32, blank=True)
    public_authority = models.CharField(_("public authority"), max_length=500, blank=True)
    budget_amount = models.DecimalField(_("budget"), **MONEY)
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True)
    period_start = models.DateTimeField(_("starts"), null=True, blank=True)
    period_end = models.DateTimeField(_("ends"), null=True, blank=True)
    completion_date = models.DateTimeField(_("completed"), null=True, blank=True)
    completion_amount = models.DecimalField(_("final value"), **MONEY)
    completion_currency = models.CharField(_("currency"), max_length=3, blank=True)
    completion_details = models.TextField(_("completion details"), blank=True)
    updated = models.DateTimeField(_("updated by the publisher"), null=True, blank=True)
    data = models.JSONField(_("project"), default=dict)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="projects", verbose_name=_("source")
    )
    updated_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("infrastructure project")
        verbose_name_plural = _("infrastructure projects")
        ordering = ["project_id"]

    def __str__(self) -> str:
        return self.project_id


class ProjectProcess(models.Model):
    """A project's ``contractingProcesses[].summary.ocid``: on to the OCDS process."""

    project = models.ForeignKey(InfrastructureProject, on_delete=models.CASCADE, related_name="processes")
    ocid = models.CharField(_("ocid"), max_length=255, db_index=True)
    title = models.TextField(_("title"), blank=True)

    class Meta:
        verbose_name = _("project's contracting process")
        verbose_name_plural = _("project's contracting processes")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.ocid


class ProjectLink(models.Model):
    """A commitment linked to an OC4IDS project by its id (which may not be imported yet)."""

    commitment = models.ForeignKey(
        CommitmentPage, on_delete=models.CASCADE, related_name="project_links", verbose_name=_("commitment")
    )
    project_id = models.CharField(
        _("project id"), max_length=255, validators=[validate_project_id], db_index=True
    )
    relation = models.CharField(_("relation"), max_length=16, choices=ProcessLink.Relation.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("linked by")
    )
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked infrastructure project")
        verbose_name_plural = _("linked infrastructure projects")
        ordering = ["commitment", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "project_id"], name="project_link_unique"),
        ]

    kind = "project"

    def __str__(self) -> str:
        return f"{self.commitment_id} → {self.project_id}"


# -- budgets ------------------------------------------------------------------------------------


class BudgetLine(models.Model):
    """A budget amount from OCDS ``planning.budget`` or an OC4IDS budget (or its breakdown)."""

    process = models.ForeignKey(
        ContractingProcess, on_delete=models.CASCADE, null=True, blank=True, related_name="budget_lines"
    )
    project = models.ForeignKey(
        InfrastructureProject, on_delete=models.CASCADE, null=True, blank=True, related_name="budget_lines"
    )
    budget_id = models.CharField(_("budget id"), max_length=255, blank=True)
    budget_project_id = models.CharField(_("budget project id"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    uri = models.URLField(_("address"), max_length=1000, blank=True)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.budget_id or self.description[:60]


# -- BODS ---------------------------------------------------------------------------------------


class BodsStatement(models.Model):
    """Common to the three kinds of BODS statement: kept exactly as published."""

    statement_id = models.CharField(_("statement id"), max_length=255, unique=True)
    statement_date = models.DateField(_("statement date"), null=True, blank=True)
    record_id = models.CharField(_("record id"), max_length=255, blank=True)
    data = models.JSONField(_("statement"), default=dict)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )

    class Meta:
        abstract = True
        ordering = ["statement_id"]

    def __str__(self) -> str:
        return self.statement_id


class BodsEntity(BodsStatement):
    name = models.CharField(_("name"), max_length=500, blank=True)
    entity_type = models.CharField(_("entity type"), max_length=32, blank=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=64, blank=True)
    identifiers = models.JSONField(_("identifiers"), default=list, blank=True)
    founding_date = models.DateField(_("founding date"), null=True, blank=True)

    class Meta(BodsStatement.Meta):
        verbose_name = _("entity statement")
        verbose_name_plural = _("entity statements")


class BodsEntityIdentifier(models.Model):
    """One org-id (scheme + id) of an entity statement: what suppliers are matched by."""

    entity = models.ForeignKey(BodsEntity, on_delete=models.CASCADE, related_name="org_ids")
    scheme = models.CharField(_("identifier scheme"), max_length=64)
    identifier = models.CharField(_("identifier"), max_length=255)

    class Meta:
        verbose_name = _("entity identifier")
        verbose_name_plural = _("entity identifiers")
        indexes = [models.Index(fields=["scheme", "identifier"])]

    def __str__(self) -> str:
        return f"{self.scheme}-{self.identifier}"


class BodsPerson(BodsStatement):
    name = models.CharField(_("name as published"), max_length=500, blank=True)
    person_type = models.CharField(_("person type"), max_length=32, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)

    class Meta(BodsStatement.Meta):
        verbose_name = _("person statement")
        verbose_name_plural = _("person statements")


class BodsRelationship(BodsStatement):
    """An ownership-or-control statement: who holds which interests in an entity."""

    subject = models.CharField(_("subject statement"), max_length=255, db_index=True)
    interested_party = models.CharField(_("interested party statement"), max_length=255, blank=True)
    unspecified_reason = models.TextField(_("interested party not given because"), blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)

    class Meta(BodsStatement.Meta):
        verbose_name = _("ownership-or-control statement")
        verbose_name_plural = _("ownership-or-control statements")
