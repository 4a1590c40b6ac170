"""``/<lang>/open-data/``: the bulk download (its date and size), its licence, and the fields of
each record, read from the API's serializers so that the documentation cannot drift from the data.
``/api/v1/download/open-commitments.jsonl.gz``: the newest build of the download."""

from __future__ import annotations

from dataclasses import dataclass

from rest_framework import serializers as drf

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import condition, require_safe

from . import extensions
from .bulk import all_kinds, latest_ready, open_data_refresh_soon

KIND_LABELS = {
    "member": gettext_lazy("OGP members"),
    "action_plan": gettext_lazy("Action plans"),
    "commitment": gettext_lazy("Commitments"),
    "progress_update": gettext_lazy("Approved progress updates"),
    "organisation": gettext_lazy("Organisations"),
    "contracting_process": gettext_lazy("Contracting processes (OCDS)"),
    "process_link": gettext_lazy("Links from commitments to contracting processes"),
    "project_link": gettext_lazy("Links from commitments to infrastructure projects"),
    "infrastructure_project": gettext_lazy("Infrastructure projects (OC4IDS)"),
    "budget_line": gettext_lazy("Budget lines"),
    "bods_entity": gettext_lazy("Beneficial ownership: entity statements (BODS)"),
    "bods_person": gettext_lazy("Beneficial ownership: person statements (BODS)"),
    "bods_relationship": gettext_lazy("Beneficial ownership: interests (BODS)"),
    "scoring_round": gettext_lazy("Civil society's scoring rounds"),
    "score": gettext_lazy("Civil society's published scores"),
    "case": gettext_lazy("Feedback cases and their public timeline"),
    "site_visit": gettext_lazy("Site visits"),
    "consultation": gettext_lazy('Consultations ("you said, we did")'),
}


@dataclass
class FieldDoc:
    name: str
    kind: str
    description: str


def _kind(field) -> str:
    if isinstance(field, drf.ListSerializer):
        return _("list of %(kind)s") % {"kind": _("objects")}
    if isinstance(field, drf.ManyRelatedField | drf.ListField):
        return _("list of %(kind)s") % {"kind": _("text")}
    if isinstance(field, drf.Serializer):
        return _("object")
    if isinstance(field, drf.BooleanField):
        return _("true, false or null") if field.allow_null else _("true or false")
    if isinstance(field, drf.IntegerField):
        return _("number")
    if isinstance(field, drf.DateTimeField):
        return _("date and time (ISO 8601)")
    if isinstance(field, drf.DateField):
        return _("date (ISO 8601)")
    if isinstance(field, drf.ChoiceField):
        return _("code: %(codes)s") % {"codes": ", ".join(str(code) for code in field.choices)}
    return _("text")


def _description(field) -> str:
    for text in (field.help_text, field.label):
        if text:
            return str(text)
    method = getattr(field.parent, f"get_{field.field_name}", None) if field.parent else None
    if method is not None and method.__doc__:
        return method.__doc__.strip()
    return ""


def field_docs(serializer_class) -> list[FieldDoc]:
    """Each field of a record as the API and the download write it: name, kind, description."""
    fields = serializer_class(context={}).fields
    return [FieldDoc(name, _kind(field), _description(field)) for name, field in fields.items()]


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    dump = latest_ready()
    open_data_refresh_soon()
    labels = {**KIND_LABELS, **{kind: label for kind, label, *_rest in extensions.bulk_kinds()}}
    kinds = [
        {"code": kind, "label": labels.get(kind, kind), "fields": field_docs(serializer_class)}
        for kind, _queryset, serializer_class in all_kinds()
    ]
    context = {
        "title": _("Open data"),
        "dump": dump,
        "kinds": kinds,
        "licence": settings.OPEN_DATA_LICENCE,
        "breadcrumbs": [],
    }
    return TemplateResponse(request, "commitments_api/open_data.html", context)


def _dump_etag(request, *args, **kwargs):
    dump = latest_ready()
    return dump.version if dump else None


@require_safe
@condition(etag_func=_dump_etag)
def download(request: HttpRequest) -> HttpResponse:
    dump = latest_ready()
    if dump is None:
        open_data_refresh_soon()
        return JsonResponse(
            {"detail": "The download is being built. Try again in a few minutes."},
            status=503,
            headers={"Retry-After": "120"},
        )
    response = FileResponse(
        dump.file.open("rb"),
        as_attachment=True,
        filename="open-commitments.jsonl.gz",
        content_type="application/gzip",
    )
    response["Last-Modified"] = http_date(dump.finished_at.timestamp())
    return response
