import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from eft.choices import Role
from eft.filters import SearchFilterSet


class AccountFilter(SearchFilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, field_name="groups__name"
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Account
        fields = ["q", "role", "is_active"]
