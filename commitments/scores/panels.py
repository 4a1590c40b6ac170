"""What civil-society scores add to the record's pages (registered from ``apps.ready``)."""

from __future__ import annotations

from ..models import CommitmentPage
from ..page_context import contributes_to
from .voices import who_says_what


@contributes_to(CommitmentPage)
def who_says_what_panel(page, request, context) -> dict:
    return {
        "who_says_what": who_says_what(
            page, milestones=context.get("milestones", []), assessments=context.get("assessments", [])
        )
    }
