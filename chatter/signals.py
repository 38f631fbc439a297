"""An attachment's files leave the storage with it, once the deletion is
committed (a rolled-back deletion keeps them), whatever deleted it: its note,
its record (a job deleted), or a trainee's anonymisation."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from chatter.models import Attachment


@receiver(post_delete, sender=Attachment)
def delete_files(sender, instance, **kwargs):
    names = [f.name for f in (instance.file, instance.thumbnail) if f]
    storage = instance.file.storage

    def remove():
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)
