"""What can be exported in the background, each kind with two functions:

- ``check(user, params)`` validates the request and the person's right to the
  file, and returns the cleaned parameters and the export's title. It runs when
  the person asks, and again when the worker starts (rights may have changed).
- ``build(user, params, progress)`` makes the file and returns a
  ``eft.exports.Document``; it reports ``progress.total(n)`` then
  ``progress.step()`` as it goes.
"""

import datetime
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eft.exports import XLSX_CONTENT_TYPE, Document, counted, stamped, write_xlsx
from eft.models import Workshop
from eft.params import parse_id

PDF = "application/pdf"
ZIP = "application/zip"


@dataclass(frozen=True)
class Kind:
    check: Callable
    build: Callable


def _text(params: dict, name: str, limit: int) -> str:
    value = params.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise ValidationError(_("This export request is not valid."))
    return value


# Lists ----------------------------------------------------------------------


def _list_view(user, params: dict):
    """The list page at ``path``, set up for ``user`` with the query it showed."""
    from eft.generic import ObjectListView

    path = _text(params, "path", 300)
    query = _text(params, "query", 4000)
    try:
        match = resolve(path)
    except Resolver404 as error:
        raise Http404 from error
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, ObjectListView):
        raise Http404
    request = RequestFactory().get(path, QueryDict(query))
    request.user = user
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    if not user.has_perm(view.get_required_permission()):
        raise PermissionDenied
    return view


def list_check(user, params):
    view = _list_view(user, params)
    return {"path": params["path"], "query": params.get("query", "")}, view.get_title()


def list_build(user, params, progress) -> Document:
    return _list_view(user, params).export_document(progress)


# Hours: the yearly summary, the centre's month, every trainee's statement ---


def _month(params: dict) -> datetime.date:
    try:
        month = datetime.date.fromisoformat(_text(params, "month", 10)).replace(day=1)
    except ValueError as error:
        raise ValidationError(_("This export request is not valid.")) from error
    if not 2000 <= month.year <= 2100:
        raise ValidationError(_("This export request is not valid."))
    return month


def _hours_rights(user) -> None:
    if not user.has_perm("records.view_statement"):
        raise PermissionDenied


def _workshop(user, params: dict) -> Workshop:
    pk = parse_id(str(params.get("workshop", "")))
    workshop = Workshop.objects.for_user(user).filter(pk=pk).first() if pk else None
    if workshop is None:
        raise Http404
    return workshop


def year_check(user, params):
    _hours_rights(user)
    workshop = _workshop(user, params)
    year = params.get("year")
    fmt = params.get("format")
    if not isinstance(year, int) or not 2000 <= year <= 2100 or fmt not in ("xlsx", "pdf"):
        raise ValidationError(_("This export request is not valid."))
    title = _("Yearly summary · %(workshop)s · %(year)s") % {"workshop": workshop, "year": year}
    return {"workshop": workshop.pk, "year": year, "format": fmt}, title


def year_build(user, params, progress) -> Document:
    from records import documents, statements

    workshop = _workshop(user, params)
    year = params["year"]
    progress.total(2)
    lines = statements.workshop_year(workshop, year)
    progress.step()
    name = f"heures-{workshop.name}-{year}"
    if params["format"] == "xlsx":
        handle = write_xlsx(documents.year_rows(workshop, year, lines), title=_("Year"))
        return Document(handle, stamped(name, "xlsx"), XLSX_CONTENT_TYPE)
    handle = tempfile.TemporaryFile(suffix=".pdf")
    handle.write(documents.year_pdf(workshop, year, lines))
    return Document(handle, stamped(name, "pdf"), PDF)


def sector_check(user, params):
    _hours_rights(user)
    month = _month(params)
    title = _("Statements of every trainee · %(month)s") % {
        "month": date_format(month, "YEAR_MONTH_FORMAT")
    }
    return {"month": month.isoformat()}, title


def sector_build(user, params, progress) -> Document:
    from records import documents, statements

    month = _month(params)
    months = statements.sector_month(month, on_total=progress.total)
    rows = counted(documents.sector_rows(months, month), progress, header=1)
    handle = write_xlsx(rows, title=_("Statements"))
    return Document(handle, stamped(f"releves-{month:%Y-%m}", "xlsx"), XLSX_CONTENT_TYPE)


def statements_check(user, params):
    _hours_rights(user)
    workshop = _workshop(user, params)
    month = _month(params)
    title = _("Individual statements · %(workshop)s · %(month)s") % {
        "workshop": workshop,
        "month": date_format(month, "YEAR_MONTH_FORMAT"),
    }
    return {"workshop": workshop.pk, "month": month.isoformat()}, title


def statements_build(user, params, progress) -> Document:
    """One PDF per trainee of the workshop in the month, in a .zip."""
    from records import documents, services, statements
    from records.choices import StatementKind

    workshop = _workshop(user, params)
    month = _month(params)
    days = statements.month_days(month)
    trainees = list(
        statements.trainees_of(workshop, days[0], days[-1]).order_by("last_name", "first_name")
    )
    if not trainees:
        raise ValidationError(_("No trainee of this workshop has a statement for this month."))
    progress.total(len(trainees))
    handle = tempfile.TemporaryFile(suffix=".zip")
    names = set()
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for trainee in trainees:
            issued, figures, closing = services.statement_document(
                kind=StatementKind.TRAINEE, month=month, subject=trainee
            )
            frozen = issued if issued is not None and issued.figures is figures else None
            content = documents.statement_pdf(
                StatementKind.TRAINEE,
                statements.read(figures),
                issued=frozen,
                closing=closing,
            )
            name = slugify(f"releve-{trainee.last_name}-{trainee.first_name}-{month:%Y-%m}")
            if name in names:
                name = f"{name}-{trainee.pk}"
            names.add(name)
            archive.writestr(f"{name}.pdf", content)
            progress.step()
    return Document(handle, stamped(f"releves-{workshop.name}-{month:%Y-%m}", "zip"), ZIP)


KINDS = {
    "list": Kind(list_check, list_build),
    "year": Kind(year_check, year_build),
    "sector": Kind(sector_check, sector_build),
    "statements": Kind(statements_check, statements_build),
}


def get(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError as error:
        raise ValidationError(_("This export request is not valid.")) from error
