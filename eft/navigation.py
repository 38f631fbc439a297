"""The top bar: the areas a user may open, each with its pages."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass
class Link:
    label: object
    url_name: str
    perm: str

    @property
    def url(self):
        return reverse(self.url_name)


@dataclass
class Area:
    key: str
    label: object
    links: list[Link] = field(default_factory=list)

    @property
    def url(self):
        return self.links[0].url


AREAS = [
    Area(
        "planning",
        _("Planning"),
        [
            Link(_("Week board"), "planning", "jobs.view_worksession"),
            Link(_("Plan a session"), "session_create", "jobs.add_worksession"),
        ],
    ),
    Area(
        "hours",
        _("Hours"),
        [
            Link(_("Months and statements"), "month_list", "jobs.view_monthclosing"),
            Link(_("Training allowance"), "allowance_rates", "records.view_allowancerate"),
        ],
    ),
    Area(
        "jobs",
        _("Jobs"),
        [
            Link(_("Jobs"), "job_list", "jobs.view_job"),
            Link(_("Jobs board"), "job_kanban", "jobs.view_job"),
        ],
    ),
    Area("clients", _("Clients"), [Link(_("Clients"), "client_list", "clients.view_client")]),
    Area(
        "invoicing",
        _("Invoicing"),
        [
            Link(_("Invoices"), "invoice_list", "invoicing.view_invoice"),
            Link(_("Quotes"), "quote_list", "invoicing.view_quote"),
            Link(_("Bank statements"), "bank_statement_list", "invoicing.view_bankstatement"),
            Link(_("Exports for the accountant"), "accounting_exports", "invoicing.view_invoice"),
            Link(_("Aged balance"), "aged_balance", "invoicing.view_invoice"),
        ],
    ),
    Area(
        "trainees",
        _("Trainees"),
        [
            Link(_("Trainees"), "trainee_list", "trainees.view_trainee"),
            Link(_("Competence matrix"), "competence_matrix", "records.view_matrix"),
            Link(_("Skills frameworks"), "framework_list", "trainees.view_skillframework"),
            Link(_("Autonomy scale"), "autonomy_level_list", "trainees.view_autonomylevel"),
        ],
    ),
    Area(
        "settings",
        _("Settings"),
        [
            Link(_("Organisation"), "organisation", "eft.change_organisation"),
            Link(_("Workshops"), "workshop_list", "eft.view_workshop"),
            Link(_("People and logins"), "account_list", "accounts.view_account"),
        ],
    ),
]


def areas_for(user) -> list[Area]:
    areas = []
    for area in AREAS:
        links = [link for link in area.links if user.has_perm(link.perm)]
        if links:
            areas.append(Area(area.key, area.label, links))
    return areas
