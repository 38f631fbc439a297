"""The shared list / detail / form machinery every page of the application uses.

A concrete page is a declaration: a model, a FilterSet, a Table, a form. The
permission is derived from the model and the action (``clients.view_client``)
and every queryset comes from the model's ``for_user`` method, so a view never
filters by hand and an object the user may not see answers 404.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from eft.breadcrumbs import trail
from eft.exports import (
    XLSX_CONTENT_TYPE,
    Document,
    counted,
    stamped,
    table_export_rows,
    write_xlsx,
    xlsx_response,
)
from eft.history import history_entries
from eft.locking import save_checked
from eft.models import ListPreference
from eft.once import SubmitOnceMixin
from eft.params import id_list
from eft.tables import MAX_PER_PAGE, SelectColumn


class ScopedPermissionMixin:
    """403 without the model's permission for ``action``; rows from ``for_user``."""

    model = None
    action = "view"
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def get_required_permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.{self.action}_{opts.model_name}"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.get_required_permission()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = self.model.objects.for_user(self.request.user)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def url_if_allowed(self, url_name: str | None, action: str, *args) -> str | None:
        opts = self.model._meta
        if url_name and self.request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            return reverse(url_name, args=args)
        return None


@dataclass(frozen=True)
class BulkAction:
    """Something done to the rows ticked on a list: posted back to the list,
    which runs its ``bulk_<name>(records)``, or to ``url_name`` (a page that
    shows them all: the job sheets to print)."""

    name: str
    label: str
    permission: str
    url_name: str | None = None


