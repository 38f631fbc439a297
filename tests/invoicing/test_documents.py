"""Every document the application emits passes both Peppol rule sets, and its
PDF holds the number, the totals, the VAT mentions and the structured communication."""

import io
from decimal import Decimal

import pytest
from lxml import etree
from pypdf import PdfReader

from eft.vat import VatTreatment
from invoicing import services, ubl
from invoicing.documents import invoice_pdf
from tests.factories import ClientFactory, JobFactory, JobLineFactory
from tests.invoicing.conftest import TODAY
from tests.invoicing.peppol import failures

pytestmark = pytest.mark.django_db
D = Decimal


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )


def issued(client, lines, user, treatment=VatTreatment.STANDARD, site=None, workshop=None, **job):
    job = JobFactory(
        workshop=workshop,
        client=client,
        status="done",
        site=site,
        vat_treatment=treatment,
        buyer_reference="PO-2026-12",
        **job,
    )
    for description, quantity, price, rate in lines:
        JobLineFactory(
            job=job,
            description=description,
            quantity=D(quantity),
            unit_price=D(price),
            vat_rate=D(rate),
        )
    draft = services.invoice_create(client=client, jobs=[job], user=user)
    return services.invoice_issue(invoice=draft, user=user, today=TODAY)


def business(**fields):
    return ClientFactory(
        name="Immo Meuse", kind="company", street="rue de Fer 1", files_vat_returns=True, **fields
    )


CASES = {
    "standard 21 %": (
        lambda home: business(),
        [("Peinture", "10", "30.00", "21")],
        VatTreatment.STANDARD,
        D("363.00"),
        None,
    ),
    "6 % renovation": (
        lambda home: home.client,
        [("Carrelage", "10", "30.00", "21")],
        VatTreatment.RENOVATION,
        D("318.00"),
        "Taux de TVA : en l'absence",
    ),
    "catering 12 % and 21 %": (
        lambda home: business(),
        [("Buffet", "60", "14.00", "12"), ("Boissons", "40", "2.50", "21")],
        VatTreatment.STANDARD,
        D("1061.80"),
        None,
    ),
    "reverse charge": (
        lambda home: business(),
        [("Maçonnerie", "10", "30.00", "21")],
        VatTreatment.REVERSE_CHARGE,
        D("300.00"),
        "Autoliquidation : En l'absence",
    ),
    "exempt": (
        lambda home: business(),
        [("Formation", "10", "30.00", "21")],
        VatTreatment.EXEMPT,
        D("300.00"),
        "Exonération de la TVA – article 44",
    ),
    "intra-EU services": (
        lambda home: business(
            vat_number="FR40303265045",
            enterprise_number="",
            country="FR",
            postal_code="75001",
            city="Paris",
            peppol_endpoint="0002:303265045",
        ),
        [("Conception", "10", "30.00", "21")],
        VatTreatment.INTRA_EU,
        D("300.00"),
        "article 196 de la directive",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_vat_treatment_passes_peppol_and_its_pdf_says_it(
    case, centre, home, workshop, admin_staff
):
    make_client, lines, treatment, total, mention = CASES[case]
    invoice = issued(
        make_client(home),
        lines,
        admin_staff,
        treatment,
        site=home if treatment == VatTreatment.RENOVATION else None,
        workshop=workshop,
    )
    assert invoice.total_incl_vat == total
    if treatment == VatTreatment.RENOVATION:  # a private client: the PDF, no Peppol
        with pytest.raises(ubl.UblUnavailable) as error:
            ubl.invoice_xml(invoice)
        assert "client particulier reçoit le PDF" in str(error.value)
        xml = b""
    else:
        xml = ubl.invoice_xml(invoice)
        assert failures(xml) == []
    text = pdf_text(invoice_pdf(invoice))
    assert invoice.number in text and services.money(total).replace("\xa0", " ") in text.replace(
        "\xa0", " "
    )
    assert services.format_communication(invoice.structured_communication) in text
    assert "RPM Liège, division Namur" in text and "BE0417497106" in text
    if mention:
        assert mention in text and (not xml or mention in xml.decode())


def test_the_ubl_carries_the_payment_the_parties_and_the_pdf(centre, admin_staff, workshop):
    invoice = issued(
        business(), [("Peinture", "10", "30.00", "21")], admin_staff, workshop=workshop
    )
    root = etree.fromstring(ubl.invoice_xml(invoice))
    ns = {"cbc": ubl.CBC, "cac": ubl.CAC}
    assert root.findtext("cbc:ID", namespaces=ns) == "2026/0001"
    assert root.findtext("cbc:BuyerReference", namespaces=ns) == "PO-2026-12"
    endpoint = root.find("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", ns)
    assert (endpoint.get("schemeID"), endpoint.text) == ("0208", "0417497106")
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=ns) == (
        invoice.structured_communication
    )
    attachment = root.find(".//cbc:EmbeddedDocumentBinaryObject", ns)
    assert attachment.get("mimeCode") == "application/pdf" and len(attachment.text) > 1000


def test_a_partial_credit_note_and_a_down_payment_pass_peppol(centre, admin_staff, workshop):
    client = business()
    job = JobFactory(workshop=workshop, client=client, status="in_progress")
    JobLineFactory(job=job, description="Peinture", quantity=D("10"), unit_price=D("30"))
    JobLineFactory(job=job, description="Plafonnage", quantity=D("5"), unit_price=D("40"))
    deposit = services.invoice_issue(
        invoice=services.invoice_create(
            client=client, jobs=[job], user=admin_staff, down_payment=D("100")
        ),
        user=admin_staff,
        today=TODAY,
    )
    assert failures(ubl.invoice_xml(deposit)) == []
    job.status = "done"
    job.save()
    final = services.invoice_issue(
        invoice=services.invoice_create(client=client, jobs=[job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )
    assert final.lines.filter(quantity=D("-1")).exists()
    assert failures(ubl.invoice_xml(final)) == []
    painting = final.lines.get(description="Peinture")
    credit = services.invoice_issue(
        invoice=services.credit_note_create(
            invoice=final, user=admin_staff, lines=[(painting, D(0), list(painting.items.all()))]
        ),
        user=admin_staff,
        today=TODAY,
    )
    xml = ubl.invoice_xml(credit)
    assert failures(xml) == []
    root = etree.fromstring(xml)
    assert root.tag.endswith("CreditNote")
    reference = f".//{{{ubl.CAC}}}InvoiceDocumentReference/{{{ubl.CBC}}}ID"
    assert root.findtext(reference) == final.number
    text = pdf_text(invoice_pdf(credit))
    assert "Note de crédit NC2026/0001" in text and final.number in text


def test_the_check_can_fail(centre, admin_staff, workshop):
    invoice = issued(
        business(), [("Peinture", "10", "30.00", "21")], admin_staff, workshop=workshop
    )
    xml = ubl.invoice_xml(invoice)
    broken = xml.replace(
        b'<cbc:PayableAmount currencyID="EUR">363.00', b'<cbc:PayableAmount currencyID="EUR">1.00'
    )
    assert broken != xml
    assert "BR-CO-16" in {rule for rule, _text in failures(broken)}


def test_an_english_speaking_client_gets_an_english_pdf(centre, admin_staff, workshop):
    client = business(language="en")
    text = pdf_text(
        invoice_pdf(issued(client, [("Painting", "1", "10", "21")], admin_staff, workshop=workshop))
    )
    assert "Invoice 2026/0001" in text and "Total to pay" in text
    assert "Payment terms" in text
