"""Front-end views of feedback cases: the list (with its CSV export), one case with its timeline
and the forms of each step, filing, the evidence files, an organisation's scorecard.

Every check goes through ``permissions`` (the services check again); every write is a POST
through ``services``; a form that fails comes back with its errors and the input kept.
"""

from __future__ import annotations

import csv
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from tracker.formulas import formula_guard
from tracker.models import Organisation

from ..models import CommitmentPage, Milestone
from ..permissions import is_reviewer
from . import permissions, scorecards, selectors, services
from .filters import CaseFilterSet
from .forms import (
    ActionForm,
    AnswerForm,
    CaseFileForm,
    CloseForm,
    HideForm,
    NoteForm,
    RateForm,
    TakeForm,
    UnhideForm,
)
from .models import Case, CaseEvent, Outcome

PAGE_SIZE = 25


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# -- the list and its export --------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def case_list(request: HttpRequest) -> HttpResponse:
    filterset = CaseFilterSet(request.GET or None)
    cases = selectors.case_rows(filterset.qs).order_by("-filed_at", "-pk")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    now = timezone.now()
    rows = [(case, selectors.deadline_view(case, now)) for case in page.object_list]
    return TemplateResponse(
        request,
        "cases/case_list.html",
        {"filterset": filterset, "page_obj": page, "rows": rows, "query": query.urlencode()},
    )


EXPORT_COLUMNS = [
    "number",
    "filed",
    "state",
    "category",
    "member",
    "commitment",
    "milestone",
    "ocid",
    "filed_by",
    "addressed_to",
    "acknowledge_by",
    "answer_by",
    "acknowledged",
    "answered",
    "working_days_to_answer",
    "rating",
    "outcome",
    "closed",
    "description",
]


def _export_row(case: Case) -> list[str]:
    deadline = selectors.deadline_view(case)

    def day(value) -> str:
        return value.date().isoformat() if value else ""

    return [
        str(case.number),
        day(case.filed_at),
        case.state,
        case.category,
        case.member.code,
        case.commitment.ogp_id,
        case.milestone.title if case.milestone_id else "",
        case.ocid,
        case.public_filer,
        case.addressed_to.name if case.addressed_to_id else "",
        deadline["acknowledge_by"].isoformat(),
        deadline["answer_by"].isoformat(),
        day(case.acknowledged_at),
        day(case.answered_at),
        "" if case.days_to_answer is None else str(case.days_to_answer),
        "" if case.rating is None else str(case.rating),
        case.outcome,
        day(case.closed_at),
        _("Hidden by moderators: %(reason)s") % {"reason": case.hidden_reason}
        if case.hidden
        else case.description,
    ]


