"""Hostile .xlsx files: small on disk, built to make a reader walk millions of
cells or choke on its XML. Shared by the tests and bench/imports.py."""

import io
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _workbook(header) -> bytes:
    workbook = Workbook()
    workbook.active.append(header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet(sheet_xml: str, header=("Nom",)) -> bytes:
    """A valid workbook whose first sheet is replaced by ``sheet_xml``."""
    source = zipfile.ZipFile(io.BytesIO(_workbook(list(header))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet_xml.encode() if item.filename == SHEET else source.read(item.filename)
            target.writestr(item, data)
    return out.getvalue()


def header_row(header) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for i, name in enumerate(header)
    )
    return f'<row r="1">{cells}</row>'


def huge_dimension(header=("Nom",)) -> bytes:
    """Declares 1,048,576 rows × 16,384 columns, holds one row."""
    return with_sheet(
        f'<worksheet {NS}><dimension ref="A1:XFD1048576"/>'
        f"<sheetData>{header_row(header)}</sheetData></worksheet>",
        header,
    )


def many_empty_rows(count=200_000, header=("Nom",)) -> bytes:
    """No dimension, then ``count`` empty rows after the header."""
    rows = "".join(f'<row r="{n}"/>' for n in range(2, count + 2))
    return with_sheet(
        f"<worksheet {NS}><sheetData>{header_row(header)}{rows}</sheetData></worksheet>", header
    )


def far_cells(count=2000, header=("Nom",)) -> bytes:
    """No dimension; rows whose only cell sits in the last column (XFD)."""
    rows = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, count + 2))
    return with_sheet(
        f"<worksheet {NS}><sheetData>{header_row(header)}{rows}</sheetData></worksheet>", header
    )


def with_doctype(header=("Nom",)) -> bytes:
    """An XML entity declaration (the start of a billion-laughs attack)."""
    return with_sheet(
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<worksheet {NS}><sheetData>{header_row(header)}"
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&b;</t></is></c></row>'
        "</sheetData></worksheet>",
        header,
    )


def malformed(header=("Nom",)) -> bytes:
    return with_sheet(f"<worksheet {NS}><sheetData>{header_row(header)}<row r=", header)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def dense(rows=5000, columns=99, header=("Nom",)) -> bytes:
    """Just within the limits: ``rows`` rows of ``columns`` numbers each."""
    body = "".join(
        f'<row r="{n}">'
        + "".join(f'<c r="{_column(i)}{n}"><v>{i}</v></c>' for i in range(columns))
        + "</row>"
        for n in range(2, rows + 2)
    )
    return with_sheet(
        f"<worksheet {NS}><sheetData>{header_row(header)}{body}</sheetData></worksheet>", header
    )
