"""Invoices and credit notes, their lines, what each line bills, numbering.

An invoice is a draft until it is issued. Issuing gives it its number from the
year's sequence (under a row lock: no gap, no duplicate), copies the client's
and the issuer's details onto it, and freezes it: an issued document is never
changed or deleted, and is corrected by a credit note that refers to it.

What a line bills (a session's billable hours, a job line, an adjustment of
billable hours) is linked to it by a ``BilledItem``; a credit note line that
credits it releases it, and then it can be billed again. The links live here,
above jobs, so foreign keys keep pointing down.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.models import Client
from eft.fields import MoneyField
from eft.permissions import sees_everything
from eft.vat import VatCategory, VatTreatment, line_amount, vat_summary
from invoicing.choices import (
    SEQUENCE_KINDS,
    BankFormat,
    BankLineStatus,
    DocumentKind,
    InvoiceStatus,
    PaymentMethod,
    QuoteStatus,
    ReminderLevel,
)
from jobs.models import BillableAdjustment, Job, JobLine, WorkSession

ZERO = Decimal("0.00")


class Sequence(models.Model):
    """The last number given to a kind of document in a year, read and bumped
    under a row lock in the transaction that issues the document."""

    kind = models.CharField(max_length=20, choices=SEQUENCE_KINDS)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("numbering")
        verbose_name_plural = _("numbering")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="sequence_once")]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last_number}"


class InvoiceQuerySet(models.QuerySet):
    def for_user(self, user):
        """The administration's and coordination's: nobody else sees invoices."""
        if sees_everything(user) and user.has_perm("invoicing.view_invoice"):
            return self
        return self.none()

    def invoices(self):
        return self.filter(kind=DocumentKind.INVOICE)

    def issued(self):
        return self.exclude(status=InvoiceStatus.DRAFT)


class Invoice(models.Model):
    """An invoice or a credit note (``kind``). Invariants: a draft has no
    number; an issued document has its number, date, due date, snapshots and
    totals, and never changes again (``version`` guards drafts' edits)."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.INVOICE
    )
    number = models.CharField(_("number"), max_length=30, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(null=True, editable=False)
    sequence_number = models.PositiveIntegerField(null=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvoiceStatus.choices,
        default=InvoiceStatus.DRAFT,
        editable=False,
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("client")
    )
    jobs = models.ManyToManyField(Job, blank=True, related_name="+", verbose_name=_("jobs"))
    credited_invoice = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("invoice credited"),
    )
    is_down_payment = models.BooleanField(_("down payment invoice"), default=False)
    vat_treatment = models.CharField(
        _("VAT treatment"),
        max_length=20,
        choices=VatTreatment.choices,
        default=VatTreatment.STANDARD,
    )
    exempt_paragraph = models.CharField(
        _("exemption: paragraph of art. 44"),
        max_length=30,
        blank=True,
        help_text=_("For an exempt invoice, e.g. “2, 4°”."),
    )
    buyer_reference = models.CharField(_("client's order reference"), max_length=100, blank=True)
    period_start = models.DateField(_("work from"), null=True, blank=True)
    period_end = models.DateField(_("work to"), null=True, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True, editable=False)
    due_date = models.DateField(_("due date"), null=True, blank=True, editable=False)
    notes = models.TextField(_("note on the invoice"), blank=True, max_length=1000)
    structured_communication = models.CharField(max_length=12, blank=True, editable=False)
    language = models.CharField(max_length=5, blank=True, editable=False)
    # Copied at issue: a later change to the client or the centre changes nothing here.
    client_snapshot = models.JSONField(default=dict, editable=False)
    issuer_snapshot = models.JSONField(default=dict, editable=False)
    total_excl_vat = MoneyField(default=ZERO, editable=False)
    total_vat = MoneyField(default=ZERO, editable=False)
    total_incl_vat = MoneyField(default=ZERO, editable=False)
    pdf = models.FileField(upload_to="invoices/%Y/", blank=True, editable=False)
    ubl = models.FileField(upload_to="invoices/%Y/", blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("issued by"),
    )

    history = HistoricalRecords(excluded_fields=["version"])
    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "-sequence_number", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["client", "issue_date"]),
            models.Index(fields=["issue_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "sequence_number"],
                condition=Q(sequence_number__isnull=False),
                name="invoice_number_once",
            ),
            models.UniqueConstraint(
                fields=["structured_communication"],
                condition=~Q(structured_communication=""),
                name="invoice_communication_once",
            ),
            models.CheckConstraint(
                condition=Q(status=InvoiceStatus.DRAFT, sequence_number__isnull=True)
                | (~Q(status=InvoiceStatus.DRAFT) & Q(sequence_number__isnull=False)),
                name="invoice_number_iff_issued",
            ),
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.INVOICE, credited_invoice__isnull=True)
                | Q(kind=DocumentKind.CREDIT_NOTE, credited_invoice__isnull=False),
                name="credit_note_refers_to_an_invoice",
            ),
        ]
        permissions = [
            ("issue_invoice", "Can issue invoices and credit notes"),
            ("view_amounts", "Can see prices and amounts"),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label} {self.number}" if self.number else f"{label} ({_('draft')})"

    def get_absolute_url(self):
        return reverse("invoice_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == DocumentKind.CREDIT_NOTE

    def summary(self, lines=None):
        """The VAT summary of the lines (the one computation, rounded once per rate)."""
        lines = self.lines.all() if lines is None else lines
        return vat_summary((line.vat_category, line.vat_rate, line.amount) for line in lines)


class InvoiceLine(models.Model):
    """A line of an invoice or a credit note. On a credit note, quantities are
    those credited (positive) and ``credited_line`` the line they correct."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, default="h")
    unit_price = MoneyField(_("unit price (excl. VAT)"))
    vat_category = models.CharField(
        _("VAT category"), max_length=3, choices=VatCategory.choices, default=VatCategory.STANDARD
    )
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=4, decimal_places=2)
    job = models.ForeignKey(Job, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    credited_line = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credits"
    )
    deducted_invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deductions",
        help_text=_("A down payment invoice this line deducts."),
    )
    # On a credit note: the billed items this line gives back, released when it is issued.
    releases = models.ManyToManyField("BilledItem", blank=True, related_name="pending_credits")

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(vat_rate__gte=0), name="line_rate_not_negative"),
        ]

    def __str__(self):
        return self.description

    @property
    def amount(self) -> Decimal:
        return line_amount(self.quantity, self.unit_price)


class BilledItemQuerySet(models.QuerySet):
    def active(self):
        """Billed (or held by a draft) and not released by a credit note."""
        return self.filter(released_by__isnull=True)


class BilledItem(models.Model):
    """One unit an invoice line bills: a production session's billable hours,
    a job line, or an adjustment of billable hours. While it is active (not
    released by a credit note), the unit cannot be billed by another line: a
    partial unique constraint holds it in the database."""

    line = models.ForeignKey(InvoiceLine, on_delete=models.CASCADE, related_name="items")
    session = models.ForeignKey(
        WorkSession, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    job_line = models.ForeignKey(
        JobLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adjustment = models.ForeignKey(
        BillableAdjustment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quantity = models.DecimalField(max_digits=10, decimal_places=2)
    released_by = models.ForeignKey(
        InvoiceLine, on_delete=models.PROTECT, null=True, blank=True, related_name="released"
    )

    objects = BilledItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("billed item")
        verbose_name_plural = _("billed items")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(session__isnull=False, job_line__isnull=True, adjustment__isnull=True)
                    | Q(session__isnull=True, job_line__isnull=False, adjustment__isnull=True)
                    | Q(session__isnull=True, job_line__isnull=True, adjustment__isnull=False)
                ),
                name="billed_item_bills_one_thing",
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(released_by__isnull=True, session__isnull=False),
                name="session_billed_once",
            ),
            models.UniqueConstraint(
                fields=["job_line"],
                condition=Q(released_by__isnull=True, job_line__isnull=False),
                name="job_line_billed_once",
            ),
            models.UniqueConstraint(
                fields=["adjustment"],
                condition=Q(released_by__isnull=True, adjustment__isnull=False),
                name="adjustment_billed_once",
            ),
        ]

    def __str__(self):
        return f"{self.line} · {self.quantity}"

    @property
    def label(self) -> str:
        if self.session_id:
            return str(self.session)
        if self.job_line_id:
            return str(self.job_line)
        return str(self.adjustment)


class PaymentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(invoice__in=Invoice.objects.for_user(user))


class Payment(models.Model):
    """Money received for an invoice (or paid back on a credit note: negative)."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("invoice")
    )
    date = models.DateField(_("date"))
    amount = MoneyField(_("amount"))
    method = models.CharField(
        _("method"), max_length=20, choices=PaymentMethod.choices, default=PaymentMethod.TRANSFER
    )
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()
    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="payment_not_zero")]

    def __str__(self):
        return f"{self.invoice} {self.date:%d/%m/%Y} {self.amount} €"


