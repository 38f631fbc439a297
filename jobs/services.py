"""Operations that change jobs, sessions, attendance and skills practised.

Each runs in one transaction: it either does everything or raises a
ValidationError whose messages are meant for the user, and changes nothing.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from eft.locking import lock_version
from eft.models import Workshop
from jobs import conflicts
from jobs.choices import ASSIMILATED_BY_DEFAULT, PLANNABLE, JobStatus, SessionKind
from jobs.models import (
    Attendance,
    BillableAdjustment,
    Job,
    JobSequence,
    MonthClosing,
    SkillPractice,
    WorkSession,
    session_hours,
)
from trainees.models import AutonomyLevel, Skill, Trainee, TrainingContract


class WarningsToAccept(ValidationError):
    """Raised when the planning has warnings the planner has not accepted yet."""

    def __init__(self, report: conflicts.ConflictReport):
        self.report = report
        super().__init__(report.warnings, code="warnings")


class ConflictsFound(ValidationError):
    """Raised when the planning has conflicts that refuse it. It carries the
    report, so that its warnings are shown in the same pass as the conflicts
    (the planner fixes everything at once, not one round after the other)."""

    def __init__(self, report: conflicts.ConflictReport):
        self.report = report
        super().__init__(report.hard, code="conflict")


# --- Jobs -----------------------------------------------------------------


def next_reference(year: int) -> str:
    """CH-YYYY-NNNN from the year's sequence, under a row lock (call inside a
    transaction). Numbers are not reused even when a job is later deleted."""
    JobSequence.objects.get_or_create(year=year)
    sequence = JobSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"CH-{year}-{sequence.last_number:04d}"


@transaction.atomic
def job_create(job: Job) -> Job:
    job.reference = next_reference(timezone.localdate().year)
    job.full_clean(exclude=["reference"])
    job.save()
    return job


def _lock_version(job: Job, expected_version: int | None) -> Job:
    """Lock the job's row and refuse when someone saved it after the user opened it."""
    return lock_version(
        Job,
        job.pk,
        expected_version,
        message=_(
            "%(who)s changed this job while you were editing it. Your changes were not "
            "saved: open the job again to see theirs, then make yours."
        ),
    )


@transaction.atomic
def job_update(job: Job, expected_version: int | None) -> Job:
    """Save ``job`` (edited by a form) unless it changed since ``expected_version``."""
    locked = _lock_version(job, expected_version)
    if job.workshop_id != locked.workshop_id and locked.sessions.exists():
        # Its sessions, their trainees and skills belong to the workshop: they stay.
        raise ValidationError(
            {"workshop": _("This job has work sessions: its workshop can no longer change.")}
        )
    job.status = locked.status
    job.status_changed_at = locked.status_changed_at
    job.version = locked.version + 1
    job.full_clean(exclude=["reference"])
    job.save()
    return job


@transaction.atomic
def job_lines_save(job: Job, expected_version: int | None, formset) -> Job:
    """Save the job's lines (a formset) unless the job changed meanwhile."""
    locked = _lock_version(job, expected_version)
    if not locked.is_open:
        raise ValidationError(
            _("This job is “%(status)s”: its lines can no longer change.")
            % {"status": locked.get_status_display()}
        )
    formset.save()
    locked.version += 1
    locked.save(update_fields=["version"])
    return locked


