import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from eft.tables import Table
from trainees.models import SkillFramework, Trainee


class TraineeTable(Table):
    last_name = tables.Column(linkify=True, verbose_name=_("Last name"))
    first_name = tables.Column(verbose_name=_("First name"))
    workshop = tables.Column(verbose_name=_("Workshop"), order_by=("workshop__name",))
    status = tables.Column(verbose_name=_("Status"))
    entry_date = tables.DateColumn(verbose_name=_("Entry date"), short=True)
    exit_date = tables.DateColumn(verbose_name=_("Exit"), short=True)
    phone = tables.Column(verbose_name=_("Phone"), orderable=False)

    class Meta:
        model = Trainee
        fields = [
            "last_name",
            "first_name",
            "workshop",
            "status",
            "entry_date",
            "exit_date",
            "phone",
        ]


class SkillFrameworkTable(Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    workshop = tables.Column(
        verbose_name=_("Workshop"), order_by=("workshop__name",), default=_("Whole centre")
    )
    skill_count = tables.Column(verbose_name=_("Skills"))

    class Meta:
        model = SkillFramework
        fields = ["name", "workshop", "skill_count"]
