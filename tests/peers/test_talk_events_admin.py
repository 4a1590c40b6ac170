"""Events in Wagtail's admin: an editor types the times as the clock reads where the event
happens, and the page shows them back the same way; after the event, its materials, recording
and attendance show on the page."""

from __future__ import annotations

import datetime

import pytest

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from peers.talk.models import EventMaterial, EventPage

from .talk_fixtures import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(talk):
    group = Group.objects.create(name="Contracting 5 editors (test)")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("add", "change"):
        GroupPagePermission.objects.create(group=group, page=talk.network, permission_type=permission)
    talk.user("editor").groups.add(group)
    return talk.user("editor")


def _form(**values):
    data = {
        "title": "OCDS for buyers",
        "slug": "ocds-for-buyers",
        "kind": "training",
        "summary": "",
        "description": rich_text(""),
        "starts_at": "2030-03-10 14:00",
        "ends_at": "2030-03-10 16:00",
        "time_zone": "America/Argentina/Buenos_Aires",
        "format": "online",
        "location": "",
        "online_url": "",
        "language": "es",
        "capacity": "25",
        "materials": inline_formset([]),
        "recording_url": "",
        "attendance": "",
        **values,
    }
    return nested_form_data(data)


def test_times_typed_in_the_event_zone_are_stored_as_that_moment(talk, editor, client):
    client.force_login(editor)
    response = client.post(f"/admin/pages/add/peers/eventpage/{talk.network.pk}/", _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="ocds-for-buyers")
    assert event.starts_at == datetime.datetime(2030, 3, 10, 17, 0, tzinfo=datetime.UTC)
    edit = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert 'value="2030-03-10 14:00"' in edit  # shown back in the event's zone, not in UTC


def test_an_end_before_the_start_is_refused_with_the_input_kept(talk, editor, client):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/peers/eventpage/{talk.network.pk}/", _form(ends_at="2030-03-10 13:00")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The event must end after it starts." in html and "OCDS for buyers" in html
    assert not EventPage.objects.filter(slug="ocds-for-buyers").exists()


def test_after_the_event_its_materials_recording_and_attendance_show(talk, client):
    event = make_event(talk.network, days=-5, recording_url="https://video.example.org/ocds", attendance=42)
    EventMaterial.objects.create(
        event=event, label="Slides", url="https://example.org/slides.pdf", sort_order=0
    )
    html = client.get(event.url).content.decode()
    assert "This event is over." in html and "Register" not in html
    assert '<a href="https://example.org/slides.pdf">Slides</a>' in html
    assert 'href="https://video.example.org/ocds"' in html and "<dd>42</dd>" in html
