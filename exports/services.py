"""Asking for an export, running it in the background, and its progress.

``start`` checks that the person may have the file, records the export and
queues its task; the worker calls ``run``, which builds the file through the
export's kind (``exports.kinds``), reports its progress on the way, and attaches
the file only once it is whole. Whatever goes wrong, the export ends failed
with a message in the person's language, and no partial file is kept."""

import logging
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eft.storage import stale_files
from exports.models import Export, ExportStatus

logger = logging.getLogger(__name__)

# How many exports one person may have waiting or running at once.
MAX_WAITING = 3


class Progress:
    """What a kind's builder calls as it goes: ``total(n)``, then ``step()``.

    The row is written at most every ``EXPORT_PROGRESS_INTERVAL`` seconds (and
    at the last step), so a long export costs a handful of writes, not one per
    row."""

    def __init__(self, export: Export):
        self.export = export
        self.done = 0
        self.count = 0
        self.written_at = 0.0
        self.interval = getattr(settings, "EXPORT_PROGRESS_INTERVAL", 1.0)

    def total(self, count: int) -> None:
        self.count = max(0, int(count))
        self._write(force=True)

    def step(self, amount: int = 1) -> None:
        self.done += amount
        self._write(force=self.done >= self.count)

    def _write(self, *, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self.written_at < self.interval:
            return
        self.written_at = now
        Export.objects.filter(pk=self.export.pk).update(
            done=min(self.done, self.count), total=self.count
        )


def start(*, user, kind: str, params: dict, language: str | None = None) -> Export:
    """Record the export asked for and queue it.

    Raises PermissionDenied, Http404 or ValidationError (in French) when the
    person may not have this file or the request makes no sense; nothing is
    recorded then."""
    from exports import kinds, tasks

    spec = kinds.get(kind)
    params, title = spec.check(user, params)
    waiting = Export.objects.filter(
        user=user, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    ).count()
    if waiting >= MAX_WAITING:
        raise ValidationError(
            _(
                "%(count)s of your exports are still being prepared: wait until one is "
                "ready before asking for another."
            )
            % {"count": waiting}
        )
    export = Export.objects.create(
        user=user,
        kind=kind,
        title=str(title)[:200],
        params=params,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    # The row is saved (autocommit) before the task is queued, so that a worker
    # on another machine finds it.
    try:
        tasks.run_export.enqueue(str(export.pk))
    except Exception as error:
        logger.exception("Export %s could not be queued", export.pk)
        message = _("The background tasks do not answer: the file could not be asked for.")
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
        )
        raise ValidationError(message) from error
    return export


def failure_message(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return _("You no longer have access to these data: the file was not made.")
    if isinstance(error, Http404):
        return _("These data are no longer available: the file was not made.")
    return _(
        "The file could not be prepared. Try again; if it happens again, tell the "
        "person who looks after the application."
    )


def run(export_id: str) -> None:
    """Build one export's file (called by the worker)."""
    from exports import kinds

    claimed = Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return  # already run, or deleted since it was asked for
    export = Export.objects.select_related("user").get(pk=export_id)
    with translation.override(export.language):
        try:
            if not export.user.is_active:
                raise PermissionDenied
            spec = kinds.get(export.kind)
            spec.check(export.user, dict(export.params))  # the rights of now, not of then
            document = spec.build(export.user, export.params, Progress(export))
            attach(export, document)
        except Exception as error:  # noqa: BLE001 - every failure ends the export, in words
            if not isinstance(error, ValidationError | PermissionDenied | Http404):
                logger.exception("Export %s (%s) failed", export.pk, export.kind)
            Export.objects.filter(pk=export.pk).update(
                status=ExportStatus.FAILED,
                error=failure_message(error),
                finished_at=timezone.now(),
            )


def attach(export: Export, document) -> None:
    """Store the whole file, then mark the export ready; on any error, the
    stored file is removed again so that nothing half-written stays."""
    stored = None
    try:
        document.handle.seek(0)
        export.file.save(document.filename, File(document.handle), save=False)
        stored = export.file.name
        with transaction.atomic():
            updated = Export.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
                status=ExportStatus.DONE,
                file=stored,
                filename=document.filename,
                content_type=document.content_type,
                size=export.file.size,
                done=F("total"),
                finished_at=timezone.now(),
            )
            if not updated:
                raise ValidationError(_("This export was cancelled."))
    except BaseException:
        if stored:
            export.file.storage.delete(stored)
        raise
    finally:
        document.handle.close()


def purge(*, older_than, running_since) -> tuple[int, int]:
    """Delete exports (and their files) asked for before ``older_than``, and end
    as failed those still running since before ``running_since`` (a worker that
    died). Returns (deleted, ended)."""
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The preparation was interrupted. Ask for the file again.")
    ended = Export.objects.filter(
        status__in=[ExportStatus.RUNNING, ExportStatus.QUEUED], created_at__lt=running_since
    ).update(status=ExportStatus.FAILED, error=message, finished_at=timezone.now())
    deleted = 0
    for export in Export.objects.filter(created_at__lt=older_than).only("pk", "file").iterator():
        if export.file:
            export.file.storage.delete(export.file.name)
        export.delete()
        deleted += 1
    _delete_orphan_files(older_than)
    # The task queue's own finished rows (the database backend's).
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.finished().filter(finished_at__lt=older_than).delete()
    return deleted, ended


def _delete_orphan_files(older_than) -> None:
    """Files under exports/ that no export points to: left by a worker stopped
    while it was writing one."""
    storage = Export._meta.get_field("file").storage
    kept = set(Export.objects.exclude(file="").values_list("file", flat=True))
    for path in stale_files(storage, "exports", older_than):
        if path not in kept:
            storage.delete(path)
