"""Work sessions from a spreadsheet: one row per session, checked by the same
conflict service as the planning form, then planned all together or not at all."""

import datetime
from collections import defaultdict

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eft.imports import ImportColumn, XlsxImporter
from eft.models import Workshop
from eft.text import fold, person_name
from jobs import conflicts, services
from jobs.choices import Period
from jobs.forms import fill_period_times, trainers_of
from jobs.models import Job
from trainees.choices import TraineeStatus
from trainees.models import Trainee

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"]


def names(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


class SessionRowForm(forms.Form):
    job = forms.CharField(label=_("Job"))
    date = forms.DateField(label=_("Date"), input_formats=DATE_FORMATS)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, required=False)
    start_time = forms.TimeField(label=_("Start"), input_formats=TIME_FORMATS, required=False)
    end_time = forms.TimeField(label=_("End"), input_formats=TIME_FORMATS, required=False)
    trainees = forms.CharField(label=_("Trainees"), required=False)
    trainers = forms.CharField(label=_("Trainers"), required=False)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args, user, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.people = people

    def clean_job(self):
        reference = self.cleaned_data["job"].strip().upper()
        job = (
            Job.objects.for_user(self.user)
            .select_related("workshop")
            .filter(reference=reference)
            .first()
        )
        if job is None:
            raise ValidationError(_("No job %(reference)s among yours.") % {"reference": reference})
        return job

    def _people(self, field, directory):
        found, errors = [], []
        for name in names(self.cleaned_data[field]):
            matches = directory.get(fold(name), [])
            if len(matches) == 1:
                found.append(matches[0])
            elif matches:
                errors.append(_("several people are called “%(name)s”") % {"name": name})
            else:
                errors.append(_("nobody called “%(name)s”") % {"name": name})
        if errors:
            text = "; ".join(errors)
            raise ValidationError(text[:1].upper() + text[1:] + ".")
        return found

    def clean_trainees(self):
        return self._people("trainees", self.people["trainees"])

    def clean_trainers(self):
        return self._people("trainers", self.people["trainers"])

    def clean(self):
        data = super().clean()
        data["period"] = data.get("period") or Period.CUSTOM
        fill_period_times(data)
        start, end = data.get("start_time"), data.get("end_time")
        if not start or not end:
            raise ValidationError(_("Give the start and end times, or a period."))
        if end <= start:
            raise ValidationError(_("A session ends after it starts."))
        return data


class SessionImporter(XlsxImporter):
    form_class = SessionRowForm
    columns = [
        ImportColumn("job", _("Job"), ("chantier", "reference", "ref"), required=True),
        ImportColumn("date", _("Date"), ("jour",), required=True),
        ImportColumn("period", _("Period"), ("periode",), choices=tuple(Period.choices)),
        ImportColumn("start_time", _("Start"), ("debut", "heure de debut")),
        ImportColumn("end_time", _("End"), ("fin", "heure de fin")),
        ImportColumn("trainees", _("Trainees"), ("stagiaires",)),
        ImportColumn("trainers", _("Trainers"), ("formateurs",)),
        ImportColumn("notes", _("Notes"), ("remarques", "remarque")),
    ]

    def form_kwargs(self):
        user = self.context["user"]
        if not hasattr(self, "_people"):
            trainees = defaultdict(list)
            for trainee in Trainee.objects.for_user(user).exclude(status=TraineeStatus.ENDED):
                for key in (trainee.full_name, f"{trainee.last_name} {trainee.first_name}"):
                    if trainee not in trainees[fold(key)]:
                        trainees[fold(key)].append(trainee)
            trainers = defaultdict(list)
            for person in trainers_of(Workshop.objects.for_user(user).values("pk")):
                keys = {
                    person.username,
                    person.get_full_name(),
                    f"{person.last_name} {person.first_name}",
                }
                for key in keys:
                    if key.strip():
                        trainers[fold(key)].append(person)
            self._people = {"trainees": trainees, "trainers": trainers}
        return {"user": user, "people": self._people}

    def validate(self, rows):
        rows = super().validate(rows)
        for row in rows:
            if row.errors:
                continue
            data = row.form.cleaned_data
            report = conflicts.check(
                job=data["job"],
                slots=[conflicts.Slot(data["date"], data["start_time"], data["end_time"])],
                trainees=data["trainees"],
                trainers=data["trainers"],
            )
            row.errors.extend(report.hard)
            row.warnings.extend(report.warnings)
        return rows

    def check_batch(self, rows):
        """Two rows of the file that book one person at overlapping times."""
        booked = defaultdict(list)
        for row in rows:
            if row.errors:
                continue
            data = row.form.cleaned_data
            people = [("t", t.pk, t.full_name) for t in data["trainees"]]
            people += [("u", u.pk, person_name(u)) for u in data["trainers"]]
            for kind, pk, name in people:
                for line, start, end in booked[(kind, pk, data["date"])]:
                    if start < data["end_time"] and data["start_time"] < end:
                        row.errors.append(
                            _("%(name)s is already on line %(line)s at that time.")
                            % {"name": name, "line": line}
                        )
                booked[(kind, pk, data["date"])].append(
                    (row.line, data["start_time"], data["end_time"])
                )

    def save_row(self, row):
        data = row.form.cleaned_data
        return services.sessions_plan(
            job=data["job"],
            dates=[data["date"]],
            start=data["start_time"],
            end=data["end_time"],
            break_minutes=data["break_minutes"],
            period=data["period"],
            trainers=data["trainers"],
            trainees=data["trainees"],
            notes=data["notes"],
            accept_warnings=True,
        )

    def template_rows(self):
        return [
            *super().template_rows(),
            [
                "CH-2026-0001",
                datetime.date(2026, 12, 1),
                "Journée",
                "",
                "",
                "Amina Lambert; Bruno Peeters",
                "",
                "",
            ],
        ]
