"""Every list and detail page makes the same number of queries with 5 or 500 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AreaFactory,
    ClientFactory,
    ContactFactory,
    ContractFactory,
    FrameworkFactory,
    JobFactory,
    SiteFactory,
    SkillFactory,
    TraineeFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def calendar_feed(user):
    """The feed's token is made on a person's first visit, then only read."""
    from jobs.calendar import token_for

    token_for(user)


def count(browser, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def grow_clients(n):
    ClientFactory.create_batch(n)


def grow_client(client, n):
    ContactFactory.create_batch(n, client=client)
    SiteFactory.create_batch(n, client=client)


def grow_notes(target, n):
    """``n`` notes on ``target``'s chatter, each with a photo and a PDF."""
    from django.contrib.contenttypes.models import ContentType

    from chatter.models import Attachment, Note

    kind = ContentType.objects.get_for_model(type(target))
    author = UserFactory()
    notes = Note.objects.bulk_create(
        Note(content_type=kind, object_id=target.pk, author=author, body=f"Note {i}")
        for i in range(n)
    )
    Attachment.objects.bulk_create(
        Attachment(note=note, name=name, mime_type=mime, size=10, file=f"chatter/{name}")
        for note in notes
        for name, mime in (("avant.jpg", "image/jpeg"), ("plan.pdf", "application/pdf"))
    )


def grow_trainees(workshop, n):
    return TraineeFactory.create_batch(n, workshop=workshop)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 6),
        ({"q": "client"}, 6),
        ({"kind": "company", "sort": "-city"}, 6),
        # grouped: one more, each group's count
        ({"group": "city"}, 7),
        ({"group": "kind", "sort": "name"}, 7),
    ],
)
def test_client_list(client_as, admin_staff, params, expected):
    browser = client_as(admin_staff)
    grow_clients(5)
    few = count(browser, reverse("client_list"), params)
    grow_clients(495)
    assert count(browser, reverse("client_list"), params) == few == expected


def exporting(browser, url, params=None):
    """The queries of asking for an export and making it (the task runs inside
    the request under the test settings)."""
    from tests.exports_helpers import exported

    with CaptureQueriesContext(connection) as queries:
        exported(browser, url, params)
    return len(queries)


def test_client_export(client_as, admin_staff, settings):
    settings.EXPORT_PROGRESS_INTERVAL = 3600  # the progress: once at the start, once at the end
    browser = client_as(admin_staff)
    grow_clients(5)
    few = exporting(browser, reverse("client_list"))
    grow_clients(495)
    assert exporting(browser, reverse("client_list")) == few == 20


def test_my_exports(client_as, admin_staff):
    from exports.models import Export

    browser = client_as(admin_staff)
    Export.objects.bulk_create(
        Export(user=admin_staff, kind="list", title=f"E{i}") for i in range(5)
    )

    def pages():
        newest = Export.objects.first()
        return [
            count(browser, reverse("export_list")),
            count(browser, newest.get_absolute_url()),
            count(browser, reverse("export_status", args=[newest.pk])),
        ]

    few = pages()
    Export.objects.bulk_create(
        Export(user=admin_staff, kind="list", title=f"E{i}") for i in range(495)
    )
    assert pages() == few == [5, 4, 3]


def test_job_reason_page(client_as, trainer, workshop):
    from jobs import workflow

    browser = client_as(trainer)
    job = JobFactory(workshop=workshop, status="quoted")
    url = reverse("job_reason", args=[job.pk, "cancel"])
    few = count(browser, url)
    JobFactory.create_batch(495, workshop=workshop, status="quoted")
    for i in range(20):  # its history grows too
        job.title = f"Titre {i}"
        job.save()
    assert workflow.available(job, None)
    assert count(browser, url) == few == 6


def test_client_detail(client_as, admin_staff):
    browser = client_as(admin_staff)
    client = ClientFactory()
    workshop = WorkshopFactory()
    grow_client(client, 5)
    JobFactory.create_batch(5, client=client, workshop=workshop)
    grow_notes(client, 5)
    few = count(browser, client.get_absolute_url())
    grow_client(client, 495)
    JobFactory.create_batch(495, client=client, workshop=workshop)
    grow_notes(client, 495)
    for _ in range(20):
        client.name += "x"
        client.save()
    # + the client's latest jobs and their number, + the chatter's notes and their files
    assert count(browser, client.get_absolute_url()) == few == 11


def test_trainee_list(client_as, trainer, workshop):
    browser = client_as(trainer)
    grow_trainees(workshop, 5)
    few = count(browser, reverse("trainee_list"))
    grow_trainees(workshop, 495)
    assert count(browser, reverse("trainee_list")) == few == 7


