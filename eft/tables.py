import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from eft.models import Workshop
from eft.templatetags.eft import money


class WorkshopTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    trade = tables.Column(verbose_name=_("Trade"))
    capacity = tables.Column(verbose_name=_("Capacity"))
    max_trainees_per_trainer = tables.Column(verbose_name=_("Trainees per trainer"))
    default_hourly_rate = tables.Column(verbose_name=_("Hourly rate"))
    is_active = tables.BooleanColumn(verbose_name=_("Active"), yesno="✔,")

    class Meta:
        model = Workshop
        fields = [
            "name",
            "trade",
            "capacity",
            "max_trainees_per_trainer",
            "default_hourly_rate",
            "is_active",
        ]

    def render_default_hourly_rate(self, value):
        return money(value)
