"""The accountant's exports: one row per VAT rate per document, payments, open
balances and a client's statement of account, as .xlsx."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from invoicing import exports, services
from tests.factories import JobFactory, JobLineFactory
from tests.invoicing.conftest import TODAY

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def catering(centre, company, admin_staff, workshop):
    """An issued catering invoice (food 12 %, drinks 21 %), partly credited and paid."""
    job = JobFactory(client=company, status="done", workshop=workshop)
    JobLineFactory(job=job, description="Repas", quantity=D(40), unit_price=D("12.50"),
                   vat_rate=D("12.00"))  # fmt: skip
    JobLineFactory(job=job, description="Boissons", quantity=D(40), unit_price=D("2.10"),
                   vat_rate=D("21.00"))  # fmt: skip
    invoice = services.invoice_issue(
        invoice=services.invoice_create(client=company, jobs=[job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )
    drinks = invoice.lines.get(description="Boissons")
    credit = services.credit_note_create(
        invoice=invoice, user=admin_staff, lines=[(drinks, D(10), [])], reason="10 boissons"
    )
    credit = services.invoice_issue(invoice=credit, user=admin_staff, today=TODAY)
    services.payment_record(
        invoice=invoice,
        date=datetime.date(2026, 12, 1),
        amount=D("300.00"),
        method="transfer",
        reference="extrait 245",
        user=admin_staff,
    )
    return invoice, credit


def test_one_row_per_vat_rate_per_document_and_credit_notes_negative(catering):
    invoice, credit = catering
    header, *rows = list(exports.document_rows(TODAY.replace(day=1), TODAY))
    assert header[0] == "Numéro" and header[9] == "Taux de TVA (%)"
    by_document = [(r[0], r[9], r[10], r[11]) for r in rows]
    # Food 500,00 at 12 % (60,00), drinks 84,00 at 21 % (17,64); credit 21,00 at 21 % (4,41).
    assert by_document == [
        (invoice.number, D("21.00"), D("84.00"), D("17.64")),
        (invoice.number, D("12.00"), D("500.00"), D("60.00")),
        (credit.number, D("21.00"), D("-21.00"), D("-4.41")),
    ]
    assert sum(r[12] for r in rows) == invoice.total_incl_vat - credit.total_incl_vat
    assert rows[2][14] == invoice.number  # the credit note says what it corrects


def test_payments_open_balances_and_the_statement_of_account(catering, company):
    invoice, credit = catering
    [_header, payment] = list(exports.payment_rows(TODAY, datetime.date(2026, 12, 31)))
    assert payment[:4] == [datetime.date(2026, 12, 1), invoice.number, "Immo Meuse", D("300.00")]
    [_header, open_line] = list(exports.open_balance_rows(datetime.date(2027, 1, 15)))
    due = invoice.total_incl_vat - credit.total_incl_vat - D("300.00")
    assert open_line[0] == invoice.number and open_line[7] == due and open_line[8] == 16
    header, *entries = list(exports.client_statement_rows(company))
    assert [(e[1], e[4], e[5], e[6]) for e in entries] == [
        ("Facture", invoice.total_incl_vat, None, invoice.total_incl_vat),
        (
            "Note de crédit",
            None,
            credit.total_incl_vat,
            invoice.total_incl_vat - credit.total_incl_vat,
        ),
        ("Paiement", None, D("300.00"), due),
    ]


def test_the_export_page_gives_workbooks(client_as, catering, company, admin_staff, trainer):
    office = client_as(admin_staff)
    url = reverse("accounting_exports")
    page = office.get(url).content.decode()
    assert "Factures et notes de crédit (.xlsx)" in page
    response = office.get(url, {"export": "documents", "start": "01/11/2026", "end": "30/11/2026"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 4 and sheet["A2"].value == catering[0].number
    bad = office.get(url, {"export": "documents", "start": "30/11/2026", "end": "01/11/2026"})
    assert "ne peut pas être avant son début" in bad.content.decode()
    opened = office.get(url, {"export": "open"})
    assert opened["Content-Type"].startswith("application/vnd.openxmlformats")
    account = office.get(reverse("client_account", args=[company.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(account.streaming_content))).active
    assert [c.value for c in sheet[1]][:3] == ["Date", "Écriture", "Référence"]
    assert sheet.max_row == 4
    assert client_as(trainer).get(url).status_code == 403
