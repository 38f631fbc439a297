from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from eft.choices import Role
from eft.locking import VersionedFormMixin
from eft.models import Organisation, Workshop


class DateInput(forms.DateInput):
    """A date typed the Belgian way (23/11/2026), whatever the browser's language
    (a ``type="date"`` input follows the browser's, month first in English).
    app.js completes what is typed (3/2/26 → 03/02/2026) and adds a button
    that opens the browser's calendar; without JavaScript the text is enough."""

    def __init__(self, attrs=None):
        base = {
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": 10,
            "data-date": "",
            "data-calendar-label": _("Choose in the calendar"),
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class TimeInput(forms.TimeInput):
    """An hour typed on 24 hours (08:30; 8h30 and 830 are understood too)."""

    def __init__(self, attrs=None):
        base = {"placeholder": _("hh:mm"), "autocomplete": "off", "size": 5, "data-time": ""}
        super().__init__(attrs={**base, **(attrs or {})}, format="%H:%M")


DATE = DateInput()
TIME = TimeInput()


def label_widgets(form) -> None:
    """Name each field's input after its label (``aria-label``), for forms shown
    as table rows where the column heading, not a <label>, says what a cell is."""
    for field in form.fields.values():
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("aria-label", str(capfirst(field.label or "")))


class LabelledCellsMixin:
    """A form shown as a table row: its inputs named by their labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_widgets(self)


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(
        label=capfirst(Organisation._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = [
            "legal_name",
            "legal_form",
            "enterprise_number",
            "vat_number",
            "rpm_court",
            "street",
            "postal_code",
            "city",
            "country",
            "email",
            "phone",
            "website",
            "iban",
            "bic",
            "peppol_endpoint",
            "invoice_footer",
            "late_payment_reference_rate",
            "consumer_late_charges",
            "logo",
        ]
        widgets = {"invoice_footer": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["late_payment_reference_rate"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > 1024 * 1024:
            raise forms.ValidationError(_("The logo may weigh 1 MB at most."))
        return logo


class WorkshopForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = [
            "name",
            "trade",
            "trainers",
            "capacity",
            "max_trainees_per_trainer",
            "default_hourly_rate",
            "is_active",
        ]
        widgets = {"trainers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = (
            get_user_model().objects.filter(groups__name=Role.TRAINER).order_by("last_name")
        )


class AmountField(forms.DecimalField):
    """An amount as people type it here: “1.836,78”, “1836,78”, “1 836,78” or
    “1836.78” all read as 1836.78."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 10}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value
