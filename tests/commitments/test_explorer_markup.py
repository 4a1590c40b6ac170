"""The explorer's markup: every control has its own id, and every label names the control it says."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from commitments import services
from commitments.models import CommitmentPage

pytestmark = pytest.mark.django_db


class _Controls(HTMLParser):
    """Collects every id, every input (by id) and every label's ``for`` with its text."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.inputs: dict[str, dict] = {}
        self.labels: list[tuple[str, str]] = []
        self._label: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "input" and "id" in attrs:
            self.inputs[attrs["id"]] = attrs
        if tag == "label" and "for" in attrs:
            self._label = [attrs["for"], ""]

    def handle_data(self, data):
        if self._label is not None:
            self._label[1] += data

    def handle_endtag(self, tag):
        if tag == "label" and self._label is not None:
            self.labels.append((self._label[0], " ".join(self._label[1].split())))
            self._label = None


def _controls(client, path: str) -> _Controls:
    response = client.get(path)
    assert response.status_code == 200
    parser = _Controls()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_two_elements_of_the_explorer_share_an_id(client, imported_once, language):
    controls = _controls(client, f"/{language}/commitments/?late=any")
    repeated = [element_id for element_id, count in Counter(controls.ids).items() if count > 1]
    assert repeated == []


def test_each_late_label_selects_its_own_radio_button(client, imported_once):
    """'Some milestone late' used to point at the same id as 'Any', so clicking it chose 'Any'."""
    commitment = CommitmentPage.objects.get(ogp_id="FR0026")
    services.milestone_create(commitment=commitment, title="Overdue", end_date=datetime.date(2020, 1, 1))
    controls = _controls(client, "/en/commitments/")
    late = {
        re.sub(r" [\d,]+$", "", text): controls.inputs[target]  # the label without its count
        for target, text in controls.labels
        if controls.inputs.get(target, {}).get("name") == "late"
    }
    assert {label: attrs["value"] for label, attrs in late.items()} == {
        "Any": "",
        "Some milestone late": "any",
        "No milestone late": "none",
    }
