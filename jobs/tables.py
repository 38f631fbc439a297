import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from eft.tables import Table
from eft.text import person_name
from jobs.models import Job


class JobTable(Table):
    reference = tables.Column(
        linkify=True, verbose_name=_("Reference"), attrs={"td": {"class": "nowrap"}}
    )
    title = tables.Column(verbose_name=_("Title"))
    client = tables.Column(verbose_name=_("Client"), order_by=("client__name", "reference"))
    workshop = tables.Column(verbose_name=_("Workshop"), order_by=("workshop__name", "reference"))
    status = tables.Column(verbose_name=_("Status"))
    responsible_trainer = tables.Column(verbose_name=_("Trainer"), orderable=False)
    planned_start = tables.DateColumn(verbose_name=_("Planned start"), short=True)
    planned_end = tables.DateColumn(verbose_name=_("Planned end"), short=True)

    class Meta:
        model = Job
        fields = [
            "reference",
            "title",
            "client",
            "workshop",
            "status",
            "responsible_trainer",
            "planned_start",
            "planned_end",
        ]
        attrs = {"class": "table"}

    def render_responsible_trainer(self, value):
        return person_name(value)
