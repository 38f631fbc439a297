"""Operations on invoices and credit notes. Each runs in one transaction and
raises a ValidationError whose messages are for the user; nothing is half-saved.
"""

import datetime
from collections.abc import Iterable
from collections.abc import Sequence as Seq
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.be import ogm_vcs

from clients.choices import ClientKind
from clients.models import Client
from eft.fields import round_money
from eft.locking import lock_version
from eft.models import Organisation
from eft.vat import VatTreatment, category_for, rate_for
from invoicing.choices import QUOTE_SEQUENCE, DocumentKind, InvoiceStatus
from invoicing.models import BilledItem, Invoice, InvoiceLine, Payment, Sequence
from jobs import workflow
from jobs.choices import JobStatus, LineKind, Pricing
from jobs.models import Job, WorkSession

ZERO = Decimal("0.00")
EU_VAT_PREFIXES = {
    "AT",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "EL",
    "ES",
    "FI",
    "FR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
    "XI",
}


def money(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " €"


# --- Drafts from jobs -------------------------------------------------------------


def _labour_rate(job: Job) -> Decimal:
    """The VAT rate of a job's labour: its first labour line's, else 21 %."""
    for line in job.lines.all():
        if line.kind == LineKind.LABOUR:
            return line.vat_rate
    return Decimal("21.00")


def _units(job: Job) -> list[dict]:
    """What remains to bill on a job, as invoice lines with their items.

    Fixed price: the quoted lines. Time and materials: the billable hours of
    its production sessions and its adjustments, at the job's hourly rate,
    then its materials and other lines."""
    billed_lines = set(
        BilledItem.objects.active().filter(job_line__job=job).values_list("job_line_id", flat=True)
    )
    treatment = job.vat_treatment
    units = []
    if job.pricing == Pricing.TIME_AND_MATERIALS:
        billed_sessions = set(
            BilledItem.objects.active()
            .filter(session__job=job)
            .values_list("session_id", flat=True)
        )
        sessions = [
            s
            for s in WorkSession.objects.filter(job=job, billable_hours__gt=0).order_by("date")
            if s.pk not in billed_sessions
        ]
        billed_adjustments = set(
            BilledItem.objects.active()
            .filter(adjustment__job=job)
            .values_list("adjustment_id", flat=True)
        )
        adjustments = [a for a in job.adjustments.all() if a.pk not in billed_adjustments]
        hours = sum((s.billable_hours for s in sessions), ZERO) + sum(
            (a.hours for a in adjustments), ZERO
        )
        if sessions or adjustments:
            rate = _labour_rate(job)
            units.append(
                {
                    "description": _("Labour, %(job)s") % {"job": job.reference},
                    "quantity": hours,
                    "unit": "h",
                    "unit_price": job.effective_hourly_rate,
                    "vat_category": category_for(treatment, rate),
                    "vat_rate": rate_for(treatment, rate),
                    "items": [("session", s, s.billable_hours) for s in sessions]
                    + [("adjustment", a, a.hours) for a in adjustments],
                }
            )
    for line in job.lines.all():
        if line.pk in billed_lines:
            continue
        if job.pricing == Pricing.TIME_AND_MATERIALS and line.kind == LineKind.LABOUR:
            continue  # the quote's estimate: the hours billed are the sessions'
        units.append(
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "vat_category": line.vat_category(treatment),
                "vat_rate": rate_for(treatment, line.vat_rate),
                "items": [("job_line", line, line.quantity)],
            }
        )
    return units


def _add_line(invoice: Invoice, position: int, unit: dict, job: Job | None) -> InvoiceLine:
    line = InvoiceLine.objects.create(
        invoice=invoice,
        position=position,
        job=job,
        description=unit["description"][:300],
        quantity=unit["quantity"],
        unit=unit["unit"],
        unit_price=unit["unit_price"],
        vat_category=unit["vat_category"],
        vat_rate=unit["vat_rate"],
    )
    BilledItem.objects.bulk_create(
        BilledItem(line=line, quantity=quantity, **{kind: obj})
        for kind, obj, quantity in unit.get("items", [])
    )
    return line


