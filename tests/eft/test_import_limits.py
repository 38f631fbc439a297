"""Imports that cannot hang a worker: hostile files are refused at once, with a
message in French, and nothing is imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients.models import Client
from tests import hostile

HEADER = ("Type", "Nom", "Prénom")

CASES = [
    (hostile.huge_dimension, "plus de 5000 lignes"),
    (hostile.many_empty_rows, "plus de 5000 lignes (lignes vides comprises)"),
    (hostile.with_doctype, "pas un classeur Excel"),
    (hostile.malformed, "pas un classeur Excel"),
]


@pytest.mark.parametrize("build, message", CASES, ids=[c[0].__name__ for c in CASES])
def test_a_hostile_sheet_is_refused_with_a_clear_message(client_as, admin_staff, build, message):
    upload = SimpleUploadedFile("clients.xlsx", build(header=HEADER))
    response = client_as(admin_staff).post(reverse("client_import"), {"file": upload})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert not Client.objects.exists()


def test_cells_far_to_the_right_are_never_read(client_as, admin_staff):
    # Each row's only cell is in column XFD: the importer reads columns A-C only,
    # so these rows are empty to it, and the file has nothing to import.
    upload = SimpleUploadedFile("clients.xlsx", hostile.far_cells(header=HEADER))
    response = client_as(admin_staff).post(reverse("client_import"), {"file": upload})
    assert "aucune ligne à importer" in " ".join(response.context["form"].errors["file"])


@pytest.mark.parametrize("name", ["client_import", "session_import"])
def test_every_import_refuses_a_huge_declared_sheet(client_as, coordinator, name):
    upload = SimpleUploadedFile("x.xlsx", hostile.huge_dimension(HEADER))
    response = client_as(coordinator).post(reverse(name), {"file": upload})
    assert "plus de 5000 lignes" in " ".join(response.context["form"].errors["file"])


def test_too_many_cells_are_refused_before_any_xml_parser_walks_them(client_as, admin_staff):
    upload = SimpleUploadedFile("clients.xlsx", hostile.dense(rows=4000, columns=40, header=HEADER))
    response = client_as(admin_staff).post(reverse("client_import"), {"file": upload})
    assert "bien plus grand qu'un import ne peut l'être" in " ".join(
        response.context["form"].errors["file"]
    )


def test_rows_are_counted_in_every_part_of_the_file_whatever_its_name(client_as, admin_staff):
    import io
    import zipfile

    content = hostile.with_sheet(
        f"<worksheet {hostile.NS}><sheetData>{hostile.header_row(HEADER)}</sheetData></worksheet>",
        HEADER,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        rows = "".join(f'<row r="{n}"/>' for n in range(2, 7000))
        target.writestr(
            "xl/data/other.XML", f"<worksheet><sheetData>{rows}</sheetData></worksheet>"
        )
    upload = SimpleUploadedFile("clients.xlsx", buffer.getvalue())
    response = client_as(admin_staff).post(reverse("client_import"), {"file": upload})
    assert "plus de 5000 lignes" in " ".join(response.context["form"].errors["file"])
