"""Reminders of overdue invoices: a first reminder, a second, a formal notice,
each a PDF in the client's language, sent by e-mail or posted.

What a reminder may claim besides the balance follows Belgian law:

* a private client (a consumer, Code of economic law, book XIX): the first
  reminder is free and gives at least 14 days to pay; only after them, and only
  if the centre's terms provide it, a lump sum capped by the law (20 € up to
  150 €; 30 € plus 10 % of the part between 150 and 500 €; 65 € plus 5 % of the
  part above 500 €, at most 2,000 €) and interest at the reference rate plus
  8 points;
* a business or a public body (law of 2 August 2002): interest at the
  reference rate plus 8 points, rounded up to the half point, from the day
  after the due date, and a fixed 40 € for the costs of recovery, without notice.

The centre chooses whether to claim them: nothing is claimed unless ticked.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clients.choices import ClientKind
from eft.fields import round_money
from eft.models import Organisation
from eft.pdf import data_uri, render_pdf
from eft.templatetags.eft import money
from invoicing.choices import DocumentKind, InvoiceStatus, ReminderLevel
from invoicing.documents import document_language, mail_document, payment_qr
from invoicing.models import Invoice, Reminder
from invoicing.services import balance, format_communication
from jobs.conflicts import working_days

ZERO = Decimal("0.00")
GRACE_DAYS = 14  # calendar days to pay after a reminder
BUSINESS_LUMP_SUM = Decimal("40.00")
EXTRA_POINTS = Decimal("8.00")


def consumer_lump_sum(due: Decimal) -> Decimal:
    """The most a consumer may be charged as a lump sum on ``due`` (art. XIX.4 CDE)."""
    if due <= 150:
        amount = Decimal("20.00")
    elif due <= 500:
        amount = Decimal("30.00") + (due - Decimal("150.00")) * Decimal("0.10")
    else:
        amount = Decimal("65.00") + (due - Decimal("500.00")) * Decimal("0.05")
    return min(round_money(amount), Decimal("2000.00"))


def business_rate(reference: Decimal) -> Decimal:
    """The late-payment rate of the law of 2 August 2002 (art. 5): the reference
    rate plus 8 points, rounded up to the next half point (2,15 -> 10,50)."""
    return Decimal(math.ceil((reference + EXTRA_POINTS) * 2)) / 2


def interest(due: Decimal, rate: Decimal, days: int) -> Decimal:
    return round_money(due * rate / 100 * days / 365) if days > 0 else ZERO


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``day`` (Belgian public holidays excluded)."""
    found = working_days(day + datetime.timedelta(days=1), day + datetime.timedelta(days=count * 3))
    return found[count - 1]


def is_consumer(invoice: Invoice) -> bool:
    kind = (invoice.client_snapshot or {}).get("kind") or invoice.client.kind
    return kind == ClientKind.INDIVIDUAL


@dataclass
class Proposal:
    """The next reminder of an invoice, as the law allows it today."""

    invoice: Invoice
    level: int
    today: datetime.date
    balance: Decimal
    deadline: datetime.date
    consumer: bool
    rate: Decimal
    can_claim: bool = False
    why_not: str = ""
    lump_sum: Decimal = ZERO
    interest: Decimal = ZERO
    interest_days: int = 0
    interest_from: datetime.date | None = None
    earlier: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return ReminderLevel(self.level).label

    @property
    def charges(self) -> Decimal:
        return self.lump_sum + self.interest


def propose(invoice: Invoice, today: datetime.date | None = None) -> Proposal:
    """The next reminder of ``invoice``; ValidationError when there is none to send."""
    today = today or timezone.localdate()
    if invoice.kind != DocumentKind.INVOICE or invoice.status in (
        InvoiceStatus.DRAFT,
        InvoiceStatus.CREDITED,
    ):
        raise ValidationError(_("Only an issued invoice is reminded."))
    due = balance(invoice)
    if due <= 0:
        raise ValidationError(_("Nothing is left to pay on %(invoice)s.") % {"invoice": invoice})
    if today <= invoice.due_date:
        raise ValidationError(
            _("%(invoice)s is due on %(date)s: it cannot be reminded before.")
            % {"invoice": invoice, "date": date_format(invoice.due_date, "SHORT_DATE_FORMAT")}
        )
    earlier = list(invoice.reminders.order_by("level"))
    if earlier and earlier[-1].level >= ReminderLevel.FORMAL_NOTICE:
        raise ValidationError(
            _(
                "A formal notice was sent on %(date)s: what follows (a bailiff, a court, or a "
                "payment plan agreed with the client) is outside the application."
            )
            % {"date": date_format(earlier[-1].date, "SHORT_DATE_FORMAT")}
        )
    if earlier and today <= earlier[-1].deadline:
        raise ValidationError(
            _("The %(reminder)s gives the client until %(date)s: wait until then.")
            % {
                "reminder": earlier[-1].get_level_display().lower(),
                "date": date_format(earlier[-1].deadline, "SHORT_DATE_FORMAT"),
            }
        )
    organisation = Organisation.get()
    consumer = is_consumer(invoice)
    reference = organisation.late_payment_reference_rate
    # A consumer's interest may not exceed the reference rate plus 8 points (art.
    # XIX.4 CDE): the cap, unrounded; a business owes the rate of the law of 2002.
    rate = reference + EXTRA_POINTS if consumer else business_rate(reference)
    # The 14 days run from the third working day after posting (the latest way sent).
    deadline = add_working_days(today, 3) + datetime.timedelta(days=GRACE_DAYS - 1)
    proposal = Proposal(
        invoice=invoice,
        level=len(earlier) + 1,
        today=today,
        balance=due,
        deadline=deadline,
        consumer=consumer,
        rate=rate,
        earlier=earlier,
    )
    if proposal.consumer:
        if not organisation.consumer_late_charges:
            proposal.why_not = _(
                "The centre's terms provide no late-payment charges for private clients: none "
                "can be claimed (see the organisation's settings)."
            )
        elif not earlier:
            proposal.why_not = _(
                "The first reminder to a private client is free: charges may be claimed only if "
                "it is not paid within its 14 days."
            )
        else:
            start = earlier[0].deadline + datetime.timedelta(days=1)
            proposal.can_claim = True
            proposal.lump_sum = consumer_lump_sum(due)
            proposal.interest_from = start
            proposal.interest_days = (today - start).days + 1
    else:
        start = invoice.due_date + datetime.timedelta(days=1)
        proposal.can_claim = True
        proposal.lump_sum = BUSINESS_LUMP_SUM
        proposal.interest_from = start
        proposal.interest_days = (today - start).days + 1
    if proposal.can_claim:
        proposal.interest = interest(due, rate, proposal.interest_days)
    return proposal


