"""Who may do what in a network's talk: roles × actions, asked of the policy, the services and the
front-end doors (direct POSTs), and Wagtail's admin for creating an event.

Rows: visitor, signed-in person, network member, editor, administrator, a person of an
ex-officio partner, staff (two-factor on). A member of *another* network counts as a signed-in
person here.
"""

from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied

from peers.talk import permissions as policy
from peers.talk import services
from peers.talk.models import Answer, Exchange, Flag, Question, Registration

from .talk_fixtures import ROLES, make_event

pytestmark = pytest.mark.django_db

Y, N = True, False
# action: visitor, person, member, editor, administrator, ex_officio, staff
TABLE = {
    "read_members_only": (N, N, Y, Y, Y, Y, Y),
    "read_public": (Y, Y, Y, Y, Y, Y, Y),
    "ask": (N, N, Y, Y, Y, Y, Y),
    "answer": (N, N, Y, Y, Y, Y, Y),
    "accept": (N, N, N, N, N, N, N),  # only the asker (checked below)
    "flag": (N, Y, Y, Y, Y, Y, Y),  # a public question
    "hide": (N, N, N, Y, Y, N, Y),
    "lock": (N, N, N, Y, Y, N, Y),
    "request_exchange": (N, N, Y, Y, Y, Y, Y),
    "match_exchange": (N, N, N, Y, Y, N, Y),
    "register": (N, Y, Y, Y, Y, Y, Y),
    "create_event": (N, N, N, Y, Y, N, Y),
}


def _asked(talk, members_only=True):
    return services.question_ask(
        network=talk.network,
        author=talk.user("other_member"),
        title="How do you publish awards?",
        members_only=members_only,
    )


def _policy_answer(talk, action, user, event):
    network = talk.network
    private = Question(network=network, author=talk.user("other_member"), title="q", members_only=True)
    public = Question(network=network, author=talk.user("other_member"), title="q", members_only=False)
    exchange = Exchange(network=network, requested_by=talk.user("other_member"), topic="t")
    return {
        "read_members_only": lambda: policy.can_read_question(user, private),
        "read_public": lambda: policy.can_read_question(user, public),
        "ask": lambda: policy.can_ask(user, network),
        "answer": lambda: policy.can_answer(user, private),
        "accept": lambda: policy.can_accept(user, private),
        "flag": lambda: policy.can_flag(user, public),
        "hide": lambda: policy.can_moderate(user, network),
        "lock": lambda: policy.can_moderate(user, network),
        "request_exchange": lambda: policy.can_request_exchange(user, network),
        "match_exchange": lambda: policy.can_match_exchange(user, exchange),
        "register": lambda: policy.can_register(user, event),
        "create_event": lambda: policy.can_create_event(user, network),
    }[action]()


@pytest.mark.parametrize("action", list(TABLE))
def test_the_policy_answers_the_table(talk, action):
    event = make_event(talk.network)
    for role, expected in zip(ROLES, TABLE[action], strict=True):
        assert _policy_answer(talk, action, talk.user(role), event) is expected, (action, role)


def test_only_the_asker_may_accept_and_a_member_of_another_network_is_an_outsider(talk):
    question = _asked(talk)
    assert policy.can_accept(talk.user("other_member"), question)
    outsider = talk.user("outsider_member")
    assert not policy.can_read_question(outsider, question)
    assert not policy.can_ask(outsider, talk.network)
    assert not policy.can_moderate(outsider, talk.network)


def test_staff_without_two_factor_have_no_network_rights(talk):
    from tests.peers.talk_fixtures import make_user

    plain_staff = make_user("staff-no-2fa", is_staff=True, is_superuser=True)
    question = _asked(talk)
    assert not policy.can_read_question(plain_staff, question)
    assert not policy.can_moderate(plain_staff, talk.network)


@pytest.mark.parametrize("role", ROLES)
def test_services_refuse_whoever_the_policy_refuses(talk, role):
    user = talk.user(role)
    question = _asked(talk)
    answer = services.answer_post(question=question, author=talk.user("member"), body="We publish weekly.")
    allowed = dict(zip(ROLES, zip(*TABLE.values(), strict=True), strict=True))[role]
    row = dict(zip(TABLE, allowed, strict=True))
    if user is None:
        return  # the services take a person; the doors below refuse visitors
    checks = {
        "ask": lambda: services.question_ask(network=talk.network, author=user, title="Another question?"),
        "answer": lambda: services.answer_post(question=question, author=user, body="An answer"),
        "hide": lambda: services.answer_hide(answer=answer, user=user, reason="Off topic"),
        "lock": lambda: services.question_lock(question=question, user=user),
        "request_exchange": lambda: services.exchange_request(
            network=talk.network, user=user, topic="Help", description="Please", policy_areas=[talk.area]
        ),
    }
    for action, call in checks.items():
        if row[action]:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    with pytest.raises(PermissionDenied):
        if user.pk != question.author_id:
            services.answer_accept(question=question, answer=answer, user=user)
        else:
            raise PermissionDenied


QUESTION = "/en/peers/contracting-5/questions/{pk}/"


