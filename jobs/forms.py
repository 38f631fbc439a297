import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eft.choices import Role
from eft.models import Workshop
from eft.text import person_name
from jobs.choices import AbsenceReason, Period
from jobs.models import Job, JobLine, WorkSession
from trainees.forms import DATE
from trainees.models import Trainee

TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})

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


class JobForm(forms.ModelForm):
    """A job's own fields; the client is chosen before (it never changes after)."""

    accepts = ("user",)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    responsible_trainer = TrainerChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("responsible trainer"),
    )

    class Meta:
        model = Job
        fields = [
            "title",
            "workshop",
            "site",
            "description",
            "pricing",
            "hourly_rate",
            "responsible_trainer",
            "planned_start",
            "planned_end",
            "billable_hours",
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
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        elif workshops.count() == 1:
            self.fields["workshop"].initial = workshops.first()
            if user is not None and user in self.fields["responsible_trainer"].queryset:
                self.fields["responsible_trainer"].initial = user.pk


class JobLineForm(forms.ModelForm):
    class Meta:
        model = JobLine
        fields = ["kind", "description", "quantity", "unit", "unit_price", "vat_rate"]
        widgets = {
            "quantity": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "unit_price": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "unit": forms.TextInput(attrs={"size": 4}),
        }


JobLineFormSet = forms.inlineformset_factory(
    Job, JobLine, form=JobLineForm, extra=2, can_delete=True
)


class ClientPickForm(forms.Form):
    q = forms.CharField(
        label=_("Client"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, city, VAT…")}),
    )


class SessionForm(forms.Form):
    """One session, or a series on every working day between two dates."""

    job = forms.ModelChoiceField(queryset=Job.objects.none(), label=_("Job"))
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

    def __init__(self, *args, workshops, jobs, trainees, series=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs
        self.fields["trainers"].queryset = trainers_of(workshops)
        self.fields["trainees"].queryset = trainees
        if not series:
            del self.fields["until"]

    def clean(self):
        data = super().clean()
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
    trainee_id = forms.IntegerField(widget=forms.HiddenInput)
    hours_present = hours_field(_("Hours present"))
    absence_reason = forms.ChoiceField(
        label=_("Absence"),
        choices=[("", "—"), *AbsenceReason.choices],
        required=False,
    )
    assimilated = forms.BooleanField(label=_("Assimilated"), required=False)


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, extra=0)


class BillableForm(forms.Form):
    billable_hours = hours_field(
        _("Billable hours"), _("What the client pays for (time and materials).")
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
