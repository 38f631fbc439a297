from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import generic

from chatter import services
from chatter.forms import NoteForm
from chatter.models import Attachment, Note
from chatter.targets import can_write_on, note_target_for, target_for


def can_write(user) -> bool:
    return user.has_perm("chatter.add_note")


class NotePostView(generic.View):
    """POST a note (and files) on a record one may open. A refused note comes
    back on its own page with what was typed, never lost."""

    http_method_names = ["post"]

    def post(self, request, label, pk):
        target = target_for(request.user, label, pk)
        if not can_write(request.user) or not can_write_on(target):
            raise Http404
        form = NoteForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.post_note(
                    target=target,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Note added."))
                return HttpResponseRedirect(target.get_absolute_url() + "#fil")
        return render(request, "chatter/note_form.html", {"form": form, "target": target})


class NoteDeleteView(generic.View):
    """The author takes their note back, after a confirmation page."""

    def get_note(self, request, pk):
        note = get_object_or_404(Note.objects.select_related("author"), pk=pk)
        target = note_target_for(request.user, note)
        if note.author_id != request.user.pk:
            raise Http404
        return note, target

    def get(self, request, pk):
        note, target = self.get_note(request, pk)
        return render(request, "chatter/note_delete.html", {"note": note, "target": target})

    def post(self, request, pk):
        note, target = self.get_note(request, pk)
        services.delete_note(note=note, user=request.user)
        messages.success(request, _("Note deleted."))
        return HttpResponseRedirect(target.get_absolute_url() + "#fil")


class AttachmentView(generic.View):
    """A note's file, to those who may open its record; 404 to anyone else."""

    thumbnail = False

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("note"), pk=pk)
        note_target_for(request.user, attachment.note)
        stored = (
            attachment.thumbnail if self.thumbnail and attachment.thumbnail else attachment.file
        )
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type=attachment.mime_type,
            as_attachment=not attachment.is_image,
            filename=attachment.name,
        )
        return response
