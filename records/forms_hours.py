from django import forms
from django.utils.translation import gettext_lazy as _

from eft.forms import DATE, AmountField
from records.models import AllowanceRate


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    confirmed = forms.BooleanField(required=False)


class TravelCostsForm(forms.Form):
    """One amount per trainee of the month; empty means none."""

    def __init__(self, *args, trainees, amounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainees = trainees
        for trainee in trainees:
            self.fields[f"t{trainee.pk}"] = AmountField(
                label=trainee.full_name,
                required=False,
                initial=amounts.get(trainee.pk),
                error_messages={
                    "invalid": _("Give an amount in euros, e.g. 12,50."),
                    "max_decimal_places": _("At most two decimals (cents)."),
                    "max_digits": _("This amount is too large."),
                    "min_value": _("The travel costs cannot be negative."),
                },
                min_value=0,
            )

    def amounts(self) -> dict:
        return {t: self.cleaned_data.get(f"t{t.pk}") for t in self.trainees}

    def rows(self):
        return [(trainee, self[f"t{trainee.pk}"]) for trainee in self.trainees]


class AllowanceRateForm(forms.ModelForm):
    class Meta:
        model = AllowanceRate
        fields = ["valid_from", "hourly_rate", "pays_assimilated"]
        widgets = {"valid_from": DATE}
        localized_fields = ["hourly_rate"]
