"""The documents the centre hands out or signs, built from frozen content:
the attestation of skills (PDF and .xlsx) and, later in this module, the
monthly hours statements."""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from eft.models import Organisation
from eft.pdf import data_uri, render_pdf
from eft.text import person_name as person
from records.choices import StatementKind
from records.models import Attestation
from records.statements import ZERO, month_days


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def attestation_context(attestation: Attestation) -> dict:
    """What the attestation's PDF shows, read from what was frozen at issue."""
    content = attestation.content
    kinds = []
    for skill in content["skills"]:
        if not kinds or kinds[-1]["label"] != skill["kind_label"]:
            kinds.append({"label": skill["kind_label"], "skills": []})
        kinds[-1]["skills"].append(
            {**skill, "acquired_on": _date(skill["acquired_on"]), "hours": Decimal(skill["hours"])}
        )
    return {
        "attestation": attestation,
        "organisation": content["organisation"],
        "logo": data_uri(Organisation.get().logo),
        "trainee": {
            **content["trainee"],
            "birth_date": _date(content["trainee"]["birth_date"]),
        },
        "workshop": content["workshop"],
        "start": _date(content["period"][0]),
        "end": _date(content["period"][1]),
        "hours": {key: Decimal(value) for key, value in content["hours"].items()},
        "levels": content["levels"],
        "kinds": kinds,
        "acquired": sum(1 for s in content["skills"] if s["acquired_on"]),
        "issued_by": content["issued_by"],
    }


def attestation_rows(attestation: Attestation):
    """The attestation as spreadsheet rows: a heading block, then one row per skill."""
    context = attestation_context(attestation)
    organisation = context["organisation"]
    yield [_("Attestation of skills")]
    yield [organisation["legal_name"], ", ".join(organisation["address"])]
    yield [_("Trainee"), context["trainee"]["name"]]
    yield [_("Workshop"), context["workshop"]["name"], context["workshop"]["trade"]]
    yield [_("Period"), context["start"], context["end"]]
    yield [_("Training hours"), context["hours"]["total"]]
    yield []
    yield [
        _("Kind"),
        _("Area"),
        _("Code"),
        _("Skill"),
        _("SFMQ/UAA reference"),
        _("Level"),
        _("Acquired on"),
        _("Times practised"),
        _("Hours"),
    ]
    for kind in context["kinds"]:
        for skill in kind["skills"]:
            yield [
                kind["label"],
                skill["area"],
                skill["code"],
                skill["name"],
                skill["reference"],
                skill["level_name"],
                skill["acquired_on"],
                skill["times"],
                skill["hours"],
            ]
    yield []
    yield [_("Issued on"), attestation.issued_at.date(), _("by"), context["issued_by"]]


# --- Monthly hours statements --------------------------------------------------------

# The administration's words, in French whatever the reader's language.
CERTIFIED = "« Certifié sincère et exact »"


