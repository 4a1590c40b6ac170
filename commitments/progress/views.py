"""Front-end views of the progress loop: post, revise, review, follow, unsubscribe.

Every check goes through ``commitments.permissions`` (the services check again); every write
is a POST with a CSRF token and goes through ``services`` (views write no model); forms that
fail come back with their errors and the input kept.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.models import Page

from tracker.permissions import has_two_factor, requires_two_factor

from .. import permissions
from ..models import CommitmentPage, Follow, Milestone, ProgressUpdate, UpdateState
from . import selectors, services
from .forms import FollowForm, ProgressUpdateForm, ReviewForm
from .notifications import follow_from_token

# What the POC is told after saving, by what the service did with the update.
SAVED_MESSAGES = {
    "draft": _lazy("Your update is saved as a draft."),
    "saved": _lazy("Your changes are saved."),
    "submitted": _lazy("Your update is submitted: the forum will review it."),
    "resubmitted": _lazy("Your update is resubmitted: the forum will review it."),
}


def _form_values(form: ProgressUpdateForm) -> dict:
    data = form.cleaned_data
    return {
        "status": data["status"],
        "percent_complete": data["percent_complete"],
        "narrative": data["narrative"],
        "as_of": data["as_of"],
        "evidence_file": data.get("evidence_file") or None,
        "evidence_url": data.get("evidence_url") or "",
    }


def _two_factor_first(request: HttpRequest) -> HttpResponse | None:
    """Reviewers (like POCs and staff) must use two-factor before they review: without it,
    they are sent to set it up and told why."""
    user = request.user
    if requires_two_factor(user) and not has_two_factor(user):
        messages.warning(
            request,
            _(
                "Set up two-factor authentication before you review updates: a review changes the "
                "public record. Scan the code with an authenticator app and enter the number it shows."
            ),
        )
        return redirect("mfa_activate_totp")
    return None


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def update_create(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("commitment"), pk=milestone_id)
    commitment = milestone.commitment
    if not permissions.can_post_update(request.user, commitment):
        raise PermissionDenied
    form = ProgressUpdateForm(
        request.POST or None,
        request.FILES or None,
        initial={"status": milestone.status},
        milestone=milestone,
    )
    if request.method == "POST" and form.is_valid():
        try:
            update, outcome = services.progress_update_save(
                milestone=milestone, actor=request.user, submit="submit" in request.POST, **_form_values(form)
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, SAVED_MESSAGES[outcome])
            return redirect("commitments:update_detail", update.pk)
    return TemplateResponse(
        request,
        "commitments/update_form.html",
        {"form": form, "milestone": milestone, "commitment": commitment, "update": None},
        status=400 if form.is_bound else 200,
    )


# Evidence types that browsers show inline; anything else (office documents) downloads.
INLINE_EVIDENCE = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp"}


@require_http_methods(["GET", "HEAD"])
def update_evidence(request: HttpRequest, update_id: int) -> HttpResponse:
    """An update's evidence file, to whoever may see the update: everyone once approved; before
    that its POCs, its forum and staff. Others get a 404, as if there were no such file."""
    update = get_object_or_404(ProgressUpdate.objects.select_related("milestone__commitment"), pk=update_id)
    if not update.evidence_file or not permissions.can_view_update(request.user, update):
        raise Http404
    name = PurePosixPath(update.evidence_file.name).name
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    inline = PurePosixPath(name).suffix.lower() in INLINE_EVIDENCE
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    # Never let an uploaded file run as part of the site, whatever it claims to be.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    if update.state != UpdateState.APPROVED:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def update_detail(request: HttpRequest, update_id: int) -> HttpResponse:
    """An update with its history; its author revises and (re)submits it here, a reviewer
    approves or returns it."""
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("milestone__commitment", "author", "decided_by"), pk=update_id
    )
    reviewing = update.is_waiting and permissions.is_reviewer(
        request.user, permissions.member_of(update.milestone.commitment)
    )
    if reviewing and (setup := _two_factor_first(request)) is not None:
        return setup
    can_edit = permissions.can_edit_update(request.user, update)
    can_review = permissions.can_review_update(request.user, update)
    if not permissions.can_view_update(request.user, update):  # covers editors and reviewers
        raise PermissionDenied
    form = ProgressUpdateForm(instance=update) if can_edit else None
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ProgressUpdateForm(
            request.POST, request.FILES, instance=ProgressUpdate.objects.get(pk=update.pk)
        )
        if form.is_valid():
            try:
                _update, outcome = services.progress_update_save(
                    update=update, actor=request.user, submit="submit" in request.POST, **_form_values(form)
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, SAVED_MESSAGES[outcome])
                return redirect("commitments:update_detail", update.pk)
        status = 400
    return TemplateResponse(
        request,
        "commitments/update_detail.html",
        {
            "update": update,
            "events": list(update.events.select_related("actor")),
            "milestone": update.milestone,
            "commitment": update.milestone.commitment,
            "form": form,
            "review_form": ReviewForm() if can_review else None,
        },
        status=status,
    )


@login_required
@require_POST
def update_review(request: HttpRequest, update_id: int) -> HttpResponse:
    update = get_object_or_404(ProgressUpdate.objects.select_related("milestone__commitment"), pk=update_id)
    if (setup := _two_factor_first(request)) is not None:
        return setup
    if not permissions.can_review_update(request.user, update):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["decision"] == "approve":
            services.progress_update_approve(update=update, reviewer=request.user)
            messages.success(request, _("The update is approved and now shows on the commitment's page."))
        else:
            services.progress_update_return_(
                update=update, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The update is returned to its author with your reason."))
        return redirect("commitments:review_queue")
    return TemplateResponse(
        request,
        "commitments/update_detail.html",
        {
            "update": update,
            "events": list(update.events.select_related("actor")),
            "milestone": update.milestone,
            "commitment": update.milestone.commitment,
            "form": None,
            "review_form": form,
        },
        status=400,
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    members = permissions.reviewable_members(request.user)
    if not members:
        raise PermissionDenied
    if (setup := _two_factor_first(request)) is not None:
        return setup
    return TemplateResponse(
        request,
        "commitments/review_queue.html",
        {"updates": selectors.waiting_updates(members), "members": members},
    )


@login_required
def my_commitments(request: HttpRequest) -> HttpResponse:
    """A POC's dashboard: their members' commitments, milestones and their own open updates."""
    members = permissions.poc_members(request.user)
    if not members or not permissions.can_post_update(request.user, members[0]):
        raise PermissionDenied
    commitments = []
    if members:
        q = CommitmentPage.objects.none()
        for member in members[:20]:
            q = q | CommitmentPage.objects.descendant_of(member)
        commitments = list(
            q.live()
            .order_by("ogp_id")
            .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("sort_order")))[:200]
        )
    open_updates = list(
        ProgressUpdate.objects.filter(author=request.user)
        .exclude(state=UpdateState.APPROVED)
        .select_related("milestone__commitment")
        .order_by("-pk")
    )
    return TemplateResponse(
        request,
        "commitments/my_commitments.html",
        {"members": members, "commitments": commitments, "open_updates": open_updates},
    )


@login_required
@require_POST
def follow(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    if not permissions.can_follow(request.user):
        raise PermissionDenied
    if "unfollow" in request.POST:
        services.follow_delete(user=request.user, page=page)
        messages.success(request, _("You no longer follow this."))
    else:
        form = FollowForm(request.POST)
        frequency = form.cleaned_data["frequency"] if form.is_valid() else Follow.Frequency.IMMEDIATE
        services.follow_create(
            user=request.user, page=page, frequency=frequency, language=translation.get_language() or "en"
        )
        messages.success(request, _("You follow this now: we will email you when approved progress lands."))
    return redirect(page.url or "/")


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works without signing in: the signed token says which follow to end."""
    followed = follow_from_token(token)
    done = False
    if request.method == "POST" and followed is not None:
        services.follow_delete(user=followed.user, page=followed.page)
        done = True
    return TemplateResponse(
        request,
        "commitments/unsubscribe.html",
        {"follow": followed, "done": done, "breadcrumbs": []},
        status=404 if followed is None and not done else 200,
    )
