"""Front-end views of re-baselining: a POC proposes a change of a milestone's due date or
scope, revises and resubmits it; the forum approves or returns it. Same rules as the update
views: permissions first (the services check again), writes through ``rebaselines``, forms
that fail come back with their errors and the input kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions
from ..models import Milestone, Rebaseline
from . import rebaselines
from .forms import RebaselineForm, ReviewForm

SAVED_MESSAGES = {
    "draft": _lazy("Your proposal is saved as a draft."),
    "saved": _lazy("Your changes are saved."),
    "submitted": _lazy("Your proposal is submitted: the forum will review it."),
    "resubmitted": _lazy("Your proposal is resubmitted: the forum will review it."),
}


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _save(request, form: RebaselineForm, **target) -> HttpResponse | None:
    """Save through the service; a redirect when done, None when the form has errors."""
    try:
        rebaseline, outcome = rebaselines.rebaseline_save(
            actor=request.user, submit="submit" in request.POST, **form.cleaned_data, **target
        )
    except ValidationError as error:
        _form_errors(form, error)
        return None
    messages.success(request, SAVED_MESSAGES[outcome])
    return redirect("commitments:rebaseline_detail", rebaseline.pk)


@login_required
@require_http_methods(["GET", "POST"])
def rebaseline_create(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("commitment"), pk=milestone_id)
    commitment = milestone.commitment
    if not permissions.can_propose_rebaseline(request.user, commitment):
        raise PermissionDenied
    initial = {
        "new_title": milestone.title,
        "new_expected_output": milestone.expected_output,
        "new_end_date": milestone.end_date,
    }
    form = RebaselineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and (done := _save(request, form, milestone=milestone)):
        return done
    return TemplateResponse(
        request,
        "commitments/rebaseline_form.html",
        {"form": form, "milestone": milestone, "commitment": commitment},
        status=400 if form.is_bound else 200,
    )


def _detail(request, rebaseline: Rebaseline, *, form, review_form, status: int = 200) -> HttpResponse:
    return TemplateResponse(
        request,
        "commitments/rebaseline_detail.html",
        {
            "rebaseline": rebaseline,
            "events": list(rebaseline.events.select_related("actor")),
            "milestone": rebaseline.milestone,
            "commitment": rebaseline.milestone.commitment,
            "form": form,
            "review_form": review_form,
        },
        status=status,
    )


def _get(rebaseline_id: int) -> Rebaseline:
    return get_object_or_404(
        Rebaseline.objects.select_related("milestone__commitment", "author", "decided_by"), pk=rebaseline_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def rebaseline_detail(request: HttpRequest, rebaseline_id: int) -> HttpResponse:
    """A proposal, old → new, with its history; its author revises and (re)submits it here, a
    reviewer approves or returns it."""
    rebaseline = _get(rebaseline_id)
    if not permissions.can_view_update(request.user, rebaseline):
        raise PermissionDenied
    can_edit = permissions.can_edit_update(request.user, rebaseline)
    review_form = ReviewForm() if permissions.can_review_update(request.user, rebaseline) else None
    form = RebaselineForm(instance=rebaseline) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = RebaselineForm(request.POST, instance=Rebaseline.objects.get(pk=rebaseline.pk))
        if form.is_valid() and (done := _save(request, form, rebaseline=rebaseline)):
            return done
        return _detail(request, rebaseline, form=form, review_form=review_form, status=400)
    return _detail(request, rebaseline, form=form, review_form=review_form)


@login_required
@require_POST
def rebaseline_review(request: HttpRequest, rebaseline_id: int) -> HttpResponse:
    rebaseline = _get(rebaseline_id)
    if not permissions.can_review_update(request.user, rebaseline):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _detail(request, rebaseline, form=None, review_form=form, status=400)
    if form.cleaned_data["decision"] == "approve":
        rebaselines.rebaseline_approve(rebaseline=rebaseline, reviewer=request.user)
        messages.success(request, _("The change is approved: the milestone and the public timeline show it."))
    else:
        rebaselines.rebaseline_return_(
            rebaseline=rebaseline, reviewer=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The proposal is returned to its author with your reason."))
    return redirect("commitments:review_queue")
