"""Reads shared by the pages: job figures, the kanban columns, the week board.

Each function reads a fixed number of queries, whatever the amount of data.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, F, Max, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from eft.choices import Role
from eft.text import person_name
from eft.vat import VatSummary, rate_for, vat_summary
from jobs.choices import PLANNABLE, STATUS_BAR, JobStatus, LineKind
from jobs.conflicts import public_holiday
from jobs.models import Attendance, Job, SkillPractice, WorkSession
from trainees.choices import TraineeStatus
from trainees.models import Trainee, TrainingContract

ZERO = Decimal(0)


@dataclass
class JobFigures:
    quoted_hours: Decimal
    present_hours: Decimal
    assimilated_hours: Decimal
    absent_hours: Decimal
    billable_hours: Decimal
    adjusted_hours: Decimal
    session_count: int
    pending_attendance: int
    vat: VatSummary

    @property
    def total_excl_vat(self) -> Decimal:
        return self.vat.total_excl_vat

    @property
    def total_vat(self) -> Decimal:
        return self.vat.total_vat

    @property
    def total_incl_vat(self) -> Decimal:
        return self.vat.total_incl_vat

    @property
    def spent_ratio(self) -> int | None:
        if not self.quoted_hours:
            return None
        return round(self.present_hours * 100 / self.quoted_hours)

    @property
    def billable_ratio(self) -> int | None:
        if not self.present_hours:
            return None
        return round(self.billable_hours * 100 / self.present_hours)


def taken_place(prefix: str = "") -> Q:
    """Sessions (through ``prefix``) that have ended by now."""
    now = timezone.localtime()
    return Q(**{f"{prefix}date__lt": now.date()}) | Q(
        **{f"{prefix}date": now.date(), f"{prefix}end_time__lte": now.time()}
    )


def job_vat(job: Job, lines) -> VatSummary:
    """The job's lines through the one VAT computation (rounded once per rate)."""
    treatment = job.vat_treatment
    return vat_summary(
        (line.vat_category(treatment), rate_for(treatment, line.vat_rate), line.amount)
        for line in lines
    )


def job_figures(job: Job, lines) -> JobFigures:
    """Hours quoted (labour lines in hours), present, absent and assimilated,
    absent and not assimilated (trainees), billable (the sessions' and the
    adjustments'), and the quote's totals. Three queries."""
    quoted = sum(
        (line.quantity for line in lines if line.kind == LineKind.LABOUR and line.unit == "h"),
        ZERO,
    )
    attendance = Attendance.objects.filter(session__job=job).aggregate(
        present=Sum("hours_present"),
        assimilated=Sum("hours_assimilated"),
        absent=Sum("hours_absent"),
        # Attendance still to record: of the sessions that have taken place only.
        pending=Count("pk", filter=Q(recorded_at__isnull=True) & taken_place("session__")),
    )
    sessions = WorkSession.objects.filter(job=job).aggregate(
        billable=Sum("billable_hours"), count=Count("pk")
    )
    adjusted = job.adjustments.aggregate(total=Sum("hours"))["total"] or ZERO
    return JobFigures(
        quoted_hours=quoted,
        present_hours=attendance["present"] or ZERO,
        assimilated_hours=attendance["assimilated"] or ZERO,
        absent_hours=attendance["absent"] or ZERO,
        billable_hours=(sessions["billable"] or ZERO) + adjusted,
        adjusted_hours=adjusted,
        session_count=sessions["count"],
        pending_attendance=attendance["pending"],
        vat=job_vat(job, lines),
    )


def job_sessions(job: Job, limit: int = 60):
    """The job's latest sessions, each with its team size and what is recorded."""
    return (
        WorkSession.objects.filter(job=job)
        .annotate(
            team=Count("attendances"),
            recorded=Count("attendances", filter=Q(attendances__recorded_at__isnull=False)),
            present=Sum("attendances__hours_present"),
        )
        .order_by("-date", "-start_time")[:limit]
    )


def job_skills(job: Job):
    """Per skill practised on the job: how often, by how many trainees, the best level."""
    return (
        SkillPractice.objects.filter(attendance__session__job=job)
        .values("skill__code", "skill__name")
        .annotate(
            times=Count("pk"),
            trainees=Count("attendance__trainee", distinct=True),
            best=Max("level__rank"),
            last=Max("attendance__session__date"),
        )
        .order_by("skill__code")
    )


