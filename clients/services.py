"""Operations that change clients."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from clients.models import Client


@transaction.atomic
def client_archive(*, client: Client, archived: bool = True) -> Client:
    """Archive (or bring back) a client: it leaves the lists, its history stays."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    client.is_archived = archived
    client.save(update_fields=["is_archived"])
    return client


@transaction.atomic
def clients_archive(*, clients, archived: bool = True) -> int:
    """Archive (or bring back) several clients at once; each keeps its history
    line. Returns how many changed (those already so are left as they are)."""
    changed = 0
    for client in Client.objects.select_for_update().filter(
        pk__in=[c.pk for c in clients], is_archived=not archived
    ):
        client.is_archived = archived
        client.save(update_fields=["is_archived"])
        changed += 1
    return changed


@transaction.atomic
def client_delete(*, client: Client) -> None:
    """Delete a client that has no job nor invoice.

    Raises ValidationError when something refers to it: such a client is
    archived instead, so that its documents keep their counterpart."""
    try:
        client.delete()
    except ProtectedError:
        raise ValidationError(
            _("This client has jobs or invoices: it cannot be deleted, archive it instead.")
        ) from None
