"""System checks of the cases' settings: every public holiday in CASE_HOLIDAYS is a date."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from .deadlines import holidays_from


@register()
def case_holidays_are_dates(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for value in getattr(settings, "CASE_HOLIDAYS", ()):
        try:
            holidays_from([value])
        except ValueError:
            errors.append(
                Error(
                    f"CASE_HOLIDAYS holds {value!r}, which is not a date (write it as 2026-12-25).",
                    id="commitments_cases.E001",
                )
            )
    return errors
