"""``markdown``: what a peer wrote, rendered and sanitised (``peers.talk.markdown``)."""

from django import template

from peers.talk.calendar import in_zone
from peers.talk.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.inclusion_tag("peers/talk/includes/time.html")
def event_time(moment, zone: str):
    """A moment in the event's zone, with its offset; ``localtime.js`` adds the reader's own."""
    return {"time": in_zone(moment, zone)}


@register.inclusion_tag("peers/talk/includes/network_talk.html", takes_context=True)
def network_talk(context, network):
    """The network page's way into its questions, exchanges and events (a fixed number of
    queries: the latest five questions this person may read, the next three events)."""
    from django.utils import timezone

    from commitments.models import Follow
    from peers.talk import permissions as policy
    from peers.talk import selectors

    request = context.get("request")
    user = getattr(request, "user", None)
    signed = bool(user and user.is_authenticated)
    return {
        "may_follow": signed,
        "following": signed and Follow.objects.filter(user=user, page_id=network.pk).exists(),
        "network": network,
        "questions": selectors.question_rows(user, network, limit=5),
        "events": list(selectors.network_events(network).filter(ends_at__gte=timezone.now())[:3]),
        "may_ask": policy.can_ask(user, network),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "csrf_token": context.get("csrf_token"),
    }
