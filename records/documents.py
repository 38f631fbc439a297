"""The documents the centre hands out or signs, built from frozen content:
the attestation of skills (PDF and .xlsx) and, later in this module, the
monthly hours statements."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from eft.models import Organisation
from eft.pdf import data_uri
from records.models import Attestation


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
