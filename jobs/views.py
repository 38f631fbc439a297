from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View, generic

from clients.models import Client
from eft.generic import (
    BulkAction,
    ChildCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedPermissionMixin,
)
from eft.models import Organisation
from eft.params import id_list, parse_id
from eft.permissions import can_see_amounts
from eft.tables import MAX_PER_PAGE, GroupBy
from jobs import selectors, services, workflow
from jobs.choices import PLANNABLE, STATUS_BAR, JobStatus
from jobs.filters import JobFilter
from jobs.forms import (
    AdjustmentForm,
    ClientPickForm,
    JobForm,
    JobLineFormSet,
    JobLineWithoutPriceFormSet,
)
from jobs.models import Job
from jobs.tables import JobTable

# --- Jobs -----------------------------------------------------------------


class JobListView(ObjectListView):
    model = Job
    filterset_class = JobFilter
    table_class = JobTable
    select_related = ("client", "workshop", "responsible_trainer")
    create_url_name = "job_client_pick"
    template_name = "jobs/job_list.html"
    group_by = (
        GroupBy("status", _("Status"), "status", order=("status_rank",)),
        GroupBy("workshop", _("Workshop"), "workshop"),
        GroupBy("client", _("Client")),
    )
    bulk_actions = (
        BulkAction("print", _("Print the job sheets"), "jobs.view_job", url_name="job_sheets"),
    )


class JobKanbanView(ScopedPermissionMixin, generic.TemplateView):
    model = Job
    template_name = "jobs/job_kanban.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = JobFilter(
            self.request.GET or None, queryset=self.get_queryset(), request=self.request
        )
        # Junk in the query string shows the whole board rather than an empty one.
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset
        columns = selectors.kanban_columns(queryset)
        workshops = {job.workshop for column in columns for job in column.cards}
        context.update(
            title=_("Jobs board"),
            filter=filterset,
            columns=columns,
            legend=sorted(workshops, key=lambda workshop: workshop.name),
            can_move=self.request.user.has_perm("jobs.change_job"),
        )
        return context


class JobDetailView(ObjectDetailView):
    model = Job
    chatter = True
    select_related = ("client", "site", "workshop", "responsible_trainer")
    edit_url_name = "job_update"
    delete_url_name = "job_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        lines = list(job.lines.all())
        figures = selectors.job_figures(job, lines)
        context.update(
            lines=lines,
            figures=figures,
            sessions=selectors.job_sessions(job),
            skills=selectors.job_skills(job),
            status_bar=STATUS_BAR,
            transitions=workflow.available(job, self.request.user)
            if self.request.user.has_perm("jobs.change_job")
            else [],
            can_plan=job.status in PLANNABLE and self.request.user.has_perm("jobs.add_worksession"),
            show_amounts=can_see_amounts(self.request.user),
        )
        if job.status != JobStatus.DRAFT or figures.session_count:
            context["delete_url"] = None  # see services.job_delete
        return context


class JobClientPickView(ScopedPermissionMixin, generic.TemplateView):
    """First step of a new job: find its client (a search, not a list of thousands)."""

    model = Job
    action = "add"
    template_name = "jobs/client_pick.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ClientPickForm(self.request.GET or None)
        clients = []
        if form.is_valid() and form.cleaned_data["q"].strip():
            clients = list(
                Client.objects.filter(is_archived=False).search(form.cleaned_data["q"])[:20]
            )
        context.update(title=_("New job"), form=form, clients=clients)
        return context


class JobCreateView(ChildCreateView):
    model = Job
    form_class = JobForm
    parent_model = Client
    parent_field = "client"

    def dispatch(self, request, *args, **kwargs):
        # Anyone who may create a job may pick any active client for it.
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if not request.user.has_perm("jobs.add_job"):
            raise PermissionDenied
        self.parent = get_object_or_404(Client, pk=kwargs["parent_pk"], is_archived=False)
        return super(ChildCreateView, self).dispatch(request, *args, **kwargs)

    def save(self, form):
        return services.job_create(form.save(commit=False))

    def get_success_url(self):
        return self.object.get_absolute_url()


class JobUpdateView(ObjectUpdateView):
    model = Job
    form_class = JobForm
    select_related = ("client", "workshop")

    def get_queryset(self):
        return super().get_queryset().exclude(status__in=[JobStatus.INVOICED])

    def save(self, form):
        return services.job_update(form.save(commit=False), form.cleaned_data.get("version"))


