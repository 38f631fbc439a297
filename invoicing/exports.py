"""The accountant's .xlsx exports: documents of a period (one row per VAT rate
per document), payments, open balances, and a client's statement of account.

Rows are read in chunks and written as they come (openpyxl write-only mode):
a year of 20,000 invoices stays within a few seconds and flat memory. The VAT
of each row is the one VAT summary (eft.vat.vat_summary) of its document,
computed from its lines exactly as on the invoice, its PDF and its UBL.
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from eft.vat import VatTreatment, line_amount, vat_summary
from invoicing.choices import DocumentKind, InvoiceStatus, PaymentMethod
from invoicing.models import Invoice, InvoiceLine, Payment
from invoicing.selectors import aged_balance

ZERO = Decimal("0.00")
CHUNK = 2000


def _chunks(queryset, size: int = CHUNK):
    """Rows of ``queryset`` (values, in its order) by lists of ``size``."""
    chunk = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def document_rows(start: datetime.date, end: datetime.date) -> Iterator[list]:
    """Issued invoices and credit notes of [start, end]: one row per VAT rate per
    document. Credit notes are negative, so that the columns sum to the period."""
    yield [
        _("Number"),
        _("Kind"),
        _("Date"),
        _("Due date"),
        _("Client"),
        _("Client VAT number"),
        _("Client enterprise number"),
        _("VAT treatment"),
        _("VAT category"),
        _("VAT rate (%)"),
        _("Base excl. VAT"),
        _("VAT"),
        _("Total incl. VAT"),
        _("Document total incl. VAT"),
        _("Corrects invoice"),
        _("Structured communication"),
    ]
    kinds = dict(DocumentKind.choices)
    documents = (
        Invoice.objects.filter(issue_date__gte=start, issue_date__lte=end)
        .exclude(status=InvoiceStatus.DRAFT)
        .order_by("issue_date", "-kind", "year", "sequence_number")  # invoices, then credit notes
        .values(
            "pk",
            "number",
            "kind",
            "issue_date",
            "due_date",
            "client_snapshot",
            "vat_treatment",
            "total_incl_vat",
            "credited_invoice__number",
            "structured_communication",
        )
    )
    treatments = dict(VatTreatment.choices)
    for chunk in _chunks(documents):
        lines: dict[int, list] = {}
        for invoice_id, category, rate, quantity, price in InvoiceLine.objects.filter(
            invoice_id__in=[d["pk"] for d in chunk]
        ).values_list("invoice_id", "vat_category", "vat_rate", "quantity", "unit_price"):
            lines.setdefault(invoice_id, []).append((category, rate, line_amount(quantity, price)))
        for document in chunk:
            sign = -1 if document["kind"] == DocumentKind.CREDIT_NOTE else 1
            client = document["client_snapshot"] or {}
            summary = vat_summary(lines.get(document["pk"], []))
            for group in summary.groups:
                yield [
                    document["number"],
                    kinds.get(document["kind"], document["kind"]),
                    document["issue_date"],
                    document["due_date"] if sign > 0 else None,
                    client.get("name", ""),
                    client.get("vat_number", ""),
                    client.get("enterprise_number", ""),
                    treatments.get(document["vat_treatment"], document["vat_treatment"]),
                    group.category,
                    group.rate,
                    sign * group.base,
                    sign * group.vat,
                    sign * (group.base + group.vat),
                    sign * document["total_incl_vat"],
                    document["credited_invoice__number"] or "",
                    document["structured_communication"],
                ]


def payment_rows(start: datetime.date, end: datetime.date) -> Iterator[list]:
    yield [
        _("Date"),
        _("Invoice"),
        _("Client"),
        _("Amount"),
        _("Method"),
        _("Reference"),
    ]
    methods = dict(PaymentMethod.choices)
    payments = (
        Payment.objects.filter(date__gte=start, date__lte=end)
        .order_by("date", "pk")
        .values(
            "date", "invoice__number", "invoice__client_snapshot", "amount", "method", "reference"
        )
    )
    for chunk in _chunks(payments):
        for payment in chunk:
            yield [
                payment["date"],
                payment["invoice__number"],
                (payment["invoice__client_snapshot"] or {}).get("name", ""),
                payment["amount"],
                methods.get(payment["method"], payment["method"]),
                payment["reference"],
            ]


def open_balance_rows(today: datetime.date) -> Iterator[list]:
    yield [
        _("Number"),
        _("Client"),
        _("Date"),
        _("Due date"),
        _("Total incl. VAT"),
        _("Paid"),
        _("Credited"),
        _("Balance"),
        _("Days overdue"),
    ]
    for line in aged_balance(today).lines:
        invoice = line.invoice
        yield [
            invoice.number,
            invoice.client_snapshot.get("name", str(invoice.client)),
            invoice.issue_date,
            invoice.due_date,
            invoice.total_incl_vat,
            invoice.paid,
            invoice.credited,
            invoice.due,
            line.days,
        ]


def client_statement_rows(client) -> Iterator[list]:
    """Every issued document and payment of ``client``, by date, with the
    running balance (what the client owes; negative: what is owed to them)."""
    yield [
        _("Date"),
        _("Entry"),
        _("Reference"),
        _("Due date"),
        _("Debit"),
        _("Credit"),
        _("Balance"),
    ]
    entries = []
    documents = (
        Invoice.objects.filter(client=client)
        .exclude(status=InvoiceStatus.DRAFT)
        .values("pk", "kind", "number", "issue_date", "due_date", "total_incl_vat")
    )
    for document in documents:
        total, day = document["total_incl_vat"], document["issue_date"]
        if document["kind"] == DocumentKind.CREDIT_NOTE:
            entry = (day, 1, _("Credit note"), document["number"], None, ZERO, total)
        else:
            entry = (day, 0, _("Invoice"), document["number"], document["due_date"], total, ZERO)
        entries.append(entry)
    payments = Payment.objects.filter(invoice__client=client).values(
        "date", "invoice__number", "amount", "reference"
    )
    for payment in payments:
        reference = payment["invoice__number"]
        if payment["reference"]:
            reference = f"{reference} · {payment['reference']}"
        entries.append((payment["date"], 2, _("Payment"), reference, None, ZERO, payment["amount"]))
    running = ZERO
    for date, _order, entry, reference, due, debit, credit in sorted(
        entries, key=lambda e: (e[0], e[1], e[3])
    ):
        running += debit - credit
        yield [date, entry, reference, due, debit or None, credit or None, running]