class ObjectListView(ScopedPermissionMixin, SingleTableMixin, FilterView):
    """Filters + sortable paginated table + row count + .xlsx export of the same
    rows; rows grouped (``group_by``), columns chosen by each person (kept per
    login), and actions on the ticked rows (``bulk_actions``)."""

    template_name = "eft/object_list.html"
    table_pagination = {"per_page": 25}
    create_url_name: str | None = None
    import_url_name: str | None = None
    import_permission: str | None = None
    # An importer whose columns the export uses, so that a file goes out and back.
    export_importer = None
    title = None
    group_by: tuple = ()
    bulk_actions: tuple[BulkAction, ...] = ()

    def post(self, request, *args, **kwargs):
        """« Exporter » : the same rows as shown (filters, order), as an .xlsx
        made in the background, then offered in « Mes exports ». Also the
        columns chosen (``columns``) and the bulk actions (``bulk``)."""
        from exports.views import start_export

        if "columns" in request.POST:
            return self.save_columns(request)
        if "bulk" in request.POST:
            return self.run_bulk(request)
        query = request.GET.copy()
        query.pop("page", None)
        return start_export(
            request, "list", {"path": request.path_info, "query": query.urlencode()}
        )

    # --- Columns each person chooses ------------------------------------------

    @property
    def list_key(self) -> str:
        return self.model._meta.label_lower

    def choosable_columns(self) -> dict:
        """name → heading of the columns one may hide (all but the first, which
        names the row and leads to it)."""
        columns = self.get_table_class().base_columns
        names = list(columns)[1:]
        return {name: columns[name].verbose_name or name for name in names}

    def hidden_columns(self) -> list:
        if not hasattr(self, "_hidden_columns"):
            hidden = (
                ListPreference.objects.filter(user=self.request.user, list_key=self.list_key)
                .values_list("hidden_columns", flat=True)
                .first()
            )
            choosable = self.choosable_columns()
            self._hidden_columns = [n for n in hidden or [] if n in choosable]
        return self._hidden_columns

    def save_columns(self, request):
        shown = set(request.POST.getlist("show"))
        hidden = [name for name in self.choosable_columns() if name not in shown]
        ListPreference.objects.update_or_create(
            user=request.user, list_key=self.list_key, defaults={"hidden_columns": hidden}
        )
        messages.success(request, _("Columns saved: this list shows them from now on."))
        return HttpResponseRedirect(request.get_full_path())

    # --- Grouping and bulk actions -------------------------------------------

    def get_grouping(self):
        name = self.request.GET.get("group", "")
        return next((group for group in self.group_by if group.field == name), None)

    def allowed_bulk_actions(self) -> list:
        return [a for a in self.bulk_actions if self.request.user.has_perm(a.permission)]

    def run_bulk(self, request):
        action = next(
            (a for a in self.allowed_bulk_actions() if a.name == request.POST.get("bulk")), None
        )
        if action is None or action.url_name:
            return HttpResponseBadRequest(_("This action is not offered on this list."))
        records = self.selected(request.POST)
        if not records:
            messages.error(request, _("Tick at least one row first."))
            return HttpResponseRedirect(request.get_full_path())
        return getattr(self, f"bulk_{action.name}")(records) or HttpResponseRedirect(
            request.get_full_path()
        )

    def selected(self, params) -> list:
        """The ticked rows the person may see (at most a page's worth)."""
        ids = id_list(params, limit=MAX_PER_PAGE)
        return list(self.get_queryset().filter(pk__in=ids)) if ids else []

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        kwargs["grouping"] = self.get_grouping()
        kwargs["exclude"] = self.hidden_columns()
        if self.allowed_bulk_actions():
            kwargs["extra_columns"] = [("select", SelectColumn())]
            kwargs["sequence"] = ("select", "...")
        return kwargs

    def filtered_queryset(self):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            return self.filterset.qs
        return self.filterset.queryset.none()

    def export_document(self, progress) -> Document:
        """The list's rows, all pages, as an .xlsx (run by the export's worker)."""
        queryset = self.filtered_queryset()
        table = self.get_table_class()(queryset, request=self.request)
        RequestConfig(self.request, paginate=False).configure(table)
        title = str(self.get_title())
        progress.total(table.data.data.count())
        if self.export_importer is not None:  # the import's columns: a round trip
            rows = self.export_importer().export_rows(table.data.data)
        else:
            rows = table_export_rows(table, table.data.data)
        handle = write_xlsx(counted(rows, progress, header=1), title=title)
        return Document(handle, stamped(title, "xlsx"), XLSX_CONTENT_TYPE)

    def get_title(self):
        return self.title or self.model._meta.verbose_name_plural.capitalize()

    def has_active_filters(self) -> bool:
        """A filter set other than to its default (``FilterSet.defaults``): the
        « More filters » then open, to show what narrows the list."""
        filterset = self.filterset
        defaults = getattr(filterset, "defaults", {})
        return filterset.is_bound and any(
            value and defaults.get(name) != value
            for name, value in filterset.data.items()
            if name in filterset.filters and name != "q"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        import_url = None
        if self.import_url_name and self.request.user.has_perm(self.import_permission):
            import_url = reverse(self.import_url_name)
        hidden = set(self.hidden_columns())
        grouping = self.get_grouping()
        context.update(
            column_choices=[
                {"name": name, "label": label, "shown": name not in hidden}
                for name, label in self.choosable_columns().items()
            ],
            group_choices=[
                {"name": g.field, "label": g.label, "chosen": g == grouping} for g in self.group_by
            ],
            bulk=[
                {"name": a.name, "label": a.label, "url": a.url_name and reverse(a.url_name)}
                for a in self.allowed_bulk_actions()
            ],
            list_query=self.request.GET.urlencode(),
            title=self.get_title(),
            create_url=self.url_if_allowed(self.create_url_name, "add"),
            import_url=import_url,
            export_query=query.urlencode(),
            row_count=context["table"].paginator.count,
            row_count_label=count_label(self.model, context["table"].paginator.count),
            row_limit_label=count_label(self.model, context["table"].paginator.limit),
            rows_capped=context["table"].paginator.capped,
            row_limit=context["table"].paginator.limit,
            active_filters=self.has_active_filters(),
        )
        return context


class ObjectDetailView(ScopedPermissionMixin, generic.DetailView):
    """A record with its history panel (latest changes, one query)."""

    edit_url_name: str | None = None
    delete_url_name: str | None = None
    # The record has a chatter (notes and files mixed with its history).
    chatter = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        if self.chatter:
            from chatter.selectors import chatter_context

            context.update(chatter_context(obj, user=self.request.user))
        else:
            context["history"] = (
                history_entries(obj, user=self.request.user) if hasattr(obj, "history") else []
            )
        context["breadcrumbs"] = trail(obj, user=self.request.user)
        context["edit_url"] = self.url_if_allowed(self.edit_url_name, "change", obj.pk)
        context["delete_url"] = self.url_if_allowed(self.delete_url_name, "delete", obj.pk)
        context["opts"] = self.model._meta
        return context


class UserFormMixin:
    """Passes the user to forms that take one (to narrow their choices)."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "user" in getattr(self.get_form_class(), "accepts", ()):
            kwargs["user"] = self.request.user
        return kwargs


# "New …" for each model, whole, so that French says « Nouveau chantier » and
# « Nouvelle filière » (a sentence built around the model's name cannot agree).
NEW_TITLES = {
    "accounts.account": _("New login"),
    "clients.client": _("New client"),
    "clients.contact": _("New contact"),
    "clients.site": _("New work site"),
    "eft.workshop": _("New workshop"),
    "jobs.job": _("New job"),
    "trainees.autonomylevel": _("New autonomy level"),
    "trainees.skill": _("New skill"),
    "trainees.skillarea": _("New skill area"),
    "trainees.skillframework": _("New skills framework"),
    "trainees.trainee": _("New trainee"),
    "trainees.trainingcontract": _("New training contract"),
}


# « 10 chantiers », « 1 client »: a list's count in its own words, each whole so
# that every language makes its own plural (French says « 0 chantier »).
COUNT_LABELS = {
    "accounts.account": ngettext_lazy("%(count)s person", "%(count)s people", "n"),
    "clients.client": ngettext_lazy("%(count)s client", "%(count)s clients", "n"),
    "eft.workshop": ngettext_lazy("%(count)s workshop", "%(count)s workshops", "n"),
    "invoicing.bankstatement": ngettext_lazy(
        "%(count)s bank statement", "%(count)s bank statements", "n"
    ),
    "invoicing.invoice": ngettext_lazy("%(count)s invoice", "%(count)s invoices", "n"),
    "invoicing.quote": ngettext_lazy("%(count)s quote", "%(count)s quotes", "n"),
    "jobs.job": ngettext_lazy("%(count)s job", "%(count)s jobs", "n"),
    "trainees.skillframework": ngettext_lazy(
        "%(count)s skills framework", "%(count)s skills frameworks", "n"
    ),
    "trainees.trainee": ngettext_lazy("%(count)s trainee", "%(count)s trainees", "n"),
}
ROWS = ngettext_lazy("%(count)s row", "%(count)s rows", "n")


def count_label(model, count: int) -> str:
    label = COUNT_LABELS.get(model._meta.label_lower, ROWS)
    return label % {"n": count, "count": intcomma(count)}


def new_title(model) -> str:
    label = NEW_TITLES.get(model._meta.label_lower)
    return str(label) if label else f"{_('New')} · {model._meta.verbose_name}"


class ObjectFormMixin(UserFormMixin):
    template_name = "eft/object_form.html"
    success_message = _("Saved.")

    def save(self, form):
        """Write the form's object; views with a service override this."""
        return form.save()

    def form_valid(self, form):
        try:
            self.object = save_checked(form, lambda: self.save(form))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta
        context["cancel_url"] = self.get_cancel_url()
        context["new_title"] = new_title(self.model)
        obj = getattr(self, "object", None)
        if obj is not None and obj.pk:
            context["breadcrumbs"] = trail(obj, user=self.request.user, last=_("Edit"))
        else:
            parent = getattr(self, "parent", None)
            context["breadcrumbs"] = trail(
                parent, user=self.request.user, model=self.model, last=context["new_title"]
            )
        return context

    def get_cancel_url(self):
        obj = getattr(self, "object", None)
        if obj is not None and obj.pk:
            return obj.get_absolute_url()
        return None


class ObjectCreateView(ScopedPermissionMixin, SubmitOnceMixin, ObjectFormMixin, generic.CreateView):
    action = "add"


class ObjectUpdateView(ScopedPermissionMixin, ObjectFormMixin, generic.UpdateView):
    action = "change"


class ChildCreateView(ObjectCreateView):
    """Creates a record that belongs to a parent seen by the user (a client's site)."""

    parent_model = None
    parent_field: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.parent = get_object_or_404(self.parent_queryset(), pk=kwargs["parent_pk"])
        return super().dispatch(request, *args, **kwargs)

    def parent_queryset(self):
        return self.parent_model.objects.for_user(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.model(**{self.parent_field: self.parent})
        return kwargs

    def get_cancel_url(self):
        return self.parent.get_absolute_url()

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = self.parent
        return context


class ChildUpdateView(ObjectUpdateView):
    def get_success_url(self):
        return self.object.get_absolute_url()


class ObjectDeleteView(ScopedPermissionMixin, generic.DeleteView):
    """Asks for confirmation; ``perform_delete`` may refuse with a ValidationError.

    A record that others refer to (``on_delete=PROTECT``) is refused with
    ``protected_message``. Afterwards the user lands on the record's own page
    (for a child record, its parent's)."""

    action = "delete"
    template_name = "eft/object_confirm_delete.html"
    form_class = forms.Form
    protected_message = _("Other records refer to this one: it cannot be deleted.")

    def perform_delete(self, obj):
        try:
            obj.delete()
        except ProtectedError:
            raise ValidationError(self.protected_message) from None

    def get_success_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                self.perform_delete(self.object)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("Deleted."))
        return HttpResponseRedirect(success_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta
        context["breadcrumbs"] = trail(self.object, user=self.request.user, last=_("Delete"))
        return context


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose a file ending in .xlsx (Excel workbook)."))
        return upload


class XlsxImportView(generic.TemplateView):
    """Upload -> preview with each row's errors -> confirm: all rows or none."""

    template_name = "eft/import.html"
    importer_class = None
    permission: str = ""
    title = None
    session_key = "eft_import_tokens"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_importer(self):
        return self.importer_class()

    def get_success_url(self) -> str:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if "template" in request.GET:
            title = str(self.title)
            return xlsx_response(self.get_importer().template_rows(), filename=title, title=title)
        return self.render_to_response(self.get_context_data(form=UploadForm()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["cancel_url"] = self.get_success_url()
        context["columns"] = self.get_importer().columns
        return context

    def post(self, request, *args, **kwargs):
        from eft.imports import drop_stash, read_stash, stash_upload

        importer = self.get_importer()
        token = request.POST.get("token", "")
        if token:
            content = (
                read_stash(token) if token in request.session.get(self.session_key, []) else None
            )
            if content is None:
                messages.error(request, _("This import has expired: upload the file again."))
                return HttpResponseRedirect(request.path)
            rows = importer.validate(importer.read(content))
            try:
                count = importer.commit(rows)
            except ValidationError as error:
                return self.render_to_response(
                    self.get_context_data(form=UploadForm(), rows=rows, errors=error.messages)
                )
            drop_stash(token)
            request.session[self.session_key] = [
                t for t in request.session.get(self.session_key, []) if t != token
            ]
            messages.success(request, _("%(count)s row(s) imported.") % {"count": count})
            return HttpResponseRedirect(self.get_success_url())

        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        content = form.cleaned_data["file"].read()
        try:
            rows = importer.validate(importer.read(content))
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.render_to_response(self.get_context_data(form=form))
        context = {"form": form, "rows": rows}
        if not any(row.errors for row in rows):
            token = stash_upload(content)
            request.session[self.session_key] = request.session.get(self.session_key, [])[-9:] + [
                token
            ]
            context["token"] = token
        context["error_count"] = sum(1 for row in rows if row.errors)
        context["warning_count"] = sum(1 for row in rows if row.warnings)
        return self.render_to_response(self.get_context_data(**context))
