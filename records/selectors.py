"""Reads of the competence record, computed on each request from the skills
practised (``jobs.SkillPractice``) and never copied, so the record cannot
disagree with the sessions: correct a practice and the record changes at once.

Each function reads a fixed number of queries, whatever the number of practices.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q, Sum, Value
from django.utils import timezone

from jobs.models import SkillPractice, WorkSession
from records.models import SelfAssessment, SkillValidation
from trainees.choices import CompetenceKind
from trainees.models import AutonomyLevel, Skill, Trainee

ZERO = Decimal(0)


@dataclass
class SkillLine:
    """One skill of a trainee's record: what was practised, how often, how far."""

    skill: Skill
    times: int = 0
    hours: Decimal = ZERO
    jobs: list[str] = field(default_factory=list)
    first: datetime.date | None = None
    last: datetime.date | None = None
    best: AutonomyLevel | None = None
    latest: AutonomyLevel | None = None
    self_level: AutonomyLevel | None = None
    self_date: datetime.date | None = None
    acquired_on: datetime.date | None = None

    @property
    def practised(self) -> bool:
        return self.times > 0


@dataclass
class ChartBand:
    level: AutonomyLevel | None  # None: not practised yet ("à découvrir")
    counts: list[int]
    colour: str = ""
    points: str = ""

    @property
    def now(self) -> int:
        return self.counts[-1] if self.counts else 0


@dataclass
class AreaChart:
    """Month by month, how many of the area's skills have reached each level."""

    months: list[datetime.date]
    bands: list[ChartBand]
    total: int
    width: int = 320
    height: int = 110


@dataclass
class AreaBlock:
    area: object
    lines: list[SkillLine]
    chart: AreaChart | None = None

    @property
    def practised(self) -> int:
        return sum(1 for line in self.lines if line.practised)


@dataclass
class KindBlock:
    kind: str
    label: str
    areas: list[AreaBlock]


@dataclass
class CompetenceRecord:
    trainee: Trainee
    kinds: list[KindBlock]
    levels: list[AutonomyLevel]
    lines: dict[int, SkillLine]

    @property
    def practised(self) -> int:
        return sum(1 for line in self.lines.values() if line.practised)

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def acquired(self) -> int:
        return sum(1 for line in self.lines.values() if line.acquired_on)


PALETTE = ["#bfe5d6", "#86cbb0", "#4fae8b", "#2f8567", "#1d5a45", "#123b2d"]
NOT_YET = "#e7e9ec"
KIND_ORDER = {kind: index for index, kind in enumerate(CompetenceKind.values)}


def by_kind(skills: list[Skill]) -> list[Skill]:
    """Skills in the record's order: trade, basic, transversal, social, then
    area and position (the query orders within a kind)."""
    return sorted(skills, key=lambda skill: KIND_ORDER.get(skill.area.kind, 99))


