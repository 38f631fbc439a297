"""The invoice's PDF (WeasyPrint) with its EPC payment QR code (segno).

Everything the PDF shows comes from the document itself, and, once issued,
from what was copied onto it: the issuer's and the client's details as they
were, the lines, the one VAT summary, the legal mentions of its treatment.
"""

import base64
import io

import segno.helpers
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from eft.models import Organisation
from eft.pdf import data_uri, render_pdf
from eft.vat import mentions
from invoicing.models import Invoice
from invoicing.services import client_snapshot, format_communication, issuer_snapshot


def parties(invoice: Invoice) -> tuple[dict, dict]:
    """(issuer, client) as frozen at issue, or as they are today for a draft."""
    if invoice.is_draft:
        return issuer_snapshot(Organisation.get()), client_snapshot(invoice.client)
    return invoice.issuer_snapshot, invoice.client_snapshot


def epc_qr(invoice: Invoice, issuer: dict) -> str:
    """The SEPA credit transfer QR code (EPC, version 002) as a ``data:`` SVG,
    with the IBAN, the amount and the structured communication; "" when it
    cannot be made (no IBAN, nothing to pay)."""
    if invoice.is_credit_note:
        return ""
    text = format_communication(invoice.structured_communication) or invoice.number
    return payment_qr(issuer, invoice.total_incl_vat, text)


def payment_qr(issuer: dict, amount, text: str) -> str:
    """An EPC QR code paying ``amount`` to the issuer with ``text`` as communication."""
    if not issuer.get("iban") or amount <= 0:
        return ""
    qr = segno.helpers.make_epc_qr(
        name=issuer["legal_name"][:70],
        iban=issuer["iban"],
        bic=issuer.get("bic") or None,
        amount=amount,
        text=text,
    )
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=3, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def document_language(code: str) -> str:
    """French, or English for a client who asked for English (or another language)."""
    return "fr" if code in ("fr", "") else "en"


def language_of(invoice: Invoice) -> str:
    return document_language(invoice.language or invoice.client.language)


def mail_document(
    document, *, issuer: dict, subject: str, body: str, to: str, pdf_name: str, pdf: bytes
):
    """E-mail a quote's or a reminder's PDF (replies go to the issuer's address),
    then note on the document when and to whom it went."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[issuer["email"]] if issuer.get("email") else None,
    )
    message.attach(pdf_name, pdf, "application/pdf")
    message.send()
    type(document).objects.filter(pk=document.pk).update(sent_at=timezone.now(), sent_to=to)
    document.refresh_from_db()
    return document


def invoice_context(invoice: Invoice) -> dict:
    issuer, client = parties(invoice)
    lines = list(invoice.lines.all())
    summary = invoice.summary(lines)
    return {
        "invoice": invoice,
        "issuer": issuer,
        "client": client,
        "lines": lines,
        "summary": summary,
        "mentions": mentions(invoice.vat_treatment, exempt_paragraph=invoice.exempt_paragraph),
        "communication": format_communication(invoice.structured_communication),
        "qr": epc_qr(invoice, issuer),
        "logo": data_uri(Organisation.get().logo),
        "credited": invoice.credited_invoice,
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    """The PDF, in the client's language (French, or English)."""
    with translation.override(language_of(invoice)):
        return render_pdf("invoicing/invoice_pdf.html", invoice_context(invoice))


def filename(invoice: Invoice, extension: str) -> str:
    kind = "note-de-credit" if invoice.is_credit_note else "facture"
    number = invoice.number.replace("/", "-") if invoice.number else f"projet-{invoice.pk}"
    return f"{kind}-{number}.{extension}"


def describe(invoice: Invoice) -> str:
    if invoice.issue_date:
        return _("%(invoice)s of %(date)s") % {
            "invoice": invoice,
            "date": date_format(invoice.issue_date, "SHORT_DATE_FORMAT"),
        }
    return str(invoice)
