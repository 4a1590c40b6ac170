"""Receivers: keep the explorer's facts in step with links and imports (filled in below)."""

from __future__ import annotations


def connect() -> None:
    pass