def skills_to_discover(job: Job, trainee_ids) -> dict[int, list]:
    """For each trainee, the job's usual skills they have never practised
    (anywhere), so a trainer can build a team from what each one needs. Two
    queries, whatever the number of trainees or practices."""
    usual = list(job.usual_skills.filter(is_active=True).order_by("code"))
    if not usual:
        return {}
    done = defaultdict(set)
    for trainee_id, skill_id in (
        SkillPractice.objects.filter(
            attendance__trainee_id__in=list(trainee_ids), skill__in=[s.pk for s in usual]
        )
        .values_list("attendance__trainee_id", "skill_id")
        .distinct()
    ):
        done[trainee_id].add(skill_id)
    return {t: [s for s in usual if s.pk not in done[t]] for t in trainee_ids}


# --- Kanban ---------------------------------------------------------------

# Finished jobs are counted, not shown as cards: nothing moves out of them.
CARD_STATUSES = [s for s in STATUS_BAR if s != JobStatus.INVOICED]
# The closed columns count the jobs closed lately, not every job ever made.
CLOSED_STATUSES = [JobStatus.INVOICED, JobStatus.CANCELLED]
RECENT_DAYS = 90


@dataclass
class Column:
    status: JobStatus
    count: int = 0
    cards: list = field(default_factory=list)
    recent_days: int | None = None  # a closed column: counts the last days only

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def kanban_columns(queryset, per_column: int = 30) -> list[Column]:
    """The board's columns: a count per status and the latest cards of the open
    ones (two queries, whatever the number of jobs). Both stay flat as the
    years pile up: closed columns count only the jobs closed in the last
    RECENT_DAYS, and each column's cards are its latest ``per_column`` jobs,
    read by the (status, reference) index."""
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    columns = {
        s: Column(JobStatus(s), recent_days=RECENT_DAYS if s in CLOSED_STATUSES else None)
        for s in [*STATUS_BAR, JobStatus.CANCELLED]
    }
    open_statuses = [s for s in columns if s not in CLOSED_STATUSES]
    # Two index ranges, (status, status_changed_at): the open jobs, the recent closed.
    counted = queryset.order_by().filter(
        Q(status__in=open_statuses) | Q(status__in=CLOSED_STATUSES, status_changed_at__gte=since)
    )
    for status, count in (
        counted.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    ):
        columns[status].count = count
    tops = [
        queryset.filter(status=status).order_by("-reference").values("pk")[:per_column]
        for status in CARD_STATUSES
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        latest = Q(pk__in=tops[0].union(*tops[1:], all=True))  # PostgreSQL
    else:
        latest = Q()  # SQLite: one IN per column, each read by the index
        for top in tops:
            latest |= Q(pk__in=top)
    cards = (
        queryset.model.objects.filter(latest)
        .select_related("client", "workshop")
        .order_by("-reference")
    )
    for job in cards:
        columns[job.status].cards.append(job)
    return list(columns.values())


# --- Week planning board --------------------------------------------------


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class BoardRow:
    kind: str
    person: object
    label: str
    cells: list
    url: str = ""


@dataclass
class Candidate:
    """A trainee one may put on a session from the board, and whether they can
    be: free, over their contract's hours (a warning, to confirm), without a
    contract that day or busy (on what): both refused by the check."""

    trainee: object
    state: str  # "free", "over", "off" or "busy", as ``availability`` says
    note: str = ""

    @property
    def can_be_added(self) -> bool:
        return self.state in ("free", "over")


CANDIDATE_ORDER = {"free": 0, "over": 1, "off": 2, "busy": 3}


@dataclass
class Board:
    days: list
    columns: list
    jobs_row: list
    trainee_rows: list
    trainer_rows: list


def week_board(workshop, monday: datetime.date, *, with_weekend: bool = False) -> Board:
    """Rows = the workshop's trainees and trainers, columns = days, cells = the
    sessions each person is on. Six queries, whatever the data."""
    days = [monday + datetime.timedelta(days=i) for i in range(7 if with_weekend else 5)]
    first, last = days[0], days[-1]
    index = {day: i for i, day in enumerate(days)}
    iso = [day.isoformat() for day in days]

    sessions = list(
        WorkSession.objects.filter(workshop=workshop, date__range=(first, last))
        .select_related("job")
        .annotate(team=Count("attendances"))
        .order_by("date", "start_time", "pk")
    )
    # One object per session, with its link and hours worked out once: a busy
    # week shows the same session in many cells.
    chips = {}

    def chip(session):
        known = chips.get(session.pk)
        if known is None:
            session.url = session.get_absolute_url()
            session.times = f"{session.start_time:%H:%M}–{session.end_time:%H:%M}"
            session.chip_label = session.label
            session.chip_title = session.description
            known = chips[session.pk] = session
        return known

    jobs_row = [[] for _ in days]
    for session in sessions:
        jobs_row[index[session.date]].append(chip(session))

    trainees = list(
        Trainee.objects.filter(workshop=workshop, entry_date__lte=last)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=first))
        .exclude(status=TraineeStatus.ENDED, exit_date__lt=first)
        .order_by("last_name", "first_name")
    )
    contracts = defaultdict(list)
    for trainee_id, start, end in TrainingContract.objects.filter(
        trainee__in=[t.pk for t in trainees], start_date__lte=last, end_date__gte=first
    ).values_list("trainee_id", "start_date", "end_date"):
        contracts[trainee_id].append((start, end))
    cells = {t.pk: [[] for _ in days] for t in trainees}
    # Through the week's sessions (the date index), not through each trainee's
    # whole history: a subquery keeps it one query and fast at any size.
    week = WorkSession.objects.filter(date__range=(first, last)).values("pk")
    for attendance in (
        Attendance.objects.filter(trainee__in=[t.pk for t in trainees], session__in=week)
        .select_related("session__job")
        .order_by("session__date", "session__start_time")
    ):
        session = chip(attendance.session)
        cells[attendance.trainee_id][index[session.date]].append(session)
    trainee_rows = []
    for trainee in trainees:
        row = BoardRow("trainee", trainee, trainee.full_name, [], trainee.get_absolute_url())
        for i, day in enumerate(days):
            covered = any(s <= day <= e for s, e in contracts[trainee.pk])
            row.cells.append({"day": iso[i], "sessions": cells[trainee.pk][i], "covered": covered})
        trainee_rows.append(row)

    trainers = list(
        get_user_model()
        .objects.filter(workshops=workshop, groups__name=Role.TRAINER)
        .order_by("first_name", "last_name")
    )
    trainer_cells = {u.pk: [[] for _ in days] for u in trainers}
    through = WorkSession.trainers.through
    for link in (
        through.objects.filter(user__in=[u.pk for u in trainers], worksession__in=week)
        .select_related("worksession__job")
        .order_by("worksession__date", "worksession__start_time")
    ):
        session = chip(link.worksession)
        trainer_cells[link.user_id][index[session.date]].append(session)
    trainer_rows = [
        BoardRow(
            "trainer",
            user,
            person_name(user),
            [
                {"day": iso[i], "sessions": trainer_cells[user.pk][i], "covered": True}
                for i, day in enumerate(days)
            ],
        )
        for user in trainers
    ]
    for session in sessions:
        session.can_add = session.job_id is None or session.job.status in PLANNABLE
    columns = [(day, public_holiday(day)) for day in days]
    return Board(days, columns, jobs_row, trainee_rows, trainer_rows)


