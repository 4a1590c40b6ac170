"""The explorer's facts from contracting data (registered with ``explorer.facts``)."""

from __future__ import annotations

from typing import Any

from commitments.explorer.facts import facts_columns

from .selectors import contracting_for


@facts_columns
def contracting_facts(ids: list[int]) -> dict[int, dict[str, Any]]:
    return {pk: data.facts() for pk, data in contracting_for(ids).items() if data.links}
