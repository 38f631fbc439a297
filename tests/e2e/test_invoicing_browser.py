"""Invoicing in Chromium: the office invoices a done job, issues it, downloads
its PDF and its UBL, records the payment, and the invoice shows as paid; a
trainer sees no amount on the job and cannot open invoicing."""

import io
from decimal import Decimal

import pytest
from lxml import etree
from playwright.sync_api import expect
from pypdf import PdfReader

from demo import data
from eft.models import Organisation
from invoicing.models import Invoice
from tests.factories import ClientFactory, JobFactory, JobLineFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def done_job(workshop):
    Organisation.objects.update_or_create(pk=1, defaults=data.ORGANISATION)
    client = ClientFactory(name="Immo Meuse", street="rue de Fer 1", payment_terms_days=30)
    job = JobFactory(workshop=workshop, client=client, status="done", title="Peinture du hall")
    JobLineFactory(
        job=job, description="Main-d'œuvre", quantity=Decimal(20), unit_price=Decimal(30)
    )
    JobLineFactory(
        job=job,
        kind="materials",
        description="Peinture",
        quantity=Decimal(3),
        unit_price=Decimal("45.50"),
    )
    return job


def test_the_office_invoices_a_done_job_to_paid_and_a_trainer_sees_no_amount(
    live_server, login, browser, done_job, admin_staff, trainer
):
    url = live_server.url
    page = login(admin_staff.username)
    page.goto(f"{url}{done_job.get_absolute_url()}")
    page.get_by_role("link", name="Facturer ce chantier").click()
    expect(page.get_by_label(done_job.reference, exact=False)).to_be_checked()
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_test_id("total")).to_have_text("891,17 €")

    page.get_by_role("button", name="Émettre la facture").click()
    expect(page.locator(".messages")).to_contain_text("émise")
    invoice = Invoice.objects.get()
    assert invoice.number and invoice.status == "issued"
    communication = page.get_by_test_id("communication").inner_text()
    assert communication.startswith("+++") and communication.endswith("+++")

    pdf = page.request.get(f"{url}/facturation/{invoice.pk}/pdf/")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert invoice.number in text and "891,17" in text and communication in text
    with page.expect_download() as download:
        page.get_by_role("link", name="UBL (Peppol)").click()
    with open(download.value.path(), "rb") as handle:
        ubl = etree.parse(handle)
    ns = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
    assert ubl.findtext("cbc:ID", namespaces=ns) == invoice.number

    page.get_by_role("link", name="Encoder un paiement").click()
    expect(page.get_by_label("Montant")).to_have_value("891,17")
    page.get_by_role("button", name="Encoder", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Paiement encodé")
    expect(page.get_by_test_id("invoice-status").locator("li.current")).to_have_text("Payée")
    expect(page.get_by_test_id("invoice-status")).to_contain_text("0,00 €")

    # The trainer: the job without prices, and no way into invoicing.
    other = browser.new_context()
    trainer_page = other.new_page()
    trainer_page.goto(f"{url}/connexion/")
    trainer_page.fill("#id_username", trainer.username)
    trainer_page.fill("#id_password", "pw")
    trainer_page.click("button[type=submit]")
    trainer_page.goto(f"{url}{done_job.get_absolute_url()}")
    expect(trainer_page.locator("h1")).to_contain_text(done_job.reference)
    content = trainer_page.content()
    assert "€" not in content and "891,17" not in content and "45,50" not in content
    assert trainer_page.goto(f"{url}/facturation/").status == 403
    assert trainer_page.goto(f"{url}/facturation/{invoice.pk}/").status in (403, 404)
    other.close()