def test_trainee_detail(client_as, coordinator, workshop):
    browser = client_as(coordinator)
    trainee = TraineeFactory(workshop=workshop)
    ContractFactory(trainee=trainee)
    grow_notes(trainee, 5)
    few = count(browser, trainee.get_absolute_url())
    for year in range(2027, 2060):
        ContractFactory(trainee=trainee, start_date=f"{year}-01-01", end_date=f"{year}-06-30")
    grow_notes(trainee, 495)
    # One more for "a follow-up exists" (never its content), two for the chatter's
    # notes and their files.
    assert count(browser, trainee.get_absolute_url()) == few == 9


def test_workshop_list_and_detail(client_as, coordinator, trainer, workshop):
    browser = client_as(coordinator)
    WorkshopFactory.create_batch(4)
    few = (count(browser, reverse("workshop_list")), count(browser, workshop.get_absolute_url()))
    WorkshopFactory.create_batch(495)
    many = (count(browser, reverse("workshop_list")), count(browser, workshop.get_absolute_url()))
    assert few == many == (6, 6)


def test_framework_list_and_detail(client_as, trainer, workshop):
    browser = client_as(trainer)
    framework = FrameworkFactory(workshop=workshop)
    SkillFactory.create_batch(5, area=AreaFactory(framework=framework))
    few = (count(browser, reverse("framework_list")), count(browser, framework.get_absolute_url()))
    for _ in range(20):
        SkillFactory.create_batch(25, area=AreaFactory(framework=framework))
    for _ in range(5):
        FrameworkFactory(workshop=WorkshopFactory())
    many = (count(browser, reverse("framework_list")), count(browser, framework.get_absolute_url()))
    assert few == many == (7, 7)


def test_trainee_home(client_as, trainee_user):
    browser = client_as(trainee_user)
    calendar_feed(trainee_user)
    few = count(browser, reverse("trainee_home"))
    trainee = trainee_user.trainee
    for year in range(2027, 2060):
        ContractFactory(trainee=trainee, start_date=f"{year}-01-01", end_date=f"{year}-06-30")
    assert count(browser, reverse("trainee_home")) == few == 11


def test_autonomy_scale(client_as, coordinator):
    from trainees.models import AutonomyLevel

    browser = client_as(coordinator)
    few = count(browser, reverse("autonomy_level_list"))
    AutonomyLevel.objects.bulk_create(AutonomyLevel(rank=r, name=f"N{r}") for r in range(5, 60))
    assert count(browser, reverse("autonomy_level_list")) == few == 4


# --- Jobs and planning ------------------------------------------------------------


def grow_jobs(workshop, trainer, n_jobs, n_sessions):
    """Jobs of the workshop and sessions with two trainees and the trainer each."""
    import datetime

    from jobs.models import Attendance, Job, WorkSession
    from tests.factories import ContractFactory, JobFactory

    trainees = list(workshop.trainees.all()[:2]) or [
        TraineeFactory(workshop=workshop) for _ in range(2)
    ]
    for trainee in trainees:
        if not trainee.contracts.exists():
            ContractFactory(trainee=trainee)
    jobs = JobFactory.create_batch(n_jobs, workshop=workshop, status="in_progress")
    job = Job.objects.filter(workshop=workshop).order_by("pk").first()
    monday = datetime.date(2026, 11, 23)
    start = WorkSession.objects.count()
    sessions = WorkSession.objects.bulk_create(
        WorkSession(
            job=jobs[i % len(jobs)] if i else job,
            workshop=workshop,
            date=monday + datetime.timedelta(days=(start + i) % 5),
            start_time=datetime.time(8 + (start + i) % 8),
            end_time=datetime.time(9 + (start + i) % 8),
        )
        for i in range(n_sessions)
    )
    Attendance.objects.bulk_create(
        Attendance(session=s, trainee=t) for s in sessions for t in trainees
    )
    WorkSession.trainers.through.objects.bulk_create(
        WorkSession.trainers.through(worksession=s, user=trainer) for s in sessions
    )
    return job


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 9),
        ({"status": "in_progress", "q": "chantier"}, 9),
        # grouped (each job its own client: 25 groups a page): one query more
        ({"group": "client"}, 10),
        ({"group": "status", "sort": "-planned_start"}, 10),
    ],
)
def test_job_list(client_as, trainer, workshop, params, expected):
    browser = client_as(trainer)
    grow_jobs(workshop, trainer, 5, 5)
    few = count(browser, reverse("job_list"), params)
    grow_jobs(workshop, trainer, 495, 495)
    assert count(browser, reverse("job_list"), params) == few == expected


def test_job_kanban(client_as, trainer, workshop):
    browser = client_as(trainer)
    grow_jobs(workshop, trainer, 5, 5)
    few = count(browser, reverse("job_kanban"))
    grow_jobs(workshop, trainer, 495, 495)
    assert count(browser, reverse("job_kanban")) == few == 8