@transaction.atomic
def adjustment_add(*, job: Job, hours: Decimal, reason: str, user) -> BillableAdjustment:
    """Add (or, negative, take) billable hours to a job beside its sessions',
    with the reason. Refused once the job is invoiced or cancelled."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if not locked.is_open:
        raise ValidationError(
            _("This job is “%(status)s”: its billable hours can no longer change.")
            % {"status": locked.get_status_display()}
        )
    if not hours:
        raise ValidationError(_("Give a number of hours other than 0 (negative to take some off)."))
    if not (reason or "").strip():
        raise ValidationError(_("Say why: the reason is kept with the hours."))
    adjustment = BillableAdjustment(job=locked, hours=hours, reason=reason.strip(), created_by=user)
    adjustment._history_user = user
    adjustment.save()
    return adjustment


@transaction.atomic
def job_delete(job: Job) -> None:
    if job.status != JobStatus.DRAFT or job.sessions.exists():
        raise ValidationError(
            _("Only a draft job without work sessions can be deleted: cancel it instead.")
        )
    try:
        with transaction.atomic():
            job.delete()
    except ProtectedError as error:  # a quote or an invoice made for it is kept
        raise ValidationError(
            _("A quote or an invoice was made for this job: cancel it instead.")
        ) from error


# --- Months ---------------------------------------------------------------


def month_label(day: datetime.date) -> str:
    return date_format(day, "YEAR_MONTH_FORMAT")


def _refuse_closed_months(days: Iterable[datetime.date]) -> None:
    months = sorted({d.replace(day=1) for d in days})
    closed = list(
        MonthClosing.objects.filter(month__in=months, is_closed=True).values_list(
            "month", flat=True
        )
    )
    if closed:
        raise ValidationError(
            _("The hours of %(month)s are closed: ask coordination to reopen the month first.")
            % {"month": ", ".join(month_label(m) for m in closed)}
        )


@transaction.atomic
def month_close(month: datetime.date, user) -> MonthClosing:
    month = month.replace(day=1)
    closing = MonthClosing.objects.select_for_update().filter(month=month).first()
    if closing is not None and closing.is_closed:
        raise ValidationError(_("%(month)s is already closed.") % {"month": month_label(month)})
    closing = closing or MonthClosing(month=month)
    closing.is_closed = True
    closing.reason = ""
    closing.changed_by = user
    closing._history_user = user
    closing.save()
    return closing


@transaction.atomic
def month_reopen(month: datetime.date, user, reason: str) -> MonthClosing:
    month = month.replace(day=1)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the month is reopened: the reason is kept in its log."))
    closing = MonthClosing.objects.select_for_update().filter(month=month, is_closed=True).first()
    if closing is None:
        raise ValidationError(_("%(month)s is not closed.") % {"month": month_label(month)})
    closing.is_closed = False
    closing.reason = reason
    closing.changed_by = user
    closing._history_user = user
    closing.save()
    return closing


# --- Sessions -------------------------------------------------------------


def _lock_people(trainees: Sequence[Trainee]) -> None:
    """Lock the trainees' rows, so two planners cannot book one person twice at once."""
    if trainees:
        list(Trainee.objects.select_for_update().filter(pk__in=[t.pk for t in trainees]))


def _raise_report(report: conflicts.ConflictReport, accept_warnings: bool) -> None:
    if report.hard:
        raise ConflictsFound(report)
    if report.warnings and not accept_warnings:
        raise WarningsToAccept(report)


def _session_identity(
    *, kind: str, job: Job | None, workshop: Workshop | None, title: str, host: str
) -> Workshop:
    """The workshop of a session of ``kind``; refuse what that kind lacks."""
    if kind not in SessionKind.values:
        raise ValidationError(_("Unknown kind of session."))
    if kind == SessionKind.PRODUCTION:
        if job is None:
            raise ValidationError(_("Choose the job of a production session."))
        return job.workshop
    if job is not None:
        raise ValidationError(
            _("Only a production session is on a job: leave the job empty for this kind.")
        )
    if workshop is None:
        raise ValidationError(_("Choose the workshop whose trainees take part."))
    if kind == SessionKind.LESSON and not title.strip():
        raise ValidationError(_("Give the subject of the lesson."))
    if kind == SessionKind.PLACEMENT and not host.strip():
        raise ValidationError(_("Give the company that hosts the placement."))
    if kind == SessionKind.PARTNER and not host.strip():
        raise ValidationError(_("Give the partner organisation."))
    return workshop


