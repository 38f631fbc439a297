import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eft.forms import DATE
from trainees.models import AutonomyLevel


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def level_field(label):
    return LevelChoiceField(
        queryset=AutonomyLevel.objects.all(),
        label=label,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the levels.")},
    )


class SelfAssessmentForm(forms.Form):
    level = level_field(_("Where I am today"))
    remark = forms.CharField(
        label=_("In my own words (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ValidationForm(forms.Form):
    level = level_field(_("Level reached"))
    validated_on = forms.DateField(label=_("Acquired on"), widget=DATE)
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The jobs, sessions or test on which it was observed."),
    )
    confirmed = forms.BooleanField(
        label=_("I confirm: no practice is recorded, but the skill is acquired"), required=False
    )


class AttestationForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise ValidationError(_("The end of the period cannot be before its start."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list of (name, content)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".json,application/json"}))
        kwargs.setdefault(
            "error_messages", {"required": _("Choose at least one badge file (.json).")}
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(f, initial) for f in files if f] or [
            super().clean(None, initial)
        ]
        if len(files) > 50:
            raise ValidationError(_("At most 50 badges at a time."))
        return [(f.name, f.read()) for f in files]


class BadgeImportForm(forms.Form):
    files = MultipleFileField(label=_("Badge files (.json)"))


def default_period(trainee, today: datetime.date | None = None):
    """From the trainee's entry to today (or their exit)."""
    today = today or timezone.localdate()
    end = min(today, trainee.exit_date) if trainee.exit_date else today
    return trainee.entry_date, max(end, trainee.entry_date)
