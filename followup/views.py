from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from eft.locking import save_checked
from followup import services
from followup.forms import FollowUpEntryForm, PersonalNotesForm
from trainees.models import Trainee


class FollowUpView(generic.TemplateView):
    """A trainee's personal notes and follow-up log: the social worker's, read by
    a coordinator given the right (logged); 403 for everyone else."""

    template_name = "followup/followup.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("followup.view_followupentry"):
            raise PermissionDenied
        self.trainee = get_object_or_404(Trainee.objects.for_user(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def can_write(self):
        return self.request.user.has_perm("followup.add_followupentry")

    def get_context_data(self, entry_form=None, notes_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        writes = self.can_write()
        context.update(
            title=_("Psychosocial follow-up"),
            trainee=self.trainee,
            entries=services.followup_read(trainee=self.trainee, user=self.request.user),
            can_write=writes,
            entry_form=(entry_form or FollowUpEntryForm(initial={"date": timezone.localdate()}))
            if writes
            else None,
            notes_form=(notes_form or PersonalNotesForm(instance=self.trainee)) if writes else None,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_write():
            raise PermissionDenied
        if request.POST.get("action") == "notes":
            form = PersonalNotesForm(request.POST, instance=self.trainee)
            if form.is_valid():
                try:
                    save_checked(form, lambda: services.notes_save(form=form, user=request.user))
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Personal notes saved."))
                    return HttpResponseRedirect(request.path)
            return self.render_to_response(self.get_context_data(notes_form=form))
        form = FollowUpEntryForm(request.POST)
        if form.is_valid():
            services.entry_add(trainee=self.trainee, user=request.user, entry=form.instance)
            messages.success(request, _("Follow-up entry saved."))
            return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(entry_form=form))
