import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eft.choices import Role
from eft.forms import DATE, TIME, LabelledCellsMixin, label_widgets
from eft.locking import VersionedFormMixin
from eft.models import Workshop
from eft.text import person_name
from jobs.choices import AbsenceReason, Period, SessionKind
from jobs.models import Job, JobLine, WorkSession
from trainees.models import Trainee

# Usual hours of a period: start, end, break in minutes.
PERIOD_TIMES = {
    Period.MORNING: (datetime.time(8, 0), datetime.time(12, 0), 0),
    Period.AFTERNOON: (datetime.time(12, 30), datetime.time(16, 30), 0),
    Period.DAY: (datetime.time(8, 0), datetime.time(16, 30), 30),
}


def fill_period_times(data: dict) -> None:
    """Give a period's usual times and break when the times are not given."""
    period = data.get("period")
    if period in PERIOD_TIMES and not (data.get("start_time") and data.get("end_time")):
        data["start_time"], data["end_time"], pause = PERIOD_TIMES[period]
        if data.get("break_minutes") is None:
            data["break_minutes"] = pause
    data["break_minutes"] = data.get("break_minutes") or 0


def trainers_of(workshop_ids):
    return (
        get_user_model()
        .objects.filter(groups__name=Role.TRAINER, workshops__in=workshop_ids)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class JobForm(VersionedFormMixin, forms.ModelForm):
    """A job's own fields; the client is chosen before (it never changes after)."""

    accepts = ("user",)
    checked_by_service = True  # services.job_update
    responsible_trainer = TrainerChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Responsible trainer"),
    )

    class Meta:
        model = Job
        # What is filled for every job first; the invoicing's defaults after.
        fields = [
            "title",
            "workshop",
            "responsible_trainer",
            "planned_start",
            "planned_end",
            "site",
            "description",
            "pricing",
            "hourly_rate",
            "vat_treatment",
            "buyer_reference",
            "internal_notes",
        ]
        widgets = {
            "planned_start": DATE,
            "planned_end": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        workshops = Workshop.objects.for_user(user).filter(is_active=True)
        self.fields["workshop"].queryset = workshops
        if self.instance.client_id:
            # Active sites, and the job's own even if it was closed since.
            self.fields["site"].queryset = self.instance.client.sites.filter(
                Q(is_active=True) | Q(pk=self.instance.site_id or 0)
            )
        self.fields["responsible_trainer"].queryset = trainers_of(workshops.values("pk"))
        self.fields["vat_treatment"].required = False
        if not self.instance.pk and self.instance.client_id:
            self.fields["vat_treatment"].initial = self.instance.client.default_vat_treatment
        if not self.instance.pk and workshops.count() == 1:
            self.fields["workshop"].initial = workshops.first()
            if user is not None and user in self.fields["responsible_trainer"].queryset:
                self.fields["responsible_trainer"].initial = user.pk

    def clean_vat_treatment(self):
        """Empty: the job keeps its treatment, a new job takes its client's usual one."""
        value = self.cleaned_data.get("vat_treatment")
        if value:
            return value
        if self.instance.pk:
            return self.instance.vat_treatment
        return self.instance.client.default_vat_treatment


class JobLineForm(LabelledCellsMixin, forms.ModelForm):
    class Meta:
        model = JobLine
        fields = ["kind", "description", "quantity", "unit", "unit_price", "vat_rate"]
        widgets = {
            "quantity": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "unit_price": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "unit": forms.TextInput(attrs={"size": 4}),
        }


class LineWithoutPriceForm(JobLineForm):
    """For someone who does not see amounts: the price stays as it is (0 on a new line)."""

    class Meta(JobLineForm.Meta):
        fields = ["kind", "description", "quantity", "unit", "vat_rate"]

    def save(self, commit=True):
        if self.instance.unit_price is None:
            self.instance.unit_price = 0
        return super().save(commit)


class LabelledLinesFormSet(forms.BaseInlineFormSet):
    """Its « delete » box, added after each form is built, named too."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        label_widgets(form)


JobLineFormSet = forms.inlineformset_factory(
    Job, JobLine, form=JobLineForm, formset=LabelledLinesFormSet, extra=2, can_delete=True
)
JobLineWithoutPriceFormSet = forms.inlineformset_factory(
    Job,
    JobLine,
    form=LineWithoutPriceForm,
    formset=LabelledLinesFormSet,
    extra=2,
    can_delete=True,
)


class ClientPickForm(forms.Form):
    q = forms.CharField(
        label=_("Client"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, city, VAT…")}),
    )


class SessionForm(forms.Form):
    """One session of any kind, or a series on every working day between two dates."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=SessionKind.choices,
        initial=SessionKind.PRODUCTION,
        required=False,
    )
    job = forms.ModelChoiceField(
        queryset=Job.objects.none(),
        label=_("Job"),
        required=False,
        help_text=_("For production on a job."),
    )
    workshop = forms.ModelChoiceField(
        queryset=Workshop.objects.none(),
        label=_("Workshop"),
        required=False,
        help_text=_("For a lesson, placement or partner day: whose trainees take part."),
    )
    title = forms.CharField(
        label=_("Subject"),
        max_length=200,
        required=False,
        help_text=_("For a lesson: what it is about, e.g. “French at work”."),
    )
    host = forms.CharField(
        label=_("Host company or partner"),
        max_length=200,
        required=False,
        help_text=_("For a placement or a partner day."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    until = forms.DateField(
        label=_("Repeat until"),
        widget=DATE,
        required=False,
        help_text=_("Every weekday up to this date, public holidays skipped."),
    )
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, initial=Period.DAY)
    start_time = forms.TimeField(label=_("Start"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("End"), widget=TIME, required=False)
    break_minutes = forms.IntegerField(
        label=_("Break (minutes)"), min_value=0, max_value=240, required=False
    )
    trainers = PersonChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Trainers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trainees = forms.ModelMultipleChoiceField(
        queryset=Trainee.objects.none(),
        label=_("Trainees"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)
    accept_warnings = forms.BooleanField(
        label=_("I have read the warnings and plan it anyway"), required=False
    )

    def __init__(self, *args, workshops, jobs, trainees, series=True, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs
        self.fields["workshop"].queryset = workshops
        self.fields["trainers"].queryset = trainers_of(workshops.values("pk"))
        self.fields["trainees"].queryset = trainees
        if not self.is_bound and not self.initial.get("workshop"):
            only = list(workshops[:2])
            if len(only) == 1:
                self.fields["workshop"].initial = only[0].pk
        if not series:
            del self.fields["until"]
        if editing:
            # A session keeps its kind, job and workshop: plan a new one instead.
            for name in ("kind", "job", "workshop"):
                self.fields[name].disabled = True

    OTHER_KIND_FIELDS = ("kind", "workshop", "title", "host")

    @property
    def other_kind_open(self) -> bool:
        """The fields of a session without a job are shown open when they are
        used (a lesson, a placement) or have an error; a production folds them."""
        kind = self["kind"].value()
        if kind and kind != SessionKind.PRODUCTION:
            return True
        return self.is_bound and any(name in self.errors for name in self.OTHER_KIND_FIELDS)

    def clean(self):
        data = super().clean()
        if not data.get("kind") and "kind" not in self.errors:
            data["kind"] = SessionKind.PRODUCTION
        kind = data.get("kind")
        if kind == SessionKind.PRODUCTION:
            if not data.get("job") and "job" not in self.errors:
                self.add_error("job", _("Choose the job of a production session."))
            data["workshop"] = data["job"].workshop if data.get("job") else None
        elif kind:
            data["job"] = None
            if not data.get("workshop") and "workshop" not in self.errors:
                self.add_error("workshop", _("Choose the workshop whose trainees take part."))
            if kind == SessionKind.LESSON and not data.get("title"):
                self.add_error("title", _("Give the subject of the lesson."))
            if kind in (SessionKind.PLACEMENT, SessionKind.PARTNER) and not data.get("host"):
                self.add_error("host", _("Give the host company or the partner organisation."))
        fill_period_times(data)
        if not data.get("start_time") or not data.get("end_time"):
            raise ValidationError(_("Give the start and end times of the session."))
        if data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("A session ends after it starts."))
        until = data.get("until")
        if until and data.get("date"):
            if until < data["date"]:
                self.add_error("until", _("The last day cannot be before the first."))
            elif (until - data["date"]).days > 366:
                self.add_error("until", _("A series covers at most one year."))
        return data


class AddTraineeForm(forms.Form):
    session = forms.ModelChoiceField(queryset=WorkSession.objects.none(), label=_("Session"))
    trainee = forms.ModelChoiceField(queryset=Trainee.objects.none(), label=_("Trainee"))
    accept_warnings = forms.BooleanField(
        label=_("I have read the warnings and add them anyway"), required=False
    )

    def __init__(self, *args, sessions, trainees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["trainee"].queryset = trainees


def hours_field(label, help_text=""):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "inputmode": "decimal"}),
    )


class AttendanceRowForm(forms.Form):
    """One trainee's hours. Left empty, the hours absent are the rest of the
    session, assimilated or not as the reason usually is."""

    trainee_id = forms.IntegerField(widget=forms.HiddenInput)
    hours_present = hours_field(_("Hours present"))
    absence_reason = forms.ChoiceField(
        label=_("Absence"),
        choices=[("", "—"), *AbsenceReason.choices],
        required=False,
    )
    hours_assimilated = hours_field(_("Absent, assimilated (h)"))
    hours_absent = hours_field(_("Absent, not assimilated (h)"))


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, extra=0)


