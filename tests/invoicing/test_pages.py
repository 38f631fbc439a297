"""The invoicing pages: from a done job to a paid invoice, credit notes, rights."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from invoicing import services
from invoicing.models import Invoice
from tests.invoicing.conftest import TODAY
from tests.test_query_counts import count

pytestmark = pytest.mark.django_db
D = Decimal


def test_from_a_done_job_to_a_paid_invoice(client_as, centre, fixed_job, company, admin_staff):
    office = client_as(admin_staff)
    job_page = office.get(fixed_job.get_absolute_url()).content.decode()
    assert "Facturer ce chantier" in job_page
    url = reverse("invoice_create", args=[company.pk])
    form = office.get(url, {"job": fixed_job.pk}).content.decode()
    assert re.search(rf'value="{fixed_job.pk}"[^>]*checked', form)
    response = office.post(url, {"jobs": [fixed_job.pk]})
    draft = Invoice.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    page = office.get(draft.get_absolute_url()).content.decode()
    assert "Émettre la facture" in page and "1.836,78\u00a0€" in page
    office.post(reverse("invoice_issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.number.startswith(f"{datetime.date.today().year}/")
    page = office.get(draft.get_absolute_url()).content.decode()
    assert escape(services.format_communication(draft.structured_communication)) in page
    assert "Aucun point d'accès Peppol n'est configuré" in page
    pdf = office.get(reverse("invoice_pdf", args=[draft.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    xml = office.get(reverse("invoice_ubl", args=[draft.pk]))
    assert xml["Content-Type"] == "application/xml" and b"<cbc:ID>" in xml.content
    draft.refresh_from_db()
    assert draft.pdf and draft.ubl  # kept with the invoice
    payment = reverse("payment_create", args=[draft.pk])
    office.post(payment, {"date": "2026-12-01", "amount": "1.836,78", "method": "transfer"})
    draft.refresh_from_db()
    assert draft.status == "paid" and services.balance(draft) == 0


def test_an_overpayment_asks_for_confirmation_on_the_page(
    client_as, centre, fixed_job, company, admin_staff
):
    invoice = services.invoice_issue(
        invoice=services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )
    url = reverse("payment_create", args=[invoice.pk])
    page = client_as(admin_staff).post(
        url, {"date": "2026-12-01", "amount": "2000", "method": "transfer"}
    )
    assert 'data-testid="confirm"' in page.content.decode() and not invoice.payments.exists()
    client_as(admin_staff).post(
        url, {"date": "2026-12-01", "amount": "2000", "method": "transfer", "confirmed": "True"}
    )
    assert invoice.payments.get().amount == D("2000.00")


@pytest.mark.parametrize(
    "amount, message", [("-5", "supérieur à 0"), ("abc", "Indiquez un montant")]
)
def test_a_bad_payment_is_refused(
    client_as, centre, fixed_job, company, admin_staff, amount, message
):
    invoice = services.invoice_issue(
        invoice=services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )
    page = client_as(admin_staff).post(
        reverse("payment_create", args=[invoice.pk]),
        {"date": "2026-12-01", "amount": amount, "method": "transfer"},
    )
    assert message in page.content.decode()
    assert not invoice.payments.exists()


def test_a_partial_credit_note_from_its_page(client_as, centre, tm_job, company, admin_staff):
    invoice = services.invoice_issue(
        invoice=services.invoice_create(client=company, jobs=[tm_job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )
    labour = invoice.lines.get(unit="h")
    item = labour.items.get(quantity=D("2"))
    url = reverse("credit_note_create", args=[invoice.pk])
    response = client_as(admin_staff).post(
        url, {f"items-{labour.pk}": [str(item.pk)], "reason": "Séance annulée"}
    )
    credit = Invoice.objects.get(kind="credit_note")
    assert response["Location"] == credit.get_absolute_url()
    assert [(ln.quantity, ln.credited_line) for ln in credit.lines.all()] == [(D("2.00"), labour)]
    client_as(admin_staff).post(reverse("invoice_issue", args=[credit.pk]))
    item.refresh_from_db()
    assert item.released_by is not None


def test_a_draft_is_edited_and_deleted_an_issued_one_is_not(
    client_as, centre, fixed_job, company, admin_staff
):
    office = client_as(admin_staff)
    draft = services.invoice_create(client=company, jobs=[], user=admin_staff)
    lines = reverse("invoice_lines", args=[draft.pk])
    data = {
        "version": draft.version,
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Conseil",
        "lines-0-quantity": "2",
        "lines-0-unit": "h",
        "lines-0-unit_price": "40",
        "lines-0-vat_rate": "21.00",
    }
    assert office.post(lines, data).status_code == 302
    assert draft.lines.get().amount == D("80.00")
    stale = office.post(lines, data)  # the version moved on
    assert "a modifié cette facture" in stale.content.decode() or stale.status_code == 200
    issued = services.invoice_issue(
        invoice=services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )
    assert office.get(reverse("invoice_lines", args=[issued.pk]), follow=True).status_code == 200
    office.post(reverse("invoice_delete", args=[issued.pk]))
    assert Invoice.objects.filter(pk=issued.pk).exists()
    office.post(reverse("invoice_delete", args=[draft.pk]))
    assert not Invoice.objects.filter(pk=draft.pk).exists()


def test_a_trainer_sees_no_invoice_and_no_amount(
    client_as, centre, fixed_job, company, trainer, admin_staff
):
    invoice = services.invoice_issue(
        invoice=services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )
    for name, args in [
        ("invoice_list", []),
        ("invoice_detail", [invoice.pk]),
        ("invoice_pdf", [invoice.pk]),
        ("aged_balance", []),
    ]:
        assert client_as(trainer).get(reverse(name, args=args)).status_code == 403, name
    page = client_as(trainer).get(fixed_job.get_absolute_url()).content.decode()
    assert "€" not in page and "Facturer ce chantier" not in page


def test_the_aged_balance_sorts_open_invoices_by_days_overdue(
    client_as, centre, workshop, company, admin_staff
):
    from tests.factories import JobFactory, JobLineFactory

    for day in (datetime.date(2026, 7, 1), datetime.date(2026, 10, 20)):
        job = JobFactory(workshop=workshop, client=company, status="done")
        JobLineFactory(job=job, quantity=D("1"), unit_price=D("100"))
        services.invoice_issue(
            invoice=services.invoice_create(client=company, jobs=[job], user=admin_staff),
            user=admin_staff,
            today=day,
        )
    page = client_as(admin_staff).get(reverse("aged_balance")).content.decode()
    assert page.count("121,00\u00a0€") >= 2


def grow_invoices(client, user, n):
    from invoicing.models import InvoiceLine

    drafts = Invoice.objects.bulk_create(Invoice(client=client) for _ in range(n))
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=d,
            description=f"Travaux {i}",
            quantity=D(1),
            unit_price=D("10"),
            vat_rate=D("21"),
        )
        for i, d in enumerate(drafts)
        for _ in range(3)
    )
    for draft in drafts[: n // 2]:
        invoice = services.invoice_issue(invoice=draft, user=user, today=TODAY)
        services.payment_record(
            invoice=invoice, date=TODAY, amount=D("5"), method="transfer", user=user
        )
    return drafts[0]


def test_invoice_list_detail_and_aged_balance_query_counts(client_as, centre, company, admin_staff):
    browser = client_as(admin_staff)
    first = grow_invoices(company, admin_staff, 6)
    urls = [reverse("invoice_list"), first.get_absolute_url(), reverse("aged_balance")]
    few = [count(browser, url) for url in urls]
    grow_invoices(company, admin_staff, 60)
    services.credit_note_create(invoice=first, user=admin_staff)
    assert [count(browser, url) for url in urls] == few == [6, 10, 4]
