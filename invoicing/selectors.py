"""Reads of invoices shared by the pages and the exports: balances, the aged
balance of open invoices. Each reads a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from invoicing.choices import DocumentKind, InvoiceStatus, QuoteStatus
from invoicing.models import Invoice, Payment, Quote
from jobs.choices import Pricing

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)


def with_balance(queryset):
    """Each invoice with ``paid``, ``credited`` and ``due`` (its balance), in the same query."""
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    credited = (
        Invoice.objects.filter(credited_invoice=OuterRef("pk"))
        .exclude(status=InvoiceStatus.DRAFT)
        .order_by()
        .values("credited_invoice")
        .annotate(total=Sum("total_incl_vat"))
        .values("total")
    )
    return queryset.annotate(
        paid=Coalesce(Subquery(paid, output_field=MONEY), Value(ZERO), output_field=MONEY),
        credited=Coalesce(Subquery(credited, output_field=MONEY), Value(ZERO), output_field=MONEY),
    ).annotate(due=F("total_incl_vat") - F("paid") - F("credited"))


OPEN = [InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID]
BUCKETS = [(0, 0), (1, 30), (31, 60), (61, 90), (91, None)]


@dataclass
class AgedLine:
    invoice: Invoice
    days: int
    bucket: int


@dataclass
class AgedBalance:
    lines: list[AgedLine]
    totals: list[Decimal] = field(default_factory=lambda: [ZERO] * len(BUCKETS))

    @property
    def total(self) -> Decimal:
        return sum(self.totals, ZERO)


def aged_balance(today: datetime.date, queryset=None) -> AgedBalance:
    """Open invoices by days overdue (not due yet, 1–30, 31–60, 61–90, over 90)."""
    queryset = queryset if queryset is not None else Invoice.objects.all()
    invoices = (
        with_balance(queryset.filter(kind=DocumentKind.INVOICE, status__in=OPEN))
        .select_related("client")
        .order_by("due_date", "pk")
    )
    result = AgedBalance([])
    for invoice in invoices:
        if invoice.due <= 0:
            continue
        days = (today - invoice.due_date).days
        bucket = next(
            i
            for i, (low, high) in enumerate(BUCKETS)
            if (high is None and days >= low) or (high is not None and days <= high)
        )
        result.lines.append(AgedLine(invoice, max(days, 0), bucket))
        result.totals[bucket] += invoice.due
    return result


@dataclass
class QuoteDifference:
    quote: Quote
    quoted: Decimal
    invoiced: Decimal


def quote_differences(invoice: Invoice, lines) -> list[QuoteDifference]:
    """Fixed-price jobs whose draft invoice bills another amount (excl. VAT) than
    their accepted quote: worth a look before issuing. One query."""
    if not invoice.is_draft or invoice.is_credit_note or invoice.is_down_payment:
        return []
    invoiced: dict[int, Decimal] = {}
    for line in lines:
        if line.job_id and not line.deducted_invoice_id:
            invoiced[line.job_id] = invoiced.get(line.job_id, ZERO) + line.amount
    if not invoiced:
        return []
    accepted = Quote.objects.filter(
        job_id__in=invoiced, status=QuoteStatus.ACCEPTED, job__pricing=Pricing.FIXED
    ).order_by("job_id", "-decided_at")
    seen, differences = set(), []
    for quote in accepted:
        if quote.job_id in seen:
            continue
        seen.add(quote.job_id)
        if quote.total_excl_vat != invoiced[quote.job_id]:
            differences.append(QuoteDifference(quote, quote.total_excl_vat, invoiced[quote.job_id]))
    return differences
