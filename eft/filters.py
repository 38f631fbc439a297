"""Pieces every FilterSet shares."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eft.models import Workshop
from eft.params import BoundedDateField, parse_id


class IdsField(django_filters.fields.ModelMultipleChoiceField):
    """Ticked records by id; an id that cannot be one (too long, not digits) is
    refused before it reaches the database (an ``IN`` would overflow there)."""

    def _check_values(self, value):
        for pk in value or ():
            if pk != self.null_value and parse_id(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdsField


class DateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


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
