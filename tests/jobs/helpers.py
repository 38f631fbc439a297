"""Small helpers the planning tests share."""

import datetime

from jobs import services
from jobs.models import Job

TUESDAY = datetime.date(2026, 11, 3)  # a plain Tuesday, in the past
T8, T12 = datetime.time(8), datetime.time(12)


def plan(job, dates, trainees, trainers, **kwargs):
    """Plan ``job`` from 08:00 to 12:00 on each of ``dates``."""
    job = Job.objects.select_related("workshop").get(pk=job.pk)
    return services.sessions_plan(
        job=job, dates=dates, start=T8, end=T12, trainers=trainers, trainees=trainees, **kwargs
    )


def row(trainee, hours, reason="", assimilated=None, absent=None):
    """One trainee's line of the attendance form, as the service takes it."""
    return {
        "trainee_id": trainee.pk,
        "hours_present": hours,
        "absence_reason": reason,
        "hours_assimilated": assimilated,
        "hours_absent": absent,
    }
