"""Reads of invoices shared by the pages and the exports: balances, the aged
balance of open invoices. Each reads a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from invoicing.choices import DocumentKind, InvoiceStatus
from invoicing.models import Invoice, Payment

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
