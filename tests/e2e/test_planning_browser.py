import datetime

import pytest
from playwright.sync_api import expect

from jobs.models import Attendance, Job, SkillPractice, WorkSession
from tests.e2e.conftest import log_in
from tests.factories import (
    AreaFactory,
    AttendanceFactory,
    ContractFactory,
    FrameworkFactory,
    JobFactory,
    JobLineFactory,
    SessionFactory,
    SkillFactory,
    TraineeFactory,
)
from trainees.models import AutonomyLevel, Trainee

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TUESDAY = datetime.date(2026, 10, 13)  # in the past: attendance is recorded afterwards


@pytest.fixture
def workshop_ready(workshop, trainer):
    """A job to plan, four trainees with contracts, one of them already busy on
    Wednesday on another job, and the workshop's framework."""
    job = JobFactory(
        workshop=workshop,
        title="Rénovation cuisine",
        planned_start=TUESDAY,
        planned_end=TUESDAY + datetime.timedelta(days=10),
    )
    JobLineFactory(job=job, quantity=60)
    busy_job = JobFactory(workshop=workshop, title="Autre chantier", reference="CH-2026-0900")
    names = [("Amina", "Lambert"), ("Bruno", "Peeters"), ("Chloé", "Dupont"), ("Dimitri", "Noël")]
    trainees = []
    for first, last in names:
        trainee = TraineeFactory(workshop=workshop, first_name=first, last_name=last)
        ContractFactory(trainee=trainee)
        trainees.append(trainee)
    busy = SessionFactory(job=busy_job, date=TUESDAY + datetime.timedelta(days=1))
    AttendanceFactory(session=busy, trainee=trainees[1])
    # A transactional test before this one flushed the scale the migration made.
    for rank, name in enumerate(["Découverte", "Avec aide", "Autonome", "Maîtrise"], 1):
        AutonomyLevel.objects.get_or_create(rank=rank, defaults={"name": name})
    area = AreaFactory(framework=FrameworkFactory(workshop=workshop), name="Maçonnerie")
    for code, name in [("MA1", "Préparer le mortier"), ("MA2", "Monter un mur")]:
        SkillFactory(area=area, code=code, name=name)
    return job


def test_trainer_plans_records_and_sees_it_on_the_job(live_server, login, workshop_ready):
    job = workshop_ready
    page = login("trainer")
    expect(page.get_by_test_id("panel-attendance")).to_be_visible()  # the trainers' home page

    page.goto(f"{live_server.url}/planning/?date={TUESDAY:%Y-%m-%d}")
    page.get_by_role("link", name="Planifier une séance").first.click()
    page.select_option("#id_job", label=str(job))
    # Dates typed day first whatever the browser's language, completed on leaving
    # the field; the calendar button's pick is written the same way.
    page.fill("#id_date", "13/10/26")
    page.locator("#id_date").press("Tab")
    expect(page.locator("#id_date")).to_have_value("13/10/2026")
    until = page.locator(".date-field").filter(has=page.locator("#id_until"))
    expect(until.get_by_role("button", name="Choisir dans le calendrier")).to_be_visible()
    until.locator(".calendar-picker").evaluate(
        "el => { el.value = '2026-10-15'; el.dispatchEvent(new Event('change')); }"
    )
    expect(page.locator("#id_until")).to_have_value("15/10/2026")
    page.select_option("#id_period", "day")
    page.get_by_test_id("trainer-picks").get_by_role("checkbox").first.check()
    for name in ["Amina Lambert", "Bruno Peeters", "Chloé Dupont"]:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Enregistrer").click()

    conflicts = page.get_by_test_id("conflicts")
    expect(conflicts).to_contain_text("Bruno Peeters est déjà sur CH-2026-0900 le 14/10/2026")
    assert not WorkSession.objects.filter(job=job).exists()

    page.get_by_label("Bruno Peeters").uncheck()
    page.get_by_label("Dimitri Noël").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("3 séance(s) planifiée(s)")
    board = page.get_by_test_id("week-board")
    expect(board.locator('tr[data-person="Dimitri Noël"]')).to_contain_text(job.reference)
    assert Attendance.objects.filter(session__job=job).count() == 9

    for session in WorkSession.objects.filter(job=job).order_by("date"):
        page.goto(f"{live_server.url}/planning/seances/{session.pk}/presences/")
        page.get_by_role("button", name="Tout le monde présent comme prévu").click()
        expect(page.locator(".messages")).to_contain_text("Tout le monde encodé présent")

    first = WorkSession.objects.filter(job=job).order_by("date").first()
    page.goto(f"{live_server.url}/planning/seances/{first.pk}/competences/")
    grid = page.get_by_test_id("skills-grid")
    for trainee_row in range(3):
        # one tap per trainee: level 2 on the first skill, level 3 on the second
        group = grid.locator(".levels").nth(trainee_row)
        group.locator("label", has_text="2").click()
        group = grid.locator(".levels").nth(3 + trainee_row)
        group.locator("label", has_text="3").click()
    grid.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Compétences exercées encodées")
    assert SkillPractice.objects.filter(attendance__session__job=job).count() == 6

    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    hours = page.get_by_test_id("hours")
    expect(hours).to_contain_text("72 h")  # 3 days x 3 trainees x 8 h
    expect(hours).to_contain_text("60 h")  # quoted
    skills = page.get_by_test_id("skills")
    expect(skills).to_contain_text("MA1 Préparer le mortier")
    expect(skills).to_contain_text("MA2 Monter un mur")


