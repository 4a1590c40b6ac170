"""Reading an export file into rows of text: CSV (UTF-8) or an Excel workbook (.xlsx).

Everything the importer reads comes through here, so that both formats give the same text:
line endings inside cells are ``\\n`` whatever the file used (a file saved on Windows must
re-import unchanged), numbers read from a workbook are written as the CSV export writes them
(``2014``, not ``2014.0``) and dates as ISO ``YYYY-MM-DD`` (the date parser reads those).

Files that are not what they claim get one line that says what they are and what to do:
a workbook renamed ``.csv``, UTF-16 text, a semicolon-separated file, a file cut short.
"""

from __future__ import annotations

import csv
import datetime
import io
import sys
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tracker.formulas import formula_guards_undone

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is one line for the user."""


class InvalidRow(Exception):
    """One row cannot be imported. The whole file fails, unless invalid rows are skipped."""


class Row(Mapping[str, str]):
    """One row's cells by column name: a view over the row's list of cells, which all rows of a
    file share one index for (a dict per row would take ~10 KB each at 170 columns)."""

    __slots__ = ("cells", "index")

    def __init__(self, index: dict[str, int], cells: list[str]):
        self.index = index
        self.cells = cells

    def __getitem__(self, column: str) -> str:
        return self.cells[self.index[column]]

    def __contains__(self, column: object) -> bool:
        return column in self.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def get(self, column: str, default: Any = None) -> Any:
        position = self.index.get(column)
        return default if position is None else self.cells[position]


def column_index(header: list[str]) -> dict[str, int]:
    """Each column's position (the first, should a name repeat)."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name, position)
    return index


@dataclass
class Table:
    """A file's header and its rows; ``number`` is the row's number in a spreadsheet (header = 1)."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    # Set when the file ends inside a row (inside a quoted cell): that row is cut short.
    cut_row: int | None = None


def checked_rows(
    table: Table,
    *,
    id_column: str,
    is_blank: Callable[[str], bool],
    invalid: Callable[[int, str, InvalidRow], None],
) -> list[tuple[int, Row]]:
    """The rows that can be read: as many cells as the header, an identifier, and no
    identifier (case aside) already used on an earlier row. Each other row is passed to
    ``invalid`` (which raises to refuse the file, or returns to skip the row)."""
    header, width = table.header, len(table.header)
    index = column_index(header)
    seen: dict[str, tuple[int, str]] = {}
    rows = []
    for number, cells in table.rows:
        if not any(cell.strip() for cell in cells):
            continue
        ogp_id = cells[0].strip() if cells else ""
        try:
            if number == table.cut_row or (number == table.rows[-1][0] and len(cells) < width):
                raise InvalidRow(
                    f"the file ends inside this row ({len(cells)} of the header's {width} cells): "
                    "it was cut short; export it again"
                )
            if len(cells) != width:
                raise InvalidRow(
                    f"it has {len(cells)} cells but the header has {width} "
                    "(cut short, or not from the CSV export)"
                )
            row = Row(index, cells)
            ogp_id = row[id_column].strip()
            if not ogp_id or is_blank(ogp_id):
                raise InvalidRow(f"no '{id_column}'")
            if (first := seen.get(ogp_id.casefold())) is not None:
                raise InvalidRow(
                    f"the identifier {ogp_id!r} is also on row {first[0]} ({first[1]}): "
                    "each commitment must be on one row only"
                )
        except InvalidRow as error:
            invalid(number, ogp_id, error)
            continue
        seen[ogp_id.casefold()] = (number, ogp_id)
        rows.append((number, row))
    return rows


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and a lone ``\\r`` become ``\\n``."""
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_table(path: Path | str) -> Table:
    """The file's rows as text; raises ImportFileError with one clear line when it cannot."""
    name = str(path)
    try:
        if name == "-":
            return _read_bytes(sys.stdin.buffer.read(), name)
        with Path(path).open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError as error:
        raise ImportFileError(f"no such file: {path}") from error
    except IsADirectoryError as error:
        raise ImportFileError(f"{path} is a directory, not a CSV file") from error
    if name.lower().endswith(WORKBOOK_SUFFIXES) or not _is_text(head, name):
        return _read_bytes(Path(path).read_bytes(), name)
    # A CSV file is read as it is parsed, never whole in memory.
    with Path(path).open("rb") as handle:
        quotes = sum(chunk.count(b'"') for chunk in iter(lambda: handle.read(1 << 20), b""))
    with Path(path).open(encoding="utf-8-sig", newline="") as text:
        return _read_csv(text, name, ends_inside_quotes=quotes % 2 == 1)


