import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from clients.choices import ClientKind
from clients.models import Client
from eft.choices import Language
from eft.filters import SearchFilterSet, multiple_choice

ARCHIVE_CHOICES = [("active", _("Active")), ("archived", _("Archived")), ("all", _("All"))]


class ClientFilter(SearchFilterSet):
    kind = multiple_choice(ClientKind.choices, _("Kind"))
    language = multiple_choice(Language.choices, _("Language"))
    city = django_filters.CharFilter(lookup_expr="istartswith", label=_("City"))
    archived = django_filters.ChoiceFilter(
        choices=ARCHIVE_CHOICES, method="filter_archived", label=_("Status"), empty_label=None
    )

    class Meta:
        model = Client
        fields = ["q", "kind", "language", "city", "archived"]

    # Archived clients stay out of the list unless asked for.
    defaults = {"archived": "active"}

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, value in self.defaults.items():
            data.setdefault(name, value)
        super().__init__(data, *args, **kwargs)

    def filter_archived(self, queryset, name, value):
        if value == "active":
            return queryset.filter(is_archived=False)
        if value == "archived":
            return queryset.filter(is_archived=True)
        return queryset
