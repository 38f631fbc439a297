from django import forms

from clients.models import Client, Contact, Site
from eft.locking import VersionedFormMixin


class ClientForm(VersionedFormMixin, forms.ModelForm):
    """A client; the invoicing details fall back to their defaults when left empty."""

    class Meta:
        model = Client
        # Who and how to reach them first; the invoicing's particulars after.
        fields = [
            "kind",
            "name",
            "first_name",
            "phone",
            "email",
            "street",
            "postal_code",
            "city",
            "country",
            "language",
            "vat_number",
            "enterprise_number",
            "peppol_endpoint",
            "payment_terms_days",
            "invoice_email",
            "files_vat_returns",
            "default_vat_treatment",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("payment_terms_days", "default_vat_treatment"):
            self.fields[name].required = False

    def _or_default(self, name):
        value = self.cleaned_data.get(name)
        return Client._meta.get_field(name).default if value in (None, "") else value

    def clean_payment_terms_days(self):
        return self._or_default("payment_terms_days")

    def clean_default_vat_treatment(self):
        return self._or_default("default_vat_treatment")


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = [
            "name",
            "street",
            "postal_code",
            "city",
            "country",
            "is_private_dwelling",
            "first_occupation_year",
            "notes",
            "is_active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
