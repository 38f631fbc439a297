from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from clients import services
from clients.filters import ClientFilter
from clients.forms import ClientForm, ContactForm, SiteForm
from clients.imports import ClientImporter
from clients.models import Client, Contact, Site
from clients.tables import ClientTable
from eft.generic import (
    BulkAction,
    ChildCreateView,
    ChildUpdateView,
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    XlsxImportView,
)
from eft.tables import GroupBy


class ClientListView(ObjectListView):
    model = Client
    filterset_class = ClientFilter
    table_class = ClientTable
    create_url_name = "client_create"
    import_url_name = "client_import"
    import_permission = "clients.import_client"
    export_importer = ClientImporter
    group_by = (
        GroupBy("kind", _("Kind"), "kind", order=("kind_rank",)),
        GroupBy("city", _("City"), "city", order=("city_sort", "city")),
        GroupBy("language", _("Language"), "language", order=("language_rank",)),
    )
    bulk_actions = (
        BulkAction("archive", _("Archive"), "clients.change_client"),
        BulkAction("restore", _("Restore"), "clients.change_client"),
    )

    def bulk_archive(self, clients, archived=True):
        count = services.clients_archive(clients=clients, archived=archived)
        message = (
            ngettext("%(count)s client archived.", "%(count)s clients archived.", count)
            if archived
            else ngettext("%(count)s client restored.", "%(count)s clients restored.", count)
        )
        messages.success(self.request, message % {"count": count})

    def bulk_restore(self, clients):
        return self.bulk_archive(clients, archived=False)


class ClientDetailView(ObjectDetailView):
    model = Client
    chatter = True
    prefetch_related = ("contacts", "sites")
    edit_url_name = "client_update"
    delete_url_name = "client_delete"

    def get_context_data(self, **kwargs):
        from jobs.models import Job

        context = super().get_context_data(**kwargs)
        jobs = Job.objects.for_user(self.request.user).filter(client=self.object)
        context.update(
            jobs=jobs.select_related("workshop").order_by("-reference")[:JOBS_SHOWN],
            job_count=jobs.count(),
            can_add_job=self.request.user.has_perm("jobs.add_job") and not self.object.is_archived,
        )
        return context


JOBS_SHOWN = 10  # the client's latest jobs on its page; the rest in the job list


class ClientCreateView(ObjectCreateView):
    model = Client
    form_class = ClientForm


class ClientUpdateView(ObjectUpdateView):
    model = Client
    form_class = ClientForm


class ClientDeleteView(ObjectDeleteView):
    model = Client
    success_url = reverse_lazy("client_list")

    def get_success_url(self):
        return str(self.success_url)

    def perform_delete(self, obj):
        services.client_delete(client=obj)


class ClientArchiveView(View):
    """POST only: archive or bring back a client."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not request.user.has_perm("clients.change_client"):
            raise PermissionDenied
        client = get_object_or_404(Client.objects.for_user(request.user), pk=pk)
        archived = request.POST.get("archived") == "1"
        services.client_archive(client=client, archived=archived)
        messages.success(request, _("Client archived.") if archived else _("Client restored."))
        return HttpResponseRedirect(client.get_absolute_url())


class ClientImportView(XlsxImportView):
    importer_class = ClientImporter
    permission = "clients.import_client"
    title = _("Import clients")

    def get_success_url(self):
        return reverse("client_list")


class ContactCreateView(ChildCreateView):
    model = Contact
    form_class = ContactForm
    parent_model = Client
    parent_field = "client"


class ContactUpdateView(ChildUpdateView):
    model = Contact
    form_class = ContactForm


class ContactDeleteView(ObjectDeleteView):
    model = Contact


class SiteCreateView(ChildCreateView):
    model = Site
    form_class = SiteForm
    parent_model = Client
    parent_field = "client"


class SiteUpdateView(ChildUpdateView):
    model = Site
    form_class = SiteForm


class SiteDeleteView(ObjectDeleteView):
    model = Site
    protected_message = _("Jobs were done on this site: mark it inactive instead.")
