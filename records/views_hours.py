"""The months of hours and their statements: closing and reopening, the
workshop's and each trainee's monthly statement, travel costs, the yearly
summary, the statements of every trainee at once, the allowance rates."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import generic

from eft.choices import Role
from eft.exports import XLSX_CONTENT_TYPE, write_xlsx
from eft.models import Workshop
from eft.pdf import pdf_response
from eft.permissions import has_role
from exports.views import start_export
from jobs import services as job_services
from jobs.models import MonthClosing
from records import documents, services, statements
from records.choices import StatementKind
from records.forms_hours import AllowanceRateForm, ReopenForm, TravelCostsForm
from records.models import AllowanceRate, Statement, TravelCost
from trainees.models import Trainee


def xlsx(rows, *, filename: str, title: str) -> HttpResponse:
    handle = write_xlsx(rows, title=title)
    response = HttpResponse(handle.read(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.xlsx"'
    return response


class HoursMixin:
    """Rights first resolve the objects in the address (404 when out of reach)."""

    permission = "records.view_statement"

    def dispatch(self, request, *args, **kwargs):
        self.resolve()
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def resolve(self) -> None:
        user = self.request.user
        if has_role(user, Role.TRAINEE) and not user.has_perm(self.permission):
            raise Http404  # a trainee's own hours are on their home page
        if "workshop" in self.kwargs:
            self.workshop = get_object_or_404(
                Workshop.objects.for_user(user), pk=self.kwargs["workshop"]
            )
        if "trainee" in self.kwargs:
            self.trainee = get_object_or_404(
                Trainee.objects.for_user(user).select_related("workshop"),
                pk=self.kwargs["trainee"],
            )


class MonthsView(HoursMixin, generic.TemplateView):
    """The last twelve months: closed or open, the statements issued, the
    workshops' statements; coordination closes and reopens."""

    permission = "jobs.view_monthclosing"
    template_name = "records/months.html"

    def months(self):
        first = timezone.localdate().replace(day=1)
        months = []
        for _i in range(12):
            months.append(first)
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        return months

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = self.months()
        closings = {c.month: c for c in MonthClosing.objects.filter(month__in=months)}
        issued = {}
        for month in (
            Statement.objects.current().filter(month__in=months).values_list("month", flat=True)
        ):
            issued[month] = issued.get(month, 0) + 1
        can_see = self.request.user.has_perm("records.view_statement")
        context.update(
            title=_("Months of hours"),
            rows=[(m, closings.get(m), issued.get(m, 0)) for m in months],
            workshops=list(Workshop.objects.for_user(self.request.user).filter(is_active=True))
            if can_see
            else [],
            log=MonthClosing.history.select_related("history_user").order_by("-history_date")[:30],
            can_close=self.request.user.has_perm("jobs.close_month"),
            can_see_statements=can_see,
            confirm_month=kwargs.get("confirm_month"),
            confirm_message=kwargs.get("confirm_message"),
            reason=kwargs.get("reason", ""),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("jobs.close_month"):
            raise PermissionDenied
        try:
            month = datetime.date.fromisoformat(request.POST.get("month", ""))
        except ValueError:
            raise Http404 from None
        label = job_services.month_label(month)
        try:
            if request.POST.get("action") == "reopen":
                form = ReopenForm(request.POST)
                form.is_valid()
                services.month_reopen(
                    month=month,
                    user=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                    confirmed=form.cleaned_data.get("confirmed", False),
                )
                messages.success(request, _("%(month)s reopened.") % {"month": label})
            else:
                job_services.month_close(month, request.user)
                messages.success(request, _("%(month)s closed.") % {"month": label})
        except services.NeedsConfirmation as error:
            context = self.get_context_data(
                confirm_month=month.replace(day=1),
                confirm_message=error.messages[0],
                reason=request.POST.get("reason", ""),
            )
            return self.render_to_response(context)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(reverse("month_list"))


class StatementMixin(HoursMixin):
    """A monthly statement: its live figures, or those issued for the month."""

    kind = None

    def subject(self):
        return self.workshop if self.kind == StatementKind.WORKSHOP else self.trainee

    def figures(self):
        return services.statement_document(
            kind=self.kind, month=self.kwargs["month"], subject=self.subject()
        )

    def get(self, request, *args, **kwargs):
        issued, figures, closing = self.figures()
        statement = statements.read(figures)
        frozen = issued if issued is not None and issued.figures is figures else None
        name = f"{self.filename()}-{statement.month:%Y-%m}"
        fmt = request.GET.get("format")
        if fmt == "xlsx":
            rows = self.rows(statement, issued=frozen)
            return xlsx(rows, filename=name, title=str(_("Statement")))
        if fmt == "pdf":
            content = documents.statement_pdf(self.kind, statement, issued=frozen, closing=closing)
            return pdf_response(content, filename=name)
        return self.render_to_response(
            self.get_context_data(
                statement=statement, issued=issued, frozen=frozen, closing=closing
            )
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("records.add_statement"):
            raise PermissionDenied
        try:
            services.statement_issue(
                kind=self.kind,
                month=self.kwargs["month"],
                subject=self.subject(),
                user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Statement issued: its figures are now frozen."))
        return HttpResponseRedirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = self.kwargs["month"]
        closing = kwargs["closing"]
        context.update(
            month=month,
            kind=self.kind,
            subject=self.subject(),
            closed=bool(closing and closing.is_closed),
            outdated=bool(kwargs["issued"] and kwargs["frozen"] is None),
            can_issue=self.request.user.has_perm("records.add_statement"),
        )
        return context


class WorkshopMonthView(StatementMixin, generic.TemplateView):
    kind = StatementKind.WORKSHOP
    template_name = "records/statement_workshop.html"

    def filename(self):
        return f"releve-{self.workshop.name}"

    def rows(self, statement, *, issued):
        return documents.workshop_statement_rows(statement, issued=issued)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Monthly statement · %(workshop)s") % {"workshop": self.workshop}
        context["batch_url"] = reverse(
            "statement_batch", args=[self.kwargs["month"], self.workshop.pk]
        )
        return context


class TraineeMonthView(StatementMixin, generic.TemplateView):
    kind = StatementKind.TRAINEE
    template_name = "records/statement_trainee.html"

    def filename(self):
        return f"releve-{self.trainee.full_name}"

    def rows(self, statement, *, issued):
        return documents.trainee_statement_rows(statement, issued=issued)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Monthly statement · %(trainee)s") % {"trainee": self.trainee}
        return context


class TravelCostsView(HoursMixin, generic.TemplateView):
    """The travel costs of the workshop's trainees for a month."""

    permission = "records.change_travelcost"
    template_name = "records/travel_costs.html"

    def get_form(self):
        month = self.kwargs["month"]
        days = statements.month_days(month)
        trainees = list(
            statements.trainees_of(self.workshop, days[0], days[-1]).order_by(
                "last_name", "first_name"
            )
        )
        amounts = dict(
            TravelCost.objects.filter(
                month=month, trainee__in=[t.pk for t in trainees]
            ).values_list("trainee_id", "amount")
        )
        data = self.request.POST if self.request.method == "POST" else None
        return TravelCostsForm(data, trainees=trainees, amounts=amounts)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                changed = services.travel_costs_save(
                    month=self.kwargs["month"], amounts=form.amounts(), user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(count)s amount(s) saved.") % {"count": changed})
                return HttpResponseRedirect(
                    reverse("statement_workshop", args=[self.kwargs["month"], self.workshop.pk])
                )
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Travel costs · %(workshop)s") % {"workshop": self.workshop},
            workshop=self.workshop,
            month=self.kwargs["month"],
        )
        return context


class YearView(HoursMixin, generic.TemplateView):
    """A workshop's yearly summary: training hours per trainee and month. Its
    .xlsx and PDF are made in the background (« Mes exports »)."""

    template_name = "records/statement_year.html"

    def dispatch(self, request, *args, **kwargs):
        if not 2000 <= self.kwargs["year"] <= 2100:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        year = self.kwargs["year"]
        lines = statements.workshop_year(self.workshop, year)
        return self.render_to_response(
            self.get_context_data(
                title=_("Yearly summary · %(workshop)s") % {"workshop": self.workshop},
                **documents.year_context(self.workshop, year, lines),
            )
        )

    def post(self, request, *args, **kwargs):
        params = {
            "workshop": self.workshop.pk,
            "year": self.kwargs["year"],
            "format": request.POST.get("format"),
        }
        return start_export(request, "year", params)


class SectorView(HoursMixin, generic.View):
    """The statements of every trainee for a month, in one spreadsheet (made in
    the background)."""

    http_method_names = ["post"]

    def post(self, request, month):
        return start_export(request, "sector", {"month": month.isoformat()})


class StatementBatchView(HoursMixin, generic.View):
    """Every trainee's statement of a workshop for a month, one PDF each, in a
    .zip (made in the background)."""

    http_method_names = ["post"]

    def post(self, request, month, workshop):
        return start_export(
            request, "statements", {"month": month.isoformat(), "workshop": self.workshop.pk}
        )


class AllowanceRatesView(HoursMixin, generic.FormView):
    """The allowance per hour and from when; a new rate starts on a date."""

    permission = "records.view_allowancerate"
    template_name = "records/allowance_rates.html"
    form_class = AllowanceRateForm

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("records.add_allowancerate"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.allowance_rate_add(rate=form.save(commit=False), user=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(reverse("allowance_rates"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Training allowance"),
            rates=list(AllowanceRate.objects.all()),
            can_change=self.request.user.has_perm("records.add_allowancerate"),
        )
        return context
