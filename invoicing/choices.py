from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


# What the numbering sequences count: the documents, and the quotes.
SEQUENCE_KINDS = [*DocumentKind.choices, ("quote", _("Quote"))]
QUOTE_SEQUENCE = "quote"


class QuoteStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", pgettext_lazy("quote status", "Accepted")
    REFUSED = "refused", pgettext_lazy("quote status", "Refused")
    REPLACED = "replaced", pgettext_lazy("quote status", "Replaced")


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", pgettext_lazy("invoice status", "Issued")
    PARTIALLY_PAID = "partially_paid", pgettext_lazy("invoice status", "Partially paid")
    PAID = "paid", pgettext_lazy("invoice status", "Paid")
    CREDITED = "credited", pgettext_lazy("invoice status", "Credited")


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    CARD = "card", _("Card")
    OTHER = "other", _("Other")


class BankFormat(models.TextChoices):
    CODA = "coda", "CODA"
    CAMT053 = "camt053", "camt.053"
    CSV = "csv", "CSV"


class BankLineStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Match suggested")
    UNMATCHED = "unmatched", _("No match")
    RECORDED = "recorded", _("Payment recorded")
    IGNORED = "ignored", _("Not a client payment")


class ReminderLevel(models.IntegerChoices):
    FIRST = 1, _("First reminder")
    SECOND = 2, _("Second reminder")
    FORMAL_NOTICE = 3, _("Formal notice")
