"""The home page of each role: what is waiting for them today.

Each panel is a short list (its first rows) and the number of all its rows, two
queries whatever the data; a panel the user has no right to is not built. What
a panel holds is a business rule, so it lives here and not in the template.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eft.choices import Role
from eft.permissions import has_role, is_coordinator

SHOWN = 8  # rows per panel; the rest behind the panel's link
COUNT_CAP = 99  # a panel counts up to 99, then says « 99+ » (a bounded count)
RECENT_DAYS = 30  # new clients, skills to record: the last 30 days
SOON_DAYS = 30  # contracts ending within 30 days
MONTHS_BACK = 6  # months to close: the last six


@dataclass
class Panel:
    key: str  # also the name of the template of its rows: eft/panels/<kind>.html
    title: object
    rows: list
    count: int
    empty: object
    more_url: str | None = None
    more_label: object = ""
    kind: str = ""

    def __post_init__(self):
        self.kind = self.kind or self.key

    @property
    def more(self) -> int:
        return max(self.count - len(self.rows), 0)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def count_label(self) -> str:
        return f"{COUNT_CAP}+" if self.capped else str(self.count)

    @property
    def template(self) -> str:
        return f"eft/panels/{self.kind}.html"


def _panel(key, title, queryset, *, empty, more_url=None, more_label=""):
    """The first rows and their number: always two queries, the count stopped
    at COUNT_CAP, so that a page costs the same with 5 rows as with 50,000."""
    rows = list(queryset[:SHOWN])
    count = queryset[: COUNT_CAP + 1].count()
    return Panel(key, title, rows, count, empty, more_url, more_label)


def _sessions(user):
    from jobs.models import WorkSession

    return WorkSession.objects.for_user(user).select_related("job", "workshop")


def day_sessions(user, day: datetime.date, title) -> Panel:
    sessions = (
        _sessions(user)
        .filter(date=day)
        .annotate(team=Count("attendances"))
        .order_by("start_time", "workshop__name", "pk")
    )
    panel = _panel(
        f"sessions-{day.isoformat()}",
        title,
        sessions,
        empty=_("No session planned."),
        more_url=f"{reverse('planning')}?date={day.isoformat()}",
        more_label=_("See the week"),
    )
    panel.kind = "sessions"
    return panel


def attendance_to_record(user) -> Panel:
    """Sessions that took place with someone's attendance not yet recorded,
    oldest first (the statements wait for them)."""
    from jobs.models import Attendance
    from jobs.selectors import taken_place

    # Read from the few attendances still waiting (the partial index
    # attendance_to_record), never from the whole history of sessions.
    pending = Attendance.objects.filter(recorded_at__isnull=True).values("session_id")
    sessions = (
        _sessions(user)
        .filter(taken_place())
        .filter(pk__in=pending)
        .annotate(waiting=Count("attendances", filter=Q(attendances__recorded_at__isnull=True)))
        .order_by("date", "start_time", "pk")
    )
    return _panel(
        "attendance",
        _("Attendance to record"),
        sessions,
        empty=_("Every attendance is recorded."),
    )


def skills_to_record(user, today: datetime.date) -> Panel:
    """Production sessions of the last days with trainees present and no skill
    recorded for any of them yet, newest first."""
    from jobs.choices import SessionKind
    from jobs.models import Attendance, SkillPractice
    from jobs.selectors import taken_place

    present = Attendance.objects.filter(session=OuterRef("pk"), hours_present__gt=0)
    practised = SkillPractice.objects.filter(attendance__session=OuterRef("pk"))
    sessions = (
        _sessions(user)
        .filter(taken_place(), kind=SessionKind.PRODUCTION)
        .filter(date__gte=today - datetime.timedelta(days=RECENT_DAYS))
        .filter(Exists(present), ~Exists(practised))
        .order_by("-date", "-start_time", "-pk")
    )
    return _panel(
        "skills",
        _("Skills to record (last 30 days)"),
        sessions,
        empty=_("Nothing waiting: every session has its skills."),
    )


def jobs_starting(user, today: datetime.date) -> Panel:
    from jobs.choices import JobStatus
    from jobs.models import Job

    monday = today - datetime.timedelta(days=today.weekday())
    jobs = (
        Job.objects.for_user(user)
        .filter(planned_start__range=(monday, monday + datetime.timedelta(days=6)))
        .exclude(status__in=[JobStatus.CANCELLED, JobStatus.INVOICED])
        .select_related("client", "workshop")
        .order_by("planned_start", "reference")
    )
    return _panel(
        "starting",
        _("Jobs starting this week"),
        jobs,
        empty=_("No job starts this week."),
        more_url=reverse("job_kanban"),
        more_label=_("Jobs board"),
    )


def jobs_to_invoice(user) -> Panel:
    from jobs.choices import JobStatus
    from jobs.models import Job

    jobs = (
        Job.objects.for_user(user)
        .filter(status=JobStatus.DONE)
        .select_related("client", "workshop")
        .order_by("status_changed_at", "reference")
    )
    return _panel(
        "to-invoice",
        _("Done jobs not yet invoiced"),
        jobs,
        empty=_("Every done job is invoiced."),
        more_url=f"{reverse('job_list')}?status={JobStatus.DONE}",
        more_label=_("All of them in the list"),
    )


def new_clients(user, today: datetime.date) -> Panel:
    from clients.models import Client

    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=RECENT_DAYS), datetime.time())
    )
    clients = (
        Client.objects.for_user(user)
        .filter(created_at__gte=since, is_archived=False)  # through the index client_created
        .order_by("-created_at", "-pk")
    )
    return _panel(
        "new-clients",
        _("New clients (last 30 days)"),
        clients,
        empty=_("No new client."),
        more_url=reverse("client_list"),
        more_label=_("Clients"),
    )


def contracts_ending(user, today: datetime.date) -> Panel:
    from trainees.choices import TraineeStatus
    from trainees.models import TrainingContract

    contracts = (
        TrainingContract.objects.for_user(user)
        .filter(
            end_date__range=(today, today + datetime.timedelta(days=SOON_DAYS)),
            trainee__status=TraineeStatus.ACTIVE,
        )
        .select_related("trainee", "trainee__workshop")
        .order_by("end_date", "trainee__last_name", "pk")
    )
    return _panel(
        "contracts",
        _("Contracts ending within 30 days"),
        contracts,
        empty=_("No contract ends soon."),
    )


@dataclass
class OpenMonth:
    month: datetime.date
    waiting: int  # attendances still to record in that month


def months_to_close(today: datetime.date) -> Panel:
    """The past months (of the last six) with sessions whose hours are not
    closed yet, with the attendance still to record in each."""
    from jobs.models import Attendance, MonthClosing, WorkSession

    first = today.replace(day=1)
    start = first
    for _i in range(MONTHS_BACK):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    closed = set(
        MonthClosing.objects.filter(month__gte=start, month__lt=first, is_closed=True).values_list(
            "month", flat=True
        )
    )
    # What waits, from the few attendances still to record (attendance_to_record).
    waiting = {
        row["month"]: row["n"]
        for row in Attendance.objects.filter(
            recorded_at__isnull=True, session__date__gte=start, session__date__lt=first
        )
        .annotate(month=TruncMonth("session__date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    months = []
    month = start
    # Newest first is how the list is read; built oldest first, then turned.
    while month < first:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        # A month with sessions: one look in the date index a month (six in all).
        if (
            month not in closed
            and WorkSession.objects.filter(date__gte=month, date__lt=following).exists()
        ):
            months.append(OpenMonth(month, waiting.get(month, 0)))
        month = following
    months.reverse()
    return Panel(
        "months",
        _("Months to close"),
        months,
        len(months),
        _("Every past month is closed."),
        reverse("month_list"),
        _("Months and statements"),
    )


def panels_for(user, today: datetime.date) -> list[Panel]:
    """The panels of ``user``'s home page, in the order they are read."""
    panels = []
    trainer = has_role(user, Role.TRAINER)
    coordinator = is_coordinator(user)
    office = coordinator or has_role(user, Role.ADMIN_STAFF)
    if trainer or coordinator:
        panels += [
            day_sessions(user, today, _("Today")),
            day_sessions(user, today + datetime.timedelta(days=1), _("Tomorrow")),
            attendance_to_record(user),
            skills_to_record(user, today),
            jobs_starting(user, today),
        ]
    if office:
        panels += [
            jobs_to_invoice(user),
            new_clients(user, today),
            contracts_ending(user, today),
        ]
    if coordinator:
        panels.append(months_to_close(today))
    return panels