@transaction.atomic
def sessions_plan(
    *,
    kind: str = SessionKind.PRODUCTION,
    job: Job | None = None,
    workshop: Workshop | None = None,
    title: str = "",
    host: str = "",
    dates: Sequence[datetime.date],
    start: datetime.time,
    end: datetime.time,
    break_minutes: int = 0,
    period: str = "custom",
    trainers: Sequence = (),
    trainees: Sequence[Trainee] = (),
    notes: str = "",
    accept_warnings: bool = False,
) -> list[WorkSession]:
    """Plan a session of ``kind`` on each of ``dates`` with the same team and
    times: production on ``job``, or a lesson, placement or partner day of
    ``workshop`` (with its subject or host)."""
    workshop = _session_identity(kind=kind, job=job, workshop=workshop, title=title, host=host)
    if not dates:
        raise ValidationError(_("No working day in this period (weekends and holidays skipped)."))
    if end <= start:
        raise ValidationError(_("A session ends after it starts."))
    if session_hours(start, end, break_minutes) <= 0:
        raise ValidationError(_("The break is longer than the session."))
    _refuse_closed_months(dates)
    _lock_people(trainees)
    report = conflicts.check(
        job=job,
        workshop=workshop,
        slots=[conflicts.Slot(d, start, end) for d in dates],
        trainees=trainees,
        trainers=trainers,
    )
    _raise_report(report, accept_warnings)
    series = uuid.uuid4() if len(dates) > 1 else None
    sessions = [
        WorkSession(
            kind=kind,
            job=job,
            workshop=workshop,
            title=title.strip() if job is None else "",
            host=host.strip() if job is None else "",
            date=day,
            period=period,
            start_time=start,
            end_time=end,
            break_minutes=break_minutes,
            notes=notes,
            series=series,
        )
        for day in dates
    ]
    # Both databases return the new keys (RETURNING), so the sessions have their pk.
    sessions = bulk_create_with_history(sessions, WorkSession)
    through = WorkSession.trainers.through
    through.objects.bulk_create(
        [through(worksession_id=s.pk, user_id=u.pk) for s in sessions for u in trainers]
    )
    bulk_create_with_history(
        [Attendance(session=s, trainee=t) for s in sessions for t in trainees], Attendance
    )
    return sessions


@transaction.atomic
def session_update(
    session: WorkSession,
    *,
    date: datetime.date,
    start: datetime.time,
    end: datetime.time,
    break_minutes: int,
    period: str,
    trainers: Sequence,
    trainees: Sequence[Trainee],
    notes: str = "",
    title: str | None = None,
    host: str | None = None,
    accept_warnings: bool = False,
) -> WorkSession:
    """Move a session or change its team (its kind and job stay); people whose
    hours or skills are already recorded cannot be taken off it. Recorded hours
    move with the session and go to the contract that covers its new day."""
    title = session.title if title is None or session.job_id else title
    host = session.host if host is None or session.job_id else host
    _session_identity(
        kind=session.kind, job=session.job, workshop=session.workshop, title=title, host=host
    )
    if end <= start:
        raise ValidationError(_("A session ends after it starts."))
    _refuse_closed_months({session.date, date})
    _lock_people(trainees)
    current = {a.trainee_id: a for a in session.attendances.select_related("trainee")}
    wanted = {t.pk for t in trainees}
    removed = [a for tid, a in current.items() if tid not in wanted]
    _refuse_recorded(session, removed)
    moved = (date, start, end) != (session.date, session.start_time, session.end_time)
    current_trainers = set(session.trainers.values_list("pk", flat=True))
    report = conflicts.check(
        job=session.job,
        workshop=session.workshop,
        slots=[conflicts.Slot(date, start, end)],
        trainees=trainees,
        trainers=trainers,
        check_trainees=trainees if moved else [t for t in trainees if t.pk not in current],
        check_trainers=trainers if moved else [u for u in trainers if u.pk not in current_trainers],
        exclude_sessions=[session.pk],
    )
    _raise_report(report, accept_warnings)
    recorded = [a for a in current.values() if a.is_recorded and a.trainee_id in wanted]
    if recorded and session_hours(start, end, break_minutes) < max(
        (a.hours_present or 0) + a.hours_assimilated + a.hours_absent for a in recorded
    ):
        raise ValidationError(
            _("Some trainees have more hours recorded than the session would now last.")
        )
    if recorded and date > timezone.localdate():
        raise ValidationError(
            _("Hours are recorded on this session: it cannot move to a day still to come.")
        )
    session.date, session.start_time, session.end_time = date, start, end
    session.break_minutes, session.period, session.notes = break_minutes, period, notes
    session.title, session.host = title.strip(), host.strip()
    session.save()
    session.trainers.set(trainers)
    for attendance in removed:
        attendance.delete()
    if recorded and moved:
        contracts = _contracts_on(date, [a.trainee_id for a in recorded])
        for attendance in recorded:
            attendance.contract = contracts[attendance.trainee_id]
        Attendance.objects.bulk_update(recorded, ["contract"])
    bulk_create_with_history(
        [Attendance(session=session, trainee=t) for t in trainees if t.pk not in current],
        Attendance,
    )
    return session


