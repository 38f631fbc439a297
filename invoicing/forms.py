from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eft.forms import DATE, AmountField, LabelledCellsMixin, label_widgets
from eft.locking import VersionedFormMixin
from eft.vat import VatTreatment
from invoicing.choices import PaymentMethod
from invoicing.models import Invoice
from jobs.choices import VatRate


def money_field(label, **kwargs):
    return AmountField(
        label=label,
        error_messages={
            "invalid": _("Give an amount in euros, e.g. 12,50."),
            "max_decimal_places": _("At most two decimals (cents)."),
        },
        **kwargs,
    )


class InvoiceForm(VersionedFormMixin, forms.ModelForm):
    """A draft's own fields; its client and lines are set elsewhere."""

    checked_by_service = True  # services.invoice_update

    class Meta:
        model = Invoice
        fields = [
            "vat_treatment",
            "exempt_paragraph",
            "buyer_reference",
            "period_start",
            "period_end",
            "notes",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the work cannot be before its start."))
        if data.get("vat_treatment") != VatTreatment.EXEMPT:
            data["exempt_paragraph"] = ""
        return data


class LineForm(LabelledCellsMixin, forms.Form):
    line_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    unit_price = money_field(_("Unit price (excl. VAT)"))
    vat_rate = forms.TypedChoiceField(
        label=_("VAT"), choices=VatRate.choices, coerce=Decimal, initial=VatRate.STANDARD
    )
    delete = forms.BooleanField(label=_("Delete"), required=False)

    def has_changed(self):
        """An empty row (its VAT rate left as offered) is not a line: skipped."""
        if not self.initial and not any(
            self.data.get(self.add_prefix(name))
            for name in ("description", "quantity", "unit_price")
        ):
            return False
        return super().has_changed()

    def clean_unit_price(self):
        price = self.cleaned_data["unit_price"]
        if price is not None and price < 0:
            raise ValidationError(_("A price is never negative: use a credit note."))
        return price


LineFormSet = forms.formset_factory(LineForm, extra=2)


class PaymentForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    amount = money_field(_("Amount"))
    method = forms.ChoiceField(
        label=_("Method"), choices=PaymentMethod.choices, initial=PaymentMethod.TRANSFER
    )
    reference = forms.CharField(label=_("Reference"), max_length=140, required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CreditForm(forms.Form):
    """What to credit: whole lines, or some of what a line bills, or a quantity."""

    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, invoice, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(
            invoice.lines.prefetch_related("items__session", "items__job_line", "items__adjustment")
        )
        self.rows = []
        for line in self.lines:
            items = [i for i in line.items.all() if i.released_by_id is None]
            if items:
                choices = [(str(i.pk), f"{i.label} · {i.quantity.normalize():f}") for i in items]
                name = f"items-{line.pk}"
                self.fields[name] = forms.MultipleChoiceField(
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    label=line.description,
                )
            else:
                name = f"quantity-{line.pk}"
                self.fields[name] = forms.DecimalField(
                    label=line.description,
                    required=False,
                    max_digits=10,
                    decimal_places=2,
                    localize=True,
                    min_value=0,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                )
            self.rows.append((line, self[name], bool(items)))
        label_widgets(self)

    def selection(self) -> list[tuple]:
        chosen = []
        for line, bound, itemised in self.rows:
            value = self.cleaned_data.get(bound.name)
            if itemised and value:
                items = [i for i in line.items.all() if str(i.pk) in value]
                chosen.append((line, Decimal(0), items))
            elif not itemised and value:
                chosen.append((line, value, []))
        return chosen


class CreateFromJobsForm(forms.Form):
    jobs = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Done jobs to invoice"),
        required=False,
    )
    down_payment = money_field(_("Or a down payment on one job (excl. VAT)"), required=False)

    def __init__(self, *args, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jobs"].queryset = jobs


class QuoteForm(forms.Form):
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)


class QuoteSendForm(forms.Form):
    to = forms.EmailField(
        label=_("Send to"),
        error_messages={"invalid": _("Give a valid e-mail address, e.g. name@example.be.")},
    )


class BankFileForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (CODA, camt.053 or CSV)"),
        error_messages={"required": _("Choose the file downloaded from the bank.")},
    )

    def clean_file(self):
        from invoicing.bank import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:  # before reading it into memory
            raise ValidationError(_("The file is larger than 10 MB: is it a bank statement?"))
        return upload


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        if start and end and (end - start).days > 366 * 2:
            self.add_error("end", _("Export at most two years at a time."))
        return data


class ReminderForm(forms.Form):
    level = forms.IntegerField(widget=forms.HiddenInput)
    claim_charges = forms.BooleanField(label=_("Claim the charges the law allows"), required=False)
    send_to = forms.EmailField(
        label=_("Send to"),
        required=False,
        error_messages={"invalid": _("Give a valid e-mail address, e.g. name@example.be.")},
    )
