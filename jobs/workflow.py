"""The job workflow: one table of transitions, one function that runs them.

Every way of changing a job's status (the buttons of the detail page, a card
moved on the kanban board, invoicing) goes through :func:`run`, which locks the
job's row, checks the transition is allowed from the current status, checks its
guard, and says in the user's language why it refuses.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eft.permissions import is_coordinator
from jobs.choices import JobStatus
from jobs.models import Attendance, Job

S = JobStatus


def _needs_lines(job: Job) -> str | None:
    if not job.lines.exists():
        return _("A job without lines cannot be quoted: add at least one line first.")
    return None


def _needs_sessions_to_schedule(job: Job) -> str | None:
    if not job.sessions.exists():
        return _("Plan at least one work session before marking the job as scheduled.")
    return None


def _needs_sessions_to_start(job: Job) -> str | None:
    if not job.sessions.exists():
        return _("A job with no work session cannot be started: plan one first.")
    return None


def _needs_attendance(job: Job) -> str | None:
    pending = (
        Attendance.objects.filter(session__job=job, recorded_at__isnull=True)
        .order_by("session__date")
        .values_list("session__date", flat=True)
    )
    first = pending.first()
    if first is not None:
        return _(
            "The attendance of %(count)s trainee(s) is not recorded yet (first session on "
            "%(date)s): record it before marking the job as done."
        ) % {"count": pending.count(), "date": first.strftime("%d/%m/%Y")}
    return None


def _set_actual_start(job: Job) -> None:
    if job.actual_start is None:
        first = job.sessions.order_by("date").values_list("date", flat=True).first()
        job.actual_start = first or timezone.localdate()


def _set_actual_end(job: Job) -> None:
    last = job.sessions.order_by("-date").values_list("date", flat=True).first()
    job.actual_end = last or timezone.localdate()


def _clear_actual_end(job: Job) -> None:
    job.actual_end = None


def states(*statuses: JobStatus) -> frozenset[str]:
    # Plain strings: an enum member hashes by its name, not by its value.
    return frozenset(str(s.value) for s in statuses)


@dataclass(frozen=True)
class Transition:
    name: str
    label: object
    sources: frozenset
    target: str
    guard: Callable[[Job], str | None] | None = None
    effect: Callable[[Job], None] | None = None
    manual: bool = True
    style: str = ""
    needs_reason: bool = False  # asked on a page of its own, kept in the history
    coordinators_only: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("quote", gettext_lazy("Mark as quoted"), states(S.DRAFT), S.QUOTED,
                   _needs_lines, style="primary"),
        Transition("revise", gettext_lazy("Back to draft"), states(S.QUOTED), S.DRAFT),
        Transition("accept", gettext_lazy("Accepted by the client"), states(S.QUOTED),
                   S.ACCEPTED, _needs_lines, style="primary"),
        Transition("schedule", gettext_lazy("Mark as scheduled"), states(S.ACCEPTED),
                   S.SCHEDULED, _needs_sessions_to_schedule, style="primary"),
        Transition("start", gettext_lazy("Start the work"),
                   states(S.ACCEPTED, S.SCHEDULED), S.IN_PROGRESS,
                   _needs_sessions_to_start, _set_actual_start, style="primary"),
        Transition("finish", gettext_lazy("Mark as done"), states(S.IN_PROGRESS), S.DONE,
                   _needs_attendance, _set_actual_end, style="primary"),
        Transition("reopen", gettext_lazy("Reopen"), states(S.DONE), S.IN_PROGRESS,
                   effect=_clear_actual_end),
        Transition("cancel", gettext_lazy("Cancel the job"),
                   states(S.DRAFT, S.QUOTED, S.ACCEPTED, S.SCHEDULED, S.IN_PROGRESS, S.DONE),
                   S.CANCELLED, needs_reason=True),
        Transition("restore", gettext_lazy("Reopen the cancelled job"), states(S.CANCELLED),
                   S.DRAFT, needs_reason=True, coordinators_only=True),
        Transition("invoice", gettext_lazy("Invoiced"), states(S.DONE), S.INVOICED,
                   manual=False),
        Transition("uninvoice", gettext_lazy("Credited: to invoice again"), states(S.INVOICED),
                   S.DONE, manual=False),
    ]
}  # fmt: skip


def available(job: Job, user=None) -> list[Transition]:
    """The actions a person may take from the job's current status."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.manual
        and job.status in t.sources
        and (not t.coordinators_only or (user is not None and is_coordinator(user)))
    ]


REASON_LENGTH = 100  # django-simple-history's change reason


def run(job: Job, name: str, *, by_hand: bool = True, reason: str = "", user=None) -> Job:
    """Run transition ``name`` on ``job``; raise ValidationError with the reason
    when it is refused. Returns the job as saved. A transition that needs a
    reason (cancelling, reopening a cancelled job) refuses without one, and
    keeps it in the job's history."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("Unknown action."))
    if by_hand and not transition.manual:
        raise ValidationError(
            _("The invoiced status is set by invoicing, when the invoice is issued.")
        )
    with transaction.atomic():
        locked = Job.objects.select_for_update().select_related("workshop").get(pk=job.pk)
        if locked.status not in transition.sources:
            raise ValidationError(
                _("This job is “%(status)s”: “%(action)s” is not possible now.")
                % {"status": locked.get_status_display(), "action": transition.label}
            )
        if transition.coordinators_only and (user is None or not is_coordinator(user)):
            raise ValidationError(_("Only coordination can reopen a cancelled job."))
        reason = " ".join((reason or "").split())
        if transition.needs_reason and not reason:
            raise ValidationError(
                _("Say why, in a few words: the reason is kept in the job's history.")
            )
        if len(reason) > REASON_LENGTH:
            raise ValidationError(
                _("Keep the reason under %(count)s characters.") % {"count": REASON_LENGTH}
            )
        if transition.guard is not None:
            refusal = transition.guard(locked)
            if refusal:
                raise ValidationError(refusal)
        locked.status = transition.target
        locked.status_changed_at = timezone.now()
        if transition.effect is not None:
            transition.effect(locked)
        locked.version += 1
        if reason:
            locked._change_reason = reason
        locked.save()
    return locked


def move(job: Job, target: str, *, reason: str = "", user=None) -> Job:
    """A kanban move: the transition from the current status to ``target``."""
    if target == S.INVOICED:
        raise ValidationError(
            _("The invoiced status is set by invoicing, when the invoice is issued.")
        )
    if target not in S.values:
        raise ValidationError(_("Unknown status."))
    for transition in TRANSITIONS.values():
        if transition.manual and job.status in transition.sources and transition.target == target:
            return run(job, transition.name, reason=reason, user=user)
    raise ValidationError(
        _("A job cannot go from “%(source)s” to “%(target)s” directly.")
        % {"source": job.get_status_display(), "target": S(target).label}
    )


def mark_invoiced(job: Job) -> Job:
    """For invoicing: the job's invoice has been issued."""
    return run(job, "invoice", by_hand=False)


def mark_credited(job: Job) -> Job:
    """For invoicing: a credit note released everything the job had billed."""
    return run(job, "uninvoice", by_hand=False)