def _refuse_recorded(session: WorkSession, attendances: Sequence[Attendance]) -> None:
    practised = set(
        SkillPractice.objects.filter(attendance__in=[a.pk for a in attendances]).values_list(
            "attendance_id", flat=True
        )
    )
    blocked = [a for a in attendances if a.is_recorded or a.pk in practised]
    if blocked:
        raise ValidationError(
            _(
                "The hours or skills of %(names)s are already recorded on this session: "
                "they cannot be taken off it."
            )
            % {"names": ", ".join(a.trainee.full_name for a in blocked)}
        )


@transaction.atomic
def session_add_trainee(
    session: WorkSession, trainee: Trainee, *, accept_warnings: bool = False
) -> Attendance:
    """Put one more trainee on a session (from the planning board)."""
    _refuse_closed_months([session.date])
    _lock_people([trainee])
    team = list(session.attendances.select_related("trainee"))
    if any(a.trainee_id == trainee.pk for a in team):
        raise ValidationError(
            _("%(name)s is already on this session.") % {"name": trainee.full_name}
        )
    trainers = list(session.trainers.all())
    report = conflicts.check(
        job=session.job,
        workshop=session.workshop,
        slots=[conflicts.Slot(session.date, session.start_time, session.end_time)],
        trainees=[*[a.trainee for a in team], trainee],
        trainers=trainers,
        check_trainees=[trainee],
        check_trainers=[],
        exclude_sessions=[session.pk],
    )
    _raise_report(report, accept_warnings)
    attendance = Attendance(session=session, trainee=trainee)
    attendance.save()
    return attendance


@transaction.atomic
def session_delete(session: WorkSession) -> None:
    _refuse_closed_months([session.date])
    _refuse_recorded(session, list(session.attendances.select_related("trainee")))
    session.delete()


# --- Attendance -----------------------------------------------------------


def _check_taken_place(session: WorkSession) -> None:
    """Hours and skills are recorded once the session has taken place (from its day on)."""
    if session.date > timezone.localdate():
        raise ValidationError(
            _(
                "This session is on %(date)s: its attendance and skills are recorded once "
                "it has taken place."
            )
            % {"date": date_format(session.date, "SHORT_DATE_FORMAT")}
        )


def _check_job_open(session: WorkSession) -> None:
    if session.job_id is None:
        return
    if session.job.status not in PLANNABLE and session.job.status != JobStatus.DONE:
        raise ValidationError(
            _("This job is “%(status)s”: its hours can no longer change.")
            % {"status": session.job.get_status_display()}
        )


def _contracts_on(day: datetime.date, trainee_ids: Sequence[int]) -> dict:
    """The contract that covers ``day`` for each trainee who has one (one query)."""
    return {
        contract.trainee_id: contract
        for contract in TrainingContract.objects.filter(
            trainee_id__in=trainee_ids, start_date__lte=day, end_date__gte=day
        )
    }


