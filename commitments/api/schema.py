"""What the OpenAPI document says of query parameters the views read through a FilterSet."""

from __future__ import annotations

from collections.abc import Collection

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

# Filters that take a value more than once (``?state=open&state=closed``): django-filter's own,
# and the explorer's ``ValuesFilter``.
MANY = ("MultipleChoiceFilter", "ValuesFilter")


def filterset_parameters(
    filterset_class, *, integers: Collection[str] = (), skip: Collection[str] = ()
) -> list[OpenApiParameter]:
    """``filterset_class``'s filters as the API's query parameters, in their declared order: one
    a filter (but those named in ``skip``), a list where it takes several values, its choices as
    the enum, its label as the description; those named in ``integers`` are integers, the rest
    strings."""
    parameters = []
    for name, field in filterset_class.base_filters.items():
        if name in skip:
            continue
        many = field.__class__.__name__ in MANY
        choices = [str(value) for value, _label in getattr(field, "extra", {}).get("choices", []) or []]
        kind = OpenApiTypes.INT if name in integers else OpenApiTypes.STR
        parameters.append(
            OpenApiParameter(
                name,
                kind,
                many=many,
                enum=choices or None,
                explode=True if many else None,
                description=str(field.label),
            )
        )
    return parameters
