"""Front-end views of civil-society scores. Every check goes through ``permissions`` (the
services check again); every write is a POST through ``services``; a form that fails comes back
with its errors and the input kept."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tracker.models import Organisation

from ..models import ActionPlanPage, CommitmentPage
from ..progress.views import INLINE_EVIDENCE
from . import permissions, selectors, services
from .forms import ReopenForm, ReplyForm, RoundForm, ScoreForm, VerdictForm
from .models import MilestoneVerdict, Score, ScoreReply, ScoreVersion, ScoringRound


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _commitment(ogp_id: str) -> CommitmentPage:
    page = CommitmentPage.objects.live().filter(ogp_id__iexact=ogp_id.strip()).first()
    if page is None:
        raise Http404
    return page


def commitment_scores(request: HttpRequest, ogp_id: str) -> HttpResponse:
    """Every published score of a commitment, by round, with versions and replies (public)."""
    commitment = _commitment(ogp_id)
    return TemplateResponse(
        request,
        "scores/commitment_scores.html",
        {"commitment": commitment, "rounds": selectors.commitment_scores(commitment)},
    )


def scoring(request: HttpRequest) -> HttpResponse:
    """The open rounds; for a signed-in monitor, what their organisations still have to score."""
    rounds = list(selectors.open_rounds())
    organisations = permissions.scoring_organisations(request.user)
    plans, managed = selectors.managed_rounds(request.user) if request.user.is_authenticated else ([], [])
    return TemplateResponse(
        request,
        "scores/scoring.html",
        {
            "rounds": rounds,
            "to_score": selectors.to_score(request.user, organisations, rounds) if organisations else [],
            "signed_in": request.user.is_authenticated,
            "managed_plans": plans,
            "managed_rounds": managed,
        },
    )


def _verdict_forms(request, commitment: CommitmentPage, score: Score | None) -> list[VerdictForm]:
    existing = {}
    if score is not None:
        existing = {v.milestone_id: v for v in MilestoneVerdict.objects.filter(score=score, version=None)}
    score_evidence = bool(
        request.POST.get("evidence_url")
        or request.FILES.get("evidence_file")
        or (score and score.evidence_file)
    )
    forms = []
    for milestone, update in selectors.latest_updates(commitment):
        if update is None:
            continue
        verdict = existing.get(milestone.pk)
        initial = (
            {"verdict": verdict.verdict, "reason": verdict.reason, "evidence_url": verdict.evidence_url}
            if verdict
            else {}
        )
        forms.append(
            VerdictForm(
                request.POST or None,
                request.FILES or None,
                prefix=f"m{milestone.pk}",
                initial=initial,
                milestone=milestone,
                update=update,
                has_file=bool(verdict and verdict.evidence_file),
                score_evidence=score_evidence,
            )
        )
    return forms


@login_required
@require_http_methods(["GET", "POST"])
def score_form(
    request: HttpRequest,
    round_id: int | None = None,
    commitment_id: int | None = None,
    organisation_id: int | None = None,
    score_id: int | None = None,
) -> HttpResponse:
    """Write or change a score's draft, with per-milestone verdicts."""
    if score_id is not None:
        score = get_object_or_404(
            Score.objects.select_related("round__action_plan", "commitment", "organisation"), pk=score_id
        )
        round, commitment, organisation = score.round, score.commitment, score.organisation
        if not permissions.can_edit_score(request.user, score) or score.state != Score.State.DRAFT:
            raise PermissionDenied
    else:
        round = get_object_or_404(ScoringRound.objects.select_related("action_plan"), pk=round_id)
        commitment = get_object_or_404(CommitmentPage.objects.live(), pk=commitment_id)
        organisation = get_object_or_404(Organisation, pk=organisation_id)
        reason = permissions.why_not_score(
            request.user, round=round, commitment=commitment, organisation=organisation
        )
        if reason:
            raise PermissionDenied(reason)
        score = Score.objects.filter(round=round, commitment=commitment, organisation=organisation).first()
        if score is not None:
            return redirect("commitments:score_detail", score.pk)
    form = ScoreForm(
        request.POST or None, request.FILES or None, instance=score, uses_2021_method=round.uses_2021_method
    )
    verdict_forms = _verdict_forms(request, commitment, score)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in verdict_forms):
        data = form.cleaned_data
        verdicts = [
            services.VerdictInput(
                milestone=f.milestone,
                verdict=f.cleaned_data["verdict"],
                reason=f.cleaned_data["reason"],
                evidence_file=f.cleaned_data.get("evidence_file") or None,
                evidence_url=f.cleaned_data.get("evidence_url") or "",
            )
            for f in verdict_forms
        ]
        try:
            score = services.score_draft_save(
                actor=request.user,
                values={k: v for k, v in data.items() if k != "evidence_file"},
                evidence_file=data.get("evidence_file") or None,
                verdicts=verdicts,
                score=score,
                round=round,
                commitment=commitment,
                organisation=organisation,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Your draft is saved. An administrator of your organisation signs it off.")
            )
            return redirect("commitments:score_detail", score.pk)
    return TemplateResponse(
        request,
        "scores/score_form.html",
        {
            "form": form,
            "verdict_forms": verdict_forms,
            "round": round,
            "commitment": commitment,
            "organisation": organisation,
            "score": score,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def score_detail(request: HttpRequest, score_id: int) -> HttpResponse:
    """A score's draft for its organisation: what it says, and sign off or revise."""
    score = get_object_or_404(
        Score.objects.select_related("round__action_plan", "commitment", "organisation", "author"),
        pk=score_id,
    )
    if not permissions.can_view_draft(request.user, score):
        raise PermissionDenied
    return _detail(request, score)


def _detail(request, score: Score, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    return TemplateResponse(
        request,
        "scores/score_detail.html",
        {
            "score": score,
            "commitment": score.commitment,
            "verdicts": MilestoneVerdict.objects.filter(score=score, version=None).select_related(
                "milestone", "update"
            ),
            "can_edit": score.state == Score.State.DRAFT and permissions.can_edit_score(request.user, score),
            "can_sign_off": permissions.can_sign_off(request.user, score),
            "can_revise": score.state == Score.State.PUBLISHED
            and permissions.can_edit_score(request.user, score),
            "sign_off_errors": errors or [],
        },
        status=status,
    )


@login_required
@require_POST
def score_sign_off(request: HttpRequest, score_id: int) -> HttpResponse:
    score = get_object_or_404(Score.objects.select_related("round__action_plan", "commitment"), pk=score_id)
    if not permissions.can_sign_off(request.user, score):
        raise PermissionDenied
    try:
        services.score_sign_off(actor=request.user, score=score)
    except ValidationError as error:
        fields = {f.name: f.verbose_name for f in Score._meta.fields}
        problems = [
            f"{fields.get(name, '')}: {message}" if name in fields else message
            for name, messages_ in error.message_dict.items()
            for message in messages_
        ]
        return _detail(request, score, problems, status=400)
    messages.success(request, _("The score is signed off and published."))
    return redirect("commitments:commitment_scores", score.commitment.ogp_id)


@login_required
@require_POST
def score_revise(request: HttpRequest, score_id: int) -> HttpResponse:
    score = get_object_or_404(Score.objects.select_related("round__action_plan", "commitment"), pk=score_id)
    if not permissions.can_edit_score(request.user, score):
        raise PermissionDenied
    services.score_revise(actor=request.user, score=score)
    messages.success(request, _("A revision is started; the published version stays until it is signed off."))
    return redirect("commitments:score_edit", score.pk)


@login_required
@require_http_methods(["GET", "POST"])
def score_reply(request: HttpRequest, score_id: int) -> HttpResponse:
    score = get_object_or_404(
        Score.objects.select_related("commitment", "organisation", "round"), pk=score_id
    )
    if not permissions.can_reply(request.user, score):
        raise PermissionDenied
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_post(
                actor=request.user,
                score=score,
                text=form.cleaned_data["text"],
                evidence_file=form.cleaned_data.get("evidence_file") or None,
                evidence_url=form.cleaned_data.get("evidence_url") or "",
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your reply is published beside the score."))
            return redirect("commitments:commitment_scores", score.commitment.ogp_id)
    latest = score.versions.order_by("-number").first()
    return TemplateResponse(
        request,
        "scores/reply_form.html",
        {"form": form, "score": score, "version": latest, "commitment": score.commitment},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(ActionPlanPage, pk=plan_id)
    if not permissions.can_manage_rounds(request.user, plan):
        raise PermissionDenied
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_open(actor=request.user, action_plan=plan, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The scoring round is open."))
            return redirect("commitments:scoring")
    return TemplateResponse(
        request, "scores/round_form.html", {"form": form, "plan": plan}, status=400 if form.is_bound else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_reopen(request: HttpRequest, round_id: int) -> HttpResponse:
    round = get_object_or_404(ScoringRound.objects.select_related("action_plan"), pk=round_id)
    if not permissions.can_manage_rounds(request.user, round.action_plan):
        raise PermissionDenied
    form = ReopenForm(request.POST or None, initial={"closes_on": max(round.closes_on, timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            services.round_reopen(
                actor=request.user,
                round=round,
                reason=form.cleaned_data["reason"],
                closes_on=form.cleaned_data["closes_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The scoring round is reopened."))
            return redirect("commitments:scoring")
    return TemplateResponse(
        request,
        "scores/round_reopen.html",
        {"form": form, "round": round},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    round = get_object_or_404(ScoringRound.objects.select_related("action_plan"), pk=round_id)
    if not permissions.can_manage_rounds(request.user, round.action_plan):
        raise PermissionDenied
    services.round_close(actor=request.user, round=round)
    messages.success(request, _("The scoring round is closed."))
    return redirect("commitments:scoring")


EVIDENCE_KINDS = {"version": ScoreVersion, "draft": Score, "verdict": MilestoneVerdict, "reply": ScoreReply}


def _may_see_evidence(user, kind: str, item) -> bool:
    if kind == "draft":
        return permissions.can_view_draft(user, item)
    if kind == "verdict" and item.version_id is None:
        return permissions.can_view_draft(user, item.score)
    score = item if kind == "draft" else item.score
    return not (score.hidden or getattr(item, "hidden", False)) or permissions.can_moderate(user)


@require_http_methods(["GET", "HEAD"])
def evidence(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A score's, verdict's or reply's evidence file, to whoever may see it: public once
    published (not hidden); a draft's to its organisation and staff. Others get a 404."""
    model = EVIDENCE_KINDS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    if not item.evidence_file or not _may_see_evidence(request.user, kind, item):
        raise Http404
    name = PurePosixPath(item.evidence_file.name).name
    try:
        handle = item.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=PurePosixPath(name).suffix.lower() not in INLINE_EVIDENCE, filename=name
    )
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
