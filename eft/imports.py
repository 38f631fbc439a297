"""Import of records from an .xlsx file: upload, preview with each row's errors,
then all rows or none.

An importer declares its columns and the ModelForm that validates one row, so
an imported row obeys exactly the rules of the form a person fills in.
"""

import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

UNREADABLE = _("This file is not an Excel workbook (.xlsx) that can be read.")
TOO_MANY_ROWS = _("The file has more than %(max)s rows (empty ones included): split it.")
TOO_MANY_COLUMNS = _(
    "The sheet has more than %(max)s columns: keep only the template's columns and try again."
)
# No import has more than a few dozen columns; a sheet declaring more is refused.
MAX_COLUMNS = 100


# What a workbook may hold once unpacked, and how many cells and shared strings:
# above any real import (5,000 rows of 25 columns), far below what
# would keep a worker busy for seconds.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_CELLS = 125_000
MAX_SHARED_STRINGS = 125_000
TOO_BIG_UNPACKED = _("Once unpacked, this file is far larger than an import can be: split it.")
_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")


def _check_member(archive, info) -> None:
    """Refuse a member holding more rows, cells or shared strings than an import
    may, counted in one pass over its 1 MB chunks at C speed (before any XML
    parser walks it)."""
    limits = [
        (_ROW, settings.IMPORT_MAX_ROWS + 1, TOO_MANY_ROWS),
        (_CELL, MAX_CELLS, TOO_BIG_UNPACKED),
        (_STRING, MAX_SHARED_STRINGS, TOO_BIG_UNPACKED),
    ]
    found = [0] * len(limits)
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(1024 * 1024):
            buffer = tail + chunk
            for index, (pattern, limit, message) in enumerate(limits):
                found[index] += sum(1 for m in pattern.finditer(buffer) if m.end() > len(tail))
                if found[index] > limit:
                    raise ValidationError(message, params={"max": settings.IMPORT_MAX_ROWS})
            tail = buffer[-16:]


def precheck(content: bytes) -> None:
    """Refuse, before openpyxl opens it, a workbook built to make a reader walk
    millions of rows or cells: its unpacked size, and the rows, cells and shared
    strings of its sheets, are counted against the import's limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(UNREADABLE) from None
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise ValidationError(TOO_BIG_UNPACKED)
    try:
        # Every member is counted, whatever its name: openpyxl finds a workbook's
        # sheets and strings through its relationships, at any path.
        for info in members:
            _check_member(archive, info)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise ValidationError(UNREADABLE) from None


def normalize_header(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass
class ImportColumn:
    key: str
    label: object
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple = ()

    def matches(self, header: str) -> bool:
        names = {normalize_header(self.label), normalize_header(self.key)}
        names |= {normalize_header(alias) for alias in self.aliases}
        return normalize_header(header) in names

    def convert(self, value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if self.choices:
            wanted = normalize_header(text)
            for code, label in self.choices:
                if wanted in (normalize_header(code), normalize_header(label)):
                    return code
        return text

    def display(self, value) -> str:
        """The value as the preview shows it: a choice's label, not its code."""
        if self.choices:
            return str(dict(self.choices).get(value, value))
        return value


@dataclass
class ImportRow:
    line: int
    data: dict
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    form: object = None
    cells: list = field(default_factory=list)  # (label, value) as the preview shows them


