from django import forms
from django.utils.translation import gettext_lazy as _

from eft.forms import DATE
from eft.locking import VersionedFormMixin
from followup.models import FollowUpEntry, Obstacle
from trainees.models import Trainee


class FollowUpEntryForm(forms.ModelForm):
    obstacles = forms.MultipleChoiceField(
        label=_("Obstacles raised"),
        choices=Obstacle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FollowUpEntry
        fields = ["date", "kind", "obstacles", "referred_to", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 4})}


class PersonalNotesForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Trainee
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