def test_trainee_cannot_open_the_job_list(live_server, login, trainee_user):
    page = login("stagiaire")
    expect(page.locator("nav.areas")).not_to_contain_text("Chantiers")
    response = page.goto(f"{live_server.url}/travaux/")
    assert response.status == 403


def test_moving_a_card_on_the_board(live_server, login, trainer, workshop):
    draft = JobFactory(workshop=workshop, title="Toiture", status="draft")
    quoted = JobFactory(workshop=workshop, title="Façade", status="quoted")
    JobLineFactory(job=quoted)
    page = login("trainer")
    page.goto(f"{live_server.url}/travaux/tableau/")
    card = page.locator(".kanban-card", has_text="Toiture")
    card.drag_to(page.locator('.kanban-col[data-status="in_progress"]'))
    expect(page.locator(".messages")).to_contain_text(
        f"{draft.reference} : Un chantier ne peut pas passer directement "
        "de « Brouillon » à « En cours »."
    )
    page.locator(".kanban-card", has_text="Façade").drag_to(
        page.locator('.kanban-col[data-status="accepted"]')
    )
    expect(page.locator(".messages")).to_contain_text(
        f"{quoted.reference} est maintenant « Accepté »."
    )
    expect(page.locator('.kanban-col[data-status="accepted"]')).to_contain_text("Façade")


