"""Reading and writing the follow-up: the checks are here, not only in the views."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from eft.choices import Role
from eft.permissions import has_role
from followup.models import FollowUpEntry, FollowUpReading


def followup_read(*, trainee, user, what: str = "follow-up") -> list[FollowUpEntry]:
    """The trainee's follow-up, for a person with the right. A reading by anyone
    but the social worker (a coordinator given the right) is logged."""
    if not user.has_perm("followup.view_followupentry"):
        raise PermissionDenied
    if not has_role(user, Role.SOCIAL_WORKER):
        FollowUpReading.objects.create(trainee=trainee, user=user, what=what)
    return list(FollowUpEntry.objects.filter(trainee=trainee).select_related("author"))


@transaction.atomic
def entry_add(*, trainee, user, entry: FollowUpEntry) -> FollowUpEntry:
    if not user.has_perm("followup.add_followupentry"):
        raise PermissionDenied
    entry.trainee = trainee
    entry.author = user
    entry.save()
    return entry


def notes_save(*, form, user):
    if not user.has_perm("trainees.change_trainee_notes"):
        raise PermissionDenied
    return form.save()
