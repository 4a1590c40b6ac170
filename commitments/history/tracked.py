"""What the change log tracks: one line per model (``TRACKED``), read by ``register_all``.

Each tracked model says how to find the commitment a change belongs to: a dotted path of
attributes from the instance (``"commitment_id"``), or None for a model shared by many
commitments (an organisation: its changes show on the log of every commitment it has a role
in). Fields that are bookkeeping (ids, ordering, the parent key) or copies of OGP's raw columns
are left out; everything else is public on the commitment's page already.

To log one more model that belongs to a commitment, add one ``Tracked(...)`` line below.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from auditlog.registry import auditlog

from django.db.models import Model

from tracker.models import Organisation

from ..models import CommitmentPage, IRMAssessment, Milestone, StakeholderRole
from ..scores.models import ScoreReply, ScoreVersion

# Never logged on any model: keys and ordering say nothing to a reader.
BOOKKEEPING = ("id", "sort_order", "commitment", "page_ptr")


@dataclass(frozen=True)
class Tracked:
    model: type[Model]
    commitment: str | None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    m2m: tuple[str, ...] = field(default=())
    # The fields that name one instance in the log, stored raw and shown in the reader's
    # language ("Ministry of Finance – Lead implementer"); empty: its text when it changed.
    label: tuple[str, ...] = ()


def concrete_fields(model) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if f.name not in BOOKKEEPING)


def page_fields(model) -> tuple[str, ...]:
    """A page's own fields (those its class adds to Page), with its title and whether it is
    published: new fields are logged as soon as they are added."""
    own = [f.name for f in model._meta.local_concrete_fields if f.name not in BOOKKEEPING]
    return ("title", "live", *own)


TRACKED: tuple[Tracked, ...] = (
    Tracked(
        CommitmentPage,
        commitment="pk",
        include=tuple(f for f in page_fields(CommitmentPage) if f not in ("ogp_extra", "withdrawn_by")),
        m2m=("policy_areas",),
        label=("title",),
    ),
    # The original baseline is a copy kept by the first re-baselining: the change itself (due
    # date, scope) is what the log shows.
    Tracked(
        Milestone,
        commitment="commitment_id",
        exclude=("original_title", "original_expected_output", "original_end_date"),
        label=("title",),
    ),
    Tracked(StakeholderRole, commitment="commitment_id", label=("organisation", "role")),
    Tracked(IRMAssessment, commitment="commitment_id", exclude=("source_values",), label=("report_type",)),
    Tracked(Organisation, commitment=None, include=("name", "sector"), label=("name",)),
    # Scores: that a version was published and a reply hidden, never what a draft or a hidden
    # score says (drafts are private; a hidden score's content stays off the public log).
    Tracked(ScoreVersion, commitment="score.commitment_id", include=("number",), label=("score",)),
    Tracked(
        ScoreReply, commitment="score.commitment_id", include=("hidden", "hidden_reason"), label=("score",)
    ),
)

_by_model: dict[type[Model], Tracked] = {}


def register_all() -> None:
    for tracked in TRACKED:
        if tracked.model in _by_model:
            continue
        _by_model[tracked.model] = tracked
        auditlog.register(
            tracked.model,
            # Named always: on creation auditlog would otherwise also diff reverse relations.
            include_fields=list(tracked.include or concrete_fields(tracked.model)),
            exclude_fields=[*BOOKKEEPING, *tracked.exclude],
            m2m_fields=set(tracked.m2m),
        )


def tracking(model: type[Model]) -> Tracked | None:
    for klass in model.__mro__:
        if klass in _by_model:
            return _by_model[klass]
    return None


def commitment_id_of(instance: Model) -> int | None:
    tracked = tracking(type(instance))
    if tracked is None or tracked.commitment is None:
        return None
    return operator.attrgetter(tracked.commitment)(instance)


def shared_models() -> list[type[Model]]:
    """Tracked models that belong to no one commitment (organisations)."""
    return [t.model for t in TRACKED if t.commitment is None]


def label_of(instance: Model) -> list[list] | None:
    """The raw values of the fields that name ``instance`` (related objects by their text), as
    [field, value] pairs: a list, as PostgreSQL's jsonb does not keep the keys of an object in order."""
    tracked = tracking(type(instance))
    if tracked is None or not tracked.label:
        return None
    values = []
    for name in tracked.label:
        value = getattr(instance, name, None)
        if isinstance(value, Model):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        values.append([name, value])
    return values