def level_shades(levels: list[AutonomyLevel]) -> dict[int, int]:
    """The shade (0 = lightest … 5 = deepest green) of each level's rank, spread
    over the palette whatever the number of levels. Never red: a level says
    what someone can do, not what they fail at."""
    return {
        level.rank: min(index * len(PALETTE) // max(len(levels), 1), len(PALETTE) - 1)
        for index, level in enumerate(levels)
    }


def level_colours(levels: list[AutonomyLevel]) -> dict[int | None, str]:
    """A colour per level's rank; grey (None) for "not practised yet"."""
    return {None: NOT_YET, **{rank: PALETTE[i] for rank, i in level_shades(levels).items()}}


def level_classes(levels: list[AutonomyLevel]) -> dict[int | None, str]:
    """The CSS class of each level's rank (``lvl-0`` … ``lvl-5``, ``lvl-none``)."""
    return {None: "lvl-none", **{rank: f"lvl-{i}" for rank, i in level_shades(levels).items()}}


def _practice_rows(trainee_id: int):
    """(skill, date, level, hours present, job reference, kind) of every practice."""
    return (
        SkillPractice.objects.filter(attendance__trainee_id=trainee_id)
        .order_by("attendance__session__date", "pk")
        .values_list(
            "skill_id",
            "attendance__session__date",
            "level_id",
            "attendance__hours_present",
            "attendance__session__job__reference",
            "attendance__session__kind",
        )
    )


def competence_record(trainee: Trainee, *, today: datetime.date | None = None) -> CompetenceRecord:
    """Every area and skill of the trainee's frameworks (their workshop's, the
    centre's shared one, and any other they practised in), with, per skill: how
    many times and hours it was practised, on which jobs, the first and last
    date, the highest and latest level observed, the trainee's own latest level
    and whether it was validated. Five queries."""
    today = today or timezone.localdate()
    levels = list(AutonomyLevel.objects.all())
    by_pk = {level.pk: level for level in levels}
    rows = list(_practice_rows(trainee.pk))
    practised_ids = {row[0] for row in rows}
    skills = list(
        Skill.objects.filter(
            Q(framework__workshop_id=trainee.workshop_id, is_active=True)
            | Q(framework__scope="centre", is_active=True)
            | Q(pk__in=practised_ids)
        )
        .select_related("area", "framework")
        .order_by("framework_id", "area__position", "area__name", "position", "code")  # fmt: skip
    )
    lines = {skill.pk: SkillLine(skill) for skill in skills}
    history = defaultdict(list)  # skill -> [(date, level rank)]
    for skill_id, day, level_id, hours, reference, _kind in rows:
        line = lines[skill_id]
        level = by_pk[level_id]
        line.times += 1
        line.hours += hours or ZERO
        if reference and reference not in line.jobs:
            line.jobs.append(reference)
        line.first = line.first or day
        line.last = day
        line.latest = level
        if line.best is None or level.rank > line.best.rank:
            line.best = level
        history[skill_id].append((day, level))
    _add_own_words(trainee, lines, by_pk)
    first_month = min((row[1] for row in rows), default=today).replace(day=1)
    months = _months(min(first_month, trainee.entry_date.replace(day=1)), today)
    kinds = []
    for kind, label in CompetenceKind.choices:
        areas = []
        for skill in skills:
            if skill.area.kind != kind:
                continue
            if not areas or areas[-1].area.pk != skill.area_id:
                areas.append(AreaBlock(skill.area, []))
            areas[-1].lines.append(lines[skill.pk])
        for block in areas:
            block.chart = _chart(block, history, months, levels)
        if areas:
            kinds.append(KindBlock(kind, str(label), areas))
    return CompetenceRecord(trainee=trainee, kinds=kinds, levels=levels, lines=lines)


def _add_own_words(trainee, lines, by_pk) -> None:
    """The trainee's latest self-assessment and the validation of each skill,
    in one query (the two tables share the columns the record needs)."""
    own = (
        SelfAssessment.objects.filter(trainee=trainee)
        .order_by()
        .values_list("skill_id", "assessed_on", "level_id", Value("self"))
    )
    validated = (
        SkillValidation.objects.filter(trainee=trainee)
        .order_by()
        .values_list("skill_id", "validated_on", "level_id", Value("validation"))
    )
    for skill_id, day, level_id, source in own.union(validated, all=True).order_by("assessed_on"):
        line = lines.get(skill_id)
        if line is None:
            continue
        if source == "validation":
            line.acquired_on = day
        else:
            line.self_level, line.self_date = by_pk[level_id], day


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months[-24:]  # two years at most: a chart is read at a glance


def _chart(block: AreaBlock, history, months, levels) -> AreaChart | None:
    """Month by month, the area's skills by the best level reached so far:
    the bands grow as the trainee progresses; what is not practised yet stays grey."""
    total = len(block.lines)
    if not total or not months:
        return None
    counts = {level.pk: [0] * len(months) for level in levels}
    for line in block.lines:
        best, events = None, history.get(line.skill.pk, [])
        position = 0
        for index, month in enumerate(months):
            end = (month + datetime.timedelta(days=32)).replace(day=1)
            while position < len(events) and events[position][0] < end:
                level = events[position][1]
                if best is None or level.rank > best.rank:
                    best = level
                position += 1
            if best is not None:
                counts[best.pk][index] += 1
    colours = level_colours(levels)
    bands = [ChartBand(level, counts[level.pk], colours[level.rank]) for level in reversed(levels)]
    practised = [sum(c[i] for c in counts.values()) for i in range(len(months))]
    bands.append(ChartBand(None, [total - p for p in practised], colours[None]))
    chart = AreaChart(months=months, bands=bands, total=total)
    _shape(chart)
    return chart


def _shape(chart: AreaChart) -> None:
    """The polygon of each band, stacked from the bottom (highest level first).
    A single month is drawn as a flat band across the whole width."""
    n = len(chart.months)
    xs = [0, chart.width] if n == 1 else [round(i * chart.width / (n - 1), 1) for i in range(n)]
    scale = chart.height / chart.total
    below = [0] * len(xs)
    for band in chart.bands:
        values = band.counts * 2 if n == 1 else band.counts
        top = [b + v for b, v in zip(below, values, strict=True)]
        upper = [f"{x},{round(chart.height - t * scale, 1)}" for x, t in zip(xs, top, strict=True)]
        lower = [
            f"{x},{round(chart.height - b * scale, 1)}"
            for x, b in reversed(list(zip(xs, below, strict=True)))
        ]
        band.points = " ".join(upper + lower)
        below = top


# --- Drill-down -------------------------------------------------------------------


def skill_practices(trainee: Trainee, skill: Skill):
    """Every practice of ``skill`` by ``trainee``: date, job, session, level,
    who observed it and who last changed it, remark. One query."""
    return (
        SkillPractice.objects.filter(attendance__trainee=trainee, skill=skill)
        .select_related("attendance__session__job", "level", "observed_by", "changed_by")
        .order_by("-attendance__session__date", "-pk")
    )


def self_assessments(trainee: Trainee, skill: Skill):
    """The trainee's own assessments of ``skill``, newest first, with the
    trainers' answers (two queries)."""
    return (
        SelfAssessment.objects.filter(trainee=trainee, skill=skill)
        .select_related("level")
        .prefetch_related("replies__author")
    )


def has_practised(trainee: Trainee, skill: Skill) -> bool:
    return SkillPractice.objects.filter(attendance__trainee=trainee, skill=skill).exists()


# --- Workshop matrix --------------------------------------------------------------


@dataclass
class MatrixRow:
    trainee: Trainee
    cells: list  # per area: [(skill, best level or None)]


def workshop_matrix(workshop, trainees: list[Trainee]):
    """Trainees by areas, each skill coloured by the best level observed (one
    aggregate query over the practices, whatever their number), and the
    skills of the workshop's and the centre's frameworks (one query)."""
    skills = by_kind(
        list(
            Skill.objects.for_workshop(workshop.pk)
            .filter(is_active=True)
            .select_related("area")
            .order_by("area__position", "area__name", "position", "code")
        )
    )
    best = {
        (trainee_id, skill_id): rank
        for trainee_id, skill_id, rank in SkillPractice.objects.filter(
            attendance__trainee__in=[t.pk for t in trainees], skill__in=[s.pk for s in skills]
        )
        .values("attendance__trainee_id", "skill_id")
        .annotate(best=Max("level__rank"))
        .values_list("attendance__trainee_id", "skill_id", "best")
    }
    areas = []
    for skill in skills:
        if not areas or areas[-1][0].pk != skill.area_id:
            areas.append((skill.area, []))
        areas[-1][1].append(skill)
    rows = [
        MatrixRow(
            trainee,
            [
                [(skill, best.get((trainee.pk, skill.pk))) for skill in area_skills]
                for _area, area_skills in areas
            ],
        )  # fmt: skip
        for trainee in trainees
    ]
    return areas, rows, best


# --- The trainee's own space ------------------------------------------------------


@dataclass
class MonthHours:
    present: Decimal = ZERO
    assimilated: Decimal = ZERO

    @property
    def training(self) -> Decimal:
        return self.present + self.assimilated


def own_weeks(trainee: Trainee, today: datetime.date):
    """This week's and next week's sessions of the trainee (one query)."""
    monday = today - datetime.timedelta(days=today.weekday())
    sessions = list(
        WorkSession.objects.filter(
            attendances__trainee=trainee,
            date__range=(monday, monday + datetime.timedelta(days=13)),
        )
        .select_related("job__client", "job__site")
        .order_by("date", "start_time")
    )
    split = monday + datetime.timedelta(days=7)
    return [s for s in sessions if s.date < split], [s for s in sessions if s.date >= split]


def month_hours(trainee: Trainee, month: datetime.date) -> MonthHours:
    """The trainee's recorded hours in ``month``: present, and absent but assimilated."""
    first = month.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    totals = trainee.attendances.filter(
        session__date__range=(first, last), recorded_at__isnull=False
    ).aggregate(present=Sum("hours_present"), assimilated=Sum("hours_assimilated"))
    return MonthHours(totals["present"] or ZERO, totals["assimilated"] or ZERO)


# --- Attestation ------------------------------------------------------------------


def training_hours(trainee: Trainee, start: datetime.date, end: datetime.date) -> MonthHours:
    """Recorded hours between two days: present, and absent but assimilated."""
    totals = trainee.attendances.filter(
        session__date__range=(start, end), recorded_at__isnull=False
    ).aggregate(present=Sum("hours_present"), assimilated=Sum("hours_assimilated"))
    return MonthHours(totals["present"] or ZERO, totals["assimilated"] or ZERO)


def attested_skills(trainee: Trainee, start: datetime.date, end: datetime.date) -> list[dict]:
    """Each skill acquired by ``end`` or practised between the two days: its
    area and kind, code, name, SFMQ/UAA reference, the level to show (the
    validated level, else the best observed in the period) and how often."""
    levels = {level.pk: level for level in AutonomyLevel.objects.all()}
    stats = {}
    for skill_id, level_id, hours in SkillPractice.objects.filter(
        attendance__trainee=trainee, attendance__session__date__range=(start, end)
    ).values_list("skill_id", "level_id", "attendance__hours_present"):
        entry = stats.setdefault(skill_id, {"times": 0, "hours": ZERO, "best": None})
        entry["times"] += 1
        entry["hours"] += hours or ZERO
        level = levels[level_id]
        if entry["best"] is None or level.rank > entry["best"].rank:
            entry["best"] = level
    validations = {
        v.skill_id: v
        for v in SkillValidation.objects.filter(trainee=trainee, validated_on__lte=end)
    }
    skills = Skill.objects.filter(pk__in=set(stats) | set(validations)).select_related("area")
    result = []
    for skill in by_kind(list(skills.order_by("area__position", "area__name", "position", "code"))):
        entry = stats.get(skill.pk, {"times": 0, "hours": ZERO, "best": None})
        validation = validations.get(skill.pk)
        level = levels[validation.level_id] if validation else entry["best"]
        result.append(
            {
                "kind": skill.area.kind,
                "kind_label": str(CompetenceKind(skill.area.kind).label),
                "area": skill.area.name,
                "code": skill.code,
                "name": skill.name,
                "reference": skill.reference,
                "level_rank": level.rank if level else None,
                "level_name": level.name if level else "",
                "acquired_on": validation.validated_on.isoformat() if validation else None,
                "times": entry["times"],
                "hours": str(entry["hours"]),
            }
        )
    return result


@dataclass
class SkillsSummary:
    practised: int
    total: int
    latest: list


def skills_summary(trainee: Trainee) -> SkillsSummary:
    """For the trainee's home page: how many skills of their frameworks they
    have practised, and their latest practices (three queries)."""
    practised = (
        SkillPractice.objects.filter(attendance__trainee=trainee)
        .values("skill_id")
        .distinct()
        .count()
    )
    total = Skill.objects.for_workshop(trainee.workshop_id).filter(is_active=True).count()
    latest = list(
        SkillPractice.objects.filter(attendance__trainee=trainee)
        .select_related("skill", "level", "attendance__session")
        .order_by("-attendance__session__date", "-pk")[:3]
    )
    return SkillsSummary(practised=practised, total=max(total, practised), latest=latest)