@transaction.atomic
def attendance_record(
    session: WorkSession,
    rows: Sequence[dict],
    *,
    user,
    billable_hours: Decimal | None = None,
) -> list[Attendance]:
    """Record each trainee's hours: present, absent and assimilated, absent and
    not assimilated, with the reason of any absence. ``rows`` hold
    ``trainee_id``, ``hours_present``, ``absence_reason`` and, optionally,
    ``hours_assimilated`` and ``hours_absent``: when a reason is given without
    them (or with both at 0), the hours missing from the session are absent,
    assimilated or not as the reason usually is. Each attendance goes to the training contract that
    covers the session's day; a day no contract covers cannot be recorded."""
    _check_job_open(session)
    _check_taken_place(session)
    _refuse_closed_months([session.date])
    planned = session.planned_hours
    by_trainee = {
        a.trainee_id: a
        for a in session.attendances.select_related("trainee").select_for_update(of=("self",))
    }
    contracts = _contracts_on(session.date, list(by_trainee))
    practised = set(
        SkillPractice.objects.filter(attendance__session=session).values_list(
            "attendance__trainee_id", flat=True
        )
    )
    errors = []
    now = timezone.now()
    changed = []
    for row in rows:
        attendance = by_trainee.get(row["trainee_id"])
        if attendance is None:
            raise ValidationError(_("This trainee is not on this session."))
        name = attendance.trainee.full_name
        try:
            hours = _attendance_hours(row, planned)
        except ValidationError as error:
            errors.extend(
                _("%(name)s: %(problem)s") % {"name": name, "problem": message}
                for message in error.messages
            )
            continue
        present, assimilated, absent, reason = hours
        contract = contracts.get(attendance.trainee_id)
        if contract is None:
            errors.append(
                _(
                    "%(name)s: no training contract covers %(date)s, so no hours can be "
                    "recorded that day. Add or extend their contract first."
                )
                % {"name": name, "date": date_format(session.date, "SHORT_DATE_FORMAT")}
            )
            continue
        if not present and attendance.trainee_id in practised:
            errors.append(
                _(
                    "%(name)s: skills are recorded for them on this session; clear them in "
                    "the skills grid before recording them absent."
                )
                % {"name": name}
            )
            continue
        attendance.hours_present = present
        attendance.hours_assimilated = assimilated
        attendance.hours_absent = absent
        attendance.absence_reason = reason
        attendance.contract = contract
        attendance.recorded_at = now
        attendance.recorded_by = user
        changed.append(attendance)
    if billable_hours is not None and billable_hours < 0:
        errors.append(_("Billable hours cannot be negative."))
    if billable_hours is not None and not session.is_production:
        errors.append(_("Only production sessions have billable hours."))
    if errors:
        raise ValidationError(errors)
    for attendance in changed:
        attendance._history_user = user
        attendance.save()
    if billable_hours != session.billable_hours:
        session.billable_hours = billable_hours
        session._history_user = user
        session.save(update_fields=["billable_hours"])
    return changed


def automatic_split(planned: Decimal, present: Decimal, reason: str) -> tuple[Decimal, Decimal]:
    """(absent assimilated, absent not assimilated) as the reason usually is:
    the hours missing from the session, all on one side."""
    missing = max(planned - (present or 0), Decimal(0))
    if not reason:
        return Decimal(0), Decimal(0)
    if reason in ASSIMILATED_BY_DEFAULT:
        return missing, Decimal(0)
    return Decimal(0), missing


def _attendance_hours(row: dict, planned: Decimal) -> tuple[Decimal, Decimal, Decimal, str]:
    """(present, absent assimilated, absent not assimilated, reason) of one row,
    or a ValidationError saying what is wrong with it."""
    reason = row.get("absence_reason") or ""
    present = row.get("hours_present")
    assimilated = row.get("hours_assimilated")
    absent = row.get("hours_absent")
    if present is None and not reason and assimilated is None and absent is None:
        raise ValidationError(_("give the hours present, or an absence."))
    present = Decimal(0) if present is None else present
    if min(present, assimilated or 0, absent or 0) < 0:
        raise ValidationError(_("hours cannot be negative."))
    if present > planned:
        raise ValidationError(
            _("%(hours)s h is more than the session lasts (%(planned)s h).")
            % {"hours": _hours(present), "planned": _hours(planned)}
        )
    if not assimilated and not absent:  # not split by hand: the reason decides
        if reason and planned - present <= 0:
            raise ValidationError(
                _("present for the whole session: leave the absence empty, or give fewer hours.")
            )
        assimilated, absent = automatic_split(planned, present, reason)
    assimilated, absent = assimilated or Decimal(0), absent or Decimal(0)
    if present + assimilated + absent > planned:
        raise ValidationError(
            _(
                "%(present)s h present and %(absent)s h absent make more than the session "
                "lasts (%(planned)s h)."
            )
            % {
                "present": _hours(present),
                "absent": _hours(assimilated + absent),
                "planned": _hours(planned),
            }
        )
    if (assimilated or absent) and not reason:
        raise ValidationError(_("say why they were absent."))
    if present == 0 and not (assimilated or absent):
        raise ValidationError(_("say why they were absent."))
    return present, assimilated, absent, reason


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@transaction.atomic
def attendance_everyone_present(session: WorkSession, *, user) -> list[Attendance]:
    """The usual case in one tap: every trainee present for the planned hours."""
    planned = session.planned_hours
    rows = [
        {"trainee_id": a.trainee_id, "hours_present": planned, "absence_reason": ""}
        for a in session.attendances.all()
    ]
    if not rows:
        raise ValidationError(_("No trainee is planned on this session."))
    return attendance_record(session, rows, user=user, billable_hours=session.billable_hours)


