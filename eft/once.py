"""A create form posted twice creates one record.

Each create page carries a one-time token (``form_token``). The first post claims
it in the database (a unique row) before anything is saved; a second post with
the same token finds it claimed and is sent to what the first one created. A
post whose form is refused gives its token back, so that the corrected form can
be sent again.
"""

import re
import time
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from eft.models import FormSubmission

TOKEN = re.compile(r"[0-9a-f]{32}")
ALREADY_SENT = _("This form was already sent: here is what it saved.")


class SubmitOnceMixin:
    """For a create view: the token in the page, and the claim when posted."""

    already_url_name: str | None = None

    def form_token(self) -> str:
        token = self.request.POST.get("form_token", "")
        return token if TOKEN.fullmatch(token) else uuid.uuid4().hex

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_token"] = self.form_token()
        return context

    def post(self, request, *args, **kwargs):
        token = request.POST.get("form_token", "")
        if not TOKEN.fullmatch(token):
            return super().post(request, *args, **kwargs)
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(token=token)
        except IntegrityError:
            # The same form, sent again: land on what the first post saved. It may
            # still be saving (a double click): wait a little for it.
            for _attempt in range(20):
                earlier = FormSubmission.objects.filter(token=token).first()
                if earlier is None:  # the first post was refused: this one goes on
                    return self.post(request, *args, **kwargs)
                if earlier.url:
                    messages.info(request, ALREADY_SENT)
                    return HttpResponseRedirect(earlier.url)
                time.sleep(0.25)
            messages.info(request, _("This form is being saved already: check in a moment."))
            return HttpResponseRedirect(request.path)
        try:
            response = super().post(request, *args, **kwargs)
        except BaseException:
            claim.delete()
            raise
        if response.status_code in (301, 302, 303):
            claim.url = response["Location"][:500]
            claim.save(update_fields=["url"])
        else:
            claim.delete()  # refused: the corrected form may be sent with the same token
        return response
