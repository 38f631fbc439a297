"""Breadcrumbs: where a page is, from its list down to itself
(« Clients › Garage Lecomte › Modifier »), each step a link but the last."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


@dataclass
class Crumb:
    label: str
    url: str | None = None


# A record's parent, whose page it belongs to (a client's contact).
PARENTS = {
    "clients.contact": "client",
    "clients.site": "client",
    "trainees.trainingcontract": "trainee",
    "trainees.skillarea": "framework",
    "trainees.skill": "area",
    "jobs.worksession": "job",
}
# The list a record is found in; a session without a job is on the planning.
LISTS = {
    "accounts.account": ("account_list", None),
    "clients.client": ("client_list", None),
    "eft.workshop": ("workshop_list", None),
    "invoicing.bankstatement": ("bank_statement_list", None),
    "invoicing.invoice": ("invoice_list", None),
    "invoicing.quote": ("quote_list", None),
    "jobs.job": ("job_list", None),
    "jobs.worksession": ("planning", _("Planning")),
    "trainees.autonomylevel": ("autonomy_level_list", None),
    "trainees.skillframework": ("framework_list", None),
    "trainees.trainee": ("trainee_list", None),
}


def _label(obj) -> str:
    return Truncator(str(obj)).chars(48)


def _list_crumb(model, user) -> Crumb | None:
    found = LISTS.get(model._meta.label_lower)
    if found is None:
        return None
    url_name, label = found
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return None
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    return Crumb(str(label or opts.verbose_name_plural).capitalize(), url)


def trail(obj=None, *, user, model=None, last=None) -> list[Crumb]:
    """The crumbs down to ``obj`` (or, for a new record, to its ``model``'s
    list), then ``last`` (this page's own name) if given. The record itself is
    the last, unlinked crumb of its own page."""
    chain = []
    node = obj
    while node is not None:
        chain.insert(0, node)
        parent = PARENTS.get(node._meta.label_lower)
        node = getattr(node, parent, None) if parent else None
    top = type(chain[0]) if chain else model
    crumbs = []
    if top is not None and (first := _list_crumb(top, user)):
        crumbs.append(first)
    for node in chain:
        url = node.get_absolute_url() if hasattr(node, "get_absolute_url") else None
        crumbs.append(Crumb(_label(node), url))
    if last:
        crumbs.append(Crumb(str(last)))
    elif crumbs:
        crumbs[-1].url = None  # the page itself
    return crumbs
