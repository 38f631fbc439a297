from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eft import validators
from eft.choices import Role
from eft.forms import DATE
from eft.locking import VersionedFormMixin
from eft.models import Workshop
from trainees import services
from trainees.choices import CompetenceKind
from trainees.models import (
    AutonomyLevel,
    Skill,
    SkillArea,
    SkillFramework,
    Trainee,
    TrainingContract,
)


class TraineeForm(VersionedFormMixin, forms.ModelForm):
    accepts = ("user",)

    class Meta:
        model = Trainee
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "national_number",
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "country",
            "workshop",
            "status",
            "entry_date",
            "exit_date",
            "user",
        ]
        widgets = {
            "birth_date": DATE,
            "entry_date": DATE,
            "exit_date": DATE,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            self.fields["workshop"].queryset = Workshop.objects.for_user(user)
        free_logins = (
            get_user_model()
            .objects.filter(groups__name=Role.TRAINEE)
            .filter(Q(trainee__isnull=True) | Q(trainee=self.instance.pk or 0))
        )
        self.fields["user"].queryset = free_logins.order_by("username")
        if self.instance.pk and self.instance.national_number:
            # The stored number is never sent back to the browser in clear.
            self.fields["national_number"].widget = forms.TextInput(
                attrs={"placeholder": self.instance.masked_national_number}
            )
            self.initial["national_number"] = ""
            self.fields["national_number"].help_text = _(
                "Leave empty to keep the number on record; type a new one to replace it."
            )
            self.fields["national_number"].required = False
            self.keep_national_number = True
        else:
            self.keep_national_number = False

    def clean_national_number(self):
        value = self.cleaned_data.get("national_number", "")
        if self.keep_national_number and not value:
            return self.instance.national_number
        value = validators.normalize_national_number(value)
        if value != self.instance.national_number:
            services.check_national_number(
                number=value, user=self.user, exclude_pk=self.instance.pk
            )
        return value


class TrainingContractForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingContract
        fields = ["start_date", "end_date", "hours_per_week", "forem_reference"]
        widgets = {"start_date": DATE, "end_date": DATE}


class SkillFrameworkForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SkillFramework
        fields = ["name", "description"]


class SkillAreaForm(forms.ModelForm):
    """An area; its kind of competence is asked only in the centre's shared
    framework (a workshop's areas are always trade skills)."""

    class Meta:
        model = SkillArea
        fields = ["code", "name", "kind", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.framework_id and self.instance.framework.is_shared:
            self.fields["kind"].choices = [
                c for c in CompetenceKind.choices if c[0] != CompetenceKind.TRADE
            ]
            if self.instance.kind == CompetenceKind.TRADE:
                self.initial["kind"] = CompetenceKind.BASIC
        else:
            del self.fields["kind"]
            self.instance.kind = CompetenceKind.TRADE


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["area", "code", "name", "reference", "position", "is_active"]

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        framework = framework or (self.instance.area.framework if self.instance.area_id else None)
        if framework is not None:
            self.fields["area"].queryset = SkillArea.objects.filter(framework=framework)


class AutonomyLevelForm(forms.ModelForm):
    class Meta:
        model = AutonomyLevel
        fields = ["name", "description"]