def _doors(talk, question, answer, exchange, event):
    base = QUESTION.format(pk=question.pk)
    return {
        "ask": ("/en/peers/contracting-5/questions/ask/", {"title": "Direct?", "members_only": "1"}),
        "answer": (base + "answer/", {"body": "Direct answer"}),
        "accept": (base + "accept/", {"answer": answer.pk}),
        "flag": (base + "flag/", {"reason": "Spam"}),
        "hide": (base + "moderate/", {"action": "hide", "answer": answer.pk, "reason": "Off topic"}),
        "lock": (base + "moderate/", {"action": "lock"}),
        "request_exchange": (
            "/en/peers/contracting-5/exchanges/new/",
            {"topic": "Help", "description": "Please", "policy_areas": [talk.area.pk]},
        ),
        "match_exchange": (
            f"/en/peers/contracting-5/exchanges/{exchange.pk}/match/",
            {"peers": [talk.user("other_member").pk]},
        ),
        "register": (f"/en/peers/events/{event.pk}/register/", {}),
    }


def _state(talk, question):
    return (
        Question.objects.count(),
        Answer.objects.count(),
        Flag.objects.count(),
        Answer.objects.filter(hidden_at__isnull=False).count(),
        Question.objects.filter(locked_at__isnull=False).count(),
        Question.objects.filter(accepted_answer__isnull=False).count(),
        Exchange.objects.count(),
        Exchange.objects.filter(status="matched").count(),
        Registration.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_direct_posts_change_nothing_for_those_refused(talk, client, role):
    """Every write door, posted to directly: the refused get 403 (signed in), a sign-in redirect
    (visitor) or 404 (a members-only question they may not read), and nothing changes."""
    question = _asked(talk, members_only=False)
    answer = services.answer_post(question=question, author=talk.user("member"), body="We publish weekly.")
    exchange = services.exchange_request(
        network=talk.network,
        user=talk.user("member"),
        topic="Beneficial ownership",
        description="How?",
        policy_areas=[talk.area],
    )
    event = make_event(talk.network)
    user = talk.user(role)
    if user is not None:
        client.force_login(user)
    row = dict(zip(TABLE, [TABLE[a][ROLES.index(role)] for a in TABLE], strict=True))
    for action, (url, data) in _doors(talk, question, answer, exchange, event).items():
        if row[action]:
            continue
        before = _state(talk, question)
        response = client.post(url, data)
        assert _state(talk, question) == before, (role, action)
        if user is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (role, action)
        elif action == "match_exchange" and not row["request_exchange"]:
            # An exchange not yet reported is the network's business: outsiders do not see it.
            assert response.status_code == 404, (role, action, response.status_code)
        else:
            assert response.status_code == 403, (role, action, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_allowed_direct_posts_do_what_they_say(talk, client, role):
    user = talk.user(role)
    if user is None:
        return
    question = _asked(talk, members_only=False)
    answer = services.answer_post(question=question, author=talk.user("member"), body="We publish weekly.")
    exchange = services.exchange_request(
        network=talk.network,
        user=talk.user("member"),
        topic="Beneficial ownership",
        description="How?",
        policy_areas=[talk.area],
    )
    event = make_event(talk.network)
    client.force_login(user)
    row = {a: TABLE[a][ROLES.index(role)] for a in TABLE}
    doors = _doors(talk, question, answer, exchange, event)
    effects = {
        "ask": lambda: Question.objects.filter(title="Direct?", author=user).exists(),
        "answer": lambda: Answer.objects.filter(body="Direct answer", author=user).exists(),
        "flag": lambda: Flag.objects.filter(flagged_by=user).exists(),
        "hide": lambda: Answer.objects.get(pk=answer.pk).hidden_reason == "Off topic",
        "lock": lambda: Question.objects.get(pk=question.pk).is_locked,
        "request_exchange": lambda: Exchange.objects.filter(requested_by=user, topic="Help").exists(),
        "match_exchange": lambda: Exchange.objects.get(pk=exchange.pk).status == "matched",
        "register": lambda: Registration.objects.filter(user=user, event=event, status="registered").exists(),
    }
    # Answer before the lock closes the thread.
    for action in ["ask", "answer", "flag", "request_exchange", "match_exchange", "register", "hide", "lock"]:
        if not row[action]:
            continue
        url, data = doors[action]
        response = client.post(url, data)
        assert response.status_code == 302, (role, action, response.status_code)
        assert effects[action](), (role, action)


def test_the_asker_accepts_through_the_page_and_others_cannot(talk, client):
    question = _asked(talk)
    answer = services.answer_post(question=question, author=talk.user("member"), body="Weekly.")
    url = QUESTION.format(pk=question.pk) + "accept/"
    client.force_login(talk.user("member"))
    assert client.post(url, {"answer": answer.pk}).status_code == 403
    client.force_login(talk.user("other_member"))
    assert client.post(url, {"answer": answer.pk}).status_code == 302
    assert Question.objects.get(pk=question.pk).accepted_answer == answer


def test_an_editor_creates_an_event_in_the_admin_and_a_member_cannot(talk, client):
    """The admin's own door: Wagtail's create view for an event under the network."""
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    # Both get admin access and 'add' on the network's subtree; only the policy tells them apart.
    group = Group.objects.create(name="Peers admin access")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=talk.network, permission_type="add")
    for role in ("member", "editor"):
        talk.user(role).groups.add(group)
    url = f"/admin/pages/add/peers/eventpage/{talk.network.pk}/"
    client.force_login(talk.user("member"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(talk.user("editor"))
    assert client.get(url).status_code == 200