def _hours(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def statement_heading(statement, title: str) -> list[list]:
    organisation = statement.organisation
    return [
        [title],
        [organisation["legal_name"], ", ".join(organisation["address"])],
        [_("Workshop"), statement.workshop["name"], statement.workshop["trade"]],
        [_("Month"), statement.month],
    ]


def kind_headers() -> list[str]:
    """The columns of hours by kind, in the order of :func:`kind_hours`."""
    return [
        _("In the centre"),
        _("Partner"),
        _("Placement"),
        _("Assimilated"),
        _("Training hours"),
        _("Absent, not assimilated"),
    ]


def kind_hours(hours) -> list:
    """A day's or a month's hours by kind (the columns of :func:`kind_headers`)."""
    return [
        _hours(hours.centre),
        _hours(hours.partner),
        _hours(hours.placement),
        _hours(hours.assimilated),
        _hours(hours.total),
        _hours(hours.absent),
    ]


def issued_and_empty(statement, issued):
    """When and by whom the statement was issued, and a word when the month is empty."""
    if issued is not None:
        yield [
            pgettext("statement", "Issued on"),
            issued.issued_at.date(),
            _("by"),
            person(issued.issued_by),
        ]
    if statement.is_empty:
        yield []
        yield [_("No hours recorded for this month.")]


def workshop_statement_rows(statement, *, issued=None):
    """The workshop's month as spreadsheet rows: one row per trainee, one
    column per day with the training hours, and the totals; then the mention
    and the signature line."""
    yield from statement_heading(statement, _("Monthly hours statement"))
    yield from issued_and_empty(statement, issued)
    yield []
    yield [
        _("Trainee"),
        _("National register number"),
        *[day.day for day in statement.days],
        *kind_headers(),
        _("Allowance"),
        _("Travel costs"),
    ]
    for row in statement.rows:
        yield [
            row.name,
            row.national_number,
            *[_hours(row.days[d].total) if d in row.days else None for d in statement.days],
            *kind_hours(row.totals),
            row.allowance,
            row.travel,
        ]
    totals = statement.totals
    yield [
        _("Total"),
        "",
        *[_hours(v) if v else None for v in statement.day_totals()],
        *kind_hours(totals),
        statement.allowance,
        statement.travel,
    ]
    yield []
    yield [CERTIFIED]
    yield [_("Date:"), "", "", "", _("Name and signature:")]


def trainee_statement_rows(statement, *, issued=None):
    """A trainee's month as spreadsheet rows: each day with the hours by kind."""
    row = statement.rows[0]
    yield from statement_heading(statement, _("Monthly hours statement of a trainee"))
    yield [_("Trainee"), row.name, row.national_number]
    yield from issued_and_empty(statement, issued)
    yield []
    yield [
        _("Day"),
        *kind_headers(),
    ]
    for day in statement.days:
        hours = row.days.get(day)
        if hours is None:
            continue
        yield [
            day,
            *kind_hours(hours),
        ]
    totals = row.totals
    yield [
        _("Total"),
        *kind_hours(totals),
    ]
    yield []
    yield [_("Absences by reason")]
    for label, hours in row.absence_lines() or [(_("None"), ZERO)]:
        yield [label, _hours(hours)]
    yield []
    yield [_("Allowance"), row.allowance]
    yield [_("Travel costs"), row.travel]
    yield [_("Total due"), row.due]
    yield []
    yield [CERTIFIED]
    yield [_("The trainee (date and signature):"), "", "", _("For the centre:")]


def sector_rows(months, month: datetime.date):
    """Every trainee's month in one sheet (streamed: one row per trainee)."""
    days = month_days(month)
    yield [
        _("Workshop"),
        _("Trainee"),
        _("National register number"),
        *[day.day for day in days],
        *kind_headers(),
        _("Allowance"),
        _("Travel costs"),
    ]
    for row in months:
        yield [
            row.workshop,
            row.name,
            row.national_number,
            *[_hours(row.days[d].total) if d in row.days else None for d in days],
            *kind_hours(row.totals),
            row.allowance,
            row.travel,
        ]


def year_rows(workshop, year: int, lines):
    yield [_("Yearly hours summary")]
    yield [_("Workshop"), workshop.name, workshop.trade]
    yield [_("Year"), year]
    yield []
    months = [datetime.date(year, m, 1) for m in range(1, 13)]
    yield [_("Trainee"), *[date_format(m, "YEAR_MONTH_FORMAT") for m in months], _("Total")]
    for line in lines:
        yield [line.name, *[_hours(v) for v in line.months], _hours(line.total)]
    yield [
        _("Total"),
        *[_hours(sum((line.months[i] for line in lines), ZERO)) for i in range(12)],
        _hours(sum((line.total for line in lines), ZERO)),
    ]
    yield []
    yield [CERTIFIED]
    yield [_("Date:"), "", "", "", _("Name and signature:")]


def year_context(workshop, year: int, lines) -> dict:
    """What the yearly summary shows, on its page and in its PDF."""
    from records.statements import organisation_block

    months = [datetime.date(year, m, 1) for m in range(1, 13)]
    totals = [sum((line.months[i] for line in lines), ZERO) for i in range(12)]
    return {
        "workshop": workshop,
        "year": year,
        "lines": lines,
        "months": months,
        "totals": totals,
        "total": sum(totals, ZERO),
        "organisation": organisation_block(),
    }


def year_pdf(workshop, year: int, lines) -> bytes:
    return render_pdf("records/statement_year_pdf.html", year_context(workshop, year, lines))


STATEMENT_PDF_TEMPLATES = {
    StatementKind.WORKSHOP: "records/statement_workshop_pdf.html",
    StatementKind.TRAINEE: "records/statement_trainee_pdf.html",
}


def statement_pdf(kind: str, statement, *, issued, closing) -> bytes:
    """A monthly statement (read from its figures) as a PDF; ``issued`` is the
    issue whose frozen figures these are, or None for today's figures."""
    context = {
        "statement": statement,
        "issued": issued,
        "kind": kind,
        "closed": bool(closing and closing.is_closed),
    }
    return render_pdf(STATEMENT_PDF_TEMPLATES[kind], context)
