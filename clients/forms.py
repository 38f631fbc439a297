from django import forms

from clients.models import Client, Contact, Site


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = [
            "kind",
            "name",
            "first_name",
            "enterprise_number",
            "vat_number",
            "language",
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "country",
            "peppol_endpoint",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


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
            "old_private_dwelling",
            "notes",
            "is_active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
