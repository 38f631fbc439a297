"""Planning, attendance, month closing and skills practised: services and pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from jobs import services
from jobs.models import Attendance, MonthClosing, SkillPractice, WorkSession
from tests.factories import (
    AreaFactory,
    AttendanceFactory,
    FrameworkFactory,
    JobFactory,
    SessionFactory,
    SkillFactory,
    UserFactory,
)
from tests.jobs.helpers import T8, T12, TUESDAY, plan, row
from trainees.models import AutonomyLevel

pytestmark = pytest.mark.django_db


def test_a_series_creates_every_session_with_its_team(job, team, trainer):
    days = [TUESDAY + datetime.timedelta(days=i) for i in range(3)]
    sessions = plan(job, days, team, [trainer])
    assert [s.date for s in sessions] == days
    assert len({s.series for s in sessions}) == 1
    assert Attendance.objects.filter(session__job=job).count() == 9
    assert all(list(s.trainers.all()) == [trainer] for s in sessions)


def test_a_hard_conflict_saves_nothing(job, team, trainer, workshop):
    other = JobFactory(workshop=workshop)
    AttendanceFactory(session=SessionFactory(job=other, date=TUESDAY), trainee=team[1])
    with pytest.raises(ValidationError) as error:
        plan(job, [TUESDAY, TUESDAY + datetime.timedelta(days=1)], team, [trainer])
    assert "Bruno Peeters est déjà sur" in error.value.messages[0]
    assert WorkSession.objects.filter(job=job).count() == 0


def test_warnings_must_be_accepted(job, team, trainer):
    saturday = datetime.date(2026, 11, 7)
    with pytest.raises(services.WarningsToAccept) as error:
        plan(job, [saturday], team, [trainer])
    assert error.value.report.warnings == ["Le 07/11/2026 est un samedi."]
    assert not WorkSession.objects.filter(job=job).exists()
    assert len(plan(job, [saturday], team, [trainer], accept_warnings=True)) == 1


def test_no_planning_in_a_closed_month(job, team, trainer, coordinator):
    services.month_close(TUESDAY, coordinator)
    with pytest.raises(ValidationError) as error:
        plan(job, [TUESDAY], team, [trainer])
    assert "Les heures de novembre 2026 sont clôturées" in error.value.messages[0]


def test_adding_a_trainee_checks_only_them(job, team, trainer, workshop):
    session = plan(job, [TUESDAY], team[:2], [trainer])[0]
    other = JobFactory(workshop=workshop, reference="CH-2026-0099")
    AttendanceFactory(session=SessionFactory(job=other, date=TUESDAY), trainee=team[2])
    with pytest.raises(ValidationError) as error:
        services.session_add_trainee(session, team[2])
    assert error.value.messages == [
        "Chloé Dupont est déjà sur CH-2026-0099 le 03/11/2026 (08:00–12:00)."
    ]
    Attendance.objects.filter(session__job=other).delete()
    services.session_add_trainee(session, team[2])
    assert session.attendances.count() == 3
    with pytest.raises(ValidationError):
        services.session_add_trainee(session, team[2])


def test_a_trainee_with_recorded_hours_stays_on_the_session(job, team, trainer):
    session = plan(job, [TUESDAY], team, [trainer])[0]
    services.attendance_everyone_present(session, user=trainer)
    with pytest.raises(ValidationError) as error:
        services.session_update(
            session,
            date=TUESDAY,
            start=T8,
            end=T12,
            break_minutes=0,
            period="morning",
            trainers=[trainer],
            trainees=team[:2],
        )
    assert "Chloé Dupont" in error.value.messages[0]
    assert session.attendances.count() == 3
    with pytest.raises(ValidationError):
        services.session_delete(session)
    assert WorkSession.objects.filter(pk=session.pk).exists()


def test_moving_a_session_rechecks_its_team(job, team, trainer, workshop):
    session = plan(job, [TUESDAY], team[:1], [trainer])[0]
    other = JobFactory(workshop=workshop, reference="CH-2026-0050")
    AttendanceFactory(
        session=SessionFactory(job=other, date=TUESDAY + datetime.timedelta(days=1)),
        trainee=team[0],
    )
    with pytest.raises(ValidationError):
        services.session_update(
            session,
            date=TUESDAY + datetime.timedelta(days=1),
            start=T8,
            end=T12,
            break_minutes=0,
            period="morning",
            trainers=[trainer],
            trainees=team[:1],
        )
    session.refresh_from_db()
    assert session.date == TUESDAY


# --- Attendance -------------------------------------------------------------


@pytest.fixture
def session(job, team, trainer):
    return plan(job, [TUESDAY], team, [trainer])[0]


def test_everyone_present_fills_the_planned_hours(session, trainer):
    services.attendance_everyone_present(session, user=trainer)
    rows = list(session.attendances.all())
    assert {a.hours_present for a in rows} == {Decimal("4.00")}
    assert all(a.recorded_by == trainer and a.recorded_at for a in rows)


@pytest.mark.parametrize(
    "hours, reason, message",
    [
        (Decimal("-1"), "", "Amina Lambert : les heures ne peuvent pas être négatives."),
        (
            Decimal("5"),
            "",
            "Amina Lambert : 5 h, c'est plus que la durée de la séance (4 h).",
        ),
        (Decimal("0"), "", "Amina Lambert : indiquez le motif de l'absence."),
        (None, "", "Amina Lambert : indiquez les heures de présence, ou une absence."),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_saved(session, team, trainer, hours, reason, message):
    rows = [row(team[0], hours, reason), row(team[1], Decimal("4"))]
    with pytest.raises(ValidationError) as error:
        services.attendance_record(session, rows, user=trainer)
    assert error.value.messages == [message]
    assert not session.attendances.filter(recorded_at__isnull=False).exists()


def test_an_absence_with_its_reason(session, team, trainer):
    services.attendance_record(
        session,
        [
            row(team[0], None, "illness"),
            row(team[1], Decimal("2.5"), "unjustified"),
            row(team[2], Decimal("4")),
        ],
        user=trainer,
        billable_hours=Decimal("6"),
    )
    amina, bruno, chloe = (session.attendances.get(trainee=t) for t in team)
    hours = [(a.hours_present, a.hours_assimilated, a.hours_absent) for a in (amina, bruno, chloe)]
    assert hours == [(0, 4, 0), (Decimal("2.5"), 0, Decimal("1.5")), (4, 0, 0)]
    assert (amina.absence_reason, chloe.absence_reason) == ("illness", "")
    session.refresh_from_db()
    assert session.billable_hours == Decimal("6")


def test_a_closed_month_locks_its_hours_until_reopened(session, team, trainer, coordinator):
    services.month_close(TUESDAY, coordinator)
    with pytest.raises(ValidationError) as error:
        services.attendance_everyone_present(session, user=trainer)
    assert "demandez d'abord à la coordination de rouvrir le mois" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.month_reopen(TUESDAY, coordinator, "  ")
    assert "Indiquez pourquoi le mois est rouvert" in error.value.messages[0]
    services.month_reopen(TUESDAY, coordinator, "Oubli de Bruno le 24")
    services.attendance_everyone_present(session, user=trainer)
    log = list(MonthClosing.objects.get().history.order_by("history_date"))
    assert [(h.is_closed, h.history_user, h.reason) for h in log] == [
        (True, coordinator, ""),
        (False, coordinator, "Oubli de Bruno le 24"),
    ]


def test_closing_twice_is_refused(coordinator):
    services.month_close(TUESDAY, coordinator)
    with pytest.raises(ValidationError):
        services.month_close(TUESDAY, coordinator)


def test_months_page_closes_and_reopens(client_as, coordinator, trainer):
    browser = client_as(coordinator)
    url = reverse("month_list")
    browser.post(url, {"month": "2026-11-01", "action": "close"})
    assert MonthClosing.objects.is_closed(TUESDAY)
    page = browser.post(url, {"month": "2026-11-01", "action": "reopen"}, follow=True)
    assert "Indiquez pourquoi" in page.content.decode()
    browser.post(url, {"month": "2026-11-01", "action": "reopen", "reason": "Correction"})
    assert not MonthClosing.objects.is_closed(TUESDAY)
    assert client_as(trainer).post(url, {"month": "2026-11-01"}).status_code == 403


def test_attendance_page_everyone_present(client_as, trainer, session):
    browser = client_as(trainer)
    url = reverse("attendance", args=[session.pk])
    page = browser.get(url)
    assert "Tout le monde présent comme prévu" in page.content.decode()
    browser.post(url, {"everyone": "1"})
    assert session.attendances.filter(hours_present=Decimal("4")).count() == 3


def test_attendance_page_keeps_the_form_on_bad_input(client_as, trainer, session, team):
    data = {"rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "3", "billable_hours": ""}
    for i, trainee in enumerate(team):
        data[f"rows-{i}-trainee_id"] = trainee.pk
        data[f"rows-{i}-hours_present"] = "9"
    page = client_as(trainer).post(reverse("attendance", args=[session.pk]), data)
    assert page.status_code == 200
    assert "plus que la durée de la séance" in page.content.decode()
    assert not session.attendances.filter(recorded_at__isnull=False).exists()


# --- Skills practised ---------------------------------------------------------


@pytest.fixture
def skills(workshop):
    area = AreaFactory(framework=FrameworkFactory(workshop=workshop))
    return [SkillFactory(area=area, code=f"MA{i}") for i in range(1, 4)]


def levels():
    return {level.rank: level.pk for level in AutonomyLevel.objects.all()}


def test_the_grid_records_and_clears(session, team, trainer, skills):
    lv = levels()
    grid = {
        (team[0].pk, skills[0].pk): (lv[2], "Bon rythme"),
        (team[1].pk, skills[0].pk): (lv[3], ""),
    }
    grid[(team[2].pk, skills[1].pk)] = (None, "")
    assert services.practices_record(session, grid, user=trainer) == 2
    practice = SkillPractice.objects.get(attendance__trainee=team[0])
    assert (practice.level.rank, practice.remark, practice.date) == (2, "Bon rythme", TUESDAY)
    assert set(session.job.usual_skills.all()) == {skills[0]}
    services.practices_record(session, {(team[0].pk, skills[0].pk): (None, "")}, user=trainer)
    assert SkillPractice.objects.filter(attendance__session=session).count() == 1


def test_a_skill_from_another_framework_is_refused(session, team, trainer, other_workshop):
    foreign = SkillFactory(area=AreaFactory(framework=FrameworkFactory(workshop=other_workshop)))
    AreaFactory(framework=FrameworkFactory(workshop=session.job.workshop))
    with pytest.raises(ValidationError) as error:
        services.practices_record(
            session, {(team[0].pk, foreign.pk): (levels()[1], "")}, user=trainer
        )
    assert error.value.messages == [
        "Une compétence de la grille n'est pas dans les référentiels de cette filière."
    ]
    assert not SkillPractice.objects.exists()


def test_a_level_outside_the_scale_is_refused(session, team, trainer, skills):
    with pytest.raises(ValidationError) as error:
        services.practices_record(session, {(team[0].pk, skills[0].pk): (999, "")}, user=trainer)
    assert error.value.messages == ["Un niveau de la grille n'est pas sur l'échelle d'autonomie."]


def test_the_grid_page(client_as, trainer, session, team, skills):
    browser = client_as(trainer)
    url = reverse("practice_grid", args=[session.pk])
    page = browser.get(url).content.decode()
    assert page.count('type="radio"') == 3 * 3 * 5  # trainees x skills x (4 levels + none)
    lv = levels()
    data = {f"level-{team[0].pk}-{skills[2].pk}": lv[4]}
    data[f"level-{team[1].pk}-{skills[2].pk}"] = "abc"
    response = browser.post(url, data, follow=True)
    assert escape("n'est pas sur l'échelle d'autonomie") in response.content.decode()
    assert not SkillPractice.objects.exists()
    del data[f"level-{team[1].pk}-{skills[2].pk}"]
    browser.post(url, data)
    assert SkillPractice.objects.get().level.rank == 4


# --- Pages --------------------------------------------------------------------


def test_plan_a_series_from_the_form(client_as, trainer, job, team):
    browser = client_as(trainer)
    data = {
        "job": job.pk,
        "date": "2026-11-03",
        "until": "2026-11-05",
        "period": "morning",
        "trainers": [trainer.pk],
        "trainees": [t.pk for t in team],
    }
    response = browser.post(reverse("session_create"), data)
    assert response.status_code == 302
    assert WorkSession.objects.filter(job=job).count() == 3
    again = browser.post(reverse("session_create"), data)
    assert again.status_code == 200
    assert "Amina Lambert est déjà sur" in again.content.decode()
    assert WorkSession.objects.filter(job=job).count() == 3


def test_warnings_are_shown_then_accepted(client_as, trainer, job, team):
    browser = client_as(trainer)
    data = {
        "job": job.pk,
        "date": "2026-11-07",
        "period": "day",
        "trainers": [trainer.pk],
        "trainees": [team[0].pk],
    }
    page = browser.post(reverse("session_create"), data)
    assert "Le 07/11/2026 est un samedi." in page.content.decode()
    assert not WorkSession.objects.exists()
    browser.post(reverse("session_create"), {**data, "accept_warnings": "on"})
    session = WorkSession.objects.get()
    assert (session.start_time, session.end_time, session.break_minutes) == (
        datetime.time(8),
        datetime.time(16, 30),
        30,
    )
    assert session.planned_hours == Decimal("8.00")


def test_dates_and_hours_are_typed_the_belgian_way_in_either_language(
    client_as, trainer, job, team
):
    """Whatever the browser's language, the form shows 03/11/2026 and 08:30 in
    text inputs (a type="date" input would follow the browser: 11/03/2026 in
    American English), and reads the ways people write them."""
    browser = client_as(trainer)
    form = browser.get(reverse("session_create"), {"date": "2026-11-03"}).content.decode()
    assert 'name="date" value="03/11/2026"' in form
    assert 'type="date"' not in form and 'type="time"' not in form
    assert 'placeholder="jj/mm/aaaa"' in form
    for language, date, start, end in (
        ("fr", "3/11/2026", "8h30", "1200"),
        ("en", "03.11.2026", "8:30", "12h"),
    ):
        browser.cookies["django_language"] = language
        data = {
            "job": job.pk,
            "date": date,
            "period": "morning",
            "start_time": start,
            "end_time": end,
            "trainers": [trainer.pk],
            "trainees": [team[0].pk],
        }
        assert browser.post(reverse("session_create"), data).status_code == 302
        session = WorkSession.objects.get()
        assert (session.date, session.start_time, session.end_time) == (
            datetime.date(2026, 11, 3),
            datetime.time(8, 30),
            datetime.time(12),
        )
        session.delete()
    browser.cookies["django_language"] = "fr"
    page = browser.post(reverse("session_create"), {**data, "date": "11/31/2026"})
    assert "Saisissez une date valide." in page.content.decode()
    assert not WorkSession.objects.exists()


def test_the_board_goes_to_a_week_typed_day_first(client_as, trainer, session):
    page = client_as(trainer).get(reverse("planning"), {"date": "04/11/2026"})
    assert page.status_code == 200
    assert 'name="date" value="02/11/2026"' in page.content.decode()  # its Monday


def test_board_shows_the_week_and_adds_a_trainee(client_as, trainer, session, team, workshop):
    browser = client_as(trainer)
    page = browser.get(reverse("planning"), {"date": "2026-11-04"}).content.decode()
    assert "Semaine 45 : 02/11 – 06/11/2026" in page
    assert page.count(session.job.reference) >= 4  # the sessions row + three trainees
    newcomer = team[0]
    session.attendances.filter(trainee=newcomer).delete()
    response = browser.post(
        reverse("planning_add_trainee"),
        {"date": "2026-11-03", "session": session.pk, "trainee": newcomer.pk},
    )
    assert response.status_code == 302
    assert session.attendances.filter(trainee=newcomer).exists()


def test_the_board_offers_each_session_only_who_can_be_added(
    client_as, trainer, session, team, workshop
):
    """The « + stagiaire » of a session: not those on it; someone on another
    session at that time shown busy (and not choosable), someone without a
    contract that day shown as such; free trainees first. A closed job offers none."""
    import html

    from jobs import selectors
    from tests.factories import ContractFactory, JobFactory, SessionFactory, TraineeFactory

    free = TraineeFactory(workshop=workshop, first_name="Zoé", last_name="Vandamme")
    ContractFactory(trainee=free)
    busy = TraineeFactory(workshop=workshop, first_name="Yves", last_name="Adam")
    ContractFactory(trainee=busy)
    elsewhere = SessionFactory(
        job=JobFactory(workshop=workshop, reference="CH-2026-0777"), date=TUESDAY
    )
    elsewhere.attendances.create(trainee=busy)
    later = SessionFactory(job=elsewhere.job, date=TUESDAY, start_time="13:00", end_time="16:00")
    later.attendances.create(trainee=free)  # that afternoon: still free in the morning
    off = TraineeFactory(workshop=workshop, first_name="Xavier", last_name="Bodart")
    over = TraineeFactory(workshop=workshop, first_name="Wendy", last_name="Claes")
    ContractFactory(trainee=over, hours_per_week=3)  # the 4-hour session is more
    offered = [(c.trainee, c.state) for c in selectors.session_candidates(session)]
    assert offered == [(free, "free"), (over, "over"), (off, "off"), (busy, "busy")]
    browser = client_as(trainer)
    url = reverse("planning_add_choices")
    page = html.unescape(browser.get(url, {"session": session.pk}).content.decode())
    assert "Yves Adam (occupé·e : CH-2026-0777 08:00–12:00)" in page
    assert "Xavier Bodart (sans contrat ce jour-là)" in page
    # over the contract's hours: choosable, the add then asks to confirm
    assert re.search(
        r'<option value="\d+" data-state="over">Wendy Claes \(au-delà des heures du contrat'
        r" : 4 h sur 3 h cette semaine\)</option>",
        page,
    )
    assert not any(trainee.full_name in page for trainee in team)
    done = SessionFactory(job=JobFactory(workshop=workshop, status="done"), date=TUESDAY)
    assert browser.get(url, {"session": done.pk}).status_code == 404
    assert browser.get(url, {"session": "x"}).status_code == 404
    board = selectors.week_board(workshop, selectors.monday_of(TUESDAY))
    assert not next(s for s in board.jobs_row[1] if s.pk == done.pk).can_add


def test_the_calendar_feed(client, trainee_user, job, trainer):
    from jobs import calendar

    trainee = trainee_user.trainee
    from tests.factories import ContractFactory

    ContractFactory(trainee=trainee)
    session = plan(
        job,
        [datetime.date.today() + datetime.timedelta(days=1)],
        [trainee],
        [trainer],
        accept_warnings=True,
    )[0]
    url = reverse("planning_ics", args=[calendar.token_for(trainee_user)])
    body = client.get(url).content.decode()
    assert body.startswith("BEGIN:VCALENDAR")
    assert f"UID:session-{session.pk}@eft-atelier" in body
    assert job.reference in body
    assert client.get(reverse("planning_ics", args=["forged"])).status_code == 404


def test_my_planning_shows_only_my_sessions(client_as, trainee_user, job, trainer, team):
    from tests.factories import ContractFactory

    ContractFactory(trainee=trainee_user.trainee)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    job.planned_start, job.planned_end = None, None
    job.save()
    mine = plan(job, [tomorrow], [trainee_user.trainee], [trainer], accept_warnings=True)[0]
    other = JobFactory(workshop=job.workshop, title="Pas pour moi")
    plan(other, [tomorrow], team[:1], [UserFactory(username="t2")], accept_warnings=True)
    page = client_as(trainee_user).get(reverse("my_planning")).content.decode()
    assert mine.job.title in page and "Pas pour moi" not in page


def test_nothing_is_recorded_before_the_session_takes_place(job, team, trainer, skills):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    job.planned_start = job.planned_end = None
    job.save()
    later = plan(job, [tomorrow], team[:1], [trainer], accept_warnings=True)[0]
    with pytest.raises(ValidationError) as error:
        services.attendance_everyone_present(later, user=trainer)
    assert (
        "ses présences et compétences s'encodent une fois qu'elle a eu lieu"
        in (error.value.messages[0])
    )
    with pytest.raises(ValidationError):
        services.practices_record(
            later, {(team[0].pk, skills[0].pk): (levels()[1], "")}, user=trainer
        )
    assert not later.attendances.filter(recorded_at__isnull=False).exists()
    assert not SkillPractice.objects.exists()


def test_adding_a_trainee_reads_a_fixed_number_of_queries(job, team, trainer, workshop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ContractFactory, TraineeFactory

    def add_one(size):
        session = plan(job, [TUESDAY], [], [trainer])[0]
        members = TraineeFactory.create_batch(size, workshop=workshop)
        for member in members:
            AttendanceFactory(session=session, trainee=member)
        newcomer = TraineeFactory(workshop=workshop)
        ContractFactory(trainee=newcomer)
        session = WorkSession.objects.select_related("job__workshop").get(pk=session.pk)
        with CaptureQueriesContext(connection) as queries:
            services.session_add_trainee(session, newcomer, accept_warnings=True)
        session.delete()
        return len(queries)

    workshop.max_trainees_per_trainer = 50
    workshop.save()
    assert add_one(2) == add_one(20)


def test_recording_attendance_reads_a_fixed_number_of_queries(job, trainer, workshop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import TraineeFactory

    def record(size):
        session = SessionFactory(job=job, date=TUESDAY)
        for member in TraineeFactory.create_batch(size, workshop=workshop):
            AttendanceFactory(session=session, trainee=member)
        session = WorkSession.objects.select_related("job").get(pk=session.pk)
        rows = [
            row(a.trainee, Decimal("9"))  # too many hours: every row is refused
            for a in session.attendances.select_related("trainee")
        ]
        with CaptureQueriesContext(connection) as queries:
            with pytest.raises(ValidationError):
                services.attendance_record(session, rows, user=trainer)
        return len(queries)

    assert record(2) == record(20)


def test_each_cell_of_the_skills_grid_names_its_trainee(client_as, trainer, session, team, skills):
    """On a phone the grid is a stack of lines: each line says whose it is."""
    import html

    page = html.unescape(
        client_as(trainer).get(reverse("practice_grid", args=[session.pk])).content.decode()
    )
    for trainee in team:
        assert page.count(f'data-label="{trainee.full_name}"') == len(skills)
