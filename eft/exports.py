"""Streamed .xlsx export of a table over a queryset (openpyxl write-only mode).

Rows are read from the database in chunks and written to a temporary file as
they come, so memory stays flat whatever the number of rows; the file is then
streamed to the browser in blocks.
"""

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

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


def table_export_rows(table, queryset, *, chunk_size: int = 2000) -> Iterator[list]:
    """Yield the header, then one list of cell values per record.

    Columns are the table's visible ones, minus those marked
    ``exclude_from_export``; a cell is the typed value (date, number) when the
    accessor gives one, otherwise what the table shows, without HTML.
    """
    columns = [column for column in table.columns if not column.column.exclude_from_export]
    yield [str(column.header) for column in columns]
    for record in queryset.iterator(chunk_size=chunk_size):
        row = BoundRow(record, table=table)
        values = []
        for column in columns:
            raw = column.accessor.resolve(record, quiet=True)
            if isinstance(raw, bool):
                values.append(_("Yes") if raw else _("No"))
            elif isinstance(raw, TYPED) and not getattr(column.column, "export_as_text", False):
                values.append(raw)
            else:
                values.append(row.get_cell_value(column.name))
        yield values


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
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=slugify(title)[:31] or "export")
    for index, values in enumerate(rows):
        sheet.append([_cell(sheet, value, bold=index == 0) for value in values])
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_response(rows: Iterable[list], *, filename: str, title: str) -> FileResponse:
    handle = write_xlsx(rows, title=title)
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(filename)}-{stamp}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
