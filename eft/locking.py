"""The version check every edited record shares (jobs, invoices): read-modify-write
under a row lock, and a stale copy is refused instead of overwriting someone."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from eft.text import person_name


def lock_version(model, pk, expected_version: int | None, *, message: str):
    """The row ``pk`` of ``model``, locked. Refused with ``message`` (which may
    name ``%(who)s``, the last editor) when it changed since ``expected_version``."""
    locked = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        last = locked.history.select_related("history_user").first()
        who = person_name(last.history_user) if last and last.history_user else ""
        raise ValidationError(message % {"who": who or _("Someone")}, code="stale")
    return locked
