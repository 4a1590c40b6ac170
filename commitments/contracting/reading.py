"""Reading packages as streams, so that memory stays flat however big the file.

A JSON package (OCDS release or record package, OC4IDS project package, BODS array or 0.4
package) is read item by item with ijson; JSON Lines is read line by line, each line a package
or one item. Every item comes with where it is in the file (``releases[3]``, ``line 7``), for
messages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import ijson

META_KEYS = {"uri", "publishedDate", "version", "license", "publisher.name"}


class ReadError(Exception):
    """The file cannot be read as the package it should be (the message says where)."""


@dataclass
class PackageMeta:
    name: str
    uri: str = ""
    publisher: str = ""
    license: str = ""
    published: str = ""
    version: str = ""
    fields: dict[str, Any] = field(default_factory=dict)

    def take(self, data: dict) -> None:
        """Fill what is still empty from a package's own metadata."""
        publisher = data.get("publisher")
        values = {
            "uri": data.get("uri"),
            "license": data.get("license"),
            "published": data.get("publishedDate"),
            "version": data.get("version"),
            "publisher": publisher.get("name") if isinstance(publisher, dict) else None,
        }
        for key, value in values.items():
            if isinstance(value, str) and value and not getattr(self, key):
                setattr(self, key, value)


def plain(value: Any) -> Any:
    """ijson's Decimals back to the JSON numbers they were (ints stay ints)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def is_json_lines(path: Path) -> bool:
    """``.jsonl``/``.ndjson``, or a first line that is a whole JSON value with more lines after it
    (a pretty-printed package's first line is just ``{``; a minified one is one line)."""
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        return True
    with path.open("rb") as f:
        first = f.readline(1_000_000)  # a long first line is a minified package, not a line
        if not first.endswith(b"\n"):
            return False
        more = any(line.strip() for line in iter(lambda: f.readline(1_000_000), b""))
    try:
        json.loads(first)
    except ValueError:
        return False
    return more


def _top_level(path: Path, arrays: tuple[str, ...], meta: PackageMeta) -> str | None:
    """Which of ``arrays`` the package holds; the metadata written before it on the way."""
    with path.open("rb") as f:
        try:
            for prefix, event, value in ijson.parse(f):
                if event == "start_array" and prefix in arrays:
                    return prefix
                if prefix == "" and event == "start_array":
                    return ""
                if event in {"string", "number"} and prefix in META_KEYS:
                    meta.take(_nest(prefix, plain(value)))
        except ijson.JSONError as exc:
            raise ReadError(f"{path.name}: not valid JSON ({exc})") from exc
    return None


def _nest(prefix: str, value: Any) -> dict:
    head, _, rest = prefix.partition(".")
    return {head: _nest(rest, value) if rest else value}


def stream_items(path: Path, arrays: tuple[str, ...], meta: PackageMeta) -> Iterator[tuple[str, str, Any]]:
    """Yield ``(array, where, item)`` for every item of the package's array (one of ``arrays``;
    "" for a top-level array), or of every line of a JSON Lines file."""
    if is_json_lines(path):
        yield from _lines(path, arrays, meta)
        return
    array = _top_level(path, arrays, meta)
    if array is None:
        raise ReadError(f"{path.name}: no {' or '.join(a for a in arrays if a)} array in this package")
    items = "item" if array == "" else f"{array}.item"
    with path.open("rb") as f:
        index = -1
        try:
            for index, item in enumerate(ijson.items(f, items)):
                yield array, f"{array}[{index}]", plain(item)
        except ijson.JSONError as exc:
            raise ReadError(f"{path.name}: not valid JSON after {array}[{index}] ({exc})") from exc


def _lines(path: Path, arrays: tuple[str, ...], meta: PackageMeta) -> Iterator[tuple[str, str, Any]]:
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as exc:
                raise ReadError(f"{path.name}: line {number} is not valid JSON ({exc})") from exc
            # A package holds one of the arrays; an OCDS record (it has an ocid) holds releases too.
            package = isinstance(data, dict) and "ocid" not in data
            held = [a for a in arrays if a and package and isinstance(data.get(a), list)]
            if held:
                meta.take(data)
                for index, item in enumerate(data[held[0]]):
                    yield held[0], f"line {number}: {held[0]}[{index}]", item
            else:
                yield "", f"line {number}", data
