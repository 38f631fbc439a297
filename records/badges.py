"""Recognition between operators: validated skills as Open Badges 3.0
achievement credentials (JSON), one per skill, aligned to its SFMQ/UAA code
where one is given; and the import of such badges from another centre as
prior achievements, kept apart from what was observed here.

The credentials are not signed (no ``proof``): another centre reads them as the
trainee brings them, as it would read a paper attestation. Signing needs a key
the centre publishes, which is left for later.
"""

import datetime
import json
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from eft.models import Organisation
from records.models import PriorAchievement, SkillValidation
from trainees.models import Skill, Trainee

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
SFMQ_URL = "https://www.sfmq.cfwb.be/"
MAX_BYTES = 256 * 1024
NAMESPACE = uuid.UUID("6f1c2b1e-3f0e-4d7e-9a43-5e0f7c1b2a90")


def _urn(*parts) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(str(p) for p in parts))}"


def credential(validation: SkillValidation, organisation: Organisation | None = None) -> dict:
    """The Open Badges 3.0 credential of one validated skill."""
    organisation = organisation or Organisation.get()
    skill, trainee = validation.skill, validation.trainee
    issuer_key = organisation.enterprise_number or organisation.legal_name
    issuer = {
        "id": organisation.website or _urn("issuer", issuer_key),
        "type": ["Profile"],
        "name": organisation.legal_name,
    }
    if organisation.enterprise_number:
        issuer["otherIdentifier"] = [
            {
                "type": ["IdentifierEntry"],
                "identifier": organisation.enterprise_number,
                "identifierType": "identifier",
            }
        ]
    if organisation.email:
        issuer["email"] = organisation.email
    achievement = {
        "id": _urn("achievement", issuer_key, skill.framework_id, skill.code),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": skill.name,
        "description": f"{skill.area.name} — {skill.name}",
        "criteria": {
            "narrative": _(
                "Observed and validated by the trainers during real work for clients, "
                "in the workshop %(workshop)s."
            )
            % {"workshop": trainee.workshop.name}
        },
        "humanCode": skill.code,
        "inLanguage": "fr",
    }
    if skill.reference:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": skill.reference,
                "targetCode": skill.reference,
                "targetFramework": "SFMQ",
                "targetUrl": SFMQ_URL,
            }
        ]
    when = datetime.datetime.combine(validation.validated_on, datetime.time(), datetime.UTC)
    return {
        "@context": CONTEXT,
        "id": _urn("credential", issuer_key, validation.pk),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": skill.name,
        "description": _("Skill acquired at the level “%(level)s” on %(date)s.")
        % {
            "level": validation.level.name,
            "date": date_format(validation.validated_on, "SHORT_DATE_FORMAT"),
        },
        "issuer": issuer,
        "validFrom": when.isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": trainee.full_name,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "activityEndDate": when.isoformat().replace("+00:00", "Z"),
            "achievement": achievement,
        },
        "evidence": [{"type": ["Evidence"], "narrative": validation.evidence}],
    }


def credential_json(validation: SkillValidation) -> bytes:
    return json.dumps(credential(validation), ensure_ascii=False, indent=2).encode()


def _text(value) -> str:
    if isinstance(value, dict):  # a multilingual text: {"fr": ..., "en": ...}
        value = value.get("fr") or next(iter(value.values()), "")
    return str(value or "").strip()


def parse(content: bytes) -> dict:
    """The fields of a prior achievement from an Open Badges 3.0 credential,
    or a ValidationError saying, in the user's language, what is wrong with it."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("This file is too large for a badge."))
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(_("This file is not a badge: it is not JSON.")) from None
    if not isinstance(document, dict):
        raise ValidationError(_("This file is not an Open Badges 3.0 credential."))
    types = document.get("type") or []
    types = {types} if isinstance(types, str) else set(types)
    subject = document.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else None
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if not (types & CREDENTIAL_TYPES) or not isinstance(achievement, dict):
        raise ValidationError(_("This file is not an Open Badges 3.0 credential."))
    name = _text(achievement.get("name"))
    credential_id = str(document.get("id") or "").strip()
    issuer = document.get("issuer")
    issuer_name = _text(issuer.get("name")) if isinstance(issuer, dict) else _text(issuer)
    if not name or not credential_id or not issuer_name:
        raise ValidationError(
            _("This badge lacks its name, its identifier or its issuer: it cannot be imported.")
        )
    achieved = None
    for key in ("validFrom", "issuanceDate"):
        try:
            achieved = datetime.date.fromisoformat(str(document.get(key, ""))[:10])
            break
        except ValueError:
            continue
    codes = [
        _text(a.get("targetCode"))
        for a in achievement.get("alignment") or []
        if isinstance(a, dict) and _text(a.get("targetCode"))
    ]
    return {
        "credential_id": credential_id[:500],
        "name": name[:300],
        "description": _text(achievement.get("description"))[:2000],
        "issuer_name": issuer_name[:300],
        "achieved_on": achieved,
        "alignment_code": codes[0][:100] if codes else "",
        "credential": document,
    }


def _problem(name: str, problem: str) -> str:
    return _("%(name)s: %(problem)s") % {"name": name, "problem": problem}


@transaction.atomic
def prior_achievements_import(
    *, trainee: Trainee, files: list[tuple[str, bytes]], user
) -> list[PriorAchievement]:
    """Import badges another centre gave the trainee: all the files, or none
    when one is refused (each refusal says which file and why). A badge whose
    SFMQ/UAA code is a skill's reference here is matched to that skill."""
    errors, parsed = [], []
    for filename, content in files:
        try:
            fields = parse(content)
        except ValidationError as error:
            errors.extend(_problem(filename, message) for message in error.messages)
            continue
        if PriorAchievement.objects.filter(
            trainee=trainee, credential_id=fields["credential_id"]
        ).exists() or any(p["credential_id"] == fields["credential_id"] for p in parsed):
            errors.append(
                _problem(filename, _("This badge was already imported for this trainee."))
            )
            continue
        parsed.append(fields)
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_("Choose at least one badge file (.json)."))
    references = {p["alignment_code"] for p in parsed if p["alignment_code"]}
    skills = {
        skill.reference: skill
        for skill in Skill.objects.for_workshop(trainee.workshop_id).filter(
            reference__in=references
        )
    }
    return [
        PriorAchievement.objects.create(
            trainee=trainee,
            skill=skills.get(fields["alignment_code"]),
            imported_by=user,
            **fields,
        )
        for fields in parsed
    ]