@transaction.atomic
def invoice_create(
    *, client: Client, jobs: Seq[Job] = (), user, down_payment: Decimal | None = None
) -> Invoice:
    """A draft invoice for ``client``: from done jobs (what remains to bill on
    them, less their down payments), a down payment on one job, or free (no job)."""
    jobs = list(
        Job.objects.select_for_update().filter(pk__in=[j.pk for j in jobs]).order_by("reference")
    )
    if any(job.client_id != client.pk for job in jobs):
        raise ValidationError(_("The jobs of an invoice are all the same client's."))
    treatments = {job.vat_treatment for job in jobs}
    if len(treatments) > 1:
        raise ValidationError(
            _("These jobs have different VAT treatments: invoice them separately.")
        )
    treatment = treatments.pop() if treatments else client.default_vat_treatment
    if down_payment is not None:
        return _down_payment(client, jobs, user, down_payment, treatment)
    # Done, or invoiced with something given back by a credit note to bill again.
    not_done = [j.reference for j in jobs if j.status not in (JobStatus.DONE, JobStatus.INVOICED)]
    if not_done:
        raise ValidationError(
            _("A job is invoiced once it is done: %(jobs)s is not.") % {"jobs": ", ".join(not_done)}
        )
    invoice = Invoice.objects.create(
        client=client,
        vat_treatment=treatment,
        buyer_reference=", ".join(sorted({j.buyer_reference for j in jobs if j.buyer_reference}))[
            :100
        ],
        created_by=user,
    )
    invoice.jobs.set(jobs)
    position = 0
    for job in jobs:
        for unit in _units(job):
            position += 1
            _add_line(invoice, position, unit, job)
        for previous in _down_payments(job):
            for line in previous.lines.all():
                position += 1
                InvoiceLine.objects.create(
                    invoice=invoice,
                    position=position,
                    job=job,
                    deducted_invoice=previous,
                    description=_("Down payment, invoice %(number)s") % {"number": previous.number},
                    quantity=Decimal(-1),  # a negative quantity: prices stay positive
                    unit="",
                    unit_price=line.amount,
                    vat_category=line.vat_category,
                    vat_rate=line.vat_rate,
                )
    if jobs and not position:
        raise ValidationError(_("Everything on these jobs is already invoiced."))
    dates = list(
        WorkSession.objects.filter(job__in=jobs).order_by("date").values_list("date", flat=True)
    )
    if dates:
        invoice.period_start, invoice.period_end = dates[0], dates[-1]
        invoice.save(update_fields=["period_start", "period_end"])
    return invoice


def _down_payments(job: Job):
    """The job's issued down payment invoices that no invoice deducts yet."""
    return (
        Invoice.objects.filter(jobs=job, is_down_payment=True)
        .exclude(status=InvoiceStatus.DRAFT)
        .exclude(deductions__isnull=False)
        .prefetch_related("lines")
    )


def _down_payment(client, jobs, user, amount, treatment) -> Invoice:
    if len(jobs) != 1:
        raise ValidationError(_("A down payment is asked on one job."))
    if amount <= 0:
        raise ValidationError(_("A down payment is an amount above 0."))
    job = jobs[0]
    if job.status in (JobStatus.INVOICED, JobStatus.CANCELLED):
        raise ValidationError(_("This job can no longer take a down payment."))
    rate = _labour_rate(job)
    invoice = Invoice.objects.create(
        client=client,
        vat_treatment=treatment,
        is_down_payment=True,
        created_by=user,
        buyer_reference=job.buyer_reference,
    )
    invoice.jobs.set([job])
    InvoiceLine.objects.create(
        invoice=invoice,
        position=1,
        job=job,
        description=_("Down payment on %(job)s, %(title)s")
        % {"job": job.reference, "title": job.title},
        quantity=Decimal(1),
        unit="",
        unit_price=round_money(amount),
        vat_category=category_for(treatment, rate),
        vat_rate=rate_for(treatment, rate),
    )
    return invoice