def busy_note(session) -> str:
    """« occupé·e : CH-2026-0001 08:00–12:00 »: what someone is on at that time."""
    from django.utils.translation import gettext as _

    return _("busy: %(session)s %(times)s") % {
        "session": session.label,
        "times": f"{session.start_time:%H:%M}–{session.end_time:%H:%M}",
    }


def session_candidates(session) -> list[Candidate]:
    """The trainees of the session's workshop one may put on ``session``, with
    what their day already holds, as the session form's ``availability`` says:
    free first, then over their contract's weekly hours (choosable, with its
    note; the add asks to confirm), then without a contract that day, then busy
    at that time (both shown, not choosable: the conflict check refuses them).
    Three queries, read when the board's « + stagiaire » is opened, so that the
    board itself stays light and the list is as fresh as the moment it is opened."""
    day = session.date
    trainees = list(
        Trainee.objects.filter(workshop=session.workshop_id, entry_date__lte=day)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=day))
        .exclude(status=TraineeStatus.ENDED)
        .exclude(attendances__session=session)
        .order_by("last_name", "first_name", "pk")
    )
    days = availability(
        day,
        session.start_time,
        session.end_time,
        trainee_ids=[t.pk for t in trainees],
        trainer_ids=[],
        exclude_session=session.pk,
        break_minutes=session.break_minutes,
    )["trainee"]
    found = []
    for trainee in trainees:
        day_of = days[trainee.pk]
        note = "" if day_of.state == "free" else day_of.text
        found.append(Candidate(trainee, day_of.state, note))
    found.sort(key=lambda candidate: CANDIDATE_ORDER[candidate.state])
    return found