# --- Skills practised -----------------------------------------------------


Cell = tuple[int | None, str]


@transaction.atomic
def practices_record(
    session: WorkSession,
    cells: dict[tuple[int, int], Cell],
    *,
    user,
) -> int:
    """Record the skills grid of a session: ``cells`` maps (trainee id, skill id)
    to (autonomy level id or None for "not practised", the trainer's remark).

    A new practice is observed by ``user``; a changed one keeps its first
    observer and records ``user`` as its last editor (its history keeps every
    version). A cleared cell deletes the trainer's observation only: the
    trainee's self-assessment is kept apart and stays. Refused: a trainee not on
    the session or recorded absent, a skill outside the session's frameworks, a
    level off the scale. Returns how many practices were created or changed."""
    _check_job_open(session)
    _check_taken_place(session)
    # Locked as attendance_record locks them: an absence and skills cannot cross.
    attendances = {
        a.trainee_id: a
        for a in session.attendances.select_related("trainee").select_for_update(of=("self",))
    }
    allowed_skills = set(
        Skill.objects.for_workshop(session.workshop_id).values_list("pk", flat=True)
    )
    level_ids = set(AutonomyLevel.objects.values_list("pk", flat=True))
    errors = []
    for (trainee_id, skill_id), (level_id, _remark) in cells.items():
        attendance = attendances.get(trainee_id)
        if attendance is None:
            errors.append(_("A trainee of the grid is not on this session."))
        elif level_id is not None and attendance.was_absent:
            errors.append(
                _("%(name)s was absent from this session: no skill can be recorded for them.")
                % {"name": attendance.trainee.full_name}
            )
        if skill_id not in allowed_skills:
            errors.append(_("A skill of the grid is not in this workshop's frameworks."))
        if level_id is not None and level_id not in level_ids:
            errors.append(_("A level of the grid is not on the autonomy scale."))
    if errors:
        raise ValidationError(sorted(set(errors)))
    existing = {
        (p.attendance.trainee_id, p.skill_id): p
        for p in SkillPractice.objects.select_for_update(of=("self",))
        .select_related("attendance")
        .filter(attendance__session=session)
    }
    now = timezone.now()
    to_create, to_update, to_delete = [], [], []
    for key, (level_id, remark) in cells.items():
        practice = existing.get(key)
        remark = (remark or "").strip()[:300]
        if level_id is None:
            if practice is not None:
                to_delete.append(practice)
            continue
        if practice is None:
            to_create.append(
                SkillPractice(
                    attendance=attendances[key[0]],
                    skill_id=key[1],
                    level_id=level_id,
                    remark=remark,
                    observed_by=user,
                    observed_at=now,
                    changed_by=user,
                    changed_at=now,
                )
            )
        elif practice.level_id != level_id or practice.remark != remark:
            practice.level_id, practice.remark = level_id, remark
            practice.changed_by, practice.changed_at = user, now
            to_update.append(practice)
    for practice in to_delete:
        practice._history_user = user
        practice.delete()
    bulk_create_with_history(to_create, SkillPractice, default_user=user)
    bulk_update_with_history(
        to_update, SkillPractice, ["level", "remark", "changed_by", "changed_at"],
        default_user=user,
    )  # fmt: skip
    practised = {skill_id for (_t, skill_id), (level, _r) in cells.items() if level}
    if session.job_id and practised:
        session.job.usual_skills.add(*practised)
    return len(to_create) + len(to_update)
