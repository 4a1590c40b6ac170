"""Front-end views of the peers' talk: questions and answers, moderation, following, exchanges,
event registration and the network's calendar.

Every check goes through ``peers.talk.permissions`` (the services check again); every write is
a POST with a CSRF token through ``services``; a form that fails comes back with its errors and
what was typed. A members-only question answers 404 to anyone outside the network.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commitments.models import Follow

from . import permissions as policy
from . import selectors, services
from .calendar import calendar_bytes
from .forms import (
    AnswerForm,
    ExchangeForm,
    FlagForm,
    HeldForm,
    MatchForm,
    ModerateForm,
    QuestionForm,
    ReportForm,
)
from .models import Answer, EventPage, Registration
from .notifications import calendar_entry, follow_from_token

PAGE_SIZE = 30


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _crumbs(network, *extra) -> list[dict]:
    """The trail above the page: the peers index, the network, then ``extra``."""
    parent = network.get_parent()
    return [{"title": parent.title, "url": parent.url}, {"title": network.title, "url": network.url}, *extra]


def _language(request) -> str:
    return translation.get_language() or "en"


# ----------------------------------------------------------------------------- questions


def question_list(request: HttpRequest, network: str) -> HttpResponse:
    network = selectors.network_by_slug(network)
    search = request.GET.get("q", "").strip()[:200]
    moderator = policy.can_moderate(request.user, network)
    flagged = moderator and request.GET.get("flagged") == "1"
    questions = selectors.question_rows(
        request.user, network, search=search, flagged=flagged, limit=PAGE_SIZE
    )
    return TemplateResponse(
        request,
        "peers/talk/question_list.html",
        {
            "network": network,
            "questions": questions,
            "search": search,
            "flagged": flagged,
            "may_moderate": moderator,
            "may_ask": policy.can_ask(request.user, network),
            "crumbs": _crumbs(network),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_ask(request: HttpRequest, network: str) -> HttpResponse:
    network = selectors.network_by_slug(network)
    if not policy.can_ask(request.user, network):
        raise PermissionDenied
    form = QuestionForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.question_ask(
                network=network,
                author=request.user,
                title=data["title"],
                body=data["body"],
                members_only=data["members_only"],
                practices=data["practices"],
                commitments=data["commitments"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your question is posted."))
            return redirect("peers_talk:question_detail", network.slug, question.pk)
    return TemplateResponse(
        request,
        "peers/talk/question_form.html",
        {"network": network, "form": form, "crumbs": _crumbs(network)},
        status=400 if form.errors else 200,
    )


def _thread(request, network_slug: str, pk: int, *, answer_form=None, status: int = 200) -> HttpResponse:
    network = selectors.network_by_slug(network_slug)
    question = selectors.question_for(request.user, network, pk)
    context = selectors.question_context(question, request.user)
    context["answer_form"] = answer_form or AnswerForm()
    context["crumbs"] = _crumbs(network, {"title": _("Questions"), "url": f"{network.url}questions/"})
    return TemplateResponse(request, "peers/talk/question_detail.html", context, status=status)


def question_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    return _thread(request, network, pk)


@login_required
@require_POST
def answer_post(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, selectors.network_by_slug(network), pk)
    if not policy.can_answer(request.user, question):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer = services.answer_post(
                question=question, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your answer is posted."))
            return redirect(f"{request.path.rsplit('answer/', 1)[0]}#answer-{answer.pk}")
    return _thread(request, network, pk, answer_form=form, status=400)


def _answer_of(question, value) -> Answer | None:
    if value in (None, ""):
        return None
    try:
        return Answer.objects.get(pk=int(value), question=question)
    except (Answer.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@login_required
@require_POST
def answer_accept(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, selectors.network_by_slug(network), pk)
    if not policy.can_accept(request.user, question):
        raise PermissionDenied
    answer = _answer_of(question, request.POST.get("answer"))
    try:
        services.answer_accept(question=question, answer=answer, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You accepted this answer.") if answer else _("No answer is accepted now.")
        )
    return redirect("peers_talk:question_detail", network, pk)


@login_required
@require_POST
def flag(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, selectors.network_by_slug(network), pk)
    if not policy.can_flag(request.user, question):
        raise PermissionDenied
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what is wrong to flag it."))
        return redirect("peers_talk:question_detail", network, pk)
    try:
        services.flag_create(
            question=question,
            answer=_answer_of(question, form.cleaned_data.get("answer")),
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: the network's editors will have a look."))
    return redirect("peers_talk:question_detail", network, pk)


@login_required
@require_POST
def moderate(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, selectors.network_by_slug(network), pk)
    if not policy.can_moderate(request.user, question.network):
        raise PermissionDenied
    form = ModerateForm(request.POST)
    if not form.is_valid():
        raise Http404
    action = form.cleaned_data["action"]
    answer = _answer_of(question, form.cleaned_data.get("answer"))
    reason = form.cleaned_data.get("reason") or ""
    try:
        if action == "hide":
            if answer is not None:
                services.answer_hide(answer=answer, user=request.user, reason=reason)
            else:
                services.question_hide(question=question, user=request.user, reason=reason)
            messages.success(request, _("Hidden, with the reason shown in its place."))
        elif action == "unhide":
            if answer is not None:
                services.answer_unhide(answer=answer, user=request.user)
            else:
                services.question_unhide(question=question, user=request.user)
            messages.success(request, _("Shown again."))
        else:
            services.question_lock(question=question, user=request.user, locked=action == "lock")
            messages.success(
                request, _("The thread is locked.") if action == "lock" else _("The thread is open again.")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("peers_talk:question_detail", network, pk)


@login_required
@require_POST
def question_follow(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, selectors.network_by_slug(network), pk)
    if not policy.can_follow_question(request.user, question):
        raise PermissionDenied
    if "unfollow" in request.POST:
        services.question_unfollow(question=question, user=request.user)
        messages.success(request, _("You no longer follow this question."))
    else:
        frequency = request.POST.get("frequency")
        if frequency not in Follow.Frequency.values:
            frequency = Follow.Frequency.IMMEDIATE
        services.question_follow(
            question=question, user=request.user, frequency=frequency, language=_language(request)
        )
        messages.success(request, _("You follow this question now: we will email you new answers."))
    return redirect("peers_talk:question_detail", network, pk)


@require_http_methods(["GET", "POST"])
def question_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works without signing in: the signed token says which follow to end."""
    followed = follow_from_token(token)
    done = False
    if request.method == "POST" and followed is not None:
        services.question_unfollow(question=followed.question, user=followed.user)
        done = True
    return TemplateResponse(
        request,
        "peers/talk/unsubscribe.html",
        {"follow": followed, "done": done, "breadcrumbs": []},
        status=404 if followed is None and not done else 200,
    )


