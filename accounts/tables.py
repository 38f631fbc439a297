import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from eft.tables import Table


class AccountTable(Table):
    name = tables.Column(
        verbose_name=_("Name"),
        accessor="last_name",
        linkify=True,
        order_by=("last_name", "first_name"),
    )
    username = tables.Column(verbose_name=_("Username"))
    role = tables.Column(verbose_name=_("Role"), accessor="role_label", orderable=False)
    workshops = tables.Column(verbose_name=_("Workshops"), empty_values=(), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("Active"), yesno="✔,✘")
    last_login = tables.DateTimeColumn(verbose_name=_("Last login"), format="d/m/Y H:i")

    class Meta:
        model = Account
        fields = ["name", "username", "role", "workshops", "is_active", "last_login"]

    def render_name(self, record):
        return str(record)

    def render_workshops(self, record):
        return ", ".join(w.name for w in record.workshops.all()) or "—"

    def value_name(self, record):
        return str(record)
