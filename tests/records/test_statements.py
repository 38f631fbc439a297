"""Monthly hours statements: figures by kind, allowance, travel costs, issue
and freeze, documents (.xlsx read back with openpyxl, PDF with pypdf)."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from jobs import services as job_services
from jobs.choices import SessionKind
from jobs.models import MonthClosing
from records import services, statements
from records.models import AllowanceRate, Statement, TravelCost
from tests.exports_helpers import exported
from tests.factories import ContractFactory, JobFactory, TraineeFactory
from tests.jobs.helpers import row

pytestmark = pytest.mark.django_db
NOVEMBER = datetime.date(2026, 11, 1)
TUE, WED, THU = (datetime.date(2026, 11, d) for d in (3, 4, 5))


def plan(workshop, day, trainees, trainer, kind=SessionKind.PRODUCTION, hours=(8, 12), **extra):
    job = JobFactory(workshop=workshop) if kind == SessionKind.PRODUCTION else None
    return job_services.sessions_plan(
        kind=kind,
        job=job,
        workshop=workshop,
        dates=[day],
        start=datetime.time(hours[0]),
        end=datetime.time(hours[1]),
        trainers=[trainer],
        trainees=trainees,
        accept_warnings=True,
        **extra,
    )[0]


@pytest.fixture
def month(workshop, trainer, team):
    """A November: production on Tuesday (Bruno ill), a lesson on Wednesday
    afternoon, Chloé on placement on Thursday, Amina at a partner."""
    amina, bruno, chloe = team
    tuesday = plan(workshop, TUE, team, trainer)
    job_services.attendance_record(
        tuesday,
        [
            row(amina, Decimal(4)),
            row(bruno, None, "illness"),
            row(chloe, Decimal(3), "unjustified"),
        ],
        user=trainer,
    )
    lesson = plan(
        workshop, WED, [amina, bruno], trainer, SessionKind.LESSON, (13, 15), title="Calcul"
    )
    job_services.attendance_everyone_present(lesson, user=trainer)
    placement = plan(workshop, THU, [chloe], trainer, SessionKind.PLACEMENT, host="Garage Lecomte")
    job_services.attendance_everyone_present(placement, user=trainer)
    partner = plan(workshop, THU, [amina], trainer, SessionKind.PARTNER, (13, 17), host="Le Forem")
    job_services.attendance_everyone_present(partner, user=trainer)
    return team


def test_the_workshop_month_counts_each_kind_in_its_column(workshop, month):
    amina, bruno, chloe = month
    rows = {r.trainee_id: r for r in statements.workshop_month(workshop, NOVEMBER)}
    a, b, c = rows[amina.pk], rows[bruno.pk], rows[chloe.pk]
    assert (a.totals.centre, a.totals.partner, a.totals.total) == (
        6,
        4,
        10,
    )  # 4 + 2 lesson; partner
    assert (b.totals.centre, b.totals.assimilated, b.totals.total) == (
        2,
        4,
        6,
    )  # ill 4 h, lesson 2 h
    assert b.days[TUE].assimilated == 4 and b.absences == {"illness": Decimal(4)}
    assert (c.totals.centre, c.totals.placement, c.totals.absent, c.totals.total) == (3, 4, 1, 7)
    assert c.absences == {"unjustified": Decimal(1)}
    assert (a.allowance, b.allowance, c.allowance) == (
        Decimal("10.00"),
        Decimal("2.00"),
        Decimal("7.00"),
    )


def test_the_allowance_follows_the_rate_in_force_each_day(workshop, month):
    amina, bruno, _chloe = month
    AllowanceRate.objects.create(valid_from=WED, hourly_rate=Decimal("1.20"), pays_assimilated=True)
    rows = {r.trainee_id: r for r in statements.workshop_month(workshop, NOVEMBER)}
    # Amina: 4 h on Tuesday at 1 €, then 2 h + 4 h at 1,20 €.
    assert rows[amina.pk].allowance == Decimal("11.20")
    # Bruno: 4 h ill on Tuesday (assimilated, but not paid before Wednesday), 2 h at 1,20 €.
    assert rows[bruno.pk].allowance == Decimal("2.40")


def test_the_workshop_statement_xlsx_matches_the_attendance(
    client_as, admin_staff, workshop, month
):
    response = client_as(admin_staff).get(
        reverse("statement_workshop", args=[NOVEMBER, workshop.pk]), {"format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Stagiaire")
    by_name = {
        r[0]: dict(zip(header, r, strict=True))
        for r in rows
        if r and r[0] and "Peeters" in str(r[0])
    }
    bruno = by_name["Peeters Bruno"]
    assert (bruno[3], bruno[4]) == (4, 2)  # the 3rd: 4 h assimilated; the 4th: 2 h lesson
    assert bruno["Assimilées"] == 4 and bruno["Heures de formation"] == 6
    assert bruno["Indemnité"] == 2
    total = next(r for r in rows if r and r[0] == "Total")
    assert dict(zip(header, total, strict=True))["Heures de formation"] == 23
    assert any(r and r[0] == "« Certifié sincère et exact »" for r in rows)
    assert rows[0][0] == "Relevé mensuel des heures"


def test_the_trainee_statement_pdf(client_as, admin_staff, month):
    bruno = month[1]
    response = client_as(admin_staff).get(
        reverse("statement_trainee", args=[NOVEMBER, bruno.pk]), {"format": "pdf"}
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in [
        "Peeters Bruno",
        "Novembre 2026",
        "Maladie (avec certificat)",
        "Certifié sincère et exact",
        "Provisoire",
        "2,00\u00a0€",
    ]:
        assert expected in text, expected


def test_travel_costs_are_entered_per_month(client_as, admin_staff, workshop, month):
    amina, bruno, _chloe = month
    url = reverse("travel_costs", args=[NOVEMBER, workshop.pk])
    client_as(admin_staff).post(url, {f"t{amina.pk}": "12,50", f"t{bruno.pk}": ""})
    assert TravelCost.objects.get().amount == Decimal("12.50")
    rows = {r.trainee_id: r for r in statements.workshop_month(workshop, NOVEMBER)}
    assert (rows[amina.pk].travel, rows[amina.pk].due) == (Decimal("12.50"), Decimal("22.50"))


@pytest.mark.parametrize(
    "value, message",
    [
        ("-3", "ne peuvent pas être négatifs"),
        ("douze", "Indiquez un montant en euros"),
        ("1,234", "Deux décimales"),
    ],
)
def test_bad_travel_costs_are_refused_and_nothing_is_saved(
    client_as, admin_staff, workshop, month, value, message
):
    amina, bruno, _chloe = month
    url = reverse("travel_costs", args=[NOVEMBER, workshop.pk])
    page = client_as(admin_staff).post(url, {f"t{amina.pk}": value, f"t{bruno.pk}": "5"})
    assert message in page.content.decode()
    assert not TravelCost.objects.exists()
    with pytest.raises(ValidationError):
        services.travel_costs_save(month=NOVEMBER, amounts={amina: Decimal("-1")}, user=admin_staff)


def test_a_statement_is_issued_only_for_a_closed_month_and_then_frozen(
    client_as, admin_staff, coordinator, workshop, month, trainer
):
    url = reverse("statement_workshop", args=[NOVEMBER, workshop.pk])
    page = client_as(admin_staff).post(url, follow=True)
    assert "n'est pas clôturé" in page.content.decode().replace("&#x27;", "'")
    assert not Statement.objects.exists()
    job_services.month_close(NOVEMBER, coordinator)
    client_as(admin_staff).post(url)
    issued = Statement.objects.get()
    assert Decimal(bruno_of(issued)["totals"]["assimilated"]) == 4
    # Reopening warns, then the issued figures stay as they were.
    months = client_as(coordinator).post(
        reverse("month_list"), {"month": "2026-11-01", "action": "reopen", "reason": "Correction"}
    )
    assert "devra être émis à nouveau" in months.content.decode()
    assert MonthClosing.objects.is_closed(TUE)
    client_as(coordinator).post(
        reverse("month_list"),
        {"month": "2026-11-01", "action": "reopen", "reason": "Correction", "confirmed": "on"},
    )
    assert not MonthClosing.objects.is_closed(TUE)
    bruno = month[1]
    tuesday = bruno.attendances.get(session__date=TUE).session
    job_services.attendance_record(tuesday, [row(bruno, Decimal(4))], user=trainer)
    issued.refresh_from_db()
    assert Decimal(bruno_of(issued)["totals"]["assimilated"]) == 4
    page = client_as(admin_staff).get(url).content.decode()
    assert "devra être émis à nouveau" in page
    job_services.month_close(NOVEMBER, coordinator)
    client_as(admin_staff).post(url)
    assert Decimal(bruno_of(Statement.objects.current().get())["totals"]["assimilated"]) == 0
    assert Statement.objects.filter(superseded_at__isnull=False).get() == issued


def bruno_of(statement):
    return next(r for r in statement.figures["rows"] if r["name"] == "Peeters Bruno")


def test_an_issued_statement_is_downloaded_as_issued(
    client_as, admin_staff, coordinator, workshop, month
):
    job_services.month_close(NOVEMBER, coordinator)
    url = reverse("statement_workshop", args=[NOVEMBER, workshop.pk])
    client_as(admin_staff).post(url)
    workshop.name = "Renamed"
    workshop.save()
    sheet = openpyxl.load_workbook(
        io.BytesIO(client_as(admin_staff).get(url, {"format": "xlsx"}).getvalue())
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][1] == "Construction"  # the name it had when issued
    assert rows[4][0] == "Émis le"


def test_a_month_with_no_data_gives_an_empty_statement(client_as, admin_staff, workshop):
    url = reverse("statement_workshop", args=[datetime.date(2025, 2, 1), workshop.pk])
    page = client_as(admin_staff).get(url)
    assert page.status_code == 200 and "Aucune heure encodée pour ce mois." in page.content.decode()
    sheet = openpyxl.load_workbook(
        io.BytesIO(client_as(admin_staff).get(url, {"format": "xlsx"}).getvalue())
    ).active
    assert ("Aucune heure encodée pour ce mois.",) in [
        r[:1] for r in sheet.iter_rows(values_only=True)
    ]
    pdf = client_as(admin_staff).get(url, {"format": "pdf"})
    assert "Aucune heure encodée" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_the_yearly_summary(client_as, admin_staff, workshop, month):
    response = exported(
        client_as(admin_staff),
        reverse("statement_year", args=[2026, workshop.pk]),
        data={"format": "xlsx"},
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True)
    )
    amina = next(r for r in rows if r and r[0] == "Lambert Amina")
    assert amina[11] == 10 and amina[13] == 10  # November, and the year
    page = (
        client_as(admin_staff)
        .get(reverse("statement_year", args=[2026, workshop.pk]))
        .content.decode()
    )
    assert "Lambert Amina" in page
    pdf = exported(
        client_as(admin_staff),
        reverse("statement_year", args=[2026, workshop.pk]),
        data={"format": "pdf"},
    )
    assert "Lambert Amina" in PdfReader(io.BytesIO(pdf.getvalue())).pages[0].extract_text()


def test_every_trainees_statement_in_one_zip(client_as, admin_staff, workshop, month):
    """The statements for many trainees are made in the background: one PDF
    each, with their own figures."""
    response = exported(
        client_as(admin_staff), reverse("statement_batch", args=[NOVEMBER, workshop.pk])
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    assert sorted(archive.namelist()) == [
        "releve-dupont-chloe-2026-11.pdf",
        "releve-lambert-amina-2026-11.pdf",
        "releve-peeters-bruno-2026-11.pdf",
    ]
    text = PdfReader(io.BytesIO(archive.read("releve-peeters-bruno-2026-11.pdf"))).pages[0]
    assert "Peeters Bruno" in text.extract_text()
    assert "Lambert Amina" not in text.extract_text()


def test_a_month_without_trainees_gives_no_empty_zip(client_as, admin_staff, other_workshop):
    from exports.models import Export

    browser = client_as(admin_staff)
    response = browser.post(reverse("statement_batch", args=[NOVEMBER, other_workshop.pk]))
    export = Export.objects.get()
    assert response["Location"] == export.get_absolute_url()
    assert export.status == "failed" and not export.file
    assert export.error == "Aucun stagiaire de cette filière n'a de relevé pour ce mois."


def test_every_trainee_of_the_month_in_one_spreadsheet(
    client_as, admin_staff, month, other_workshop
):
    stranger = TraineeFactory(workshop=other_workshop, first_name="Zoé", last_name="Bastin")
    ContractFactory(trainee=stranger)
    response = exported(client_as(admin_staff), reverse("statement_sector", args=[NOVEMBER]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True)
    )
    names = {r[1]: r for r in rows[1:]}
    assert set(names) == {"Lambert Amina", "Peeters Bruno", "Dupont Chloé", "Bastin Zoé"}
    assert names["Peeters Bruno"][rows[0].index("Heures de formation")] == 6
    assert names["Bastin Zoé"][rows[0].index("Heures de formation")] == 0


def test_statements_are_for_the_administration(client_as, trainer, trainee_user, workshop, month):
    url = reverse("statement_workshop", args=[NOVEMBER, workshop.pk])
    assert client_as(trainer).get(url).status_code == 403
    assert client_as(trainee_user).get(url).status_code == 404
    own = reverse("statement_trainee", args=[NOVEMBER, trainee_user.trainee.pk])
    assert client_as(trainee_user).get(own).status_code == 404


def test_a_closed_months_travel_costs_and_allowance_are_locked(
    client_as, admin_staff, coordinator, workshop, month
):
    job_services.month_close(NOVEMBER, coordinator)
    amina = month[0]
    page = client_as(admin_staff).post(
        reverse("travel_costs", args=[NOVEMBER, workshop.pk]), {f"t{amina.pk}": "10"}
    )
    assert "novembre 2026 est clôturé" in page.content.decode()
    assert not TravelCost.objects.exists()
    refused = client_as(coordinator).post(
        reverse("allowance_rates"), {"valid_from": "2026-11-15", "hourly_rate": "1,50"}
    )
    assert "une nouvelle indemnité ne peut commencer" in refused.content.decode()
    assert not AllowanceRate.objects.exists()
    client_as(coordinator).post(
        reverse("allowance_rates"), {"valid_from": "2026-12-01", "hourly_rate": "1,50"}
    )
    assert AllowanceRate.objects.get().hourly_rate == Decimal("1.50")
