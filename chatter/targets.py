"""The records that have a chatter, and who may see each one.

A record's chatter is as visible as the record's page: the model's view right
and its ``for_user`` rows. A trainee never has one of these rights, so a
trainee on a job sees neither the job's notes nor its client's.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404

TARGETS = ("jobs.job", "clients.client", "trainees.trainee")


def model_of(label: str):
    if label not in TARGETS:
        raise Http404
    return apps.get_model(label)


def can_see(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def target_for(user, label: str, pk):
    """The record ``label``/``pk`` if ``user`` may open its page, else 404."""
    model = model_of(label)
    if not can_see(user, model):
        raise Http404
    try:
        return model.objects.for_user(user).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_write_on(target) -> bool:
    """An anonymised trainee takes no new note: nothing personal comes back."""
    return getattr(target, "anonymised_at", None) is None


def note_target_for(user, note):
    """The record of ``note`` if ``user`` may open it, else 404."""
    content_type = ContentType.objects.get_for_id(note.content_type_id)
    return target_for(user, content_type.model_class()._meta.label_lower, note.object_id)


def label_of(obj) -> str:
    return obj._meta.label_lower
