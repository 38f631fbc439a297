"""Peppol BIS Billing 3.0: the invoice or credit note as UBL 2.1 (lxml).

Endpoints and party ids of Belgian organisations use scheme 0208 (the
enterprise number). A private client with no Peppol id has no UBL: they get
the PDF (``UblUnavailable`` says so). The structured communication is the payment id; the PDF
travels inside, as an attachment. Every document this module writes is checked
in the tests against both rule sets of ``shared/peppol`` (EN 16931 and Peppol).
"""

import base64
from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree

from eft.vat import EXEMPTION_REASONS, VatCategory, mentions
from invoicing.documents import filename, invoice_pdf, parties
from invoicing.models import Invoice

NS = {
    None: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CREDIT_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
UNITS = {
    "h": "HUR",
    "heure": "HUR",
    "heures": "HUR",
    "j": "DAY",
    "jour": "DAY",
    "jours": "DAY",
    "m": "MTR",
    "m²": "MTK",
    "m2": "MTK",
    "m³": "MTQ",
    "m3": "MTQ",
    "l": "LTR",
    "kg": "KGM",
    "t": "TNE",
    "forfait": "LS",
}
CAC, CBC = NS["cac"], NS["cbc"]


class UblUnavailable(Exception):
    """The document cannot be written as Peppol UBL (the reason is for the user)."""


def _amount(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


def _add(parent, tag: str, text=None, **attributes):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", **attributes)
    if text is not None:
        element.text = str(text)
    return element


def _money(parent, tag: str, value: Decimal):
    return _add(parent, tag, _amount(value), currencyID="EUR")


def _scheme_id(number: str) -> tuple[str, str] | None:
    """(scheme, id) of a Peppol endpoint written "scheme:id"."""
    if number and ":" in number:
        scheme, value = number.split(":", 1)
        return scheme, value
    return None


def _endpoint(who: dict) -> tuple[str, str]:
    """(scheme, id) of a party's Peppol address: its Peppol id, else its
    enterprise number (0208); a private client has none."""
    endpoint = _scheme_id(who.get("peppol_endpoint", ""))
    if endpoint is None and who.get("enterprise_number"):
        endpoint = ("0208", who["enterprise_number"])
    if endpoint is None:
        raise UblUnavailable(
            _(
                "%(name)s has no Peppol address (no enterprise number, no Peppol id): a private "
                "client gets the PDF, Peppol is for businesses and public bodies."
            )
            % {"name": who.get("name") or who.get("legal_name", "")}
        )
    return endpoint


def check_parties(invoice: Invoice) -> None:
    """Raise ``UblUnavailable`` (with the reason) when the document has no UBL."""
    for who in parties(invoice):
        _endpoint(who)


def _party(parent, who: dict, *, seller: bool):
    party = _add(parent, "cac:Party")
    endpoint = _endpoint(who)
    _add(party, "cbc:EndpointID", endpoint[1], schemeID=endpoint[0])
    if who.get("enterprise_number"):
        identification = _add(party, "cac:PartyIdentification")
        _add(identification, "cbc:ID", who["enterprise_number"], schemeID="0208")
    name = who.get("legal_name") or who.get("name")
    _add(_add(party, "cac:PartyName"), "cbc:Name", name)
    address = _add(party, "cac:PostalAddress")
    if who.get("street"):
        _add(address, "cbc:StreetName", who["street"])
    if who.get("city"):
        _add(address, "cbc:CityName", who["city"])
    if who.get("postal_code"):
        _add(address, "cbc:PostalZone", who["postal_code"])
    _add(_add(address, "cac:Country"), "cbc:IdentificationCode", who.get("country") or "BE")
    if who.get("vat_number"):
        tax = _add(party, "cac:PartyTaxScheme")
        _add(tax, "cbc:CompanyID", who["vat_number"])
        _add(_add(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _add(party, "cac:PartyLegalEntity")
    _add(legal, "cbc:RegistrationName", name)
    if who.get("enterprise_number"):
        _add(legal, "cbc:CompanyID", who["enterprise_number"], schemeID="0208")
    if seller and who.get("legal_form"):
        _add(legal, "cbc:CompanyLegalForm", _legal_form(who))
    if who.get("email") or who.get("phone"):
        contact = _add(party, "cac:Contact")
        if who.get("phone"):
            _add(contact, "cbc:Telephone", who["phone"])
        if who.get("email"):
            _add(contact, "cbc:ElectronicMail", who["email"])
    return party


def _legal_form(issuer: dict) -> str:
    text = issuer["legal_form"]
    if issuer.get("rpm_court"):
        text += f", {issuer['rpm_court']}"
    return text


def _category(parent, tag: str, category: str, rate: Decimal, treatment: str, *, reason: bool):
    element = _add(parent, tag)
    _add(element, "cbc:ID", category)
    _add(element, "cbc:Percent", f"{Decimal(rate):.2f}")
    if reason and category in (VatCategory.EXEMPT, VatCategory.REVERSE_CHARGE):
        code, text = EXEMPTION_REASONS.get(treatment, ("", "Exonération"))
        if code:
            _add(element, "cbc:TaxExemptionReasonCode", code)
        _add(element, "cbc:TaxExemptionReason", text)
    _add(_add(element, "cac:TaxScheme"), "cbc:ID", "VAT")
    return element


def invoice_xml(invoice: Invoice, *, pdf: bytes | None = None) -> bytes:
    """The UBL of an issued invoice or credit note, with its PDF embedded."""
    if invoice.is_draft:
        raise UblUnavailable(_("A draft has no number yet: issue it first."))
    credit = invoice.is_credit_note
    issuer, client = parties(invoice)
    root_ns = CREDIT_NS if credit else NS[None]
    root = etree.Element(
        f"{{{root_ns}}}{'CreditNote' if credit else 'Invoice'}",
        nsmap={None: root_ns, "cac": CAC, "cbc": CBC},
    )
    _add(root, "cbc:CustomizationID", CUSTOMIZATION)
    _add(root, "cbc:ProfileID", PROFILE)
    _add(root, "cbc:ID", invoice.number)
    _add(root, "cbc:IssueDate", invoice.issue_date.isoformat())
    if not credit:
        _add(root, "cbc:DueDate", invoice.due_date.isoformat())
        _add(root, "cbc:InvoiceTypeCode", "386" if invoice.is_down_payment else "380")
    else:
        _add(root, "cbc:CreditNoteTypeCode", "381")
    notes = [*mentions(invoice.vat_treatment, exempt_paragraph=invoice.exempt_paragraph)]
    if invoice.notes:
        notes.append(invoice.notes)
    if notes:
        _add(root, "cbc:Note", " ".join(notes)[:5000])
    _add(root, "cbc:DocumentCurrencyCode", "EUR")
    _add(root, "cbc:BuyerReference", invoice.buyer_reference or invoice.number)
    if invoice.period_start and invoice.period_end:
        period = _add(root, "cac:InvoicePeriod")
        _add(period, "cbc:StartDate", invoice.period_start.isoformat())
        _add(period, "cbc:EndDate", invoice.period_end.isoformat())
    if credit:
        original = invoice.credited_invoice
        reference = _add(_add(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        _add(reference, "cbc:ID", original.number)
        _add(reference, "cbc:IssueDate", original.issue_date.isoformat())
    pdf = invoice_pdf(invoice) if pdf is None else pdf
    attachment_ref = _add(root, "cac:AdditionalDocumentReference")
    _add(attachment_ref, "cbc:ID", invoice.number)
    _add(attachment_ref, "cbc:DocumentDescription", "PDF")
    _add(
        _add(attachment_ref, "cac:Attachment"),
        "cbc:EmbeddedDocumentBinaryObject",
        base64.b64encode(pdf).decode(),
        mimeCode="application/pdf",
        filename=filename(invoice, "pdf"),
    )
    _party(_add(root, "cac:AccountingSupplierParty"), issuer, seller=True)
    _party(_add(root, "cac:AccountingCustomerParty"), client, seller=False)
    if not credit and issuer.get("iban"):
        means = _add(root, "cac:PaymentMeans")
        _add(means, "cbc:PaymentMeansCode", "58", name="SEPA credit transfer")
        if invoice.structured_communication:
            _add(means, "cbc:PaymentID", invoice.structured_communication)
        account = _add(means, "cac:PayeeFinancialAccount")
        _add(account, "cbc:ID", issuer["iban"])
        _add(account, "cbc:Name", issuer["legal_name"])
        if issuer.get("bic"):
            _add(_add(account, "cac:FinancialInstitutionBranch"), "cbc:ID", issuer["bic"])
        terms = _add(root, "cac:PaymentTerms")
        _add(terms, "cbc:Note", f"Échéance : {invoice.due_date:%d/%m/%Y}")
    lines = list(invoice.lines.all())
    summary = invoice.summary(lines)
    tax_total = _add(root, "cac:TaxTotal")
    _money(tax_total, "cbc:TaxAmount", summary.total_vat)
    for group in summary.groups:
        subtotal = _add(tax_total, "cac:TaxSubtotal")
        _money(subtotal, "cbc:TaxableAmount", group.base)
        _money(subtotal, "cbc:TaxAmount", group.vat)
        _category(
            subtotal,
            "cac:TaxCategory",
            group.category,
            group.rate,
            invoice.vat_treatment,
            reason=True,
        )
    monetary = _add(root, "cac:LegalMonetaryTotal")
    _money(monetary, "cbc:LineExtensionAmount", summary.total_excl_vat)
    _money(monetary, "cbc:TaxExclusiveAmount", summary.total_excl_vat)
    _money(monetary, "cbc:TaxInclusiveAmount", summary.total_incl_vat)
    _money(monetary, "cbc:PayableAmount", summary.total_incl_vat)
    for index, line in enumerate(lines, 1):
        element = _add(root, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
        _add(element, "cbc:ID", index)
        quantity = "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
        _add(
            element, quantity, f"{line.quantity:.2f}", unitCode=UNITS.get(line.unit.lower(), "C62")
        )
        _money(element, "cbc:LineExtensionAmount", line.amount)
        item = _add(element, "cac:Item")
        _add(item, "cbc:Name", line.description[:200])
        _category(
            item,
            "cac:ClassifiedTaxCategory",
            line.vat_category,
            line.vat_rate,
            invoice.vat_treatment,
            reason=False,
        )
        price = _add(element, "cac:Price")
        _money(price, "cbc:PriceAmount", line.unit_price)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