def test_job_detail(client_as, trainer, workshop):
    browser = client_as(trainer)
    job = grow_jobs(workshop, trainer, 1, 5)
    url = reverse("job_detail", args=[job.pk])
    grow_notes(job, 5)
    few = count(browser, url)
    grow_jobs(workshop, trainer, 1, 500)
    grow_notes(job, 495)
    from jobs.models import WorkSession

    WorkSession.objects.filter(job__workshop=workshop).update(job=job)
    # + the chatter's notes and their files
    assert count(browser, url) == few == 14


def test_planning_board(client_as, trainer, workshop):
    browser = client_as(trainer)
    grow_jobs(workshop, trainer, 5, 5)
    params = {"date": "2026-11-23"}
    few = count(browser, reverse("planning"), params)
    grow_trainees(workshop, 20)
    grow_jobs(workshop, trainer, 10, 495)
    assert count(browser, reverse("planning"), params) == few == 10


def test_the_boards_add_choices(client_as, trainer, workshop):
    """The « + stagiaire » of a session: the same queries for a team of 5 or 500
    trainees in the workshop, each with a contract and sessions that day."""
    from tests.factories import AttendanceFactory, JobFactory, SessionFactory

    browser = client_as(trainer)
    session = SessionFactory(job=JobFactory(workshop=workshop), date="2026-11-24")

    def grow(n):
        other = SessionFactory(job=JobFactory(workshop=workshop), date="2026-11-24")
        for trainee in grow_trainees(workshop, n):
            ContractFactory(trainee=trainee)
            AttendanceFactory(session=other, trainee=trainee)

    grow(5)
    url = reverse("planning_add_choices")
    few = count(browser, url, {"session": session.pk})
    grow(495)
    assert count(browser, url, {"session": session.pk}) == few == 8


def session_with_team(workshop, trainer, n_trainees, n_skills):
    """A past session of the workshop with a team, recorded attendance and skills."""
    import datetime

    from jobs.models import Attendance, SkillPractice, WorkSession
    from tests.factories import AreaFactory, JobFactory
    from trainees.models import AutonomyLevel, SkillFramework

    framework, _ = SkillFramework.objects.get_or_create(workshop=workshop, defaults={"name": "R"})
    area = AreaFactory(framework=framework)
    skills = [SkillFactory(area=area) for _ in range(n_skills)]
    job = JobFactory(workshop=workshop)
    job.usual_skills.add(*skills)
    session = WorkSession.objects.create(
        job=job,
        workshop=workshop,
        date=datetime.date(2026, 11, 3),
        start_time=datetime.time(8),
        end_time=datetime.time(12),
    )
    session.trainers.add(trainer)
    level = AutonomyLevel.objects.get(rank=2)
    now = timezone.now()
    for trainee in TraineeFactory.create_batch(n_trainees, workshop=workshop):
        attendance = Attendance.objects.create(session=session, trainee=trainee, hours_present=4)
        SkillPractice.objects.bulk_create(
            SkillPractice(attendance=attendance, skill=skill, level=level, observed_by=trainer,
                          observed_at=now, changed_by=trainer, changed_at=now)
            for skill in skills
        )  # fmt: skip
    return session


@pytest.mark.parametrize(
    "name, expected", [("session_detail", 9), ("attendance", 7), ("practice_grid", 10)]
)
def test_session_pages(client_as, trainer, workshop, name, expected):
    browser = client_as(trainer)
    few = session_with_team(workshop, trainer, 2, 2)
    many = session_with_team(workshop, trainer, 30, 20)
    assert count(browser, reverse(name, args=[few.pk])) == expected
    assert count(browser, reverse(name, args=[many.pk])) == expected


def test_job_sheet_and_lines(client_as, trainer, workshop):
    from eft.models import Organisation
    from jobs.models import WorkSession
    from tests.factories import JobLineFactory

    Organisation.get()  # the sheet's letterhead; created on first use otherwise
    browser = client_as(trainer)
    job = grow_jobs(workshop, trainer, 1, 5)
    JobLineFactory.create_batch(2, job=job)
    sheet, lines = reverse("job_sheet", args=[job.pk]), reverse("job_lines", args=[job.pk])
    few = (count(browser, sheet), count(browser, lines))
    grow_jobs(workshop, trainer, 1, 30)
    WorkSession.objects.filter(job__workshop=workshop).update(job=job)
    JobLineFactory.create_batch(30, job=job)
    assert (count(browser, sheet), count(browser, lines)) == few == (11, 6)


