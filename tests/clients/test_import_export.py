import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from clients.models import Client
from tests.exports_helpers import exported
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

HEADER = ["Type", "Nom", "Prénom", "N° TVA", "Langue", "E-mail", "Code postal", "Localité"]


def xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("clients.xlsx", buffer.getvalue())


GOOD = [
    ["Entreprise", "Garage Lecomte SRL", "", "BE0403170701", "fr", "a@b.be", 5000, "Namur"],
    ["Particulier", "Dupont", "Marie", "", "nl", "", 4000, "Liège"],
]


def test_preview_then_confirm_imports_every_row(client_as, admin_staff):
    browser = client_as(admin_staff)
    preview = browser.post(reverse("client_import"), {"file": xlsx(GOOD)})
    assert preview.status_code == 200
    assert Client.objects.count() == 0  # a preview saves nothing
    # The preview shows the choices' labels, not their codes, and the errors first.
    shown = preview.content.decode()
    assert ">Entreprise<" in shown and ">Particulier<" in shown and ">Néerlandais<" in shown
    assert ">company<" not in shown and ">individual<" not in shown and ">nl<" not in shown
    head = shown[shown.index('<table class="table preview">') :]
    assert head.index("Erreurs") < head.index("Nom")
    token = preview.context["token"]
    done = browser.post(reverse("client_import"), {"token": token})
    assert done.status_code == 302
    garage = Client.objects.get(name="Garage Lecomte SRL")
    assert (garage.kind, garage.vat_number, garage.postal_code) == (
        "company",
        "BE0403170701",
        "5000",
    )
    dupont = Client.objects.get(name="Dupont")
    assert (dupont.kind, dupont.first_name, dupont.language) == ("individual", "Marie", "nl")


def test_one_bad_row_imports_nothing_and_says_why_in_french(client_as, admin_staff):
    rows = GOOD + [["Entreprise", "Faux SRL", "", "BE0403170702", "fr", "", 5000, "Namur"]]
    response = client_as(admin_staff).post(reverse("client_import"), {"file": xlsx(rows)})
    assert response.status_code == 200
    assert "token" not in response.context
    bad = response.context["rows"][2]
    assert bad.line == 4
    assert any("pas un numéro de TVA belge valide" in e for e in bad.errors)
    assert "corrigez le fichier" in response.content.decode()
    assert Client.objects.count() == 0


def test_duplicates_inside_the_file_and_with_existing_clients_are_reported(client_as, admin_staff):
    ClientFactory(vat_number="BE0417497106", enterprise_number="0417497106")
    rows = GOOD + [
        ["Entreprise", "Copie", "", "BE 0403.170.701", "fr", "", 5000, "Namur"],
        ["Entreprise", "Existant", "", "BE0417497106", "fr", "", 5000, "Namur"],
    ]
    response = client_as(admin_staff).post(reverse("client_import"), {"file": xlsx(rows)})
    errors = [row.errors for row in response.context["rows"]]
    assert any("ligne 2 du fichier" in e for e in errors[2])
    assert any("déjà celui du client" in e for e in errors[3])
    assert Client.objects.count() == 1


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("clients.xlsx", b"not a zip at all"), "pas un classeur Excel"),
        (SimpleUploadedFile("clients.csv", b"a,b,c"), "se terminant par .xlsx"),
        (SimpleUploadedFile("clients.xlsx", b"PK\x03\x04broken"), "pas un classeur Excel"),
    ],
)
def test_a_file_that_is_not_a_readable_xlsx_is_refused(client_as, admin_staff, upload, message):
    response = client_as(admin_staff).post(reverse("client_import"), {"file": upload})
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors["file"])
    assert Client.objects.count() == 0


def test_missing_required_column_is_named(client_as, admin_staff):
    upload = xlsx([["x"]], header=["Prénom"])
    response = client_as(admin_staff).post(reverse("client_import"), {"file": upload})
    assert "Colonne(s) manquante(s)" in response.context["form"].errors["file"][0]


def test_a_token_of_another_session_is_refused(client_as, admin_staff, coordinator):
    preview = client_as(admin_staff).post(reverse("client_import"), {"file": xlsx(GOOD)})
    response = client_as(coordinator).post(
        reverse("client_import"), {"token": preview.context["token"]}
    )
    assert response.status_code == 302
    assert Client.objects.count() == 0


def test_export_follows_the_filters_and_keeps_types(client_as, admin_staff):
    ClientFactory(name="Commune de Namur", kind="public_body")
    ClientFactory(name='=HYPERLINK("http://evil")', kind="company")
    ClientFactory(name="Garage", kind="company")
    response = exported(
        client_as(admin_staff), reverse("client_list"), {"kind": "company", "sort": "name"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Type", "Nom", "Prénom")  # the import's columns
    names = [row[1] for row in rows[1:]]
    assert names == ['=HYPERLINK("http://evil")', "Garage"]
    assert workbook.active["B2"].data_type == "s"  # text, never a formula
    assert rows[1][0] == "Entreprise"


def test_an_exported_file_imports_back_as_it_was(client_as, admin_staff):
    """The export has the import's columns, address and enterprise number
    included: a file can go out, be edited, and come back."""
    from tests.exports_helpers import exported

    fields = ["kind", "name", "first_name", "enterprise_number", "vat_number", "language",
              "email", "phone", "street", "postal_code", "city", "country"]  # fmt: skip
    ClientFactory(
        kind="company", name="Garage Lecomte SRL", enterprise_number="0403170701",
        vat_number="BE0403170701", language="nl", email="a@b.be", phone="081 22 33 44",
        street="Rue de Fer 12", postal_code="5000", city="Namur",
    )  # fmt: skip
    ClientFactory(kind="individual", name="Dupont", first_name="Marie", city="Liège")
    before = sorted(Client.objects.values_list(*fields))
    browser = client_as(admin_staff)
    file = exported(browser, reverse("client_list")).getvalue()
    Client.objects.all().delete()
    upload = SimpleUploadedFile("export.xlsx", file)
    preview = browser.post(reverse("client_import"), {"file": upload})
    assert preview.context["error_count"] == 0, [r.errors for r in preview.context["rows"]]
    browser.post(reverse("client_import"), {"token": preview.context["token"]})
    assert sorted(Client.objects.values_list(*fields)) == before
