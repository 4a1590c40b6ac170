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
