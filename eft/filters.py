"""Pieces every FilterSet shares."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eft.models import Workshop


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet whose ``q`` runs the queryset's ``search`` method."""

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search…")}),
    )

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset


def multiple_choice(choices, label):
    # A plain column of the row itself: no duplicates, so no costly DISTINCT.
    return django_filters.MultipleChoiceFilter(
        choices=choices, label=label, widget=forms.CheckboxSelectMultiple, distinct=False
    )


class WorkshopFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search…")}),
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Workshop
        fields = ["q", "is_active"]

    def filter_search(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(trade__icontains=word))
        return queryset
