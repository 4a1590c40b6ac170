"""Child rows read with their parent, in the parent's query: a JSON array of objects.

``JSONRows(queryset, name=expression, ...)`` is a subquery giving, for each outer row, a JSON
array with one object per row of ``queryset`` (which filters on ``OuterRef``), in the
queryset's order, slice included: on PostgreSQL ``JSONB_AGG`` of ``JSONB_BUILD_OBJECT``, on
SQLite ``JSON_GROUP_ARRAY`` of ``JSON_OBJECT`` (Django's ``JSONObject`` builds each object).
The order travels as a row number in each object (SQL drops a subquery's ``ORDER BY``), and
``json_rows`` sorts by it. ``JSONRows`` nest: a field may itself be a ``JSONRows`` on
``OuterRef(OuterRef(...))``.

The values come back as JSON gives them: dates and date-times as text (SQLite's without a
time zone), numbers with a fraction as ``Decimal`` (so that no digit is lost), booleans as
``0``/``1`` on SQLite. ``instances(Model, rows)`` turns them into model instances with each
field's own type, as if read from the database; ``json_value`` gives a raw JSON column its
floats back. Building such a queryset costs more Python than running it: build it once per
process (``built_once``) and filter it per call.
"""

from __future__ import annotations

import datetime
import functools
import json
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Func, JSONField, OrderBy, Subquery, Window
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone

ORDER_KEY = "_n"


def _ordering(queryset) -> list[OrderBy]:
    ordering = []
    for name in queryset.query.order_by or queryset.model._meta.ordering or ():
        if isinstance(name, str):
            descending = name.startswith("-")
            ordering.append(OrderBy(F(name.lstrip("-")), descending=descending))
        else:
            ordering.append(name if isinstance(name, OrderBy) else OrderBy(name))
    return ordering


class _JSONValue(Func):
    """A JSON column inside an object: SQLite stores it as text, which ``JSON()`` makes JSON
    again (else the object would hold a string); PostgreSQL's ``jsonb`` nests as it is."""

    function = "JSON"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def _field_value(model, name: str):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return F(name)
    return _JSONValue(F(name)) if isinstance(field, models.JSONField) else F(name)


def attnames(model: type[models.Model], *, exclude: tuple[str, ...] = ()) -> list[str]:
    """Every concrete field of ``model`` by attname (``process_id``), for ``JSONRows``."""
    return [field.attname for field in model._meta.concrete_fields if field.name not in exclude]


class _Decoder(json.JSONDecoder):
    """Numbers with a fraction as ``Decimal``: a money amount of 20 digits survives (a float
    would round it); ``instance`` gives JSON columns their floats back."""

    def __init__(self, *args, **kwargs):
        kwargs["parse_float"] = Decimal
        super().__init__(*args, **kwargs)


def json_value(value):
    """A JSON column's value read raw from a ``JSONRows`` row, as the ORM gives it (floats)."""
    return _floats(value)


def _floats(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_floats(item) for item in value]
    if isinstance(value, dict):
        return {key: _floats(item) for key, item in value.items()}
    return value


class JSONRows(Subquery):
    """A JSON array of ``{name: value}`` objects, one per row of ``queryset``, in its order."""

    output_field = JSONField(decoder=_Decoder)

    def __init__(self, queryset, *names: str, **fields):
        fields = {
            **{name: _field_value(queryset.model, name) for name in names},
            **{name: F(value) if isinstance(value, str) else value for name, value in fields.items()},
        }
        if ordering := _ordering(queryset):
            fields[ORDER_KEY] = Window(RowNumber(), order_by=ordering)
        inner = queryset.annotate(_json_row=JSONObject(**fields)).values("_json_row")
        super().__init__(inner, output_field=JSONField(decoder=_Decoder))

    def as_sqlite(self, compiler, connection, **extra_context):
        # JSON() keeps the text JSON where it is nested in another object.
        template = 'JSON((SELECT JSON_GROUP_ARRAY(JSON(_rows."_json_row")) FROM (%(subquery)s) _rows))'
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "COALESCE((SELECT JSONB_AGG(_rows.\"_json_row\") FROM (%(subquery)s) _rows), '[]'::jsonb)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def built_once(builder):
    """Keep what ``builder(*args)`` builds, per process: a queryset with ``JSONRows`` costs
    milliseconds of Python to build (each nested subquery is cloned and resolved), more than
    its query takes to run, and nothing to filter further. Callers filter the kept queryset
    (each ``filter`` a clone) and never evaluate it itself."""
    return functools.cache(builder)


def json_rows(value) -> list[dict]:
    """A ``JSONRows`` value as a list of dicts in the queryset's order (``[]`` for none)."""
    rows = value or []
    if rows and ORDER_KEY in rows[0]:
        rows = sorted(rows, key=lambda row: row[ORDER_KEY])
    return rows


def _decode(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        parsed = field.to_python(value)
        if parsed is not None and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, datetime.UTC)
        return parsed
    if isinstance(field, models.DecimalField):
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if field.decimal_places is None:
            return number
        return number.quantize(Decimal(1).scaleb(-field.decimal_places), context=field.context)
    if isinstance(field, models.FloatField):
        return float(value)
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.JSONField):
        return _floats(value)
    if isinstance(field, models.FileField):
        return value or ""
    return field.to_python(value)


def instance(model: type[models.Model], row: dict, *, using: str = "default") -> models.Model:
    """A model instance from a JSON row whose keys are field attnames (``milestone_id``, ``pk``
    for the primary key): every field of the row typed as the database would give it; fields
    not in the row are deferred (reading one would query, so name every field a page reads)."""
    meta = model._meta
    given = {meta.pk.attname if name == "pk" else name: value for name, value in row.items()}
    # ``from_db`` takes the values in the model's field order (a JSONB object has its own).
    fields = [field for field in meta.concrete_fields if field.attname in given]
    return model.from_db(
        using, [field.attname for field in fields], [_decode(field, given[field.attname]) for field in fields]
    )


def instances(model: type[models.Model], value) -> list[models.Model]:
    """``instance`` of each row of a ``JSONRows`` value, in order."""
    return [instance(model, row) for row in json_rows(value)]


def set_prefetched(obj: models.Model, name: str, objects: list) -> None:
    """Give ``obj.<name>.all()`` these objects without a query, as ``prefetch_related`` does."""
    manager = getattr(obj, name)
    queryset = manager.get_queryset()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    cache = getattr(obj, "_prefetched_objects_cache", None)
    if cache is None:
        obj._prefetched_objects_cache = cache = {}
    cache[manager.prefetch_cache_name if hasattr(manager, "prefetch_cache_name") else name] = queryset
