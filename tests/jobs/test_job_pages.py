"""The job pages: creation from a client, detail figures, lines, list and board."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jobs import services
from jobs.models import Job, JobLine
from tests.exports_helpers import exported
from tests.factories import (
    AreaFactory,
    AttendanceFactory,
    ClientFactory,
    FrameworkFactory,
    JobFactory,
    JobLineFactory,
    SessionFactory,
    SiteFactory,
    SkillFactory,
    UserFactory,
)
from trainees.models import AutonomyLevel

pytestmark = pytest.mark.django_db


def test_a_job_is_created_from_its_client(client_as, trainer, workshop):
    client = ClientFactory(name="Dupuis")
    site = SiteFactory(client=client)
    browser = client_as(trainer)
    pick = browser.get(reverse("job_client_pick"), {"q": "dupuis"}).content.decode()
    assert reverse("job_create", args=[client.pk]) in pick
    response = browser.post(
        reverse("job_create", args=[client.pk]),
        {
            "title": "Pose de carrelage",
            "workshop": workshop.pk,
            "site": site.pk,
            "pricing": "time_materials",
            "planned_start": "2026-11-02",
            "planned_end": "2026-10-30",
        },
    )
    assert "La fin prévue ne peut pas précéder le début prévu." in response.content.decode()
    assert not Job.objects.exists()
    response = browser.post(
        reverse("job_create", args=[client.pk]),
        {
            "title": "Pose de carrelage",
            "workshop": workshop.pk,
            "site": site.pk,
            "pricing": "time_materials",
        },
    )
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.reference == f"CH-{datetime.date.today().year}-0001"
    assert (job.client, job.site, job.status) == (client, site, "draft")


def test_another_clients_site_is_refused(client_as, coordinator, workshop):
    client, stranger = ClientFactory(), ClientFactory()
    browser = client_as(coordinator)
    response = browser.post(
        reverse("job_create", args=[client.pk]),
        {
            "title": "X",
            "workshop": workshop.pk,
            "site": SiteFactory(client=stranger).pk,
            "pricing": "fixed",
        },
    )
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_an_archived_client_gets_no_new_job(client_as, coordinator):
    client = ClientFactory(is_archived=True)
    assert client_as(coordinator).get(reverse("job_create", args=[client.pk])).status_code == 404


def test_a_trainer_cannot_give_the_job_to_another_workshop(client_as, trainer, other_workshop):
    client = ClientFactory()
    response = client_as(trainer).post(
        reverse("job_create", args=[client.pk]),
        {"title": "X", "workshop": other_workshop.pk, "pricing": "fixed"},
    )
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_attendance_to_record_counts_only_sessions_that_took_place(client_as, trainer, job, team):
    from django.utils import timezone

    today = timezone.localdate()
    past = SessionFactory(job=job, date=today - datetime.timedelta(days=2))
    future = SessionFactory(job=job, date=today + datetime.timedelta(days=2))
    for session in (past, future):
        for trainee in team:
            AttendanceFactory(session=session, trainee=trainee)
    page = client_as(trainer).get(job.get_absolute_url()).content.decode()
    assert f"{len(team)} présences restent à encoder." in page  # not the future session's


def test_detail_shows_hours_and_skills(client_as, trainer, admin_staff, job, team):
    JobLineFactory(job=job, quantity=Decimal("20"), unit_price=Decimal("28"))
    JobLineFactory(
        job=job,
        kind="materials",
        quantity=Decimal("3"),
        unit="sac",
        unit_price=Decimal("10.50"),
        vat_rate=Decimal("6.00"),
    )
    session = SessionFactory(job=job, date=datetime.date(2026, 11, 3))
    for trainee in team:
        AttendanceFactory(session=session, trainee=trainee)
    services.attendance_everyone_present(session, user=trainer)
    session.billable_hours = Decimal("6")
    session.save()
    skill = SkillFactory(
        area=AreaFactory(framework=FrameworkFactory(workshop=job.workshop)),
        code="MA1",
        name="Monter un mur",
    )
    level = AutonomyLevel.objects.get(rank=2)
    services.practices_record(
        session, {(t.pk, skill.pk): (level.pk, "") for t in team}, user=trainer
    )
    page = client_as(trainer).get(job.get_absolute_url()).content.decode()
    assert "12 h" in page  # 3 trainees x 4 h present
    assert "20 h" in page and "60 % consommées" in page
    assert "6 h" in page and "50 % des heures de présence" in page
    assert "MA1 Monter un mur" in page
    assert "€" not in page  # a trainer sees no prices nor amounts
    office = client_as(admin_staff).get(job.get_absolute_url()).content.decode()
    assert "591,50\u00a0€" in office  # 560 + 31,50 excl. VAT
    assert "710,99\u00a0€" in office  # 560 x 1.21 + 31.50 x 1.06
    amounts = UserFactory(username="trusted", roles=["trainer", "amounts"])
    job.workshop.trainers.add(amounts)
    assert "591,50\u00a0€" in client_as(amounts).get(job.get_absolute_url()).content.decode()


def test_lines_are_edited_together(client_as, trainer, job):
    line = JobLineFactory(job=job)
    url = reverse("job_lines", args=[job.pk])
    data = {
        "version": job.version,
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "1",
        "lines-0-id": line.pk,
        "lines-0-job": job.pk,
        "lines-0-kind": "labour",
        "lines-0-description": "Main-d'œuvre",
        "lines-0-quantity": "30",
        "lines-0-unit": "h",
        "lines-0-unit_price": "28",
        "lines-0-vat_rate": "21.00",
        "lines-1-job": job.pk,
        "lines-1-kind": "materials",
        "lines-1-description": "Ciment",
        "lines-1-quantity": "-2",
        "lines-1-unit": "sac",
        "lines-1-unit_price": "9",
        "lines-1-vat_rate": "21.00",
    }
    browser = client_as(trainer)
    assert browser.post(url, data).status_code == 200  # negative quantity refused
    assert JobLine.objects.get().quantity == Decimal("24")
    data["lines-1-quantity"] = "2"
    assert browser.post(url, data).status_code == 302
    assert JobLine.objects.count() == 2
    stale = browser.post(url, data, follow=True).content.decode()
    assert "a modifié ce chantier" in stale


def test_list_filters(client_as, admin_staff, workshop):
    JobFactory(workshop=workshop, title="Toiture Dupont", status="draft")
    JobFactory(workshop=workshop, title="Jardin Martin", status="in_progress")
    browser = client_as(admin_staff)
    page = browser.get(reverse("job_list"), {"status": "in_progress"}).content.decode()
    assert "Jardin Martin" in page and "Toiture Dupont" not in page
    page = browser.get(reverse("job_list"), {"q": "toiture"}).content.decode()
    assert "Toiture Dupont" in page and "Jardin Martin" not in page
    export = exported(browser, reverse("job_list"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_kanban_columns(client_as, trainer, workshop, other_workshop):
    JobFactory(workshop=workshop, title="Visible", status="quoted")
    JobFactory(workshop=other_workshop, title="Hidden", status="quoted")
    JobFactory(workshop=workshop, title="Old one", status="invoiced")
    JobFactory(workshop=other_workshop, status="invoiced")
    response = client_as(trainer).get(reverse("job_kanban"))
    page = response.content.decode()
    assert "Visible" in page and "Hidden" not in page
    assert "Old one" not in page  # invoiced jobs are counted, not shown
    assert "les 90 derniers jours" in page
    # The trainer's counts are those of their workshop only.
    counts = {c.status: c.count for c in response.context["columns"]}
    assert counts["quoted"] == 1 and counts["invoiced"] == 1


def test_the_kanban_stays_flat_as_the_years_pile_up(client_as, admin_staff, workshop):
    """Closed columns count the jobs closed in the last 90 days; open columns
    count all their jobs and show the latest 30."""
    from django.utils import timezone

    from jobs.selectors import kanban_columns

    long_ago = timezone.now() - datetime.timedelta(days=91)
    for status in ("invoiced", "cancelled"):
        JobFactory(workshop=workshop, status=status)
        old = JobFactory(workshop=workshop, status=status)
        Job.objects.filter(pk=old.pk).update(status_changed_at=long_ago)
    drafts = JobFactory.create_batch(32, workshop=workshop, status="draft")
    columns = {c.status: c for c in kanban_columns(Job.objects.all())}
    assert columns["invoiced"].count == columns["cancelled"].count == 1
    assert columns["draft"].count == 32 and columns["draft"].more == 2
    newest = sorted(j.reference for j in drafts)[-30:]
    assert sorted(j.reference for j in columns["draft"].cards) == newest
    page = client_as(admin_staff).get(reverse("job_kanban")).content.decode()
    assert "2 de plus dans la liste" in page


def test_a_status_change_dates_itself(job):
    from jobs import workflow

    before = job.status_changed_at
    changed = workflow.run(job, "cancel", reason="Annulé par le client")
    assert changed.status == "cancelled" and changed.status_changed_at > before


def test_job_sheet_has_the_signature_box(client_as, trainer, job):
    page = client_as(trainer).get(reverse("job_sheet", args=[job.pk])).content.decode()
    assert "Date et signature du client" in page and job.reference in page


def test_billable_hours_adjusted_beside_the_sessions(client_as, trainer, job, team):
    session = SessionFactory(job=job, billable_hours=Decimal("3"))
    AttendanceFactory(session=session, trainee=team[0])
    services.attendance_everyone_present(session, user=trainer)
    page = client_as(trainer).get(job.get_absolute_url()).content.decode()
    assert "75 % des heures de présence" in page  # 3 billable of 4 present
    url = reverse("job_adjustments", args=[job.pk])
    refused = client_as(trainer).post(url, {"hours": "0", "reason": "x"})
    assert "autre que 0" in refused.content.decode()
    client_as(trainer).post(url, {"hours": "-1", "reason": "Pause trop longue"})
    page = client_as(trainer).get(job.get_absolute_url()).content.decode()
    assert "dont -1 h ajustées" in page and "50 % des heures de présence" in page
    assert job.adjustments.get().reason == "Pause trop longue"


def test_cancelling_from_the_board_or_the_page_asks_why_first(client_as, trainer, workshop):
    job = JobFactory(workshop=workshop, status="quoted")
    browser = client_as(trainer)
    board = browser.get(reverse("job_kanban")).content.decode()
    reason_url = reverse("job_reason", args=[job.pk, "cancel"])
    assert f'data-cancel-url="{reason_url}?next=kanban"' in board
    detail = browser.get(job.get_absolute_url()).content.decode()
    assert f'href="{reason_url}"' in detail  # a page of its own, not a button that cancels
    form = browser.get(reason_url + "?next=kanban").content.decode()
    assert 'name="reason"' in form and 'value="kanban"' in form
    # A move without a reason (a board without its script) is refused; nothing changes.
    browser.post(reverse("job_transition", args=[job.pk]), {"status": "cancelled"})
    assert Job.objects.get(pk=job.pk).status == "quoted"
    refused = browser.post(
        reverse("job_transition", args=[job.pk]), {"action": "cancel", "next": "kanban"}
    )
    assert refused["Location"] == reason_url + "?next=kanban"
    done = browser.post(
        reverse("job_transition", args=[job.pk]),
        {"action": "cancel", "reason": "Le client a vendu la maison", "next": "kanban"},
    )
    assert done["Location"] == reverse("job_kanban")
    assert Job.objects.get(pk=job.pk).status == "cancelled"
    history = browser.get(job.get_absolute_url()).content.decode()
    assert "Le client a vendu la maison" in history
    # Reopening is coordination's: no page for a trainer.
    assert browser.get(reverse("job_reason", args=[job.pk, "restore"])).status_code == 404
