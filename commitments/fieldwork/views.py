"""Front-end views: record a visit, a commitment's visits (list and map), a visit's photos,
record or answer a consultation. Every check asks ``permissions`` (the services check again);
writes are POSTs through ``services``; a refused form comes back with its errors and input."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wagtail.models import Page

from ..models import ActionPlanPage, CommitmentPage
from . import pending, permissions, selectors, services
from .forms import MAX_PHOTOS, ConsultationForm, InputFormSet, SiteVisitForm, input_initial
from .models import Consultation, VisitPhoto
from .receivers import map_settings

VISITS_PER_PAGE = 25


def _commitment(ogp_id: str) -> CommitmentPage:
    return get_object_or_404(CommitmentPage.objects.live(), ogp_id=ogp_id)


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, ogp_id: str) -> HttpResponse:
    commitment = _commitment(ogp_id)
    if not permissions.can_record_visit(request.user):
        raise PermissionDenied
    initial = {"milestone": request.GET.get("milestone")} if request.GET.get("milestone") else {}
    form = SiteVisitForm(request.POST or None, request.FILES or None, commitment=commitment, initial=initial)
    # Photos kept from an earlier try of this form (ticked to keep; offered: all that were shown).
    kept = pending.pending_for(request.user, pending.ids_from(request.POST.getlist("keep_photo")))
    offered = pending.pending_for(request.user, pending.ids_from(request.POST.getlist("offered_photo")))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if len(kept) + len(form.cleaned_photos) > MAX_PHOTOS:
                raise ValidationError({"photos": _("Choose at most 6 photos.")})
            with transaction.atomic():
                visit = services.site_visit_record(
                    milestone=data["milestone"],
                    author=request.user,
                    visited_on=data["visited_on"],
                    observations=data["observations"],
                    observed_status=data["observed_status"],
                    photos=[*(pending.as_clean(photo) for photo in kept), *form.cleaned_photos],
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                )
                pending.pending_discard({photo.pk: photo for photo in [*kept, *offered]}.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if visit.location_source == visit.LocationSource.PHOTO:
                messages.success(request, _("Your visit is recorded, at the place your photo was taken."))
            else:
                messages.success(request, _("Your visit is recorded."))
            return redirect(f"{commitment.url}#visit-{visit.pk}")
    if form.is_bound:
        # The form comes back: the photos that could be read are kept, shown as attached.
        kept += pending.pending_keep(owner=request.user, photos=form.cleaned_photos)
    return TemplateResponse(
        request,
        "fieldwork/visit_form.html",
        {"form": form, "commitment": commitment, "pending_photos": kept},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def visit_pending_photo(request: HttpRequest, pending_id: int, kind: str) -> HttpResponse:
    """A photo kept from a visit form, to the person who chose it only (others get a 404)."""
    found = pending.pending_for(request.user, [pending_id])
    if kind not in ("image", "thumbnail") or not found:
        raise Http404
    stored = found[0].image if kind == "image" else found[0].thumbnail
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def commitment_visits(request: HttpRequest, ogp_id: str) -> HttpResponse:
    """Every visit to a commitment's milestones, newest first, with a map of the page's visits
    (the list is the map's text alternative and works without JavaScript)."""
    commitment = _commitment(ogp_id)
    visits = selectors.visits_queryset(commitment)
    page = Paginator(visits, VISITS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.visit_rows(page.object_list)
    return TemplateResponse(
        request,
        "fieldwork/commitment_visits.html",
        {
            "commitment": commitment,
            "page_obj": page,
            "visits": rows,
            "points": selectors.map_points(rows),
            "map": map_settings(),
            "can_moderate": permissions.can_moderate_visits(request.user),
            "can_record_visit": permissions.can_record_visit(request.user),
        },
    )


@require_http_methods(["GET", "HEAD"])
def visit_photo(request: HttpRequest, photo_id: int, kind: str) -> HttpResponse:
    """A visit's photo or thumbnail (stripped of metadata when stored), unless staff hid the
    visit: then only staff see it; others get a 404."""
    if kind not in ("image", "thumbnail"):
        raise Http404
    photo = get_object_or_404(VisitPhoto.objects.select_related("visit"), pk=photo_id)
    if not permissions.can_view_visit(request.user, photo.visit):
        raise Http404
    stored = photo.image if kind == "image" else photo.thumbnail
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    if photo.visit.hidden:
        response["Cache-Control"] = "private, no-store"
    return response


def _consultation_subject(page_id: int) -> CommitmentPage | ActionPlanPage:
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not isinstance(page, CommitmentPage | ActionPlanPage):
        raise Http404
    return page


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, page_id: int) -> HttpResponse:
    subject = _consultation_subject(page_id)
    if not permissions.can_record_consultation(request.user, subject):
        raise PermissionDenied
    return _consultation_form(request, subject, None)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_object_or_404(
        Consultation.objects.select_related("commitment", "plan").prefetch_related("participation", "inputs"),
        pk=consultation_id,
    )
    if not permissions.can_edit_consultation(request.user, consultation):
        raise PermissionDenied
    return _consultation_form(request, consultation.subject, consultation)


def _consultation_form(request, subject, consultation: Consultation | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ConsultationForm(data, instance=consultation)
    inputs = InputFormSet(data, initial=input_initial(consultation), prefix="inputs")
    if request.method == "POST" and form.is_valid() and inputs.is_valid():
        try:
            saved = services.consultation_save(
                actor=request.user,
                subject=subject,
                consultation=consultation,
                held_on=form.cleaned_data["held_on"],
                format=form.cleaned_data["format"],
                summary=form.cleaned_data["summary"],
                participants=form.participants(),
                inputs=[f.values() for f in inputs.forms if f.has_changed() and f.cleaned_data.get("said")],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The consultation is saved."))
            return redirect(f"{subject.url}#consultation-{saved.pk}")
    return TemplateResponse(
        request,
        "fieldwork/consultation_form.html",
        {"form": form, "inputs": inputs, "subject": subject, "consultation": consultation},
        status=400 if form.is_bound else 200,
    )