class JobDeleteView(ObjectDeleteView):
    model = Job

    def perform_delete(self, obj):
        services.job_delete(obj)

    def get_success_url(self):
        return reverse("job_list")


class JobLinesView(ScopedPermissionMixin, generic.DetailView):
    """All the lines of a job on one page."""

    model = Job
    action = "change"
    template_name = "jobs/job_lines.html"

    def get_formset(self):
        formset = (
            JobLineFormSet if can_see_amounts(self.request.user) else JobLineWithoutPriceFormSet
        )
        return formset(self.request.POST or None, instance=self.object, prefix="lines")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        formset = self.get_formset()
        if formset.is_valid():
            try:
                services.job_lines_save(self.object, parse_id(request.POST.get("version")), formset)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_amounts"] = can_see_amounts(self.request.user)
        return context


class JobTransitionView(ScopedPermissionMixin, View):
    """POST: run a workflow action (``action``) or a kanban move (``status``)."""

    model = Job
    action = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        job = get_object_or_404(self.get_queryset(), pk=pk)
        action = request.POST.get("action", "")
        extra = {"reason": request.POST.get("reason", ""), "user": request.user}
        try:
            if "status" in request.POST:
                job = workflow.move(job, request.POST["status"], **extra)
            else:
                job = workflow.run(job, action, **extra)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, f"{job.reference} : {message}")
            transition = workflow.TRANSITIONS.get(action)
            if transition is not None and transition.needs_reason and "status" not in request.POST:
                back = reverse("job_reason", args=[job.pk, action])
                if request.POST.get("next") == "kanban":
                    back += "?next=kanban"
                return HttpResponseRedirect(back)
        else:
            messages.success(
                request,
                _("%(job)s is now “%(status)s”.")
                % {"job": job.reference, "status": job.get_status_display()},
            )
        if request.POST.get("next") == "kanban":
            return HttpResponseRedirect(reverse("job_kanban"))
        return HttpResponseRedirect(job.get_absolute_url())


class JobReasonView(ScopedPermissionMixin, generic.TemplateView):
    """Asks why before cancelling a job, or before a coordinator reopens a
    cancelled one; the form posts to the transition with the reason."""

    model = Job
    action = "change"
    template_name = "jobs/job_reason.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        transition = workflow.TRANSITIONS.get(self.kwargs["action"])
        if transition is None or not transition.needs_reason:
            raise Http404
        if transition not in workflow.available(job, self.request.user):
            raise Http404
        context.update(
            job=job,
            transition=transition,
            title=f"{transition.label} · {job.reference}",
            next=self.request.GET.get("next") == "kanban" and "kanban" or "",
            reason_length=workflow.REASON_LENGTH,
        )
        return context


class JobSheetView(ObjectDetailView):
    """The printable job sheet (bon de travail) for the site."""

    model = Job
    select_related = ("client", "site", "workshop", "responsible_trainer")
    template_name = "jobs/job_sheet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            jobs=selectors.with_sheets([self.object]),
            organisation=Organisation.get(),
            title=f"{_('Job sheet')} {self.object.reference}",
            back_url=self.object.get_absolute_url(),
        )
        return context


class JobSheetsView(ScopedPermissionMixin, generic.TemplateView):
    """The sheets of the jobs ticked on the list, to print at once (one page
    each). Posted by the list's bulk action; ``?id=…&id=…`` works too."""

    model = Job
    template_name = "jobs/job_sheet.html"

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.POST or self.request.GET
        ids = id_list(params, limit=MAX_PER_PAGE)
        jobs = list(
            self.get_queryset()
            .filter(pk__in=ids)
            .select_related("client", "site", "workshop", "responsible_trainer")
            .order_by("reference")
        )
        if not jobs:
            raise Http404(_("Tick at least one job on the list first."))
        context.update(
            jobs=selectors.with_sheets(jobs),
            organisation=Organisation.get(),
            title=_("Job sheets"),
            back_url=reverse("job_list"),
        )
        return context


class JobAdjustmentsView(ScopedPermissionMixin, generic.DetailView):
    """Billable hours added to a job beside its sessions', with their reason."""

    model = Job
    action = "change"
    template_name = "jobs/job_adjustments.html"

    def get_required_permission(self):
        return "jobs.add_billableadjustment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Billable hours adjustments"),
            adjustments=list(self.object.adjustments.select_related("created_by")),
            form=kwargs.get("form") or AdjustmentForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = AdjustmentForm(request.POST)
        if form.is_valid():
            try:
                services.adjustment_add(
                    job=self.object,
                    hours=form.cleaned_data["hours"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))