class BillableForm(forms.Form):
    billable_hours = hours_field(
        _("Billable hours"), _("What the client pays for (time and materials).")
    )


class PracticeGridForm(forms.Form):
    """The skills grid of a session: per trainee and skill, the level observed
    ("" for not practised) and the trainer's remark on that cell. Cells of a
    trainee recorded absent are locked."""

    def __init__(self, *args, attendances, skills, levels, practices, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "–"), *[(str(level.pk), str(level.rank)) for level in levels]]
        self.attendances = attendances
        # One row per skill, one cell per trainee, as the grid shows them.
        self.rows = [(skill, []) for skill in skills]
        self.cells = []
        for attendance in attendances:
            row = []
            for index, skill in enumerate(skills):
                practice = practices.get((attendance.trainee_id, skill.pk))
                key = f"{attendance.trainee_id}-{skill.pk}"
                self.rows[index][1].append((attendance, key, practice))
                self.fields[f"level-{key}"] = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    initial=str(practice.level_id) if practice else "",
                    disabled=attendance.was_absent,
                    widget=forms.RadioSelect,
                )
                self.fields[f"remark-{key}"] = forms.CharField(
                    max_length=300,
                    required=False,
                    initial=practice.remark if practice else "",
                    disabled=attendance.was_absent,
                )
                row.append((skill, key, practice))
            self.cells.append((attendance, row))

    def clean(self):
        data = super().clean()
        for name in self.fields:
            if name.startswith("level-") and name in self.errors:
                raise ValidationError(_("A level of the grid is not on the autonomy scale."))
        return data

    def cells_data(self) -> dict:
        """(trainee id, skill id) -> (level id or None, remark), for the open cells."""
        result = {}
        for attendance, row in self.cells:
            if attendance.was_absent:
                continue
            for skill, key, _practice in row:
                level = self.cleaned_data.get(f"level-{key}")
                remark = self.cleaned_data.get(f"remark-{key}", "")
                result[(attendance.trainee_id, skill.pk)] = (int(level) if level else None, remark)
        return result


class AdjustmentForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Billable hours"),
        max_digits=7,
        decimal_places=2,
        localize=True,
        help_text=_("Negative to take hours off."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