# ----------------------------------------------------------------------------- exchanges


def exchange_list(request: HttpRequest, network: str) -> HttpResponse:
    network = selectors.network_by_slug(network)
    return TemplateResponse(
        request,
        "peers/talk/exchange_list.html",
        {
            "network": network,
            "exchanges": list(selectors.visible_exchanges(request.user, network)[:PAGE_SIZE]),
            "may_request": policy.can_request_exchange(request.user, network),
            "crumbs": _crumbs(network),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exchange_request(request: HttpRequest, network: str) -> HttpResponse:
    network = selectors.network_by_slug(network)
    if not policy.can_request_exchange(request.user, network):
        raise PermissionDenied
    form = ExchangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exchange = services.exchange_request(
                network=network,
                user=request.user,
                topic=data["topic"],
                description=data["description"],
                policy_areas=data["policy_areas"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your request is posted: see the peers who have done it."))
            return redirect("peers_talk:exchange_detail", network.slug, exchange.pk)
    return TemplateResponse(
        request,
        "peers/talk/exchange_form.html",
        {"network": network, "form": form, "crumbs": _crumbs(network)},
        status=400 if form.errors else 200,
    )


def _exchange_page(request, network, exchange, *, forms=None, status=200) -> HttpResponse:
    people = selectors.network_people(network)
    forms = forms or {}
    context = {
        "network": network,
        "exchange": exchange,
        "suggestions": selectors.suggested_peers(exchange),
        "may_match": policy.can_match_exchange(request.user, exchange),
        "may_report": policy.can_report_exchange(request.user, exchange),
        "match_form": forms.get("match") or MatchForm(people=people),
        "held_form": forms.get("held") or HeldForm(),
        "report_form": forms.get("report")
        or ReportForm(
            initial={
                "report": exchange.report,
                "commitments": ", ".join(c.ogp_id for c in exchange.helped_commitments.all()),
            }
        ),
        "peers": list(exchange.peers.order_by("username")),
        "helped": list(exchange.helped_commitments.live().order_by("title")),
        "crumbs": _crumbs(network, {"title": _("Peer exchanges"), "url": f"{network.url}exchanges/"}),
    }
    return TemplateResponse(request, "peers/talk/exchange_detail.html", context, status=status)


def exchange_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    network = selectors.network_by_slug(network)
    return _exchange_page(request, network, selectors.exchange_for(request.user, network, pk))


@login_required
@require_POST
def exchange_action(request: HttpRequest, network: str, pk: int, action: str) -> HttpResponse:
    network = selectors.network_by_slug(network)
    exchange = selectors.exchange_for(request.user, network, pk)
    allowed = policy.can_report_exchange if action == "report" else policy.can_match_exchange
    if action not in ("match", "held", "report") or not allowed(request.user, exchange):
        raise PermissionDenied
    if action == "match":
        form = MatchForm(request.POST, people=selectors.network_people(network))
    else:
        form = HeldForm(request.POST) if action == "held" else ReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "match":
                services.exchange_match(exchange=exchange, user=request.user, peers=data["peers"])
            elif action == "held":
                services.exchange_held(exchange=exchange, user=request.user, held_on=data["held_on"])
            else:
                services.exchange_report(
                    exchange=exchange,
                    user=request.user,
                    report=data["report"],
                    commitments=data["commitments"],
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The exchange is updated."))
            return redirect("peers_talk:exchange_detail", network.slug, exchange.pk)
    return _exchange_page(request, network, exchange, forms={action: form}, status=400)


# ----------------------------------------------------------------------------- events


def event_list(request: HttpRequest, network: str) -> HttpResponse:
    network = selectors.network_by_slug(network)
    events = list(selectors.network_events(network))
    return TemplateResponse(
        request,
        "peers/talk/event_list.html",
        {
            "network": network,
            "events": events,
            "may_create": policy.can_create_event(request.user, network),
            "crumbs": _crumbs(network),
        },
    )


def _event(page_id: int) -> EventPage:
    return get_object_or_404(EventPage.objects.live(), pk=page_id)


@login_required
@require_POST
def event_register(request: HttpRequest, page_id: int) -> HttpResponse:
    event = _event(page_id)
    if not policy.can_register(request.user, event):
        raise PermissionDenied
    try:
        registration = services.registration_create(
            event=event, user=request.user, language=_language(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == Registration.Status.WAITING:
            messages.success(
                request,
                _("The event is full: you are on the waiting list. We will email you if a place frees up."),
            )
        else:
            messages.success(
                request, _("You are registered: we have emailed you the invitation for your calendar.")
            )
    return redirect(event.url)


@login_required
@require_POST
def event_cancel(request: HttpRequest, page_id: int) -> HttpResponse:
    event = _event(page_id)
    registration = (
        Registration.objects.filter(
            event=event,
            user=request.user,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING],
        )
        .order_by("-pk")
        .first()
    )
    if registration is None:
        raise Http404
    services.registration_cancel(registration=registration, user=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event.url)


def event_feed(request: HttpRequest, network: str) -> HttpResponse:
    """The network's iCalendar feed (no language prefix: calendar apps keep one address)."""
    network = selectors.network_by_slug(network)
    with translation.override(settings.LANGUAGE_CODE):
        entries = [calendar_entry(event) for event in selectors.network_events(network)]
    response = HttpResponse(
        calendar_bytes(entries, name=network.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{network.slug}.ics"'
    return response