def _is_text(head: bytes, name: str) -> bool:
    """Refuse what is plainly not UTF-8 text (raises); True for what may be."""
    if head.startswith(ZIP_MAGIC):
        raise ImportFileError(
            f"{name} is an Excel workbook, not a CSV file: import the .xlsx file directly "
            "(keep its .xlsx name), or save it as 'CSV UTF-8'; nothing was imported"
        )
    if head.startswith(OLE2_MAGIC):
        raise ImportFileError(
            f"{name} is an old Excel workbook (.xls), not a CSV file: save it as .xlsx and import "
            "that directly, or save it as 'CSV UTF-8'; nothing was imported"
        )
    if _looks_utf16(head):
        raise ImportFileError(
            f"{name} is UTF-16 text ('Unicode text' in Excel): save the export as 'CSV UTF-8' "
            "and try again; nothing was imported"
        )
    return True


def _read_bytes(data: bytes, name: str) -> Table:
    if name.lower().endswith(WORKBOOK_SUFFIXES):
        if not data.startswith(ZIP_MAGIC):
            raise ImportFileError(
                f"{name} is named like an Excel workbook but is not one: "
                "export it again as .xlsx, or as 'CSV UTF-8' with a .csv name; nothing was imported"
            )
        return _read_workbook(data, name)
    _is_text(data[:4096], name)
    return _read_csv(
        io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""),
        name,
        ends_inside_quotes=data.count(b'"') % 2 == 1,
    )


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 byte-order mark, or text with a NUL byte beside every other (ASCII in UTF-16)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    return len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 4


def _read_csv(text: IO[str], name: str, *, ends_inside_quotes: bool) -> Table:
    """``ends_inside_quotes``: the file has an odd number of quotes. They come in pairs in a
    whole CSV file (a quote inside a cell is doubled), so the file ends inside a quoted cell."""
    csv.field_size_limit(16 * 1024 * 1024)
    try:
        records = formula_guards_undone(csv.reader(text))  # our CSV exports guard formulas
        header = next(records, None)
        rows = [
            (number, [normalise_newlines(cell) for cell in cells])
            for number, cells in enumerate(records, start=2)
        ]
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{name} is not UTF-8 text (it has the byte 0x{error.object[error.start]:02x}): "
            "save the export as 'CSV UTF-8' and try again; nothing was imported"
        ) from error
    except csv.Error as error:
        raise ImportFileError(f"{name} is not a readable CSV file: {error}; nothing was imported") from error
    if header is None:
        header = []
    cut_row = rows[-1][0] if ends_inside_quotes and rows else None
    return Table([cell.strip() for cell in header], rows, cut_row)


def workbook_text(value: object) -> str:
    """A workbook cell as the CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return normalise_newlines(str(value))


def _read_workbook(data: bytes, name: str) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            f"{name} is not a readable Excel workbook ({error}); nothing was imported"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [workbook_text(cell).strip() for cell in next(values, ())]
        while header and not header[-1]:
            header.pop()
        width = len(header)
        rows = []
        for number, cells in enumerate(values, start=2):
            text = [workbook_text(cell) for cell in cells]
            # A workbook has no short rows: missing cells are empty ones.
            if len(text) < width:
                text += [""] * (width - len(text))
            elif len(text) > width and not any(cell.strip() for cell in text[width:]):
                text = text[:width]
            rows.append((number, text))
    finally:
        workbook.close()
    return Table(header, rows)