class QuoteQuerySet(models.QuerySet):
    def for_user(self, user):
        if sees_everything(user) and user.has_perm("invoicing.view_quote"):
            return self
        return self.none()


class Quote(models.Model):
    """A quote (devis) for a job, frozen when it is made: its lines, totals and
    the parties' details are copied into it, so changing the job's lines
    afterwards changes nothing here. Accepted or refused, it moves the job."""

    job = models.ForeignKey(
        Job, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("job")
    )
    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuoteStatus.choices,
        default=QuoteStatus.PROPOSED,
        editable=False,
    )
    issue_date = models.DateField(_("date"), editable=False)
    valid_until = models.DateField(_("valid until"))
    language = models.CharField(max_length=5, editable=False)
    vat_treatment = models.CharField(max_length=20, choices=VatTreatment.choices, editable=False)
    lines = models.JSONField(editable=False)
    client_snapshot = models.JSONField(editable=False)
    issuer_snapshot = models.JSONField(editable=False)
    total_excl_vat = MoneyField(editable=False)
    total_vat = MoneyField(editable=False)
    total_incl_vat = MoneyField(editable=False)
    pdf = models.FileField(upload_to="quotes/%Y/", blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_to = models.EmailField(blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()
    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{_('Quote')} {self.number}"

    def get_absolute_url(self):
        return reverse("quote_detail", args=[self.pk])

    @property
    def is_proposed(self) -> bool:
        return self.status == QuoteStatus.PROPOSED

    def is_expired(self, today) -> bool:
        return self.is_proposed and today > self.valid_until

    def summary(self):
        return vat_summary(
            (
                line["vat_category"],
                Decimal(line["vat_rate"]),
                line_amount(line["quantity"], line["unit_price"]),
            )
            for line in self.lines
        )


class BankStatementQuerySet(models.QuerySet):
    def for_user(self, user):
        if sees_everything(user) and user.has_perm("invoicing.view_bankstatement"):
            return self
        return self.none()


class BankStatement(models.Model):
    """A bank file imported (CODA, camt.053 or CSV). The same file imported
    twice is refused by its fingerprint; a line already imported from another
    file is skipped by its own."""

    file_name = models.CharField(_("file"), max_length=200)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    format = models.CharField(_("format"), max_length=10, choices=BankFormat.choices)
    account = models.CharField(_("account"), max_length=42, blank=True)
    first_date = models.DateField(_("from"), null=True, blank=True)
    last_date = models.DateField(_("to"), null=True, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(_("imported on"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    objects = BankStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("bank_statement_detail", args=[self.pk])


class BankLine(models.Model):
    """A movement of a bank statement, matched to an invoice by its structured
    communication (a suggestion a person confirms, which records the payment)."""

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    position = models.PositiveIntegerField()
    date = models.DateField(_("date"))
    amount = MoneyField(_("amount"))
    counterparty = models.CharField(_("counterparty"), max_length=140, blank=True)
    counterparty_account = models.CharField(_("account"), max_length=42, blank=True)
    communication = models.CharField(_("communication"), max_length=300, blank=True)
    structured = models.CharField(max_length=12, blank=True)
    bank_reference = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BankLineStatus.choices, default=BankLineStatus.UNMATCHED
    )
    suggested_invoice = models.ForeignKey(
        Invoice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_line"
    )

    class Meta:
        verbose_name = _("bank line")
        verbose_name_plural = _("bank lines")
        ordering = ["statement", "position"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.amount} € {self.counterparty}"


class Reminder(models.Model):
    """A reminder of an overdue invoice (first, second, formal notice), with
    what it claims besides the balance, frozen as it was sent."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("invoice")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=ReminderLevel.choices)
    date = models.DateField(_("date"))
    deadline = models.DateField(_("to pay by"))
    balance = MoneyField(_("balance"))
    lump_sum = MoneyField(_("lump sum"), default=ZERO)
    interest = MoneyField(_("late-payment interest"), default=ZERO)
    interest_rate = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO)
    interest_days = models.PositiveIntegerField(default=0)
    total = MoneyField(_("total claimed"))
    language = models.CharField(max_length=5, blank=True)
    pdf = models.FileField(upload_to="reminders/%Y/", blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_to = models.EmailField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["invoice", "level"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "level"], name="reminder_level_once")
        ]

    def __str__(self):
        return f"{self.get_level_display()} · {self.invoice}"

    @property
    def charges(self) -> Decimal:
        return self.lump_sum + self.interest
