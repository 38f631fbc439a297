"""Quotes (devis): made from a job's lines and frozen, sent by e-mail with
their PDF, accepted or refused by the client, which moves the job.

A quote copies everything it shows (the lines, the totals, the client's and
the issuer's details) when it is made: changing the job's lines afterwards, or
the client, changes nothing in a quote already made. A new quote of the same
job replaces the one still proposed.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from eft.models import Organisation
from eft.pdf import data_uri, render_pdf
from eft.templatetags.eft import money as money_text
from eft.vat import line_amount, mentions, rate_for
from invoicing.choices import QUOTE_SEQUENCE, QuoteStatus
from invoicing.documents import document_language, mail_document
from invoicing.models import Quote
from invoicing.services import (
    check_treatment,
    client_snapshot,
    format_number,
    issuer_snapshot,
    next_number,
)
from jobs import workflow
from jobs.choices import JobStatus
from jobs.models import Job

VALIDITY_DAYS = 30


def default_validity(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=VALIDITY_DAYS)


def _frozen_lines(job: Job) -> list[dict]:
    treatment = job.vat_treatment
    return [
        {
            "kind": line.kind,
            "description": line.description,
            "quantity": str(line.quantity),
            "unit": line.unit,
            "unit_price": str(line.unit_price),
            "vat_category": str(line.vat_category(treatment)),
            "vat_rate": str(rate_for(treatment, line.vat_rate)),
            "amount": str(line_amount(line.quantity, line.unit_price)),
        }
        for line in job.lines.order_by("position", "pk")
    ]


@transaction.atomic
def quote_create(*, job: Job, user, valid_until: datetime.date | None = None, today=None) -> Quote:
    """A quote of the job's lines as they are now; the job becomes quoted (a
    proposed quote of the same job is replaced)."""
    today = today or timezone.localdate()
    job = (
        Job.objects.select_for_update(of=("self",)).select_related("client", "site").get(pk=job.pk)
    )
    if job.status not in (JobStatus.DRAFT, JobStatus.QUOTED):
        raise ValidationError(
            _(
                "This job is “%(status)s”: a quote is made for a job in draft or quoted, "
                "and an accepted quote is kept as it was."
            )
            % {"status": job.get_status_display()}
        )
    valid_until = valid_until or default_validity(today)
    if valid_until < today:
        raise ValidationError(_("The quote cannot expire before today."))
    lines = _frozen_lines(job)
    if not lines:
        raise ValidationError(
            _("A job without lines cannot be quoted: add at least one line first.")
        )
    client = job.client
    check_treatment(job.vat_treatment, client, [job.site], lambda: today)
    if job.status == JobStatus.DRAFT:
        job = workflow.run(job, "quote")
    replaced = list(job.quotes.select_for_update().filter(status=QuoteStatus.PROPOSED))
    for old in replaced:
        old.status = QuoteStatus.REPLACED
        old._history_user = user
        old.save(update_fields=["status"])
    quote = Quote(
        job=job,
        issue_date=today,
        valid_until=valid_until,
        language=client.language,
        vat_treatment=job.vat_treatment,
        lines=lines,
        client_snapshot=client_snapshot(client),
        issuer_snapshot=issuer_snapshot(Organisation.get()),
        created_by=user,
    )
    summary = quote.summary()
    quote.total_excl_vat = summary.total_excl_vat
    quote.total_vat = summary.total_vat
    quote.total_incl_vat = summary.total_incl_vat
    quote._history_user = user
    # The number last: the sequence's row stays locked until the commit.
    quote.number = format_number(
        QUOTE_SEQUENCE, today.year, next_number(QUOTE_SEQUENCE, today.year)
    )
    quote.save()
    return quote


def _lock_proposed(quote: Quote) -> Quote:
    locked = Quote.objects.select_for_update(of=("self",)).select_related("job").get(pk=quote.pk)
    if not locked.is_proposed:
        raise ValidationError(
            _("%(quote)s is already “%(status)s”.")
            % {"quote": locked, "status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def quote_accept(*, quote: Quote, user, today=None) -> Quote:
    """The client accepted: the quote is kept as it is, the job is accepted."""
    today = today or timezone.localdate()
    locked = _lock_proposed(quote)
    if locked.is_expired(today):
        raise ValidationError(
            _(
                "%(quote)s was valid until %(date)s: make a new quote (the prices may have "
                "changed), or give the client a new validity date on a new quote."
            )
            % {"quote": locked, "date": date_format(locked.valid_until, "SHORT_DATE_FORMAT")}
        )
    workflow.run(locked.job, "accept")
    return _decide(locked, QuoteStatus.ACCEPTED, user)


@transaction.atomic
def quote_refuse(*, quote: Quote, user) -> Quote:
    """The client refused: the job goes back to draft, to be revised or cancelled."""
    locked = _lock_proposed(quote)
    if locked.job.status == JobStatus.QUOTED:
        workflow.run(locked.job, "revise")
    return _decide(locked, QuoteStatus.REFUSED, user)


def _decide(quote: Quote, status: str, user) -> Quote:
    quote.status = status
    quote.decided_at = timezone.now()
    quote.decided_by = user
    quote._history_user = user
    quote.save(update_fields=["status", "decided_at", "decided_by"])
    return quote


def recipient(quote: Quote) -> str:
    return quote.client_snapshot.get("email") or ""


def quote_send(*, quote: Quote, to: str, user, today=None) -> Quote:
    """E-mail the quote's PDF to the client, in the client's language."""
    if quote.is_expired(today or timezone.localdate()):
        raise ValidationError(
            _("%(quote)s expired on %(date)s: make a new one rather than send it.")
            % {"quote": quote, "date": date_format(quote.valid_until, "SHORT_DATE_FORMAT")}
        )
    if not quote.is_proposed:
        raise ValidationError(
            _("%(quote)s is “%(status)s”: only a proposed quote is sent.")
            % {"quote": quote, "status": quote.get_status_display()}
        )
    if not to:
        raise ValidationError(
            _("Give the e-mail address to send the quote to (the client has none on file).")
        )
    issuer = quote.issuer_snapshot
    with translation.override(document_language(quote.language)):
        subject = _("Quote %(number)s · %(issuer)s") % {
            "number": quote.number,
            "issuer": issuer["legal_name"],
        }
        body = _(
            "Hello,\n\nPlease find attached our quote %(number)s for “%(title)s”, "
            "%(total)s incl. VAT, valid until %(date)s.\n\nTo accept it, reply to this e-mail "
            "or return it signed.\n\nKind regards,\n%(issuer)s"
        ) % {
            "number": quote.number,
            "title": quote.job.title,
            "total": money_text(quote.total_incl_vat),
            "date": quote.valid_until.strftime("%d/%m/%Y"),
            "issuer": issuer["legal_name"],
        }
    return mail_document(
        quote,
        issuer=issuer,
        subject=subject,
        body=body,
        to=to,
        pdf_name=filename(quote),
        pdf=pdf_bytes(quote),
    )


# --- The PDF ------------------------------------------------------------------------


def frozen_lines(quote: Quote) -> list[SimpleNamespace]:
    """The quote's lines with their numbers as decimals again."""
    return [
        SimpleNamespace(
            **{
                **line,
                **{
                    key: Decimal(line[key])
                    for key in ("quantity", "unit_price", "vat_rate", "amount")
                },
            }
        )
        for line in quote.lines
    ]


def filename(quote: Quote) -> str:
    return f"devis-{quote.number.replace('/', '-')}.pdf"


def quote_pdf(quote: Quote, job: Job | None = None) -> bytes:
    job = job or quote.job
    organisation = Organisation.get()
    with translation.override(document_language(quote.language)):
        return render_pdf(
            "invoicing/quote_pdf.html",
            {
                "quote": quote,
                "job": job,
                "site": job.site,
                "issuer": quote.issuer_snapshot,
                "client": quote.client_snapshot,
                "lines": frozen_lines(quote),
                "summary": quote.summary(),
                "mentions": mentions(quote.vat_treatment),
                "logo": data_uri(organisation.logo),
            },
        )


def pdf_bytes(quote: Quote) -> bytes:
    """The PDF made with the quote (made again only if its file was lost)."""
    if not quote.pdf:
        quote.pdf.save(filename(quote), ContentFile(quote_pdf(quote)))
    try:
        with quote.pdf.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        quote.pdf.save(filename(quote), ContentFile(quote_pdf(quote)))
        with quote.pdf.open("rb") as handle:
            return handle.read()
