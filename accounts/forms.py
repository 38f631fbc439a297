from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from accounts.services import AMOUNTS_GRANT, FOLLOWUP_GRANT
from eft.choices import Role
from eft.models import Workshop


class AccountForm(forms.ModelForm):
    """A login: who, which role, and what the role needs (a trainer's workshops,
    a trainee's record)."""

    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])
    workshops = forms.ModelMultipleChoiceField(
        label=_("Workshops (for a trainer)"),
        queryset=Workshop.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sees_amounts = forms.BooleanField(
        label=_("May see prices and amounts (for a trainer)"), required=False
    )
    reads_followup = forms.BooleanField(
        label=_("May read the psychosocial follow-up (for a coordinator; each reading is logged)"),
        required=False,
    )
    trainee = forms.ModelChoiceField(
        label=_("Trainee record (for a trainee)"), queryset=None, required=False
    )

    class Meta:
        model = Account
        fields = ["first_name", "last_name", "username", "email", "is_active"]
        help_texts = {
            "username": _("Letters, digits and . @ + - _ only; the person types it to log in."),
            "is_active": _(
                "A deactivated person can no longer log in; their name stays in the history."
            ),
        }

    accepts = ("user",)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from trainees.models import Trainee

        account = self.instance
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["username"].validators = [UnicodeUsernameValidator()]
        self.fields["trainee"].queryset = Trainee.objects.filter(
            Q(user__isnull=True) | Q(user=account.pk or 0)
        ).select_related("workshop")
        self.fields["trainee"].label_from_instance = lambda t: f"{t.full_name} ({t.workshop})"
        if account.pk:
            self.initial.update(
                role=account.role,
                workshops=list(account.workshops.all()),
                sees_amounts=account.groups.filter(name=AMOUNTS_GRANT).exists(),
                reads_followup=account.groups.filter(name=FOLLOWUP_GRANT).exists(),
                trainee=Trainee.objects.filter(user=account).first(),
            )
        else:
            del self.fields["is_active"]
        if user is not None and account.pk == user.pk:
            # Nobody gives themself a role or a right: another coordinator does.
            for name in ("role", "workshops", "sees_amounts", "reads_followup", "is_active"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Another coordinator changes this for you.")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.TRAINEE and not data.get("trainee"):
            self.add_error(
                "trainee", _("A trainee's login is linked to their trainee record: choose it.")
            )
        if role == Role.TRAINER and not data.get("workshops"):
            self.add_error("workshops", _("Give the trainer at least one workshop."))
        return data