def test_cancelling_on_the_board_asks_why_and_coordination_reopens(
    live_server, login, page, trainer, coordinator, workshop
):
    job = JobFactory(workshop=workshop, title="Véranda", status="quoted")
    login("trainer")
    page.goto(f"{live_server.url}/travaux/tableau/")
    # The board fits the window: the closed columns are folded, not cut off.
    width = page.evaluate("document.documentElement.clientWidth")
    right = page.evaluate(
        "document.querySelector('.kanban-col[data-status=cancelled]').getBoundingClientRect().right"
    )
    assert right <= width
    page.locator(".kanban-card", has_text="Véranda").drag_to(
        page.locator('.kanban-col[data-status="cancelled"]')
    )
    # Not cancelled yet: a page asks why.
    page.wait_for_url("**/motif/cancel/**")
    expect(page.locator("[data-testid=reason-form]")).to_be_visible()
    assert Job.objects.get(pk=job.pk).status == "quoted"
    page.click("[data-testid=reason-form] button[type=submit]")  # empty: the browser refuses
    assert Job.objects.get(pk=job.pk).status == "quoted"
    page.fill("#id_reason", "Le client a vendu la maison")
    page.click("[data-testid=reason-form] button[type=submit]")
    expect(page.locator(".messages")).to_contain_text(f"{job.reference} est maintenant « Annulé ».")
    assert page.url.endswith("/travaux/tableau/")
    page.context.clear_cookies()
    login("coord")
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.locator("[data-testid=history-reason]").first).to_contain_text(
        "Le client a vendu la maison"
    )
    page.click("text=Rouvrir le chantier annulé")
    page.fill("#id_reason", "Le nouveau propriétaire reprend le projet")
    page.click("[data-testid=reason-form] button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("est maintenant « Brouillon ».")
    assert Job.objects.get(pk=job.pk).status == "draft"


def test_a_trainer_adds_a_trainee_from_the_week_board_without_leaving_it(
    live_server, login, page, workshop_ready, trainer
):
    job = workshop_ready
    wednesday = TUESDAY + datetime.timedelta(days=1)
    session = SessionFactory(job=job, date=wednesday)
    session.trainers.add(trainer)
    AttendanceFactory(session=session, trainee=Trainee.objects.get(first_name="Amina"))
    login("trainer")
    page.goto(f"{live_server.url}/planning/?date={wednesday:%Y-%m-%d}")
    page.evaluate("window.stillHere = true")
    popover = page.get_by_test_id(f"add-to-session-{session.pk}")
    popover.locator("summary").click()
    choice = popover.locator("select")  # read when opened
    expect(choice).to_be_visible()
    # Only who can be added: not Amina (already on it); Bruno shown busy, not choosable.
    labels = choice.locator("option").all_inner_texts()
    assert not any("Amina" in label for label in labels)
    busy = choice.locator("option", has_text="Bruno Peeters")
    expect(busy).to_have_text("Bruno Peeters (occupé·e : CH-2026-0900 08:00–12:00)")
    expect(busy).to_be_disabled()
    expect(choice.locator("option", has_text="Chloé Dupont")).to_be_enabled()
    choice.select_option(label="Chloé Dupont")
    popover.get_by_role("button", name="Ajouter").click()
    expect(page.locator(".messages")).to_contain_text("Chloé Dupont ajouté")
    row = page.get_by_test_id("week-board").locator('tr[data-person="Chloé Dupont"]')
    expect(row).to_contain_text(job.reference)
    assert page.evaluate("window.stillHere") is True  # the same page, not a new one
    assert Attendance.objects.filter(session=session, trainee__first_name="Chloé").exists()
    # The legend says what the hatched cells are.
    expect(page.get_by_test_id("board-legend")).to_contain_text("Pas de contrat de formation")


def test_without_javascript_the_trainer_still_plans_and_adds_from_the_board(
    live_server, browser, workshop_ready, trainer
):
    """Every page works without its script, in a plainer way: the dates typed,
    the session planned, a trainee added from the board through its add page,
    the job list grouped and its sheets printed."""
    job = workshop_ready
    context = browser.new_context(java_script_enabled=False)
    page = log_in(context.new_page(), live_server.url, "trainer")

    page.goto(f"{live_server.url}/planning/seances/nouvelle/")
    page.select_option("#id_job", label=str(job))
    page.fill("#id_date", "15/10/2026")
    page.select_option("#id_period", "morning")
    page.fill("#id_start_time", "8h")
    page.get_by_label("Amina Lambert").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("1 séance(s) planifiée(s)")
    session = WorkSession.objects.get(job=job)
    assert (session.date, session.start_time) == (
        datetime.date(2026, 10, 15),
        datetime.time(8),
    )

    popover = page.get_by_test_id(f"add-to-session-{session.pk}")
    popover.locator("summary").click()  # <details> opens without a script
    popover.get_by_role("link", name="Choisir un·e stagiaire").click()
    page.select_option("#id_trainee", label="Chloé Dupont")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.locator(".messages")).to_contain_text("Chloé Dupont ajouté")
    assert session.attendances.filter(trainee__first_name="Chloé").exists()

    page.goto(f"{live_server.url}/travaux/?group=status")
    expect(page.locator("tr.group-row").first).to_be_visible()
    page.get_by_role("checkbox", name=f"Sélectionner {job}").check()
    with context.expect_page() as opened:
        page.get_by_role("button", name="Imprimer les bons de travail").click()
    expect(opened.value.locator("section.sheet-page")).to_have_count(1)
    context.close()