# --- Editing a draft ---------------------------------------------------------------


STALE = gettext_lazy(
    "%(who)s changed this invoice while you were editing it. Your changes were not saved: "
    "open it again to see theirs, then make yours."
)


def _lock_draft(invoice: Invoice, expected_version: int | None) -> Invoice:
    locked = lock_version(Invoice, invoice.pk, expected_version, message=str(STALE))
    if not locked.is_draft:
        raise ValidationError(
            _("%(invoice)s is issued: it can no longer change. Correct it with a credit note.")
            % {"invoice": locked}
        )
    return locked


@transaction.atomic
def invoice_update(*, invoice: Invoice, expected_version: int | None, fields: dict) -> Invoice:
    """Change a draft's own fields (dates of the work, note, order reference...)."""
    locked = _lock_draft(invoice, expected_version)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def lines_save(*, invoice: Invoice, expected_version: int | None, rows: list[dict]) -> Invoice:
    """Replace a draft's lines by ``rows``: existing lines (``line``) are
    changed or, with ``delete``, removed (what they billed is free again); new
    rows are free lines. A line that bills items keeps its quantity."""
    locked = _lock_draft(invoice, expected_version)
    existing = {line.pk: line for line in locked.lines.prefetch_related("items")}
    position = 0
    for row in rows:
        line = existing.get(row.get("line_id"))
        if row.get("delete"):
            if line is not None:
                line.delete()
            continue
        position += 1
        line = line or InvoiceLine(invoice=locked)
        line.position = position
        line.description = row["description"]
        line.unit = row.get("unit") or ""
        line.unit_price = row["unit_price"]
        line.vat_category = category_for(locked.vat_treatment, row["vat_rate"])
        line.vat_rate = rate_for(locked.vat_treatment, row["vat_rate"])
        if not line.pk or not line.items.exists():
            line.quantity = row["quantity"]
        line.save()
    locked.version += 1
    locked.save(update_fields=["version"])
    return locked


@transaction.atomic
def invoice_delete(*, invoice: Invoice) -> None:
    """Only a draft is deleted; what it billed is free again."""
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not locked.is_draft:
        raise ValidationError(
            _("An issued document is never deleted: correct it with a credit note.")
        )
    locked.delete()


# --- Issuing ------------------------------------------------------------------------


