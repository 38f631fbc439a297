import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from eft.tables import Table


class ClientTable(Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"), order_by=("sort_name", "pk"))
    first_name = tables.Column(verbose_name=_("First name"))
    kind = tables.Column(verbose_name=_("Kind"))
    city = tables.Column(verbose_name=_("City"), order_by=("city_sort", "city", "sort_name"))
    vat_number = tables.Column(verbose_name=_("VAT number"))
    email = tables.EmailColumn(verbose_name=_("E-mail"))
    phone = tables.Column(verbose_name=_("Phone"), orderable=False)
    language = tables.Column(verbose_name=_("Language"))
    is_archived = tables.BooleanColumn(verbose_name=_("Archived"), yesno="✔,")

    class Meta:
        model = Client
        fields = [
            "name",
            "first_name",
            "kind",
            "city",
            "vat_number",
            "email",
            "phone",
            "language",
            "is_archived",
        ]
        attrs = {"class": "table"}
