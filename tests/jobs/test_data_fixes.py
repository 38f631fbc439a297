"""The defects found in the daily records, each pinned by a test that failed before its fix."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.html import escape

from jobs import selectors, services
from jobs.choices import SessionKind
from jobs.models import Attendance, SkillPractice, WorkSession
from tests.factories import (
    AreaFactory,
    ContractFactory,
    FrameworkFactory,
    SkillFactory,
    TraineeFactory,
    UserFactory,
)
from tests.jobs.helpers import T8, T12, TUESDAY, plan, row
from trainees import services as trainee_services
from trainees.models import AutonomyLevel, SkillFramework

pytestmark = pytest.mark.django_db


def plan_one(job, trainees, trainers, day=TUESDAY, **kwargs):
    return plan(job, [day], trainees, trainers, **kwargs)[0]


@pytest.fixture
def session(job, team, trainer):
    return plan_one(job, team, [trainer])


@pytest.fixture
def skills(workshop):
    area = AreaFactory(framework=FrameworkFactory(workshop=workshop))
    return [SkillFactory(area=area, code=f"MA{i}") for i in range(1, 3)]


def level(rank):
    return AutonomyLevel.objects.get(rank=rank).pk


# --- Assimilated hours are the hours absent, not the hours present -------------


def test_an_illness_counts_its_hours_as_assimilated(session, team, trainer, job):
    services.attendance_record(
        session,
        [
            row(team[0], None, "illness"),
            row(team[1], Decimal("3"), "unjustified"),
            row(team[2], Decimal("1"), "justified", assimilated=Decimal("2"), absent=Decimal("1")),
        ],
        user=trainer,
    )
    figures = selectors.job_figures(job, [])
    assert figures.present_hours == Decimal("4")  # 0 + 3 + 1
    assert figures.assimilated_hours == Decimal("6")  # the 4 h illness, and 2 h justified
    assert figures.absent_hours == Decimal("2")  # 1 h unjustified, 1 h not assimilated


def test_the_job_page_shows_assimilated_hours(client_as, session, team, trainer, job):
    services.attendance_record(session, [row(team[0], None, "illness")], user=trainer)
    hours = client_as(trainer).get(job.get_absolute_url()).content.decode()
    assert '<span class="figure">4 h</span><span class="muted">absences assimilées' in hours


@pytest.mark.parametrize(
    "present, reason, assimilated, absent, message",
    [
        (Decimal("4"), "illness", None, None, "présent·e toute la séance"),
        (Decimal("2"), "illness", Decimal("2"), Decimal("1"), "font plus que la durée"),
        (Decimal("2"), "", Decimal("2"), None, "indiquez le motif de l'absence"),
        (Decimal("2"), "illness", Decimal("-1"), None, "ne peuvent pas être négatives"),
    ],
)
def test_an_absence_must_add_up(
    session, team, trainer, present, reason, assimilated, absent, message
):
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            session, [row(team[0], present, reason, assimilated, absent)], user=trainer
        )
    assert message in error.value.messages[0]
    assert not Attendance.objects.filter(recorded_at__isnull=False).exists()


# --- No level for a trainee recorded absent --------------------------------------


def test_the_grid_refuses_a_level_for_an_absent_trainee(session, team, trainer, skills):
    services.attendance_record(session, [row(team[0], None, "illness")], user=trainer)
    with pytest.raises(ValidationError) as error:
        services.practices_record(
            session, {(team[0].pk, skills[0].pk): (level(2), "")}, user=trainer
        )
    assert error.value.messages == [
        "Amina Lambert était absent·e à cette séance : aucune compétence ne peut être encodée "
        "pour cette personne."
    ]
    assert not SkillPractice.objects.exists()


def test_the_grid_locks_the_absent_trainees_cells(client_as, session, team, trainer, skills):
    services.attendance_record(session, [row(team[0], None, "illness")], user=trainer)
    url = reverse("practice_grid", args=[session.pk])
    page = client_as(trainer).get(url).content.decode()
    assert page.count('data-testid="locked-cell"') == 2  # Amina x 2 skills
    assert f'name="level-{team[0].pk}-' not in page
    assert page.count('type="radio"') == 2 * 2 * 5  # the two others x 2 skills x 5
    # A forged post for the absent trainee changes nothing.
    client_as(trainer).post(url, {f"level-{team[0].pk}-{skills[0].pk}": level(3)})
    assert not SkillPractice.objects.exists()


def test_recording_someone_absent_after_their_skills_is_refused(session, team, trainer, skills):
    services.practices_record(session, {(team[0].pk, skills[0].pk): (level(2), "")}, user=trainer)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(session, [row(team[0], None, "illness")], user=trainer)
    assert "effacez-les dans la grille" in error.value.messages[0]


# --- A practice's date is always its session's -----------------------------------


def test_moving_a_session_moves_its_skills(session, team, trainer, skills):
    services.practices_record(session, {(team[0].pk, skills[0].pk): (level(2), "")}, user=trainer)
    wednesday = TUESDAY + datetime.timedelta(days=1)
    services.session_update(
        session,
        date=wednesday,
        start=T8,
        end=T12,
        break_minutes=0,
        period="morning",
        trainers=[trainer],
        trainees=team,
    )
    practice = SkillPractice.objects.select_related("attendance__session").get()
    assert practice.date == wednesday
    assert SkillPractice.objects.filter(attendance__session__date=wednesday).count() == 1


# --- First observer kept, last editor recorded, one remark per cell --------------


def test_the_grid_keeps_the_first_observer_and_one_remark_per_cell(session, team, trainer, skills):
    colleague = UserFactory(username="colleague")
    session.job.workshop.trainers.add(colleague)
    first = {
        (team[0].pk, skills[0].pk): (level(1), "Mortier trop liquide"),
        (team[0].pk, skills[1].pk): (level(2), "Bon aplomb"),
    }
    services.practices_record(session, first, user=trainer)
    services.practices_record(
        session, {(team[0].pk, skills[0].pk): (level(2), "Mieux dosé")}, user=colleague
    )
    mortar, wall = (SkillPractice.objects.get(skill=s) for s in skills)
    assert (mortar.observed_by, mortar.changed_by, mortar.remark) == (
        trainer,
        colleague,
        "Mieux dosé",
    )
    assert (wall.observed_by, wall.changed_by, wall.remark) == (trainer, trainer, "Bon aplomb")
    versions = list(mortar.history.order_by("history_date").values_list("level__rank", "remark"))
    assert versions == [(1, "Mortier trop liquide"), (2, "Mieux dosé")]


# --- A self-assessment survives a cleared cell ------------------------------------


def test_clearing_a_cell_keeps_the_trainees_self_assessment(session, team, trainer, skills):
    from records.models import SelfAssessment

    services.practices_record(session, {(team[0].pk, skills[0].pk): (level(2), "")}, user=trainer)
    SelfAssessment.objects.create(
        trainee=team[0],
        skill=skills[0],
        level_id=level(3),
        remark="Je sais le faire",
        assessed_on=TUESDAY,
    )
    services.practices_record(session, {(team[0].pk, skills[0].pk): (None, "")}, user=trainer)
    assert not SkillPractice.objects.exists()
    assert SelfAssessment.objects.get().remark == "Je sais le faire"


# --- Every attendance belongs to the contract that covers its day ----------------


def test_recorded_hours_go_to_the_contract_of_their_day(session, team, trainer):
    services.attendance_everyone_present(session, user=trainer)
    contract = team[0].contracts.get()
    assert session.attendances.get(trainee=team[0]).contract == contract
    with pytest.raises(ProtectedError):
        contract.delete()


def test_a_contract_with_recorded_hours_cannot_be_deleted_from_its_page(
    client_as, coordinator, session, team, trainer
):
    services.attendance_everyone_present(session, user=trainer)
    contract = team[0].contracts.get()
    page = client_as(coordinator).post(reverse("contract_delete", args=[contract.pk]), follow=True)
    assert "Des heures ont été enregistrées sous ce contrat" in page.content.decode()
    assert team[0].contracts.exists()


def test_a_contract_cannot_shrink_away_from_its_recorded_hours(session, team, trainer):
    services.attendance_everyone_present(session, user=trainer)
    contract = team[0].contracts.get()
    contract.start_date = datetime.date(2026, 11, 10)
    with pytest.raises(ValidationError) as error:
        trainee_services.contract_save(contract=contract)
    assert "Des heures sont encodées sous ce contrat le 03/11/2026" in error.value.messages[0]
    contract.refresh_from_db()
    assert contract.start_date == datetime.date(2026, 1, 5)


def test_no_hours_on_a_day_no_contract_covers(job, trainer, workshop):
    newcomer = TraineeFactory(workshop=workshop, first_name="Eva", last_name="Noël")
    ContractFactory(trainee=newcomer, start_date=TUESDAY, end_date=TUESDAY)
    session = plan_one(job, [newcomer], [trainer])
    newcomer.contracts.update(
        start_date=TUESDAY + datetime.timedelta(days=1),
        end_date=TUESDAY + datetime.timedelta(days=30),
    )
    with pytest.raises(ValidationError) as error:
        services.attendance_everyone_present(session, user=trainer)
    assert error.value.messages == [
        "Eva Noël : aucun contrat de formation ne couvre le 03/11/2026, aucune heure ne peut "
        "donc être encodée ce jour-là. Ajoutez ou prolongez d'abord son contrat."
    ]
    assert not session.attendances.filter(recorded_at__isnull=False).exists()


def test_a_moved_session_moves_its_hours_to_the_contract_of_the_new_day(job, trainer, workshop):
    trainee = TraineeFactory(workshop=workshop)
    autumn = ContractFactory(
        trainee=trainee, start_date=datetime.date(2026, 9, 1), end_date=TUESDAY
    )
    winter = ContractFactory(
        trainee=trainee,
        start_date=TUESDAY + datetime.timedelta(days=1),
        end_date=datetime.date(2027, 3, 1),
    )
    session = plan_one(job, [trainee], [trainer])
    services.attendance_everyone_present(session, user=trainer)
    assert session.attendances.get().contract == autumn
    services.session_update(
        session,
        date=TUESDAY + datetime.timedelta(days=1),
        start=T8,
        end=T12,
        break_minutes=0,
        period="morning",
        trainers=[trainer],
        trainees=[trainee],
    )
    assert session.attendances.get().contract == winter


# --- Sessions outside jobs: lessons, placements, partners -------------------------


def test_a_lesson_is_planned_without_a_job_through_the_same_check(workshop, team, trainer, job):
    plan_one(job, team[:1], [trainer])
    with pytest.raises(ValidationError) as error:
        services.sessions_plan(
            kind=SessionKind.LESSON,
            workshop=workshop,
            title="Français au travail",
            dates=[TUESDAY],
            start=datetime.time(10),
            end=datetime.time(12),
            trainers=[trainer],
            trainees=team[:2],
        )
    assert f"Amina Lambert est déjà sur {job.reference} le 03/11/2026 (08:00–12:00)." in (
        error.value.messages
    )
    lesson = services.sessions_plan(
        kind=SessionKind.LESSON,
        workshop=workshop,
        title="Français au travail",
        dates=[TUESDAY],
        start=datetime.time(13),
        end=datetime.time(15),
        trainers=[trainer],
        trainees=team[:2],
    )[0]
    assert (lesson.job, lesson.workshop, lesson.label) == (
        None,
        workshop,
        "Cours · Français au travail",
    )
    placement = services.sessions_plan(
        kind=SessionKind.PLACEMENT,
        workshop=workshop,
        host="Menuiserie Lefèvre",
        dates=[TUESDAY + datetime.timedelta(days=1)],
        start=T8,
        end=T12,
        trainers=[trainer],
        trainees=team[2:],
    )[0]
    services.attendance_everyone_present(placement, user=trainer)
    assert placement.attendances.get().contract is not None


@pytest.mark.parametrize(
    "kind, extra, message",
    [
        (SessionKind.LESSON, {}, "Indiquez le sujet du cours."),
        (SessionKind.PLACEMENT, {}, "Indiquez l'entreprise qui accueille le stage."),
        (SessionKind.PARTNER, {}, "Indiquez l'organisme partenaire."),
        (SessionKind.PRODUCTION, {}, "Choisissez le chantier d'une séance de production."),
    ],
)
def test_each_kind_asks_for_what_it_needs(workshop, team, trainer, kind, extra, message):
    with pytest.raises(ValidationError) as error:
        services.sessions_plan(
            kind=kind,
            workshop=workshop,
            dates=[TUESDAY],
            start=T8,
            end=T12,
            trainers=[trainer],
            trainees=team[:1],
            **extra,
        )
    assert error.value.messages == [message]
    assert not WorkSession.objects.exists()


def test_a_lesson_is_on_the_week_board_and_records_centre_skills(
    client_as, workshop, team, trainer
):
    centre = SkillFramework.shared()
    reading = SkillFactory(
        area=AreaFactory(framework=centre, kind="basic"), code="BAS01", name="Lire une consigne"
    )
    lesson = services.sessions_plan(
        kind=SessionKind.LESSON,
        workshop=workshop,
        title="Français",
        dates=[TUESDAY],
        start=T8,
        end=T12,
        trainers=[trainer],
        trainees=team[:2],
    )[0]
    board = client_as(trainer).get(reverse("planning"), {"date": "2026-11-02"}).content.decode()
    assert "Cours · Français" in board
    services.attendance_everyone_present(lesson, user=trainer)
    grid = client_as(trainer).get(reverse("practice_grid", args=[lesson.pk])).content.decode()
    assert "BAS01" in grid and "Compétences de base" in grid
    services.practices_record(lesson, {(team[0].pk, reading.pk): (level(2), "")}, user=trainer)
    assert SkillPractice.objects.get().attendance.session == lesson


def test_a_lesson_has_no_billable_hours(workshop, team, trainer):
    lesson = services.sessions_plan(
        kind=SessionKind.LESSON,
        workshop=workshop,
        title="Calcul",
        dates=[TUESDAY],
        start=T8,
        end=T12,
        trainers=[trainer],
        trainees=team[:1],
    )[0]
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            lesson, [row(team[0], Decimal("4"))], user=trainer, billable_hours=Decimal("2")
        )
    assert error.value.messages == ["Seules les séances de production ont des heures facturables."]


def test_plan_a_placement_from_the_form(client_as, trainer, workshop, team):
    data = {
        "kind": "placement",
        "workshop": workshop.pk,
        "host": "Garage Lecomte",
        "date": "2026-11-03",
        "period": "day",
        "trainers": [trainer.pk],
        "trainees": [team[0].pk],
    }
    response = client_as(trainer).post(reverse("session_create"), data)
    assert response.status_code == 302
    session = WorkSession.objects.get()
    assert (session.kind, session.host, session.job) == ("placement", "Garage Lecomte", None)
    missing = client_as(trainer).post(reverse("session_create"), {**data, "host": ""})
    message = escape("Indiquez l'entreprise d'accueil ou l'organisme partenaire.")
    assert message in missing.content.decode()


# --- The centre's shared framework ------------------------------------------------


def test_trainers_read_the_shared_framework_but_only_coordination_changes_it(
    client_as, trainer, coordinator
):
    shared = SkillFramework.shared()
    area = AreaFactory(framework=shared, kind="social", name="Compétences sociales")
    skill = SkillFactory(area=area, code="SOC01")
    browser = client_as(trainer)
    assert shared.name in browser.get(reverse("framework_list")).content.decode()
    page = browser.get(shared.get_absolute_url()).content.decode()
    assert "SOC01" in page and reverse("skill_update", args=[skill.pk]) not in page
    for name, pk in [
        ("framework_update", shared.pk),
        ("area_create", shared.pk),
        ("area_update", area.pk),
        ("skill_update", skill.pk),
        ("skill_delete", skill.pk),
        ("skill_import", shared.pk),
    ]:
        assert browser.get(reverse(name, args=[pk])).status_code == 404, name
    assert client_as(coordinator).get(reverse("skill_update", args=[skill.pk])).status_code == 200


def test_an_area_of_the_shared_framework_has_a_kind_other_than_trade(client_as, coordinator):
    shared = SkillFramework.shared()
    url = reverse("area_create", args=[shared.pk])
    browser = client_as(coordinator)
    refused = browser.post(url, {"name": "Métier", "kind": "trade", "position": 1})
    assert refused.status_code == 200 and not shared.areas.exists()
    browser.post(url, {"name": "Compétences de base", "kind": "basic", "position": 1})
    assert shared.areas.get().kind == "basic"


# --- Planning from what each trainee needs -----------------------------------------


def test_planning_shows_the_usual_skills_each_trainee_has_not_practised(
    client_as, job, team, trainer, skills
):
    job.usual_skills.add(*skills)
    past = plan_one(job, team[:1], [trainer])
    services.attendance_everyone_present(past, user=trainer)
    cells = {(team[0].pk, s.pk): (level(2), "") for s in skills}
    services.practices_record(past, cells, user=trainer)
    page = client_as(trainer).get(reverse("session_create"), {"job": job.pk}).content.decode()
    picks = page[page.index('data-testid="trainee-picks"') :].split("<li>")
    amina = next(p for p in picks if "Amina Lambert" in p)
    bruno = next(p for p in picks if "Bruno Peeters" in p)
    assert "les a toutes déjà exercées" in amina
    assert "À découvrir :" in bruno and "MA1" in bruno and "MA2" in bruno


def test_an_absence_after_everyone_present_needs_only_its_reason(client_as, session, team, trainer):
    services.attendance_everyone_present(session, user=trainer)
    url = reverse("attendance", args=[session.pk])
    data = {"rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "3", "billable_hours": ""}
    for i, trainee in enumerate(team):
        data.update(
            {
                f"rows-{i}-trainee_id": trainee.pk,
                f"rows-{i}-hours_present": "4",
                f"rows-{i}-hours_assimilated": "0",
                f"rows-{i}-hours_absent": "0",
            }
        )
    data.update({"rows-1-hours_present": "0", "rows-1-absence_reason": "illness"})
    response = client_as(trainer).post(url, data)
    assert response.status_code == 302
    bruno = session.attendances.get(trainee=team[1])
    assert (bruno.hours_present, bruno.hours_assimilated, bruno.hours_absent) == (0, 4, 0)


def test_a_lesson_is_shown_and_edited_through_the_same_pages(client_as, workshop, team, trainer):
    lesson = services.sessions_plan(
        kind=SessionKind.LESSON,
        workshop=workshop,
        title="Français",
        dates=[TUESDAY],
        start=T8,
        end=T12,
        trainers=[trainer],
        trainees=team[:2],
    )[0]
    detail = client_as(trainer).get(lesson.get_absolute_url()).content.decode()
    assert "Cours · Français" in detail and "Au centre" in detail and "facturables" not in detail
    url = reverse("session_update", args=[lesson.pk])
    form = client_as(trainer).get(url).content.decode()
    assert 'name="title" value="Français"' in form
    data = {
        "kind": "production",
        "date": "2026-11-03",
        "period": "custom",
        "start_time": "08:00",
        "end_time": "11:00",
        "title": "Français au travail",
        "trainers": [trainer.pk],
        "trainees": [t.pk for t in team[:2]],
    }
    assert client_as(trainer).post(url, data).status_code == 302
    lesson.refresh_from_db()
    assert (lesson.kind, lesson.title, lesson.end_time) == (
        "lesson",
        "Français au travail",
        datetime.time(11),
    )
    ics = client_as(trainer).get(reverse("my_planning"))
    assert ics.status_code == 200


# --- Found in review ----------------------------------------------------------------


def test_a_job_with_sessions_keeps_its_workshop(session, other_workshop, trainer):
    job = session.job
    job.workshop = other_workshop
    with pytest.raises(ValidationError) as error:
        services.job_update(job, job.version)
    assert "ce chantier a des séances" in str(error.value.messages).lower()
    session.refresh_from_db()
    assert session.workshop == session.job.workshop != other_workshop


def test_a_session_cannot_shrink_below_its_recorded_absences(session, team, trainer):
    services.attendance_record(session, [row(team[0], None, "illness")], user=trainer)
    with pytest.raises(ValidationError) as error:
        services.session_update(
            session,
            date=TUESDAY,
            start=T8,
            end=datetime.time(10),
            break_minutes=0,
            period="custom",
            trainers=[trainer],
            trainees=team,
        )
    assert "plus d'heures encodées" in error.value.messages[0]
    session.refresh_from_db()
    assert session.end_time == T12


def test_a_recorded_session_cannot_move_to_a_day_to_come(session, team, trainer):
    services.attendance_everyone_present(session, user=trainer)
    session.job.planned_end = None
    session.job.save()
    later = datetime.date.today() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        services.session_update(
            session,
            date=later,
            start=T8,
            end=T12,
            break_minutes=0,
            period="morning",
            trainers=[trainer],
            trainees=team,
            accept_warnings=True,
        )
    assert "un jour encore à venir" in error.value.messages[0]


def test_correcting_the_hours_present_splits_the_absence_again(client_as, session, team, trainer):
    services.attendance_record(session, [row(team[0], Decimal(3), "illness")], user=trainer)
    url = reverse("attendance", args=[session.pk])
    page = client_as(trainer).get(url).content.decode()
    # The rows come by name: Dupont, Lambert (Amina, row 1), Peeters.
    assert 'name="rows-1-hours_assimilated" step' in page  # the automatic split: blank
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "billable_hours": "",
        "rows-0-trainee_id": team[0].pk,
        "rows-0-hours_present": "2",
        "rows-0-absence_reason": "illness",
    }
    assert client_as(trainer).post(url, data).status_code == 302
    amina = session.attendances.get(trainee=team[0])
    assert (amina.hours_present, amina.hours_assimilated) == (2, 2)
    services.attendance_record(
        session, [row(team[0], Decimal(2), "illness", Decimal(1), Decimal(1))], user=trainer
    )
    page = client_as(trainer).get(url).content.decode()
    assert 'name="rows-1-hours_assimilated" value="1.00"' in page  # split by hand: kept
