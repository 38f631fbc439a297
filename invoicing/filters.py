import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eft.filters import DateFilter, multiple_choice
from eft.forms import DATE
from eft.text import fold
from invoicing.choices import DocumentKind, InvoiceStatus, QuoteStatus
from invoicing.models import BankStatement, Invoice, Quote


class SearchFilterSet(django_filters.FilterSet):
    """A search box: every word must be found in one of ``search_fields``."""

    search_fields: tuple[str, ...] = ()

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter_search(self, queryset, name, value):
        for word in fold(value).split()[:8]:
            match = Q()
            for field in self.search_fields:
                match |= Q(**{field: word})
            queryset = queryset.filter(match)
        return queryset


class InvoiceFilter(SearchFilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Number, client…")}),
    )
    kind = multiple_choice(DocumentKind.choices, _("Kind"))
    status = multiple_choice(InvoiceStatus.choices, _("Status"))
    issued_from = DateFilter(
        field_name="issue_date", lookup_expr="gte", label=_("Issued from"), widget=DATE
    )
    issued_to = DateFilter(
        field_name="issue_date", lookup_expr="lte", label=_("Issued until"), widget=DATE
    )

    class Meta:
        model = Invoice
        fields = ["q", "kind", "status", "issued_from", "issued_to"]

    search_fields = ("number__icontains", "client__search_text__contains")


class QuoteFilter(SearchFilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Number, job, client…")}),
    )
    status = multiple_choice(QuoteStatus.choices, _("Status"))

    class Meta:
        model = Quote
        fields = ["q", "status"]

    search_fields = (
        "number__icontains",
        "job__reference__icontains",
        "job__client__search_text__contains",
    )


class BankStatementFilter(SearchFilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("File, account…")}),
    )

    class Meta:
        model = BankStatement
        fields = ["q"]

    search_fields = ("file_name__icontains", "account__icontains")
