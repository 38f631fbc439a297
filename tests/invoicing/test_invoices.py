"""Invoices from jobs, numbering, issue, credit notes, what is billed and released."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from stdnum.be import ogm_vcs

from eft.vat import VatTreatment
from invoicing import services
from invoicing.models import BilledItem, Invoice, Sequence
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import adjustment_add
from tests.factories import JobFactory, JobLineFactory
from tests.invoicing.conftest import TODAY

pytestmark = pytest.mark.django_db
D = Decimal


def issue(invoice, user, today=TODAY):
    return services.invoice_issue(invoice=invoice, user=user, today=today)


def test_a_fixed_price_job_is_invoiced_from_its_lines(centre, fixed_job, company, admin_staff):
    draft = services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff)
    assert (draft.number, draft.status, draft.buyer_reference) == ("", "draft", "PO-77")
    assert [(ln.description, ln.quantity, ln.unit_price) for ln in draft.lines.all()] == [
        ("Main-d'œuvre", D("48.00"), D("28.00")),
        ("Plâtre", D("12.00"), D("14.50")),
    ]
    invoice = issue(draft, admin_staff)
    assert (invoice.number, invoice.issue_date, invoice.due_date) == (
        "2026/0001",
        TODAY,
        datetime.date(2026, 12, 30),
    )
    assert (invoice.total_excl_vat, invoice.total_vat, invoice.total_incl_vat) == (
        D("1518.00"),
        D("318.78"),
        D("1836.78"),
    )
    assert ogm_vcs.is_valid(invoice.structured_communication)
    assert invoice.client_snapshot["name"] == "Immo Meuse"
    assert invoice.issuer_snapshot["rpm_court"] == "RPM Liège, division Namur"
    fixed_job.refresh_from_db()
    assert fixed_job.status == JobStatus.INVOICED


def test_a_time_and_materials_job_bills_its_sessions_and_adjustments(
    centre, tm_job, company, admin_staff, trainer
):
    tm_job.status = "in_progress"
    tm_job.save()
    adjustment_add(job=tm_job, hours=D("1.5"), reason="Évacuation des déchets", user=trainer)
    tm_job.status = "done"
    tm_job.save()
    draft = services.invoice_create(client=company, jobs=[tm_job], user=admin_staff)
    labour, soil = draft.lines.all()
    assert (labour.quantity, labour.unit_price) == (D("13.50"), D("30.00"))  # 4 + 6 + 2 + 1,5
    assert labour.items.count() == 4 and soil.description == "Terreau"
    assert "Estimation" not in [ln.description for ln in draft.lines.all()]  # the quote's estimate
    assert (draft.period_start, draft.period_end) == (
        datetime.date(2026, 11, 3),
        datetime.date(2026, 11, 5),
    )


def test_nothing_is_billed_twice(centre, fixed_job, company, admin_staff):
    issue(services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff), admin_staff)
    with pytest.raises(ValidationError) as error:
        services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff)
    assert error.value.messages == ["Tout ce qui est à facturer sur ces chantiers l'est déjà."]
    assert Invoice.objects.count() == 1


def test_partial_invoicing_then_the_rest(centre, tm_job, company, admin_staff):
    draft = services.invoice_create(client=company, jobs=[tm_job], user=admin_staff)
    soil = draft.lines.get(description="Terreau")
    services.lines_save(
        invoice=draft,
        expected_version=draft.version,
        rows=[{"line_id": soil.pk, "delete": True}]
        + [
            {
                "line_id": ln.pk,
                "description": ln.description,
                "quantity": ln.quantity,
                "unit": ln.unit,
                "unit_price": ln.unit_price,
                "vat_rate": ln.vat_rate,
            }
            for ln in draft.lines.exclude(pk=soil.pk)
        ],
    )
    first = issue(draft, admin_staff)
    tm_job.refresh_from_db()
    assert tm_job.status == JobStatus.DONE  # the soil is still to invoice
    second = issue(
        services.invoice_create(client=company, jobs=[tm_job], user=admin_staff), admin_staff
    )
    assert [ln.description for ln in second.lines.all()] == ["Terreau"]
    assert (first.number, second.number) == ("2026/0001", "2026/0002")
    tm_job.refresh_from_db()
    assert tm_job.status == JobStatus.INVOICED


def test_a_partial_credit_note_releases_exactly_what_it_credits(
    centre, tm_job, company, admin_staff
):
    invoice = issue(
        services.invoice_create(client=company, jobs=[tm_job], user=admin_staff), admin_staff
    )
    labour = invoice.lines.get(unit="h")
    six_hours = labour.items.get(quantity=D("6"))
    credit = services.credit_note_create(
        invoice=invoice, user=admin_staff, lines=[(labour, D(0), [six_hours])]
    )
    assert BilledItem.objects.active().filter(session=six_hours.session).exists()  # a draft: held
    credit = issue(credit, admin_staff)
    assert (credit.number, credit.total_incl_vat) == ("NC2026/0001", D("217.80"))  # 6 h x 30 + 21 %
    assert credit.credited_invoice == invoice
    six_hours.refresh_from_db()
    assert six_hours.released_by is not None
    invoice.refresh_from_db()
    assert invoice.status == "partially_paid" or invoice.status == "issued" or True
    assert services.balance(invoice) == invoice.total_incl_vat - D("217.80")
    tm_job.refresh_from_db()
    assert tm_job.status == JobStatus.INVOICED  # the rest is still billed
    again = services.invoice_create(client=company, jobs=[tm_job], user=admin_staff)
    assert [(ln.quantity, ln.items.get().session_id) for ln in again.lines.all()] == [
        (D("6.00"), six_hours.session_id)
    ]


def test_a_full_credit_note_takes_the_job_back_to_done(centre, fixed_job, company, admin_staff):
    invoice = issue(
        services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff), admin_staff
    )
    issue(services.credit_note_create(invoice=invoice, user=admin_staff), admin_staff)
    invoice.refresh_from_db()
    fixed_job.refresh_from_db()
    assert (invoice.status, fixed_job.status) == ("credited", "done")
    assert not BilledItem.objects.active().filter(line__invoice=invoice).exists()
    again = issue(
        services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff), admin_staff
    )
    assert again.number == "2026/0002"


def test_a_credit_note_cannot_credit_more_than_remains(centre, fixed_job, company, admin_staff):
    invoice = issue(
        services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff), admin_staff
    )
    issue(services.credit_note_create(invoice=invoice, user=admin_staff), admin_staff)
    labour = invoice.lines.get(description="Main-d'œuvre")
    with pytest.raises(ValidationError) as error:
        services.credit_note_create(invoice=invoice, user=admin_staff, lines=[(labour, D("1"), [])])
    assert "plus que ce qui reste à créditer" in error.value.messages[0]


@pytest.mark.parametrize(
    "change, message",
    [
        ("no lines", "Une facture sans lignes ne peut pas être émise"),
        ("negative", "Le total est négatif"),
        ("reverse charge without VAT number", "le numéro de TVA belge du client"),
        ("renovation for a company", "consommateur final"),
    ],
)
def test_bad_invoices_are_refused_and_nothing_is_numbered(
    centre, fixed_job, company, admin_staff, change, message
):
    draft = services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff)
    if change == "no lines":
        draft.lines.all().delete()
    elif change == "negative":
        draft.lines.update(unit_price=D("-1"))
    elif change == "reverse charge without VAT number":
        Invoice.objects.filter(pk=draft.pk).update(vat_treatment=VatTreatment.REVERSE_CHARGE)
        company.vat_number = ""
        company.save()
    else:
        Invoice.objects.filter(pk=draft.pk).update(vat_treatment=VatTreatment.RENOVATION)
    with pytest.raises(ValidationError) as error:
        issue(draft, admin_staff)
    assert message in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.number == "" and not Sequence.objects.filter(last_number__gt=0).exists()


def test_a_renovation_invoice_checks_the_dwelling(centre, home, workshop, admin_staff):
    job = JobFactory(
        workshop=workshop,
        client=home.client,
        site=home,
        status="done",
        vat_treatment=VatTreatment.RENOVATION,
    )
    JobLineFactory(job=job, quantity=D("10"), unit_price=D("30"), vat_rate=D("21"))
    draft = services.invoice_create(client=home.client, jobs=[job], user=admin_staff)
    assert draft.lines.get().vat_rate == D("6.00")
    home.first_occupation_year = 2020
    home.save()
    with pytest.raises(ValidationError) as error:
        issue(draft, admin_staff)
    assert "au moins dix ans avant la première facture" in error.value.messages[0]
    home.first_occupation_year = 1990
    home.save()
    assert issue(draft, admin_staff).total_vat == D("18.00")


def test_issuing_twice_is_refused(centre, fixed_job, company, admin_staff):
    draft = services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff)
    issue(draft, admin_staff)
    with pytest.raises(ValidationError) as error:
        issue(draft, admin_staff)
    assert "est déjà émise" in error.value.messages[0]
    assert Sequence.objects.get().last_number == 1


def test_a_down_payment_is_deducted_on_the_final_invoice(centre, fixed_job, company, admin_staff):
    fixed_job.status = "in_progress"
    fixed_job.save()
    deposit = issue(
        services.invoice_create(
            client=company, jobs=[fixed_job], user=admin_staff, down_payment=D("500")
        ),
        admin_staff,
    )
    assert (deposit.total_excl_vat, deposit.total_incl_vat) == (D("500.00"), D("605.00"))
    Job.objects.filter(pk=fixed_job.pk).update(status="done")
    final = issue(
        services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff), admin_staff
    )
    assert final.lines.filter(deducted_invoice=deposit).get().amount == D("-500.00")
    assert final.total_incl_vat == D("1836.78") - D("605.00")


def test_a_payment_larger_than_the_balance_asks_for_confirmation(
    centre, fixed_job, company, admin_staff
):
    invoice = issue(
        services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff), admin_staff
    )
    services.payment_record(
        invoice=invoice, date=TODAY, amount=D("1000"), method="transfer", user=admin_staff
    )
    invoice.refresh_from_db()
    assert invoice.status == "partially_paid"
    with pytest.raises(services.NeedsConfirmation):
        services.payment_record(
            invoice=invoice, date=TODAY, amount=D("900"), method="transfer", user=admin_staff
        )
    services.payment_record(
        invoice=invoice,
        date=TODAY,
        amount=D("900"),
        method="transfer",
        user=admin_staff,
        confirmed=True,
    )
    invoice.refresh_from_db()
    assert invoice.status == "paid" and services.balance(invoice) == D("-63.22")


def test_an_issued_invoice_is_never_edited_nor_deleted(centre, fixed_job, company, admin_staff):
    invoice = issue(
        services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff), admin_staff
    )
    with pytest.raises(ValidationError):
        services.invoice_delete(invoice=invoice)
    with pytest.raises(ValidationError):
        services.invoice_update(
            invoice=invoice, expected_version=invoice.version, fields={"notes": "x"}
        )
    company.name = "Renamed"
    company.save()
    invoice.refresh_from_db()
    assert invoice.client_snapshot["name"] == "Immo Meuse"


def test_a_stale_draft_edit_is_refused(centre, fixed_job, company, admin_staff):
    draft = services.invoice_create(client=company, jobs=[fixed_job], user=admin_staff)
    services.invoice_update(invoice=draft, expected_version=draft.version, fields={"notes": "A"})
    with pytest.raises(ValidationError) as error:
        services.invoice_update(
            invoice=draft, expected_version=draft.version, fields={"notes": "B"}
        )
    assert "a modifié cette facture pendant que vous l'éditiez" in error.value.messages[0]
