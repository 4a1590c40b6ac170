"""Validating OCDS releases against the OCDS 1.1 schema (copied into ``schema/``).

Messages name the path in the file where a release failed, e.g.
``releases[3].tender.value.amount: 'abc' is not of type 'number'``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


@functools.cache
def release_schema() -> dict[str, Any]:
    with (SCHEMA_DIR / "release-schema.json").open(encoding="utf-8") as f:
        return json.load(f)


@functools.cache
def release_validator() -> Draft4Validator:
    return Draft4Validator(release_schema())


def json_path(prefix: str, parts: Iterable[Any]) -> str:
    """``releases[3]`` + ``["tender", "value", "amount"]`` → ``releases[3].tender.value.amount``."""
    path = prefix
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def release_errors(release: Any, where: str) -> list[str]:
    """What is wrong with one release, each message led by its JSON path ([] when valid)."""
    if not isinstance(release, dict):
        return [f"{where}: {release!r} is not an object (a release)"]
    errors = sorted(release_validator().iter_errors(release), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{json_path(where, error.absolute_path)}: {error.message}" for error in errors]
