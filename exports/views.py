"""« Mes exports »: a person's files made in the background, their progress
and their download. Each person reaches only their own exports (404 else)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from eft.params import local_url
from exports import services
from exports.models import Export, ExportStatus


def start_export(request, kind: str, params: dict):
    """Queue an export for the person and show its progress page; a request
    that makes no sense goes back to the page with the reason."""
    try:
        export = services.start(
            user=request.user,
            kind=kind,
            params=params,
            language=getattr(request, "LANGUAGE_CODE", None),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back_to(request))
    return HttpResponseRedirect(export.get_absolute_url())


def back_to(request) -> str:
    """The page the button was on (the request itself may accept only POST)."""
    return local_url(request, request.headers.get("Referer", ""), reverse("export_list"))


class OwnExportMixin:
    def get_queryset(self):
        return Export.objects.for_user(self.request.user)


class ExportListView(OwnExportMixin, generic.ListView):
    template_name = "exports/export_list.html"
    paginate_by = 25
    context_object_name = "exports"

    def get_queryset(self):
        return super().get_queryset().defer("params")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("My exports")
        context["keep_days"] = settings.EXPORT_KEEP_DAYS
        context["running"] = any(not e.is_finished for e in context["exports"])
        return context


class ExportDetailView(OwnExportMixin, generic.DetailView):
    template_name = "exports/export_detail.html"
    context_object_name = "export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.object.title
        return context


class ExportStatusView(OwnExportMixin, generic.DetailView):
    """The progress, for the page's script to follow without reloading."""

    def render_to_response(self, context, **response_kwargs):
        export = self.object
        return JsonResponse(
            {
                "status": export.status,
                "label": export.get_status_display(),
                "done": export.done,
                "total": export.total,
                "percent": export.percent,
                "finished": export.is_finished,
            }
        )


class ExportDownloadView(OwnExportMixin, generic.DetailView):
    """The file, once whole; never while it is being made or after a failure."""

    def render_to_response(self, context, **response_kwargs):
        export = self.object
        if export.status != ExportStatus.DONE or not export.file:
            raise Http404
        try:
            handle = export.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=export.filename,
            content_type=export.content_type or "application/octet-stream",
        )
