"""The monthly hours statements: per trainee, per workshop, per year, and for
every trainee at once. Read from the recorded attendance (hours present by
kind of session, absent and assimilated, absent and not assimilated) in one
aggregate query, streamed when it is large; turned into plain figures that an
issued statement freezes as they are (``figures``, JSON).

Columns: production and lessons count "in the centre", then partner,
placement, and assimilated hours. The allowance is due per hour at the rate in
force on each day (``AllowanceRate``), on the hours present, and on the
assimilated hours when the rate says so.
"""

import calendar
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from eft.fields import round_money
from eft.models import Organisation
from eft.validators import mask_national_number
from jobs.choices import AbsenceReason, SessionKind
from jobs.models import Attendance
from records.models import DEFAULT_ALLOWANCE, AllowanceRate, TravelCost
from trainees.models import Trainee

ZERO = Decimal(0)
COLUMNS = ("centre", "partner", "placement", "assimilated")
KIND_COLUMN = {
    SessionKind.PRODUCTION: "centre",
    SessionKind.LESSON: "centre",
    SessionKind.PARTNER: "partner",
    SessionKind.PLACEMENT: "placement",
}


def month_days(month: datetime.date) -> list[datetime.date]:
    first = month.replace(day=1)
    length = calendar.monthrange(first.year, first.month)[1]
    return [first.replace(day=d) for d in range(1, length + 1)]


