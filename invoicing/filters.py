import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eft.filters import multiple_choice
from eft.text import fold
from invoicing.choices import DocumentKind, InvoiceStatus
from invoicing.models import Invoice
from trainees.forms import DATE


class InvoiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Number, client…")}),
    )
    kind = multiple_choice(DocumentKind.choices, _("Kind"))
    status = multiple_choice(InvoiceStatus.choices, _("Status"))
    issued_from = django_filters.DateFilter(
        field_name="issue_date", lookup_expr="gte", label=_("Issued from"), widget=DATE
    )
    issued_to = django_filters.DateFilter(
        field_name="issue_date", lookup_expr="lte", label=_("Issued until"), widget=DATE
    )

    class Meta:
        model = Invoice
        fields = ["q", "kind", "status", "issued_from", "issued_to"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter_search(self, queryset, name, value):
        for word in fold(value).split()[:8]:
            queryset = queryset.filter(
                Q(number__icontains=word) | Q(client__search_text__contains=word)
            )
        return queryset