def next_number(kind: str, year: int) -> int:
    """The next number of ``kind`` in ``year``, under a row lock on the sequence
    (call inside the transaction that issues): never max()+1, so no gap and no
    duplicate however many people issue at once."""
    try:
        with transaction.atomic():
            Sequence.objects.get_or_create(kind=kind, year=year)
    except IntegrityError:  # created by someone else at the same moment
        pass
    sequence = Sequence.objects.select_for_update().get(kind=kind, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def format_number(kind: str, year: int, number: int) -> str:
    prefix = {DocumentKind.CREDIT_NOTE: "NC", QUOTE_SEQUENCE: "D"}.get(kind, "")
    return f"{prefix}{year}/{number:04d}"


def structured_communication(kind: str, year: int, number: int) -> str:
    """Ten digits (year, kind, number) and their check digits (mod 97)."""
    base = f"{year % 100:02d}{2 if kind == DocumentKind.CREDIT_NOTE else 1}{number:07d}"
    return base + ogm_vcs.calc_check_digits(base)


def format_communication(digits: str) -> str:
    return f"+++{ogm_vcs.format(digits)}+++" if digits else ""


def client_snapshot(client: Client) -> dict:
    return {
        "name": client.display_name,
        "kind": client.kind,
        "address": client.address_lines,
        "street": client.street,
        "postal_code": client.postal_code,
        "city": client.city,
        "country": client.country or "BE",
        "vat_number": client.vat_number,
        "enterprise_number": client.enterprise_number,
        "peppol_endpoint": client.peppol_endpoint,
        "email": client.invoice_email or client.email,
        "language": client.language,
    }


def issuer_snapshot(organisation: Organisation) -> dict:
    return {
        "legal_name": organisation.legal_name,
        "legal_form": organisation.legal_form,
        "address": organisation.address_lines,
        "street": organisation.street,
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "country": organisation.country or "BE",
        "enterprise_number": organisation.enterprise_number,
        "vat_number": organisation.vat_number,
        "rpm_court": organisation.rpm_court,
        "iban": organisation.iban,
        "bic": organisation.bic,
        "email": organisation.email,
        "phone": organisation.phone,
        "website": organisation.website,
        "peppol_endpoint": organisation.peppol_endpoint,
        "invoice_footer": organisation.invoice_footer,
    }


def check_treatment(treatment: str, client: Client, sites, first_date) -> None:
    """Refuse a VAT treatment the client or the work sites do not allow.

    ``sites`` are the jobs' work sites (None for a job without one);
    ``first_date()`` gives the date the 6 % rule counts from (the first invoice)."""
    if treatment == VatTreatment.RENOVATION:
        if client.kind != ClientKind.INDIVIDUAL:
            raise ValidationError(
                _(
                    "The 6 % renovation rate is for work invoiced to a final consumer (a private "
                    "individual): this client is not one."
                )
            )
        if not sites or any(site is None for site in sites):
            raise ValidationError(
                _("The 6 % renovation rate needs the work site of each job (the dwelling).")
            )
        first = first_date()
        for site in sites:
            refusal = site.renovation_refusal(first)
            if refusal:
                raise ValidationError(refusal)
    if treatment == VatTreatment.REVERSE_CHARGE:
        if not client.vat_number.startswith("BE"):
            raise ValidationError(
                _("Reverse charge needs the client's Belgian VAT number: this client has none.")
            )
        if not client.files_vat_returns:
            raise ValidationError(
                _(
                    "Reverse charge is for a client who files periodic VAT returns: tick it on "
                    "the client first, if so."
                )
            )
    if treatment == VatTreatment.INTRA_EU and client.vat_number[:2] not in EU_VAT_PREFIXES:
        raise ValidationError(
            _("Services to a business in another EU country need its VAT number of that country.")
        )


def _check_treatment(invoice: Invoice, client: Client, today: datetime.date) -> None:
    check_treatment(
        invoice.vat_treatment,
        client,
        [job.site for job in invoice.jobs.select_related("site")],
        lambda: _first_invoice_date(invoice, today),
    )


def _first_invoice_date(invoice: Invoice, today: datetime.date) -> datetime.date:
    """The date of the first invoice for these works (the 6 % rule counts from it)."""
    earlier = (
        Invoice.objects.filter(jobs__in=invoice.jobs.all(), kind=DocumentKind.INVOICE)
        .exclude(status=InvoiceStatus.DRAFT)
        .order_by("issue_date")
        .values_list("issue_date", flat=True)
        .first()
    )
    return earlier or today


@transaction.atomic
def invoice_issue(*, invoice: Invoice, user, today: datetime.date | None = None) -> Invoice:
    """Issue a draft: its number (from the year's sequence, under a row lock),
    its date and due date, the client's and the issuer's details, its totals and
    structured communication, all in the transaction that freezes it. The jobs
    it bills become invoiced; a credit note releases what it credits."""
    today = today or timezone.localdate()
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not locked.is_draft:
        raise ValidationError(
            _("%(invoice)s is already issued (on %(date)s).")
            % {"invoice": locked, "date": date_format(locked.issue_date, "SHORT_DATE_FORMAT")}
        )
    client = locked.client
    lines = list(locked.lines.all())
    if not lines:
        raise ValidationError(_("An invoice without lines cannot be issued: add a line."))
    summary = locked.summary(lines)
    if summary.total_incl_vat < 0:
        raise ValidationError(
            _("The total is negative (%(total)s): issue a credit note instead.")
            % {"total": money(summary.total_incl_vat)}
        )
    if locked.is_credit_note:
        _check_credit(locked, summary.total_incl_vat)
    else:
        _check_treatment(locked, client, today)
    locked.issue_date = today
    locked.due_date = today + datetime.timedelta(days=client.payment_terms_days)
    locked.client_snapshot = client_snapshot(client)
    locked.issuer_snapshot = issuer_snapshot(Organisation.get())
    locked.language = client.language
    locked.total_excl_vat = summary.total_excl_vat
    locked.total_vat = summary.total_vat
    locked.total_incl_vat = summary.total_incl_vat
    locked.status = InvoiceStatus.ISSUED
    locked.issued_by = user
    locked._history_user = user
    if not locked.is_credit_note:
        for job in locked.jobs.filter(status=JobStatus.DONE):
            if not _units(job):  # everything billed (this draft holds its units): invoiced
                workflow.mark_invoiced(job)
    # The number last: the sequence's row stays locked only until the commit, so
    # the shorter the rest of the transaction, the more people can issue at once.
    number = next_number(locked.kind, today.year)
    locked.year, locked.sequence_number = today.year, number
    locked.number = format_number(locked.kind, today.year, number)
    if not locked.is_credit_note:
        locked.structured_communication = structured_communication(locked.kind, today.year, number)
    locked.save()
    if locked.is_credit_note:  # once issued: the invoice's balance counts it
        _release(locked)
    return locked


# --- Credit notes --------------------------------------------------------------------


def credited_total(invoice: Invoice) -> Decimal:
    return (
        invoice.credit_notes.exclude(status=InvoiceStatus.DRAFT).aggregate(
            total=Sum("total_incl_vat")
        )["total"]
        or ZERO
    )


def _check_credit(credit_note: Invoice, total: Decimal) -> None:
    original = Invoice.objects.select_for_update().get(pk=credit_note.credited_invoice_id)
    remaining = original.total_incl_vat - credited_total(original)
    if total > remaining:
        raise ValidationError(
            _(
                "This credit note (%(total)s) is more than what remains of %(invoice)s "
                "(%(remaining)s)."
            )
            % {"total": money(total), "invoice": original, "remaining": money(remaining)}
        )


@transaction.atomic
def credit_note_create(
    *,
    invoice: Invoice,
    user,
    lines: Iterable[tuple[InvoiceLine, Decimal, list]] | None = None,
    reason: str = "",
) -> Invoice:
    """A draft credit note for ``invoice``: all of it (``lines`` None), or the
    given (line, quantity, billed items to give back). It refers to the invoice,
    negates nothing (credit notes carry positive amounts) and, once issued,
    releases exactly the items it credits, which can then be billed again."""
    original = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if original.is_draft or original.is_credit_note:
        raise ValidationError(_("A credit note corrects an issued invoice."))
    if lines is None:
        lines = [(line, line.quantity, list(line.items.active())) for line in original.lines.all()]
    credit = Invoice.objects.create(
        kind=DocumentKind.CREDIT_NOTE,
        client=original.client,
        credited_invoice=original,
        vat_treatment=original.vat_treatment,
        exempt_paragraph=original.exempt_paragraph,
        buyer_reference=original.buyer_reference,
        period_start=original.period_start,
        period_end=original.period_end,
        created_by=user,
        notes=reason or _("Credit note for invoice %(number)s") % {"number": original.number},
    )
    credit.jobs.set(original.jobs.all())
    errors, position = [], 0
    for line, quantity, items in lines:
        if line.invoice_id != original.pk:
            raise ValidationError(_("A line of another invoice cannot be credited here."))
        already = (
            line.credits.exclude(invoice__status=InvoiceStatus.DRAFT).aggregate(q=Sum("quantity"))[
                "q"
            ]
            or ZERO
        )
        if items:
            quantity = sum((item.quantity for item in items), ZERO)
        if quantity <= 0:
            continue
        if quantity > line.quantity - already:
            errors.append(
                _("%(line)s: %(quantity)s is more than what remains to credit (%(left)s).")
                % {"line": line.description, "quantity": quantity, "left": line.quantity - already}
            )
            continue
        position += 1
        credit_line = InvoiceLine.objects.create(
            invoice=credit,
            position=position,
            job=line.job,
            credited_line=line,
            description=line.description,
            quantity=quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            vat_category=line.vat_category,
            vat_rate=line.vat_rate,
        )
        if items:
            credit_line.releases.set(items)
    if errors:
        raise ValidationError(errors)
    if not position:
        raise ValidationError(_("Choose what to credit: nothing was selected."))
    return credit


def _release(credit: Invoice) -> None:
    """Give back what an issued credit note credits; update the invoice's status;
    a job with nothing billed any more goes back to done."""
    for line in credit.lines.prefetch_related("releases"):
        line.releases.filter(released_by__isnull=True).update(released_by=line)
    original = credit.credited_invoice
    refresh_status(original)
    for job in credit.jobs.filter(status=JobStatus.INVOICED):
        still = (
            BilledItem.objects.active()
            .filter(line__invoice__kind=DocumentKind.INVOICE)
            .filter(line__job=job)
            .exclude(line__invoice__status=InvoiceStatus.DRAFT)
            .exists()
        )
        if not still:  # everything of the job given back: to invoice again
            workflow.mark_credited(job)


# --- Balance and status ------------------------------------------------------------------


def paid_total(invoice: Invoice) -> Decimal:
    return invoice.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def balance(invoice: Invoice) -> Decimal:
    """What the client still owes: the total, less credit notes and payments."""
    return invoice.total_incl_vat - credited_total(invoice) - paid_total(invoice)


def refresh_status(invoice: Invoice) -> Invoice:
    """Issued, partially paid, paid or credited, from its payments and credit notes."""
    if invoice.is_draft or invoice.is_credit_note:
        return invoice
    credited = credited_total(invoice)
    paid = paid_total(invoice)
    due = invoice.total_incl_vat - credited - paid
    if credited >= invoice.total_incl_vat:
        status = InvoiceStatus.CREDITED
    elif due <= 0:
        status = InvoiceStatus.PAID
    elif paid or credited:
        status = InvoiceStatus.PARTIALLY_PAID
    else:
        status = InvoiceStatus.ISSUED
    if status != invoice.status:
        invoice.status = status
        invoice.save(update_fields=["status"])
    return invoice


class NeedsConfirmation(ValidationError):
    """Allowed once the person confirms (an overpayment)."""


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    date: datetime.date,
    amount: Decimal,
    method: str,
    reference: str = "",
    user,
    confirmed: bool = False,
) -> Payment:
    """Record a payment, partial or full. More than the balance asks for
    confirmation, then records the overpayment."""
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.is_draft or locked.is_credit_note:
        raise ValidationError(_("Payments are recorded on an issued invoice."))
    if amount <= 0:
        raise ValidationError(_("A payment is an amount above 0."))
    due = balance(locked)
    if amount > due and not confirmed:
        raise NeedsConfirmation(
            _(
                "%(amount)s is more than the balance of %(invoice)s (%(due)s). Confirm to record "
                "it: the overpayment (%(over)s) will show on the client's account."
            )
            % {
                "amount": money(amount),
                "invoice": locked,
                "due": money(due),
                "over": money(amount - due),
            },
            code="confirm",
        )
    payment = Payment(
        invoice=locked,
        date=date,
        amount=amount,
        method=method,
        reference=reference,
        recorded_by=user,
    )
    payment._history_user = user
    payment.save()
    refresh_status(locked)
    return payment