@dataclass
class Hours:
    centre: Decimal = ZERO
    partner: Decimal = ZERO
    placement: Decimal = ZERO
    assimilated: Decimal = ZERO
    absent: Decimal = ZERO  # absent and not assimilated: not training hours

    @property
    def present(self) -> Decimal:
        return self.centre + self.partner + self.placement

    @property
    def total(self) -> Decimal:
        """Training hours: present, of every kind, and assimilated."""
        return self.present + self.assimilated

    def add(self, other: "Hours") -> None:
        for name in (*COLUMNS, "absent"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {name: str(getattr(self, name)) for name in (*COLUMNS, "absent")}

    @classmethod
    def from_dict(cls, data: dict) -> "Hours":
        return cls(**{name: Decimal(value) for name, value in data.items()})


@dataclass
class TraineeMonth:
    """One trainee's month: hours per day and kind, absences by reason,
    totals, allowance and travel costs."""

    trainee_id: int
    name: str
    national_number: str  # masked
    workshop: str
    days: dict[datetime.date, Hours] = field(default_factory=dict)
    absences: dict[str, Decimal] = field(default_factory=dict)
    totals: Hours = field(default_factory=Hours)
    allowance: Decimal = ZERO
    travel: Decimal = ZERO

    @property
    def due(self) -> Decimal:
        return self.allowance + self.travel

    def as_dict(self) -> dict:
        return {
            "trainee_id": self.trainee_id,
            "name": self.name,
            "national_number": self.national_number,
            "workshop": self.workshop,
            "days": {day.isoformat(): hours.as_dict() for day, hours in self.days.items()},
            "absences": {reason: str(hours) for reason, hours in self.absences.items()},
            "totals": self.totals.as_dict(),
            "allowance": str(self.allowance),
            "travel": str(self.travel),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "TraineeMonth":
        return cls(
            trainee_id=data["trainee_id"],
            name=data["name"],
            national_number=data["national_number"],
            workshop=data["workshop"],
            days={
                datetime.date.fromisoformat(day): Hours.from_dict(hours)
                for day, hours in data["days"].items()
            },
            absences={reason: Decimal(hours) for reason, hours in data["absences"].items()},
            totals=Hours.from_dict(data["totals"]),
            allowance=Decimal(data["allowance"]),
            travel=Decimal(data["travel"]),
        )

    def absence_lines(self) -> list[tuple[str, Decimal]]:
        labels = dict(AbsenceReason.choices)
        return [(str(labels.get(r, r)), h) for r, h in sorted(self.absences.items()) if h]


class Rates:
    """The allowance rates, read once: the one in force on any day."""

    def __init__(self):
        self.rates = list(AllowanceRate.objects.order_by("valid_from"))

    def on(self, day: datetime.date) -> tuple[Decimal, bool]:
        current = (DEFAULT_ALLOWANCE, False)
        for rate in self.rates:
            if rate.valid_from > day:
                break
            current = (rate.hourly_rate, rate.pays_assimilated)
        return current


def trainees_of(workshop, first: datetime.date, last: datetime.date):
    """The workshop's trainees in the month: in training then, or with hours recorded."""
    return (
        Trainee.objects.filter(workshop=workshop)
        .filter(
            Q(contracts__start_date__lte=last, contracts__end_date__gte=first)
            | Q(attendances__session__date__range=(first, last))
        )
        .distinct()
    )


def _rows(first: datetime.date, last: datetime.date, trainee_filter: Q):
    """Recorded hours summed per trainee, day, kind of session and reason."""
    return (
        Attendance.objects.filter(
            trainee_filter, session__date__range=(first, last), recorded_at__isnull=False
        )
        .values_list("trainee_id", "session__date", "session__kind", "absence_reason")
        .annotate(
            present=Sum("hours_present"),
            assimilated=Sum("hours_assimilated"),
            absent=Sum("hours_absent"),
        )
        .order_by("trainee_id", "session__date")
    )


def _fill(month: TraineeMonth, rows: Iterable, rates: Rates) -> None:
    for _trainee, day, kind, reason, present, assimilated, absent in rows:
        hours = month.days.setdefault(day, Hours())
        column = KIND_COLUMN[kind]
        setattr(hours, column, getattr(hours, column) + (present or ZERO))
        hours.assimilated += assimilated or ZERO
        hours.absent += absent or ZERO
        if reason and (assimilated or absent):
            month.absences[reason] = (
                month.absences.get(reason, ZERO) + (assimilated or ZERO) + (absent or ZERO)
            )
    allowance = ZERO
    for day, hours in month.days.items():
        month.totals.add(hours)
        rate, pays_assimilated = rates.on(day)
        paid = hours.present + (hours.assimilated if pays_assimilated else ZERO)
        allowance += paid * rate
    month.allowance = round_money(allowance)


def _month(trainee: Trainee, workshop_name: str) -> TraineeMonth:
    return TraineeMonth(
        trainee_id=trainee.pk,
        name=f"{trainee.last_name} {trainee.first_name}",
        national_number=mask_national_number(trainee.national_number),
        workshop=workshop_name,
    )


def trainee_month(trainee: Trainee, month: datetime.date) -> TraineeMonth:
    """One trainee's statement for ``month`` (three queries)."""
    days = month_days(month)
    result = _month(trainee, trainee.workshop.name)
    _fill(result, _rows(days[0], days[-1], Q(trainee=trainee)), Rates())
    travel = TravelCost.objects.filter(trainee=trainee, month=days[0]).first()
    result.travel = travel.amount if travel else ZERO
    return result


def workshop_month(workshop, month: datetime.date) -> list[TraineeMonth]:
    """One row per trainee of the workshop in ``month`` (four queries)."""
    days = month_days(month)
    trainees = list(trainees_of(workshop, days[0], days[-1]).order_by("last_name", "first_name"))
    ids = [t.pk for t in trainees]
    rates = Rates()
    travel = dict(
        TravelCost.objects.filter(month=days[0], trainee__in=ids).values_list(
            "trainee_id", "amount"
        )
    )
    by_trainee = {}
    for row in _rows(days[0], days[-1], Q(trainee__in=ids)):
        by_trainee.setdefault(row[0], []).append(row)
    result = []
    for trainee in trainees:
        month_ = _month(trainee, workshop.name)
        _fill(month_, by_trainee.get(trainee.pk, []), rates)
        month_.travel = travel.get(trainee.pk, ZERO)
        result.append(month_)
    return result


def sector_month(
    month: datetime.date, *, chunk: int = 2000, on_total=None
) -> Iterator[TraineeMonth]:
    """Every trainee of the centre with a contract or hours in ``month``, in
    one pass: the statements of the whole centre (or sector) at once.

    The trainees (by chunks of ids) and the summed rows are both read in
    trainee order and merged as they come, so memory holds a chunk, not the
    month. ``on_total``, if given, is told the number of trainees first."""
    days = month_days(month)
    first, last = days[0], days[-1]
    ids = set(
        Trainee.objects.filter(
            contracts__start_date__lte=last, contracts__end_date__gte=first
        ).values_list("pk", flat=True)
    )
    ids |= set(
        Attendance.objects.filter(session__date__range=(first, last), recorded_at__isnull=False)
        .values_list("trainee_id", flat=True)
        .distinct()
    )
    ids = sorted(ids)
    if on_total is not None:
        on_total(len(ids))
    rates = Rates()
    travel = dict(TravelCost.objects.filter(month=first).values_list("trainee_id", "amount"))
    rows = iter(_rows(first, last, Q()).iterator(chunk_size=5000))
    pending = next(rows, None)
    for start in range(0, len(ids), chunk):
        trainees = Trainee.objects.filter(pk__in=ids[start : start + chunk]).select_related(
            "workshop"
        )
        for trainee in trainees.order_by("pk"):
            own = []
            while pending is not None and pending[0] < trainee.pk:
                pending = next(rows, None)  # recorded since the list was read: next month's
            while pending is not None and pending[0] == trainee.pk:
                own.append(pending)
                pending = next(rows, None)
            result = _month(trainee, trainee.workshop.name)
            _fill(result, own, rates)
            result.travel = travel.get(trainee.pk, ZERO)
            yield result


def totals_of(months: Iterable[TraineeMonth]) -> Hours:
    total = Hours()
    for month in months:
        total.add(month.totals)
    return total


# --- The year ---------------------------------------------------------------------


@dataclass
class TraineeYear:
    trainee_id: int
    name: str
    months: list[Decimal]
    total: Decimal = ZERO


def workshop_year(workshop, year: int) -> list[TraineeYear]:
    """Training hours per trainee and month of ``year`` (two queries)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    trainees = list(trainees_of(workshop, first, last).order_by("last_name", "first_name"))
    totals = {}
    for trainee_id, day, present, assimilated in (
        Attendance.objects.filter(
            trainee__in=[t.pk for t in trainees],
            session__date__range=(first, last),
            recorded_at__isnull=False,
        )
        .values_list("trainee_id", "session__date")
        .annotate(present=Sum("hours_present"), assimilated=Sum("hours_assimilated"))
        .iterator()
    ):
        key = (trainee_id, day.month)
        totals[key] = totals.get(key, ZERO) + (present or ZERO) + (assimilated or ZERO)
    result = []
    for trainee in trainees:
        months = [totals.get((trainee.pk, m), ZERO) for m in range(1, 13)]
        name = f"{trainee.last_name} {trainee.first_name}"
        result.append(TraineeYear(trainee.pk, name, months, sum(months)))
    return result


# --- Figures: what a statement shows, live or as issued --------------------------


def organisation_block() -> dict:
    organisation = Organisation.get()
    return {
        "legal_name": organisation.legal_name,
        "legal_form": organisation.legal_form,
        "address": organisation.address_lines,
        "enterprise_number": organisation.enterprise_number,
    }


def workshop_figures(workshop, month: datetime.date) -> dict:
    rows = workshop_month(workshop, month)
    return {
        "month": month.replace(day=1).isoformat(),
        "organisation": organisation_block(),
        "workshop": {"id": workshop.pk, "name": workshop.name, "trade": workshop.trade},
        "rows": [row.as_dict() for row in rows],
    }


def trainee_figures(trainee: Trainee, month: datetime.date) -> dict:
    row = trainee_month(trainee, month)
    return {
        "month": month.replace(day=1).isoformat(),
        "organisation": organisation_block(),
        "workshop": {
            "id": trainee.workshop_id,
            "name": trainee.workshop.name,
            "trade": trainee.workshop.trade,
        },
        "rows": [row.as_dict()],
    }


@dataclass
class MonthSheet:
    """A statement's figures read back: the month, who, each trainee's month, totals."""

    month: datetime.date
    organisation: dict
    workshop: dict
    rows: list[TraineeMonth]
    days: list[datetime.date]

    @property
    def totals(self) -> Hours:
        return totals_of(self.rows)

    @property
    def allowance(self) -> Decimal:
        return sum((row.allowance for row in self.rows), ZERO)

    @property
    def travel(self) -> Decimal:
        return sum((row.travel for row in self.rows), ZERO)

    @property
    def is_empty(self) -> bool:
        return not any(row.days for row in self.rows)

    def grid(self) -> list[tuple[TraineeMonth, list]]:
        """Each row with its cells, one per day: (weekend, hours or None)."""
        weekends = [day.weekday() >= 5 for day in self.days]
        return [
            (row, [(w, row.days.get(d)) for w, d in zip(weekends, self.days, strict=True)])
            for row in self.rows
        ]

    def day_totals(self) -> list[Decimal]:
        return [
            sum((row.days[d].total for row in self.rows if d in row.days), ZERO) for d in self.days
        ]


def read(figures: dict) -> MonthSheet:
    month = datetime.date.fromisoformat(figures["month"])
    return MonthSheet(
        month=month,
        organisation=figures["organisation"],
        workshop=figures["workshop"],
        rows=[TraineeMonth.from_dict(row) for row in figures["rows"]],
        days=month_days(month),
    )
