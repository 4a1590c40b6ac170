"""Front-end views: link a commitment (or milestone) to a process or project; unlink.

Checks go through ``permissions`` (the services check again); writes are POSTs through
``services``; a form that fails comes back with its errors and the input kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commitments.models import CommitmentPage

from . import services
from .forms import ProcessLinkForm, ProjectLinkForm
from .models import ProcessLink, ProjectLink
from .permissions import can_link


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def link_create(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_object_or_404(CommitmentPage, pk=commitment_id)
    if not can_link(request.user, commitment):
        raise PermissionDenied
    kind = request.POST.get("kind", "process")
    process_form = ProcessLinkForm(
        request.POST if kind == "process" else None, commitment=commitment, prefix="process"
    )
    project_form = ProjectLinkForm(request.POST if kind == "project" else None, prefix="project")
    form = process_form if kind == "process" else project_form
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "process":
                services.process_link_create(
                    user=request.user,
                    commitment=commitment,
                    ocid=data["ocid"],
                    relation=data["relation"],
                    milestone=data["milestone"],
                )
            else:
                services.project_link_create(
                    user=request.user,
                    commitment=commitment,
                    project_id=data["project_id"],
                    relation=data["relation"],
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The link is saved."))
            return redirect(commitment.url + "#contracting-heading")
    return TemplateResponse(
        request,
        "contracting/link_form.html",
        {"commitment": commitment, "process_form": process_form, "project_form": project_form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def link_delete(request: HttpRequest, kind: str, link_id: int) -> HttpResponse:
    if kind not in {"process", "project"}:
        raise Http404
    model = ProcessLink if kind == "process" else ProjectLink
    link = get_object_or_404(model.objects.select_related("commitment"), pk=link_id)
    services.link_delete(user=request.user, link=link)
    messages.success(request, _("The link is removed."))
    return redirect(link.commitment.url + "#contracting-heading")
