"""The network's iCalendar feed, outside the language prefix (``/peers/<network>/events.ics``):
a calendar app subscribes to one address."""

from django.urls import path

from . import views

app_name = "peers_feed"
urlpatterns = [path("peers/<slug:network>/events.ics", views.event_feed, name="event_feed")]