class XlsxImporter:
    """Subclasses set ``columns`` and ``form_class`` and may override ``form_kwargs``
    and ``check_batch`` (rules across rows, such as duplicates in the file)."""

    columns: list[ImportColumn] = []
    form_class = None

    def __init__(self, **context):
        self.context = context

    # Reading -----------------------------------------------------------------
    def read(self, content: bytes) -> list[ImportRow]:
        """Parse the file; a file that is not a readable .xlsx, or lacks a required
        column, raises ValidationError with a message for the person."""
        if len(content) > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is too large (%(max)s MB at most)."),
                params={"max": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
            )
        precheck(content)
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
            raise ValidationError(UNREADABLE) from None
        except SyntaxError:  # malformed XML inside the file (ElementTree's ParseError)
            raise ValidationError(UNREADABLE) from None
        try:
            sheet = workbook.worksheets[0]
            self._check_dimensions(sheet)
            header = next(
                sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True),
                None,
            )
            if not header or all(v in (None, "") for v in header):
                raise ValidationError(_("The first sheet of the file is empty."))
            positions = self._positions(header)
            # Only the columns the importer knows are read, and every row counts
            # against the limit, empty ones included: a file cannot make the
            # server walk a million rows or sixteen thousand columns.
            last_column = max(positions.values()) + 1
            rows = sheet.iter_rows(min_row=2, max_col=last_column, values_only=True)
            result = []
            for line, values in enumerate(rows, start=2):
                if line - 1 > settings.IMPORT_MAX_ROWS:
                    raise ValidationError(TOO_MANY_ROWS, params={"max": settings.IMPORT_MAX_ROWS})
                if not values or all(v in (None, "") for v in values):
                    continue
                data = {}
                for column in self.columns:
                    index = positions.get(column.key)
                    value = values[index] if index is not None and index < len(values) else None
                    data[column.key] = column.convert(value)
                cells = [
                    (column.label, column.display(data[column.key])) for column in self.columns
                ]
                result.append(ImportRow(line=line, data=data, cells=cells))
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as error:
            raise ValidationError(UNREADABLE) from error
        finally:
            workbook.close()
        if not result:
            raise ValidationError(_("The file has no rows to import below its header."))
        return result

    @staticmethod
    def _check_dimensions(sheet) -> None:
        """Refuse at once a sheet that declares more rows or columns than an
        import may have (its ``dimension``), before reading any of it."""
        try:
            rows, columns = sheet.max_row, sheet.max_column
        except (ValueError, TypeError):
            rows = columns = None
        if rows is not None and rows > settings.IMPORT_MAX_ROWS + 1:
            raise ValidationError(TOO_MANY_ROWS, params={"max": settings.IMPORT_MAX_ROWS})
        if columns is not None and columns > MAX_COLUMNS:
            raise ValidationError(TOO_MANY_COLUMNS, params={"max": MAX_COLUMNS})

    def _positions(self, header) -> dict[str, int]:
        positions = {}
        for index, title in enumerate(header):
            for column in self.columns:
                if column.key not in positions and column.matches(title):
                    positions[column.key] = index
        missing = [str(c.label) for c in self.columns if c.required and c.key not in positions]
        if missing:
            raise ValidationError(
                _(
                    "Missing column(s): %(columns)s. "
                    "Download the template to see the expected columns."
                ),
                params={"columns": ", ".join(f"« {name} »" for name in missing)},
            )
        return positions

    # Validating ---------------------------------------------------------------
    def form_kwargs(self) -> dict:
        return {}

    def validate(self, rows: list[ImportRow]) -> list[ImportRow]:
        labels = {c.key: c.label for c in self.columns}
        for row in rows:
            row.form = self.form_class(data=row.data, **self.form_kwargs())
            if not row.form.is_valid():
                for name, errors in row.form.errors.items():
                    for message in errors:
                        if name in labels:
                            row.errors.append(f"{labels[name]} : {message}")
                        else:
                            row.errors.append(str(message))
        self.check_batch(rows)
        return rows

    def check_batch(self, rows: list[ImportRow]) -> None:
        """Rules across rows; add messages to ``row.errors``."""

    # Saving -------------------------------------------------------------------
    @transaction.atomic
    def commit(self, rows: list[ImportRow]) -> int:
        """Save every row, or none: a single invalid row refuses the whole file."""
        if any(row.errors for row in rows):
            raise ValidationError(_("The file has errors: nothing was imported."))
        try:
            for row in rows:
                self.save_row(row)
        except IntegrityError:
            raise ValidationError(
                _("Another person saved conflicting data meanwhile: nothing was imported.")
            ) from None
        return len(rows)

    def save_row(self, row: ImportRow):
        return row.form.save()

    # Template -----------------------------------------------------------------
    def template_rows(self) -> list[list]:
        return [[str(column.label) for column in self.columns]]

    def export_rows(self, queryset, *, chunk_size: int = 2000):
        """The records in the import's own columns (choices by their label), so
        that an exported file can be edited and imported back."""
        yield [str(column.label) for column in self.columns]
        for record in queryset.iterator(chunk_size=chunk_size):
            yield [column.display(getattr(record, column.key)) for column in self.columns]


def stash_upload(content: bytes) -> str:
    """Keep an uploaded file between the preview and the confirmation."""
    token = uuid.uuid4().hex
    default_storage.save(f"imports/{token}.xlsx", ContentFile(content))
    return token


def read_stash(token: str) -> bytes | None:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    name = f"imports/{token}.xlsx"
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def drop_stash(token: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}", token or ""):
        default_storage.delete(f"imports/{token}.xlsx")