def test_months_and_my_planning(client_as, coordinator, trainer, workshop):
    import datetime

    from jobs import services
    from jobs.models import WorkSession

    grow_jobs(workshop, trainer, 2, 3)
    WorkSession.objects.update(date=datetime.date.today())
    months = reverse("month_list")
    calendar_feed(trainer)
    few = (count(client_as(coordinator), months), count(client_as(trainer), reverse("my_planning")))
    grow_jobs(workshop, trainer, 2, 40)
    WorkSession.objects.update(date=datetime.date.today())
    for _ in range(5):
        services.month_close(datetime.date(2026, 1, 1), coordinator)
        services.month_reopen(datetime.date(2026, 1, 1), coordinator, "Correction")
    assert count(client_as(coordinator), months) == few[0] == 7
    assert count(client_as(trainer), reverse("my_planning")) == few[1] == 5


def test_client_pick(client_as, trainer):
    browser = client_as(trainer)
    grow_clients(5)
    few = count(browser, reverse("job_client_pick"), {"q": "client"})
    grow_clients(100)
    assert count(browser, reverse("job_client_pick"), {"q": "client"}) == few == 4


# --- Competence record --------------------------------------------------------------


def record_setup(trainee_user, trainer, workshop):
    from tests.records.conftest import grow

    trainee = trainee_user.trainee
    framework = FrameworkFactory(workshop=workshop)
    area = AreaFactory(framework=framework)
    skills = [SkillFactory(area=area) for _ in range(12)]
    return trainee, skills, grow


@pytest.mark.parametrize("viewer", ["trainee", "trainer"])
def test_competence_record(client_as, trainee_user, trainer, workshop, viewer):
    trainee, skills, grow = record_setup(trainee_user, trainer, workshop)
    grow(trainee, skills, 5, by=trainer)
    browser = client_as(trainee_user if viewer == "trainee" else trainer)
    url = reverse("competence_record", args=[trainee.pk])
    few = count(browser, url)
    grow(trainee, skills, 4995, by=trainer)
    expected = {"trainee": 8, "trainer": 8}[viewer]
    assert count(browser, url) == few == expected


def test_record_skill_and_home(client_as, trainee_user, trainer, workshop):
    trainee, skills, grow = record_setup(trainee_user, trainer, workshop)
    grow(trainee, skills, 5, by=trainer)
    browser = client_as(trainee_user)
    calendar_feed(trainee_user)
    skill_url = reverse("record_skill", args=[trainee.pk, skills[0].pk])
    few = (count(browser, skill_url), count(browser, reverse("trainee_home")))
    grow(trainee, skills, 4995, by=trainer)
    assert (count(browser, skill_url), count(browser, reverse("trainee_home"))) == few == (10, 11)


def test_competence_matrix(client_as, trainee_user, trainer, workshop):
    trainee, skills, grow = record_setup(trainee_user, trainer, workshop)
    grow(trainee, skills, 5, by=trainer)
    browser = client_as(trainer)
    few = count(browser, reverse("competence_matrix"))
    grow_trainees(workshop, 29)
    grow(trainee, skills, 4995, by=trainer)
    assert count(browser, reverse("competence_matrix")) == few == 8


# --- Hours statements -----------------------------------------------------------


def grow_month(workshop, trainer, n_trainees, n_days):
    """``n_trainees`` of the workshop recorded present on ``n_days`` of November 2026."""
    import datetime

    from jobs.models import Attendance, WorkSession
    from tests.factories import JobFactory

    trainees = TraineeFactory.create_batch(n_trainees, workshop=workshop)
    for trainee in trainees:
        ContractFactory(trainee=trainee)
    job = JobFactory(workshop=workshop)
    sessions = WorkSession.objects.bulk_create(
        WorkSession(job=job, workshop=workshop, date=datetime.date(2026, 11, 1 + d % 30),
                    start_time=datetime.time(8), end_time=datetime.time(12))
        for d in range(n_days)
    )  # fmt: skip
    Attendance.objects.bulk_create(
        Attendance(session=s, trainee=t, hours_present=4, recorded_at=timezone.now())
        for s in sessions
        for t in trainees
    )
    return trainees[0]


def test_statements(client_as, admin_staff, trainer, workshop):
    import datetime

    from eft.models import Organisation

    Organisation.get()  # the statements' letterhead; created on first use otherwise
    november = datetime.date(2026, 11, 1)
    browser = client_as(admin_staff)
    first = grow_month(workshop, trainer, 2, 3)
    urls = [
        reverse("statement_workshop", args=[november, workshop.pk]),
        reverse("statement_trainee", args=[november, first.pk]),
        reverse("travel_costs", args=[november, workshop.pk]),
        reverse("statement_year", args=[2026, workshop.pk]),
        reverse("month_list"),
    ]
    few = [count(browser, url) for url in urls]
    grow_month(workshop, trainer, 40, 25)
    from tests.records.conftest import grow

    framework = FrameworkFactory(workshop=workshop)
    skills = [SkillFactory(area=AreaFactory(framework=framework)) for _ in range(10)]
    grow(first, skills, 5000, by=trainer)
    assert [count(browser, url) for url in urls] == few == [11, 10, 6, 7, 7]
