"""Reminders under Belgian law: a free first reminder and 14 days for a private
client, capped charges only if the centre's terms provide them; interest and
40 € for a business; first, second, formal notice, then nothing more."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from eft.models import Organisation
from invoicing import reminders, services
from invoicing.models import Reminder
from tests.factories import JobFactory, JobLineFactory
from tests.invoicing.conftest import TODAY
from tests.invoicing.test_documents import pdf_text

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date


def pdf_of(reminder) -> str:
    with reminder.pdf.open("rb") as handle:
        return pdf_text(handle.read())


@pytest.fixture
def business_invoice(centre, fixed_job, company, admin_staff):
    """1.836,78 € issued on 30/11/2026 to a company, due on 30/12/2026."""
    return services.invoice_issue(
        invoice=services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )


@pytest.fixture
def consumer_invoice(centre, home, admin_staff, workshop):
    """363,00 € issued on 30/11/2026 to a private client (payment terms 30 days)."""
    client = home.client
    client.payment_terms_days = 30
    client.save()
    job = JobFactory(client=client, site=home, status="done", workshop=workshop)
    JobLineFactory(job=job, quantity=D(1), unit_price=D("300.00"), vat_rate=D("21.00"))
    return services.invoice_issue(
        invoice=services.invoice_create(client=client, jobs=[job], user=admin_staff),
        user=admin_staff,
        today=TODAY,
    )


@pytest.mark.parametrize(
    "reference, rate", [("2.15", "10.50"), ("2.50", "10.50"), ("2.51", "11.00"), ("4.00", "12.00")]
)
def test_the_business_rate_is_rounded_up_to_the_half_point(reference, rate):
    assert reminders.business_rate(D(reference)) == D(rate)


@pytest.mark.parametrize(
    "due, cap",
    [("100", "20.00"), ("150", "20.00"), ("300", "45.00"), ("1000", "90.00"), ("99000", "2000.00")],
)
def test_the_consumer_lump_sum_is_capped_by_the_law(due, cap):
    assert reminders.consumer_lump_sum(D(due)) == D(cap)


def test_a_business_is_reminded_with_interest_and_40_euros_then_formal_notice(
    business_invoice, admin_staff
):
    invoice = business_invoice
    with pytest.raises(ValidationError, match="échéance le 30/12/2026"):
        reminders.propose(invoice, DAY(2026, 12, 30))
    proposal = reminders.propose(invoice, DAY(2027, 1, 10))
    # 11 days (31/12 to 10/01) at 2,15 + 8 = 10,15, rounded up to 10,50 %, on 1.836,78: 5,81.
    assert (proposal.level, proposal.lump_sum, proposal.interest_days) == (1, D("40.00"), 11)
    assert proposal.rate == D("10.50") and proposal.interest == D("5.81")
    first = reminders.reminder_create(
        invoice=invoice, user=admin_staff, claim_charges=True, today=DAY(2027, 1, 10)
    )
    assert first.total == D("1836.78") + D("40.00") + D("5.81")
    assert first.deadline == DAY(2027, 1, 26)  # 3 working days, then 14 days
    text = pdf_of(first)
    for expected in ("Premier rappel", invoice.number, "1.882,59", "40,00", "10,50 %"):
        assert expected in text, expected
    assert services.format_communication(invoice.structured_communication) in text
    with pytest.raises(ValidationError, match="jusqu'au 26/01/2027"):
        reminders.propose(invoice, DAY(2027, 1, 20))
    second = reminders.reminder_create(invoice=invoice, user=admin_staff, today=DAY(2027, 1, 27))
    assert second.level == 2 and second.total == D("1836.78")  # nothing claimed unless ticked
    notice = reminders.reminder_create(invoice=invoice, user=admin_staff, today=DAY(2027, 2, 15))
    assert notice.get_level_display() == "Mise en demeure"
    assert "Mise en demeure" in pdf_of(notice)
    with pytest.raises(ValidationError, match="mise en demeure a été envoyée"):
        reminders.propose(invoice, DAY(2027, 3, 30))


def test_a_consumers_first_reminder_is_free(consumer_invoice, admin_staff):
    invoice = consumer_invoice
    proposal = reminders.propose(invoice, DAY(2027, 1, 4))
    assert not proposal.can_claim and "ne prévoient pas" in proposal.why_not
    with pytest.raises(ValidationError, match="ne prévoient pas"):
        reminders.reminder_create(
            invoice=invoice, user=admin_staff, claim_charges=True, today=DAY(2027, 1, 4)
        )
    assert not Reminder.objects.exists()
    organisation = Organisation.get()
    organisation.consumer_late_charges = True
    organisation.save()
    proposal = reminders.propose(invoice, DAY(2027, 1, 4))
    assert not proposal.can_claim and "gratuit" in proposal.why_not
    first = reminders.reminder_create(invoice=invoice, user=admin_staff, today=DAY(2027, 1, 4))
    text = pdf_of(first)
    assert "Ce premier rappel est gratuit" in text
    # The first reminder announces what may be claimed: 30 + 10 % of 213,00 = 51,30.
    assert "51,30" in text and "0417497106" in text  # and the creditor's enterprise number
    assert first.total == D("363.00")
    later = reminders.propose(invoice, first.deadline + datetime.timedelta(days=10))
    assert later.can_claim and later.lump_sum == D("51.30")
    assert later.interest_days == 10 and later.interest == D("1.01")


def test_nothing_to_remind_on_a_paid_invoice(business_invoice, admin_staff):
    services.payment_record(
        invoice=business_invoice,
        date=DAY(2026, 12, 10),
        amount=business_invoice.total_incl_vat,
        method="transfer",
        user=admin_staff,
    )
    with pytest.raises(ValidationError, match="Plus rien n'est à payer"):
        reminders.propose(business_invoice, DAY(2027, 1, 10))


def test_two_people_making_the_same_reminder(business_invoice, admin_staff):
    reminders.reminder_create(invoice=business_invoice, user=admin_staff, today=DAY(2027, 1, 10))
    with pytest.raises(ValidationError, match="entre-temps"):
        reminders.reminder_create(
            invoice=business_invoice,
            user=admin_staff,
            today=DAY(2027, 1, 30),
            expected_level=1,
        )
    assert business_invoice.reminders.count() == 1


def test_the_reminder_page_sends_it_by_email(
    client_as, business_invoice, admin_staff, trainer, monkeypatch
):
    invoice = business_invoice
    monkeypatch.setattr(reminders.timezone, "localdate", lambda: DAY(2027, 1, 10))
    office = client_as(admin_staff)
    url = reverse("reminder_create", args=[invoice.pk])
    page = office.get(url).content.decode()
    assert "40,00\u00a0€" in page and "5,81\u00a0€" in page
    no_address = office.post(url, {"level": 1, "action": "send", "send_to": ""})
    assert "Indiquez l&#x27;adresse e-mail" in no_address.content.decode()
    assert not Reminder.objects.exists()
    office.post(
        url, {"level": 1, "action": "send", "send_to": "compta@immo.be", "claim_charges": "on"}
    )
    reminder = Reminder.objects.get()
    assert reminder.sent_to == "compta@immo.be" and reminder.lump_sum == D("40.00")
    [message] = mail.outbox
    assert message.subject.startswith("Premier rappel : facture 2026/0001")
    assert message.attachments[0][0] == "rappel-2026-0001.pdf"
    detail = office.get(invoice.get_absolute_url()).content.decode()
    assert 'data-testid="reminders"' in detail and "compta@immo.be" in detail
    pdf = office.get(reverse("reminder_pdf", args=[reminder.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert client_as(trainer).get(url).status_code in (403, 404)  # as for any invoice page
    assert client_as(trainer).get(reverse("reminder_pdf", args=[reminder.pk])).status_code == 403


def test_a_reminder_is_sent_later_and_its_lost_pdf_made_again(
    client_as, business_invoice, admin_staff, settings
):
    reminder = reminders.reminder_create(
        invoice=business_invoice, user=admin_staff, today=DAY(2027, 1, 10)
    )
    office = client_as(admin_staff)
    url = reverse("reminder_send", args=[reminder.pk])
    settings.EMAIL_BACKEND = "tests.invoicing.test_quotes.BrokenBackend"
    page = office.post(url, {"to": "compta@immo.be"}, follow=True).content.decode()
    assert "L&#x27;e-mail n&#x27;a pas pu être envoyé" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = office.post(url, {"to": "compta@immo.be"}, follow=True).content.decode()
    reminder.refresh_from_db()
    assert reminder.sent_to == "compta@immo.be" and len(mail.outbox) == 1
    reminder.pdf.storage.delete(reminder.pdf.name)
    pdf = office.get(reverse("reminder_pdf", args=[reminder.pk]))
    assert pdf.status_code == 200 and "Premier rappel" in pdf_text(pdf.content)
