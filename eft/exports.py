"""Streamed .xlsx export of a table over a queryset (openpyxl write-only mode).

Rows are read from the database in chunks and written to a temporary file as
they come, so memory stays flat whatever the number of rows; the file is then
streamed to the browser in blocks.
"""

import datetime
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.http import FileResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tables2.rows import BoundRow
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPED = (datetime.date, Decimal, int, float)
ILLEGAL_SHEET_CHARACTERS = re.compile(r"[\\/*?:\[\]]")


@dataclass
class Document:
    """A finished file: an open binary handle, its name and its type."""

    handle: IO[bytes]
    filename: str
    content_type: str


def stamped(name: str, extension: str) -> str:
    """``clients-2026-12-02.xlsx``: a download's name, with today's date."""
    return f"{slugify(name) or 'export'}-{timezone.localdate().isoformat()}.{extension}"


def counted(rows: Iterable, progress, *, header: int = 0) -> Iterator:
    """Pass the rows through, one ``progress.step()`` per row after the header."""
    for index, row in enumerate(rows):
        yield row
        if index >= header:
            progress.step()


def _column_getter(table, bound_column):
    """A function record -> exported value for one column.

    Plain fields are read straight from the record (fast: 50,000 rows in a few
    seconds); fields with choices give their label; columns with their own
    ``value_``/``render_`` method go through django-tables2 for that cell.
    """
    name = bound_column.name
    accessor = bound_column.accessor
    custom = hasattr(table, f"value_{name}") or hasattr(table, f"render_{name}")
    if custom:
        return lambda record: BoundRow(record, table=table).get_cell_value(name)
    field = accessor.get_field(table.data.model) if hasattr(table.data, "model") else None
    labels = dict(field.flatchoices) if field is not None and field.choices else None

    def value(record):
        raw = accessor.resolve(record, quiet=True)
        if labels is not None:
            return labels.get(raw, raw)
        if isinstance(raw, bool):
            return _("Yes") if raw else _("No")
        if raw is None or isinstance(raw, TYPED):
            return raw
        return str(raw)

    return value


def table_export_rows(table, queryset, *, chunk_size: int = 2000) -> Iterator[list]:
    """Yield the header, then one list of cell values per record.

    Columns are the table's visible ones minus those marked
    ``exclude_from_export``; a cell holds the typed value (date, number) where
    there is one, so that the spreadsheet can sum and sort it.
    """
    columns = [column for column in table.columns if not column.column.exclude_from_export]
    yield [str(column.header) for column in columns]
    getters = [_column_getter(table, column) for column in columns]
    for record in queryset.iterator(chunk_size=chunk_size):
        yield [getter(record) for getter in getters]


def _cell(sheet, value, *, bold=False):
    if isinstance(value, datetime.datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    if value is None:
        value = ""
    if not isinstance(value, TYPED):
        value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Never let a cell's text become a formula (CSV/XLSX injection).
        cell.data_type = "s"
    elif isinstance(value, datetime.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, datetime.date):
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(rows: Iterable[list], *, title: str):
    """Write rows (the first is the header) to a temporary .xlsx file and return it."""
    return write_xlsx_sheets({slugify(title)[:31] or "export": rows})


def write_xlsx_sheets(sheets: dict[str, Iterable[list]]):
    """One sheet per title, each of rows whose first is the header, to a temporary
    .xlsx file (returned, at its start)."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(
            title=ILLEGAL_SHEET_CHARACTERS.sub("", str(title))[:31] or "export"
        )
        for index, values in enumerate(rows):
            sheet.append([_cell(sheet, value, bold=index == 0) for value in values])
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_response(rows: Iterable[list], *, filename: str, title: str) -> FileResponse:
    return FileResponse(
        write_xlsx(rows, title=title),
        as_attachment=True,
        filename=stamped(filename, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )
