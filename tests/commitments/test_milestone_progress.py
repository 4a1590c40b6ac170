"""The commitment page's milestone table shows each milestone's progress (issue 12: every row
once read "%", because the progress was set on another list of milestones than the one shown)."""

from __future__ import annotations

import re

import pytest

from commitments.progress import services as progress

from .progress_fixtures import submitted_update

pytestmark = pytest.mark.django_db


def _progress_cells(html: str) -> dict[str, str]:
    """Milestone title → the text of its row's Progress cell."""
    table = html[html.index('id="milestones-heading"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<th scope="row">(.*?)(?:<br>.*?)?</th>.*?<td class="num"[^>]*>(.*?)</td>', table, re.S
    )
    return {title.strip(): cell.strip() for title, cell in rows}


def test_each_milestone_row_shows_its_own_progress(client, world):
    update = submitted_update(world, percent_complete=40)
    progress.progress_update_approve(update=update, reviewer=world.user("reviewer"))
    cells = _progress_cells(client.get(world.commitment.url).content.decode())
    assert cells == {"Data published": "40%", "Law adopted": "0%"}


def test_a_met_milestone_reads_100_and_an_unapproved_update_counts_for_nothing(client, world):
    met = submitted_update(world, status="met", percent_complete=100)
    progress.progress_update_approve(update=met, reviewer=world.user("reviewer"))
    submitted_update(world, milestone=world.second_milestone, percent_complete=70)  # still waiting
    cells = _progress_cells(client.get(world.commitment.url).content.decode())
    assert cells == {"Data published": "100%", "Law adopted": "0%"}