@dataclass
class Availability:
    """A person's day, beside their name on the session form."""

    state: str  # "free", "busy", "off" (no contract) or "over" (over contract hours)
    text: str = ""


def availability(
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    *,
    trainee_ids,
    trainer_ids,
    exclude_session=None,
    break_minutes: int = 0,
) -> dict:
    """Whether each trainee and trainer is free from ``start`` to ``end`` on
    ``day``: busy (on what), without a contract that day, or past their
    contract's weekly hours with this session. Three queries, whatever the
    history (the day's and the week's sessions, through the date index)."""
    from django.utils.translation import gettext as _

    from eft.templatetags.eft import hours
    from jobs.models import session_hours

    monday = monday_of(day)
    week = WorkSession.objects.filter(date__range=(monday, monday + datetime.timedelta(days=6)))
    if exclude_session:
        week = week.exclude(pk=exclude_session)
    overlapping = week.filter(date=day, start_time__lt=end, end_time__gt=start)

    people = {"trainee": {}, "trainer": {}}
    planned = defaultdict(Decimal)
    for attendance in (
        Attendance.objects.filter(trainee__in=list(trainee_ids), session__in=week.values("pk"))
        .select_related("session__job")
        .order_by("session__start_time")
    ):
        session = attendance.session
        planned[attendance.trainee_id] += session.planned_hours
        if session.date == day and session.start_time < end and start < session.end_time:
            people["trainee"].setdefault(
                attendance.trainee_id, Availability("busy", busy_note(session))
            )
    through = WorkSession.trainers.through
    for link in (
        through.objects.filter(user__in=list(trainer_ids), worksession__in=overlapping.values("pk"))
        .select_related("worksession__job")
        .order_by("worksession__start_time")
    ):
        people["trainer"].setdefault(
            link.user_id, Availability("busy", busy_note(link.worksession))
        )
    contracts = {
        trainee_id: hours
        for trainee_id, hours in TrainingContract.objects.filter(
            trainee__in=list(trainee_ids), start_date__lte=day, end_date__gte=day
        ).values_list("trainee_id", "hours_per_week")
    }
    this = session_hours(start, end, break_minutes)
    for trainee_id in trainee_ids:
        if trainee_id in people["trainee"]:
            continue
        if trainee_id not in contracts:
            people["trainee"][trainee_id] = Availability("off", _("no contract on this day"))
        elif planned[trainee_id] + this > contracts[trainee_id]:
            people["trainee"][trainee_id] = Availability(
                "over",
                _("over the contract's hours: %(planned)s h of %(hours)s h this week")
                % {
                    "planned": hours(planned[trainee_id] + this),
                    "hours": hours(contracts[trainee_id]),
                },
            )
        else:
            people["trainee"][trainee_id] = Availability("free", _("free"))
    for trainer_id in trainer_ids:
        people["trainer"].setdefault(trainer_id, Availability("free", _("free")))
    return people


# A job sheet lists the job's first sessions: room for a page or two, not a year.
SHEET_SESSIONS = 40


def with_sheets(jobs: list) -> list:
    """Each job with what its printed sheet shows: ``sheet_sessions`` (its
    first SHEET_SESSIONS sessions) and ``sheet_team`` (the names of everyone
    on them). Three queries, however many jobs and sessions."""
    sessions = defaultdict(list)
    found = (
        WorkSession.objects.filter(job__in=[job.pk for job in jobs])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("job_id"),
                order_by=[F("date").asc(), F("start_time").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=SHEET_SESSIONS)
        .order_by("job_id", "date", "start_time", "pk")
        .prefetch_related("attendances__trainee", "trainers")
    )
    for session in found:
        sessions[session.job_id].append(session)
    for job in jobs:
        job.sheet_sessions = sessions[job.pk]
        team = {}
        for session in job.sheet_sessions:
            for attendance in session.attendances.all():
                team[f"t{attendance.trainee_id}"] = attendance.trainee.full_name
            for trainer in session.trainers.all():
                team[f"u{trainer.pk}"] = person_name(trainer)
        job.sheet_team = sorted(team.values())
    return jobs
