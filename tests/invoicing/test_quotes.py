"""Quotes: made from a job's lines and frozen, sent by e-mail with their PDF in
the client's language, accepted or refused, which moves the job."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from invoicing import quotes, services
from invoicing.models import Quote
from jobs.models import JobLine
from tests.factories import ClientFactory, JobFactory, JobLineFactory
from tests.invoicing.conftest import TODAY
from tests.invoicing.test_documents import pdf_text
from tests.test_query_counts import count

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def draft_job(workshop, company):
    """A draft fixed-price job: 20 h of labour at 30 € and paint 3 x 45,50 €, at 21 %."""
    job = JobFactory(workshop=workshop, client=company, status="draft", title="Peinture hall")
    JobLineFactory(job=job, description="Main-d'œuvre", quantity=D("20"), unit_price=D("30.00"))
    JobLineFactory(
        job=job,
        kind="materials",
        description="Peinture murale",
        quantity=D("3"),
        unit="pot",
        unit_price=D("45.50"),
    )
    return job


def test_a_quote_freezes_the_job_lines_and_quotes_the_job(centre, draft_job, admin_staff):
    quote = quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY)
    draft_job.refresh_from_db()
    assert draft_job.status == "quoted"
    assert quote.number == "D2026/0001" and quote.status == "proposed"
    assert quote.valid_until == TODAY + datetime.timedelta(days=30)
    # 600 + 136,50 = 736,50 excl. VAT; VAT 21 % once on the sum: 154,67.
    assert (quote.total_excl_vat, quote.total_vat, quote.total_incl_vat) == (
        D("736.50"),
        D("154.67"),
        D("891.17"),
    )
    text = pdf_text(quotes.pdf_bytes(quote))
    for expected in ("Devis D2026/0001", "valable jusqu'au", "30/12/2026", "891,17", "Peinture"):
        assert expected.lower() in text.lower(), expected
    assert "BE0417497106" in text and "Immo Meuse" in text  # the issuer and the client


def test_an_accepted_quote_stays_as_it_was_when_the_job_changes(centre, draft_job, admin_staff):
    quote = quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY)
    pdf_before = quotes.pdf_bytes(quote)
    quotes.quote_accept(quote=quote, user=admin_staff, today=TODAY)
    draft_job.refresh_from_db()
    assert draft_job.status == "accepted"
    JobLine.objects.filter(job=draft_job).update(unit_price=D("99.00"), description="Autre")
    draft_job.client.name = "Nouveau nom"
    draft_job.client.save()
    quote.refresh_from_db()
    assert quote.status == "accepted" and quote.decided_by == admin_staff
    assert quote.total_excl_vat == D("736.50")
    assert [line["description"] for line in quote.lines] == ["Main-d'œuvre", "Peinture murale"]
    assert quote.client_snapshot["name"] == "Immo Meuse"
    assert quotes.pdf_bytes(quote) == pdf_before  # the PDF made with it, kept


def test_a_new_quote_replaces_the_proposed_one(centre, draft_job, admin_staff):
    first = quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY)
    JobLineFactory(job=draft_job, description="Échafaudage", unit_price=D("80.00"))
    second = quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY)
    first.refresh_from_db()
    assert first.status == "replaced" and second.status == "proposed"
    assert second.number == "D2026/0002" and second.total_excl_vat > first.total_excl_vat
    with pytest.raises(ValidationError, match="déjà « Remplacé »"):
        quotes.quote_accept(quote=first, user=admin_staff, today=TODAY)


def test_refusal_sends_the_job_back_to_draft(centre, draft_job, admin_staff):
    quote = quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY)
    quotes.quote_refuse(quote=quote, user=admin_staff)
    draft_job.refresh_from_db()
    quote.refresh_from_db()
    assert quote.status == "refused" and draft_job.status == "draft"
    with pytest.raises(ValidationError, match="déjà « Refusé »"):
        quotes.quote_accept(quote=quote, user=admin_staff, today=TODAY)


def test_an_expired_quote_is_not_accepted(centre, draft_job, admin_staff):
    quote = quotes.quote_create(
        job=draft_job, user=admin_staff, today=TODAY, valid_until=TODAY + datetime.timedelta(1)
    )
    with pytest.raises(ValidationError, match="valable jusqu'au 01/12/2026"):
        quotes.quote_accept(quote=quote, user=admin_staff, today=TODAY + datetime.timedelta(2))
    quote.refresh_from_db()
    draft_job.refresh_from_db()
    assert quote.status == "proposed" and draft_job.status == "quoted"  # nothing changed


@pytest.mark.parametrize(
    "setup, message",
    [
        ("accepted", "en brouillon ou devisé"),
        ("no_lines", "sans lignes"),
        ("past", "avant aujourd'hui"),
        ("reverse_charge", "numéro de TVA belge"),
    ],
)
def test_a_quote_that_cannot_be_made_is_refused(centre, draft_job, admin_staff, setup, message):
    valid_until = None
    if setup == "accepted":
        draft_job.status = "accepted"
        draft_job.save()
    elif setup == "no_lines":
        draft_job.lines.all().delete()
    elif setup == "past":
        valid_until = TODAY - datetime.timedelta(days=1)
    elif setup == "reverse_charge":
        draft_job.client.vat_number = ""
        draft_job.client.save()
        draft_job.vat_treatment = "reverse_charge"
        draft_job.save()
    with pytest.raises(ValidationError, match=message):
        quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY, valid_until=valid_until)
    assert not Quote.objects.exists()
    draft_job.refresh_from_db()
    assert draft_job.status == ("accepted" if setup == "accepted" else "draft")


def test_a_quote_is_sent_by_email_in_the_clients_language(centre, workshop, admin_staff):
    client = ClientFactory(
        name="Green Ltd", kind="company", language="en", invoice_email="ap@green.example"
    )
    job = JobFactory(workshop=workshop, client=client, status="draft", title="Hedges")
    JobLineFactory(job=job, description="Hedge trimming", quantity=D("8"), unit_price=D("30"))
    quote = quotes.quote_create(job=job, user=admin_staff, today=TODAY)
    assert quotes.recipient(quote) == "ap@green.example"
    quotes.quote_send(quote=quote, to="ap@green.example", user=admin_staff)
    [message] = mail.outbox
    assert message.to == ["ap@green.example"]
    assert message.subject == "Quote D2026/0001 · Atelier Tremplin"
    assert "290.40\u00a0€ incl. VAT, valid until 30/12/2026" in message.body
    assert message.reply_to == ["contact@atelier-tremplin.be"]
    [(name, content, kind)] = message.attachments
    assert name == "devis-D2026-0001.pdf" and kind == "application/pdf"
    text = pdf_text(content)
    assert "Quote D2026/0001" in text and "VALID UNTIL" in text and "290.40" in text
    quote.refresh_from_db()
    assert quote.sent_to == "ap@green.example" and quote.sent_at is not None


def test_the_quote_pages_from_the_job_to_acceptance(
    client_as, centre, draft_job, admin_staff, trainer
):
    office = client_as(admin_staff)
    job_page = office.get(draft_job.get_absolute_url()).content.decode()
    assert "Faire un devis" in job_page
    url = reverse("quote_create", args=[draft_job.pk])
    form = office.get(url).content.decode()
    assert "891,17\u00a0€" in form
    bad = office.post(url, {"valid_until": "31/02/2027"})
    assert "Saisissez une date valide" in bad.content.decode() and not Quote.objects.exists()
    response = office.post(url, {"valid_until": "15/01/2027"})
    quote = Quote.objects.get()
    assert response["Location"] == quote.get_absolute_url()
    assert quote.valid_until == datetime.date(2027, 1, 15)
    page = office.get(quote.get_absolute_url()).content.decode()
    assert "Accepté par le client" in page and "891,17\u00a0€" in page
    send = office.post(reverse("quote_send", args=[quote.pk]), {"to": "pas-une-adresse"})
    assert not mail.outbox
    page = office.get(send["Location"]).content.decode()
    assert "adresse e-mail valide" in page
    office.post(reverse("quote_send", args=[quote.pk]), {"to": "achats@immo-meuse.be"})
    assert mail.outbox[0].subject.startswith("Devis D2026/0001")
    office.post(reverse("quote_decide", args=[quote.pk]), {"decision": "accept"})
    quote.refresh_from_db()
    draft_job.refresh_from_db()
    assert quote.status == "accepted" and draft_job.status == "accepted"
    listed = office.get(reverse("quote_list"), {"q": draft_job.reference.lower()}).content.decode()
    assert "D2026/0001" in listed and "Accepté" in listed
    assert "D2026/0001" not in office.get(reverse("quote_list"), {"q": "nothing"}).content.decode()
    pdf = office.get(reverse("quote_pdf", args=[quote.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    # A trainer sees neither the quotes nor their amounts.
    assert (
        "Faire un devis"
        not in client_as(trainer).get(draft_job.get_absolute_url()).content.decode()
    )
    assert client_as(trainer).get(quote.get_absolute_url()).status_code == 403


def test_a_job_with_a_quote_is_cancelled_not_deleted(client_as, centre, draft_job, admin_staff):
    quote = quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY)
    quotes.quote_refuse(quote=quote, user=admin_staff)  # back to draft
    page = client_as(admin_staff).post(reverse("job_delete", args=[draft_job.pk]), follow=True)
    assert "Un devis ou une facture" in page.content.decode()
    assert Quote.objects.filter(job=draft_job).exists()


def test_an_invoice_that_differs_from_the_accepted_quote_says_so(
    client_as, centre, draft_job, admin_staff
):
    quote = quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY)
    quotes.quote_accept(quote=quote, user=admin_staff, today=TODAY)
    draft_job.status = "done"
    draft_job.save()
    JobLineFactory(job=draft_job, description="Extra", quantity=D("1"), unit_price=D("50"))
    invoice = services.invoice_create(client=draft_job.client, jobs=[draft_job], user=admin_staff)
    page = client_as(admin_staff).get(invoice.get_absolute_url()).content.decode()
    assert 'data-testid="quote-differences"' in page
    assert "D2026/0001" in page and "736,50\u00a0€" in page and "786,50\u00a0€" in page


def test_quote_list_and_detail_query_counts(client_as, centre, workshop, company, admin_staff):
    browser = client_as(admin_staff)

    def grow(n):
        made = []
        for _ in range(n):
            job = JobFactory(workshop=workshop, client=company, status="draft")
            JobLineFactory.create_batch(3, job=job)
            made.append(quotes.quote_create(job=job, user=admin_staff, today=TODAY))
        return made

    first = grow(3)[0]
    urls = [reverse("quote_list"), first.get_absolute_url()]
    few = [count(browser, url) for url in urls]
    grow(20)
    assert [count(browser, url) for url in urls] == few == [6, 5]


def test_an_expired_quote_is_not_sent_and_a_mail_server_down_is_said(
    client_as, centre, draft_job, admin_staff, settings
):
    quote = quotes.quote_create(job=draft_job, user=admin_staff, today=TODAY)
    with pytest.raises(ValidationError, match="a expiré le 30/12/2026"):
        quotes.quote_send(
            quote=quote, to="a@b.be", user=admin_staff, today=datetime.date(2027, 1, 2)
        )
    settings.EMAIL_BACKEND = "tests.invoicing.test_quotes.BrokenBackend"
    response = client_as(admin_staff).post(
        reverse("quote_send", args=[quote.pk]), {"to": "a@b.be"}, follow=True
    )
    assert "L&#x27;e-mail n&#x27;a pas pu être envoyé" in response.content.decode()
    quote.refresh_from_db()
    assert quote.sent_at is None


class BrokenBackend:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused")
