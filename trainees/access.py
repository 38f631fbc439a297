"""The trainee's right of access (GDPR art. 15): everything the application
holds about one trainee, as a .zip of a PDF (to read) and an .xlsx (the data,
sheet by sheet), made by a coordinator. The export itself is logged: as a
reveal of the national number and, where there is one, a reading of the
psychosocial follow-up."""

import io
import zipfile

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eft.exports import write_xlsx_sheets
from eft.pdf import render_pdf
from eft.text import person_name
from eft.validators import format_national_number
from trainees.models import NationalNumberReveal, RevealKind, Trainee

HELD_BY_THE_SOCIAL_WORKER = gettext_lazy(
    "Held by the social worker: the export of a coordinator given the right to read "
    "the follow-up includes it."
)


def _name(user) -> str:
    return person_name(user) if user else ""


def access_sheets(trainee: Trainee, *, confidential: bool) -> dict[str, list[list]]:
    """Every record about the trainee, one sheet per kind, header first. The
    personal notes and the psychosocial follow-up only when ``confidential``
    (a coordinator given the right to read them); otherwise a line says who
    holds them."""
    from followup.models import FollowUpEntry, FollowUpReading
    from jobs.models import Attendance, SkillPractice
    from records.models import Attestation, SelfAssessment, SkillValidation

    identity = [
        [_("Field"), _("Value")],
        [_("First name"), trainee.first_name],
        [_("Last name"), trainee.last_name],
        [_("Birth date"), trainee.birth_date],
        [_("National register number"), format_national_number(trainee.national_number)],
        [_("E-mail"), trainee.email],
        [_("Phone"), trainee.phone],
        [_("Address"), ", ".join(trainee.address_lines)],
        [_("Workshop"), str(trainee.workshop)],
        [_("Status"), trainee.get_status_display()],
        [_("Entry date"), trainee.entry_date],
        [_("Exit date"), trainee.exit_date],
        [_("Login"), trainee.user.username if trainee.user else ""],
        [_("Personal notes"), trainee.notes if confidential else HELD_BY_THE_SOCIAL_WORKER],
    ]
    contracts = [[_("Start"), _("End"), _("Hours per week"), _("Forem reference")]] + [
        [c.start_date, c.end_date, c.hours_per_week, c.forem_reference]
        for c in trainee.contracts.order_by("start_date")
    ]
    attendances = [
        [_("Date"), _("Session"), _("Present"), _("Absent, assimilated"), _("Absent"), _("Reason")]
    ] + [
        [
            a.session.date,
            a.session.label,
            a.hours_present,
            a.hours_assimilated,
            a.hours_absent,
            a.get_absence_reason_display() if a.absence_reason else "",
        ]
        for a in Attendance.objects.filter(trainee=trainee)
        .select_related("session__job", "session__workshop")
        .order_by("session__date", "session__start_time")
    ]
    practices = [[_("Date"), _("Skill"), _("Level"), _("Observed by"), _("Remark")]] + [
        [p.attendance.session.date, str(p.skill), str(p.level), _name(p.observed_by), p.remark]
        for p in SkillPractice.objects.filter(attendance__trainee=trainee)
        .select_related("attendance__session", "skill", "level", "observed_by")
        .order_by("attendance__session__date")
    ]
    own = [[_("Date"), _("Skill"), _("Level"), _("My words")]] + [
        [s.assessed_on, str(s.skill), str(s.level), s.remark]
        for s in SelfAssessment.objects.filter(trainee=trainee).select_related("skill", "level")
    ]
    validations = [[_("Acquired on"), _("Skill"), _("Level"), _("Validated by"), _("Evidence")]] + [
        [v.validated_on, str(v.skill), str(v.level), _name(v.validated_by), v.evidence]
        for v in SkillValidation.objects.filter(trainee=trainee).select_related(
            "skill", "level", "validated_by"
        )
    ]
    attestations = [[_("From"), _("To"), _("Issued"), _("Issued by")]] + [
        [a.period_start, a.period_end, timezone.localtime(a.issued_at), _name(a.issued_by)]
        for a in Attestation.objects.filter(trainee=trainee).select_related("issued_by")
    ]
    followup = [
        [_("Date"), _("Kind"), _("Obstacles raised"), _("Referred to"), _("Notes"), _("By")]
    ] + [
        [
            e.date,
            e.get_kind_display(),
            ", ".join(e.obstacle_labels),
            e.referred_to,
            e.notes,
            _name(e.author),
        ]
        for e in FollowUpEntry.objects.filter(trainee=trainee).select_related("author")
    ]
    if not confidential:
        followup = [[_("Notes")], [HELD_BY_THE_SOCIAL_WORKER]]
    accesses = [[_("When"), _("Who"), _("What")]]
    accesses += [
        [timezone.localtime(r.revealed_at), _name(r.user), r.get_kind_display()]
        for r in NationalNumberReveal.objects.filter(trainee=trainee).select_related("user")
    ]
    accesses += [
        [timezone.localtime(r.read_at), _name(r.user), _("Read the psychosocial follow-up")]
        for r in FollowUpReading.objects.filter(trainee=trainee).select_related("user")
    ]
    notes = [[_("When"), _("Who"), _("Note"), _("Attached files")]] + [
        [
            timezone.localtime(n.created_at),
            _name(n.author),
            n.body,
            ", ".join(a.name for a in n.attachments.all()),
        ]
        for n in trainee.chatter_notes.select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    ]
    changes = [[_("When"), _("Who"), _("Action")]] + [
        [timezone.localtime(h.history_date), _name(h.history_user), h.get_history_type_display()]
        for h in trainee.history.select_related("history_user").order_by("history_date")
    ]
    return {
        _("Identity"): identity,
        _("Contracts"): contracts,
        _("Attendance"): attendances,
        _("Skills practised"): practices,
        _("Self-assessments"): own,
        _("Validations"): validations,
        _("Attestations"): attestations,
        _("Psychosocial follow-up"): followup,
        _("Notes on the record"): notes,
        _("Who saw what"): accesses,
        _("Changes"): changes,
    }


def access_export(*, trainee: Trainee, user) -> tuple[str, bytes]:
    """The .zip (its file name and content) of everything about ``trainee``."""
    from followup.models import FollowUpReading

    NationalNumberReveal.objects.create(trainee=trainee, user=user, kind=RevealKind.REVEAL)
    confidential = user.has_perm("followup.view_followupentry")
    if confidential:
        FollowUpReading.objects.create(trainee=trainee, user=user, what="access export")
    sheets = access_sheets(trainee, confidential=confidential)
    stamp = timezone.localdate().isoformat()
    pdf = render_pdf(
        "trainees/access_pdf.html",
        {"trainee": trainee, "sheets": sheets, "made_on": timezone.localdate(), "by": _name(user)},
    )
    xlsx = write_xlsx_sheets(sheets).read()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{slugify(trainee.full_name)}-{stamp}.pdf", pdf)
        archive.writestr(f"{slugify(trainee.full_name)}-{stamp}.xlsx", xlsx)
        # The files of the notes on their record (photos too): theirs to have.
        from chatter.models import Attachment

        for attachment in Attachment.objects.filter(
            note__in=trainee.chatter_notes.values("pk")
        ).order_by("note__created_at", "name"):
            try:
                with attachment.file.open("rb") as handle:
                    content = handle.read()
            except FileNotFoundError:
                continue
            archive.writestr(f"pieces-jointes/{attachment.pk.hex[:8]}-{attachment.name}", content)
    return f"{slugify(trainee.full_name)}-donnees-{stamp}.zip", buffer.getvalue()
