from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from eft import dashboard
from eft.filters import WorkshopFilter
from eft.forms import OrganisationForm, WorkshopForm
from eft.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from eft.history import history_entries
from eft.locking import save_checked
from eft.models import Organisation, Workshop
from eft.permissions import Role, has_role
from eft.tables import WorkshopTable


class HomeView(generic.TemplateView):
    """The entry page: a trainee goes to their own page; trainers, the office and
    coordination see what waits for them (``eft.dashboard``); others, their areas."""

    template_name = "eft/home.html"

    def get(self, request, *args, **kwargs):
        if has_role(request.user, Role.TRAINEE):
            return HttpResponseRedirect(reverse("trainee_home"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(today=today, panels=dashboard.panels_for(self.request.user, today))
        return context


class OrganisationView(generic.UpdateView):
    """The centre's own details, for coordination only."""

    model = Organisation
    form_class = OrganisationForm
    template_name = "eft/organisation.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("eft.change_organisation"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return Organisation.get()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_entries(self.object, user=self.request.user)
        return context

    def form_valid(self, form):
        try:
            save_checked(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(reverse("organisation"))


class OrganisationLogoView(generic.View):
    """Serves the logo from the application's storage (no media server needed)."""

    def get(self, request):
        organisation = Organisation.get()
        if not organisation.logo:
            raise Http404
        return FileResponse(organisation.logo.open("rb"))


class WorkshopListView(ObjectListView):
    model = Workshop
    filterset_class = WorkshopFilter
    table_class = WorkshopTable
    create_url_name = "workshop_create"


class WorkshopDetailView(ObjectDetailView):
    model = Workshop
    prefetch_related = ("trainers",)
    edit_url_name = "workshop_update"


class WorkshopCreateView(ObjectCreateView):
    model = Workshop
    form_class = WorkshopForm


class WorkshopUpdateView(ObjectUpdateView):
    model = Workshop
    form_class = WorkshopForm
