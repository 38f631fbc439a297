import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from eft.models import Workshop
from eft.params import clamped_int
from eft.templatetags.eft import money

MAX_PER_PAGE = 100


class Table(tables.Table):
    """Every list's table: ``?per_page=`` is kept within 1 … 100 (never all rows)."""

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        per_page = clamped_int(str(per_page), default=25, low=1, high=MAX_PER_PAGE)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)


class WorkshopTable(Table):
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
