"""The one conflict check every way of planning goes through.

Before a session of any kind is saved (the session form, a series, the
planning board, an import), :func:`check` says what is wrong with it, in the
user's language:

* hard conflicts, which block: a person booked twice at overlapping times, a
  trainee with no training contract that day, more trainees than the workshop
  allows per trainer, a production session outside the job's dates or on a
  closed job;
* warnings, which the planner may accept: a trainee from another workshop, a
  public holiday or a weekend, a job the client has not accepted yet.

It reads at most three queries, whatever the number of people or days: the
trainees' other sessions, the trainers' other sessions, the trainees' contracts.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from eft.text import person_name
from jobs.choices import NOT_YET_ACCEPTED, PLANNABLE
from jobs.models import Attendance, Job, WorkSession, session_label
from trainees.models import Trainee, TrainingContract


@dataclass(frozen=True)
class Slot:
    date: datetime.date
    start: datetime.time
    end: datetime.time

    def overlaps(self, start: datetime.time, end: datetime.time) -> bool:
        return self.start < end and start < self.end


@dataclass
class ConflictReport:
    hard: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return bool(self.hard)

    def __bool__(self) -> bool:
        return bool(self.hard or self.warnings)


@lru_cache(maxsize=64)
def _belgian_holidays(year: int, language: str) -> dict:
    lang = "fr" if language.startswith("fr") else "en_US"
    return dict(holidays.country_holidays("BE", years=year, language=lang))


def public_holiday(day: datetime.date) -> str | None:
    """The name of the Belgian public holiday on ``day``, or None."""
    return _belgian_holidays(day.year, get_language() or "fr").get(day)


def working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Every weekday from start to end, both included, except Belgian public holidays."""
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and public_holiday(day) is None:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _times(start: datetime.time, end: datetime.time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def check(
    *,
    job: Job | None = None,
    workshop=None,
    slots: Sequence[Slot],
    trainees: Sequence[Trainee],
    trainers: Sequence,
    check_trainees: Iterable[Trainee] | None = None,
    check_trainers: Iterable | None = None,
    exclude_sessions: Iterable[int] = (),
) -> ConflictReport:
    """Check a planned team (``trainees``, ``trainers``) on ``slots`` of ``job``
    (a production session) or of ``workshop`` (a lesson, placement or partner day).

    ``check_trainees`` and ``check_trainers`` narrow the per-person rules to the
    people being added (default: everyone); the ratio rule always counts the
    whole team. ``exclude_sessions`` are the sessions being changed."""
    report = ConflictReport()
    workshop = job.workshop if job is not None else workshop
    check_trainees = list(trainees if check_trainees is None else check_trainees)
    check_trainers = list(trainers if check_trainers is None else check_trainers)
    exclude_sessions = list(exclude_sessions)
    dates = sorted({slot.date for slot in slots})
    if not dates:
        return report

    if job is not None:
        _check_job(report, job, dates)
    _check_people(report, slots, dates, check_trainees, check_trainers, exclude_sessions)
    if check_trainees:
        _check_contracts(report, dates, check_trainees)
        for trainee in check_trainees:
            if trainee.workshop_id != workshop.pk:
                report.warnings.append(
                    _("%(name)s belongs to another workshop.") % {"name": trainee.full_name}
                )
    _check_ratio(report, workshop, trainees, trainers)
    _check_days(report, dates)
    return report


def _check_job(report: ConflictReport, job: Job, dates: list[datetime.date]) -> None:
    if job.status not in PLANNABLE:
        report.hard.append(
            _("This job is “%(status)s”: no session can be planned on it any more.")
            % {"status": job.get_status_display()}
        )
    elif job.status in NOT_YET_ACCEPTED:
        report.warnings.append(_("The client has not accepted this job yet."))
    outside = [
        d
        for d in dates
        if (job.planned_start and d < job.planned_start)
        or (job.planned_end and d > job.planned_end)
    ]
    if outside:
        report.hard.append(
            _("%(date)s falls outside the job's dates (%(start)s to %(end)s).")
            % {
                "date": ", ".join(_day(d) for d in outside[:5]),
                "start": _day(job.planned_start) if job.planned_start else "…",
                "end": _day(job.planned_end) if job.planned_end else "…",
            }
        )


def _check_people(report, slots, dates, trainees, trainers, exclude_sessions) -> None:
    """Queries 1 and 2: the trainees' and the trainers' other sessions on those days.

    Both start from the sessions of those days (the date index), then look each
    person up in them (the unique (session, person) index): the cost is that of
    the days checked, never that of a person's whole history."""
    that_day = WorkSession.objects.filter(date__in=dates).exclude(pk__in=exclude_sessions)
    if trainees:
        names = {t.pk: t.full_name for t in trainees}
        others = Attendance.objects.filter(
            session__in=that_day.values("pk"), trainee_id__in=names
        ).values_list("trainee_id", *(f"session__{column}" for column in SESSION_COLUMNS))
        _report_double_bookings(report, slots, names, others)
    if trainers:
        names = {u.pk: person_name(u) for u in trainers}
        others = WorkSession.trainers.through.objects.filter(
            worksession__in=that_day.values("pk"), user_id__in=names
        ).values_list("user_id", *(f"worksession__{column}" for column in SESSION_COLUMNS))
        _report_double_bookings(report, slots, names, others)


# What a double booking reports of the other session.
SESSION_COLUMNS = ("date", "start_time", "end_time", "kind", "job__reference", "title", "host")


def _check_contracts(report, dates, trainees) -> None:
    """Query 3: the trainees' contracts over the period."""
    covered = defaultdict(list)
    for trainee_id, start, end in TrainingContract.objects.filter(
        trainee_id__in=[t.pk for t in trainees],
        start_date__lte=dates[-1],
        end_date__gte=dates[0],
    ).values_list("trainee_id", "start_date", "end_date"):
        covered[trainee_id].append((start, end))
    for trainee in trainees:
        missing = [d for d in dates if not any(s <= d <= e for s, e in covered[trainee.pk])]
        if missing:
            report.hard.append(
                _("%(name)s has no training contract on %(dates)s.")
                % {"name": trainee.full_name, "dates": _list_dates(missing)}
            )


def _check_ratio(report, workshop, trainees, trainers) -> None:
    limit = workshop.max_trainees_per_trainer * len(trainers)
    if trainees and len(trainees) > limit:
        if not trainers:
            report.hard.append(_("No trainer on this session: trainees always work with one."))
        else:
            report.hard.append(
                _(
                    "%(trainees)s trainees for %(trainers)s trainer(s): the workshop allows "
                    "at most %(ratio)s trainees per trainer."
                )
                % {
                    "trainees": len(trainees),
                    "trainers": len(trainers),
                    "ratio": workshop.max_trainees_per_trainer,
                }
            )


def _check_days(report, dates) -> None:
    for day in dates:
        name = public_holiday(day)
        if name:
            report.warnings.append(
                _("%(date)s is a public holiday (%(name)s).") % {"date": _day(day), "name": name}
            )
        elif day.weekday() >= 5:
            report.warnings.append(
                _("%(date)s is a %(weekday)s.")
                % {"date": _day(day), "weekday": date_format(day, "l")}
            )


def _list_dates(days: list[datetime.date]) -> str:
    shown = ", ".join(_day(d) for d in days[:5])
    if len(days) > 5:
        shown += " " + _("and %(count)s more day(s)") % {"count": len(days) - 5}
    return shown


def _report_double_bookings(report, slots, names, others) -> None:
    by_day = defaultdict(list)
    for slot in slots:
        by_day[slot.date].append(slot)
    seen = set()
    for person_id, day, start, end, kind, reference, title, host in others:
        if any(slot.overlaps(start, end) for slot in by_day[day]):
            label = session_label(kind, reference, title, host)
            key = (person_id, day, label)
            if key in seen:
                continue
            seen.add(key)
            report.hard.append(
                _("%(name)s is already on %(job)s on %(date)s (%(times)s).")
                % {
                    "name": names[person_id],
                    "job": label,
                    "date": _day(day),
                    "times": _times(start, end),
                }
            )