@require_http_methods(["GET", "HEAD"])
def case_export(request: HttpRequest) -> HttpResponse:
    """The list as CSV with the same filters: who filed is shown as the public sees it, and
    every cell goes through the formula guard."""
    filterset = CaseFilterSet(request.GET or None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cases.csv"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for case in selectors.case_rows(filterset.qs).order_by("number").iterator(chunk_size=2000):
        writer.writerow([formula_guard(cell) for cell in _export_row(case)])
    return response


# -- one case -------------------------------------------------------------------------------------


def _case_or_404(number: int) -> Case:
    case = selectors.case_with_events(number)
    if case is None:
        raise Http404
    return case


def _take_choices(user, case: Case) -> list[tuple[str, str]]:
    choices = []
    if is_reviewer(user, case.member):
        choices.append(
            ("forum", _("The multistakeholder forum of %(member)s") % {"member": case.member.display_name})
        )
    choices += [(str(o.pk), o.name) for o in permissions.civil_society_organisations(user)]
    return choices


def _close_outcomes(user, case: Case) -> list[str]:
    outcomes = []
    if permissions.can_close(user, case):
        outcomes += [Outcome.RESOLVED, Outcome.NOT_RESOLVED]
    return outcomes


def _forms(request: HttpRequest, case: Case, bound: str = "", form=None) -> dict:
    """The forms of the steps ``request.user`` may take (the one just posted kept bound)."""
    user = request.user
    allowed = permissions.actions_for(user, case)
    builders = {
        "acknowledge": lambda: NoteForm(prefix="acknowledge"),
        "answer": lambda: AnswerForm(prefix="answer"),
        "rate": lambda: RateForm(prefix="rate"),
        "escalate": lambda: NoteForm(prefix="escalate"),
        "take": lambda: TakeForm(prefix="take", choices=_take_choices(user, case)),
        "record_action": lambda: ActionForm(prefix="record_action"),
        "close": lambda: CloseForm(prefix="close", outcomes=_close_outcomes(user, case)),
        "withdraw": lambda: NoteForm(prefix="withdraw"),
        "moderate": lambda: HideForm(prefix="moderate"),
        "unhide": lambda: UnhideForm(prefix="unhide"),
    }
    return {name: (form if name == bound else builders[name]()) for name, may in allowed.items() if may}


def _detail(request: HttpRequest, case: Case, bound: str = "", form=None, status: int = 200) -> HttpResponse:
    user = request.user
    return TemplateResponse(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "events": list(case.events.all()),
            "deadline": selectors.deadline_view(case),
            "forms": _forms(request, case, bound, form),
            "see_filer": permissions.can_see_filer(user, case),
            "see_text": permissions.can_see_hidden_text(user, case),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def case_detail(request: HttpRequest, number: int) -> HttpResponse:
    return _detail(request, _case_or_404(number))


def _files(data: dict) -> dict:
    return {
        "evidence_file": data.get("evidence_file") or None,
        "evidence_url": data.get("evidence_url") or "",
    }


def _run(action: str, case: Case, user, data: dict) -> None:
    """Call the service of ``action`` with the cleaned form data."""
    if action == "acknowledge":
        services.case_acknowledge(case=case, actor=user, text=data.get("text", ""))
    elif action == "answer":
        services.case_answer(
            case=case, actor=user, text=data["text"], photo=data.get("photo"), **_files(data)
        )
    elif action == "rate":
        services.case_rate(
            case=case,
            actor=user,
            rating=data["rating"],
            accept=data["decision"] == "accept",
            text=data["text"],
        )
    elif action == "escalate":
        services.case_escalate(case=case, actor=user, text=data.get("text", ""))
    elif action == "take":
        taker = data["taker"]
        organisation = None if taker == "forum" else Organisation.objects.filter(pk=taker).first()
        services.case_take(case=case, actor=user, organisation=organisation, text=data.get("text", ""))
    elif action == "record_action":
        services.case_record_action(case=case, actor=user, text=data["text"], **_files(data))
    elif action == "close":
        services.case_close(case=case, actor=user, outcome=data["outcome"], note=data["note"])
    elif action == "withdraw":
        services.case_close(case=case, actor=user, outcome=Outcome.WITHDRAWN, note=data.get("text", ""))
    elif action == "moderate":
        services.case_hide(case=case, actor=user, reason=data["reason"])
    elif action == "unhide":
        services.case_unhide(case=case, actor=user, reason=data["reason"])


DONE = {
    "acknowledge": _lazy("The case is acknowledged: the filer has been told."),
    "answer": _lazy("Your answer is published: the filer has been told."),
    "rate": _lazy("Thank you: your rating is recorded."),
    "escalate": _lazy("The case is escalated: the forum and civil society can take it."),
    "take": _lazy("You have taken the case: record what you do on it here."),
    "record_action": _lazy("Your action is recorded on the case."),
    "close": _lazy("The case is closed."),
    "withdraw": _lazy("The case is withdrawn."),
    "moderate": _lazy("The case's text is hidden, with your reason."),
    "unhide": _lazy("The case's text is public again, with your reason."),
}


@login_required
@require_POST
def case_act(request: HttpRequest, number: int, action: str) -> HttpResponse:
    """One step of a case (``action``), posted from the case's page."""
    case = _case_or_404(number)
    forms = _forms(request, case)
    if action not in DONE:
        raise Http404
    if action not in forms:
        raise PermissionDenied
    form = type(forms[action])
    kwargs = {"prefix": action}
    if action == "take":
        kwargs["choices"] = _take_choices(request.user, case)
    if action == "close":
        kwargs["outcomes"] = _close_outcomes(request.user, case)
    form = form(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            _run(action, case, request.user, form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, str(DONE[action]))
            return redirect("commitments:case_detail", case.number)
    return _detail(request, case, action, form, status=400)


# -- filing ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_file(request: HttpRequest, commitment_id: int) -> HttpResponse:
    """File a case on a commitment; a milestone page or a site visit links here with
    ``?milestone=<id>&category=<code>&from_visit=<id>`` to fill the form in."""
    commitment = get_object_or_404(CommitmentPage.objects.live(), pk=commitment_id)
    if not permissions.can_file(request.user):
        return TemplateResponse(request, "cases/verify_first.html", {"commitment": commitment}, status=403)
    organisations = Organisation.objects.filter(memberships__user=request.user).order_by("name")
    initial = {}
    if (milestone := request.GET.get("milestone", "")).isdigit():
        initial["milestone"] = int(milestone)
    if category := request.GET.get("category"):
        initial["category"] = category
    if (visit := request.GET.get("from_visit", "")).isdigit():
        initial["description"] = _("After my site visit (visit %(visit)s): ") % {"visit": visit}
    form = CaseFileForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        commitment=commitment,
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        milestone = Milestone.objects.filter(pk=data["milestone"]).first() if data.get("milestone") else None
        organisation = next((o for o in form.organisations if o.pk == data.get("filer_organisation")), None)
        try:
            case = services.case_file(
                filer=request.user,
                commitment=commitment,
                milestone=milestone,
                category=data["category"],
                description=data["description"],
                ocid=data.get("ocid", ""),
                shown_as=data["shown_as"],
                filer_organisation=organisation,
                photo=data.get("photo"),
                **_files(data),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your case #%(number)s is filed. The implementer must acknowledge it within 5 working days."
                )
                % {"number": case.number},
            )
            return redirect("commitments:case_detail", case.number)
    return TemplateResponse(
        request,
        "cases/case_file.html",
        {"form": form, "commitment": commitment},
        status=400 if form.is_bound else 200,
    )


# -- evidence ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def case_evidence(request: HttpRequest, number: int, event_id: int, kind: str) -> HttpResponse:
    """An event's evidence file or photo, to whoever may see the case's text (everyone, unless
    moderators hid it). Stored privately; served with a sandbox so that it never runs."""
    event = get_object_or_404(CaseEvent.objects.select_related("case"), pk=event_id, case__number=number)
    if kind not in ("file", "photo") or not permissions.can_see_hidden_text(request.user, event.case):
        raise Http404
    stored = event.evidence_file if kind == "file" else event.photo
    if not stored:
        raise Http404
    name = PurePosixPath(stored.name).name
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    inline = PurePosixPath(name).suffix.lower() in {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- scorecards -----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def organisation_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    card = scorecards.organisation_scorecard(organisation)
    return TemplateResponse(
        request,
        "cases/organisation_scorecard.html",
        {"organisation": organisation, "scorecard": card},
    )