@transaction.atomic
def reminder_create(
    *, invoice: Invoice, user, claim_charges: bool = False, today=None, expected_level=None
) -> Reminder:
    """Make the next reminder of ``invoice`` and its PDF. ``expected_level``
    guards against two people making the same reminder at once."""
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    proposal = propose(locked, today)
    if expected_level is not None and proposal.level != expected_level:
        raise ValidationError(
            _("Someone made a reminder of this invoice meanwhile: look at it before another.")
        )
    if claim_charges and not proposal.can_claim:
        raise ValidationError(proposal.why_not)
    claimed = claim_charges and proposal.can_claim
    reminder = Reminder.objects.create(
        invoice=locked,
        level=proposal.level,
        date=proposal.today,
        deadline=proposal.deadline,
        balance=proposal.balance,
        lump_sum=proposal.lump_sum if claimed else ZERO,
        interest=proposal.interest if claimed else ZERO,
        interest_rate=proposal.rate if claimed else ZERO,
        interest_days=proposal.interest_days if claimed else 0,
        total=proposal.balance + (proposal.charges if claimed else ZERO),
        language=locked.language or locked.client.language,
        created_by=user,
    )
    reminder.pdf.save(filename(reminder), ContentFile(reminder_pdf(reminder)))
    return reminder


def pdf_bytes(reminder: Reminder) -> bytes:
    """The PDF made with the reminder (made again, the same, if its file was lost)."""
    try:
        with reminder.pdf.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):  # ValueError: no file at all
        reminder.pdf.save(filename(reminder), ContentFile(reminder_pdf(reminder)))
        with reminder.pdf.open("rb") as handle:
            return handle.read()


def reminder_send(*, reminder: Reminder, to: str) -> Reminder:
    if not to:
        raise ValidationError(_("Give the e-mail address to send the reminder to."))
    invoice = reminder.invoice
    issuer = invoice.issuer_snapshot
    with translation.override(document_language(reminder.language)):
        subject = _("%(reminder)s: invoice %(number)s · %(issuer)s") % {
            "reminder": reminder.get_level_display(),
            "number": invoice.number,
            "issuer": issuer["legal_name"],
        }
        body = _(
            "Hello,\n\nUnless we are mistaken, invoice %(number)s of %(date)s is still unpaid: "
            "%(total)s to pay by %(deadline)s, with the structured communication "
            "%(communication)s. The reminder is attached.\n\nIf you have paid meanwhile, "
            "please ignore this message. If something is wrong with the invoice, or if you "
            "need time, tell us: we will find a solution together.\n\nKind regards,\n%(issuer)s"
        ) % {
            "number": invoice.number,
            "date": invoice.issue_date.strftime("%d/%m/%Y"),
            "total": money(reminder.total),
            "deadline": reminder.deadline.strftime("%d/%m/%Y"),
            "communication": format_communication(invoice.structured_communication),
            "issuer": issuer["legal_name"],
        }
    return mail_document(
        reminder,
        issuer=issuer,
        subject=subject,
        body=body,
        to=to,
        pdf_name=filename(reminder),
        pdf=pdf_bytes(reminder),
    )


def filename(reminder: Reminder) -> str:
    kind = {1: "rappel", 2: "second-rappel", 3: "mise-en-demeure"}[reminder.level]
    return f"{kind}-{reminder.invoice.number.replace('/', '-')}.pdf"


def reminder_pdf(reminder: Reminder) -> bytes:
    invoice = reminder.invoice
    issuer, client = invoice.issuer_snapshot, invoice.client_snapshot
    consumer = is_consumer(invoice)
    organisation = Organisation.get()
    # A private client's free first reminder says what may be claimed after it.
    announce = consumer and reminder.level == 1 and organisation.consumer_late_charges
    communication = format_communication(invoice.structured_communication)
    with translation.override(document_language(reminder.language)):
        return render_pdf(
            "invoicing/reminder_pdf.html",
            {
                "reminder": reminder,
                "invoice": invoice,
                "issuer": issuer,
                "client": client,
                "consumer": consumer,
                "warning_lump_sum": consumer_lump_sum(reminder.balance) if announce else ZERO,
                "warning_rate": organisation.late_payment_reference_rate + EXTRA_POINTS,
                "subjects": list(invoice.lines.values_list("description", flat=True)[:3]),
                "communication": communication,
                "qr": payment_qr(issuer, reminder.total, communication),
                "logo": data_uri(organisation.logo),
            },
        )
