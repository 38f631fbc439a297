"""A record's chatter: its notes mixed with its field history, newest first."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from chatter.models import Attachment, Note
from eft.history import HistoryEntry, history_entries

NOTES_SHOWN = 20


@dataclass
class Item:
    date: object
    note: Note | None = None
    entry: HistoryEntry | None = None


def notes_of(obj, limit: int = NOTES_SHOWN):
    return list(
        Note.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("name")))
        .order_by("-created_at", "-pk")[:limit]
    )


def feed(obj, *, user) -> list[Item]:
    """The latest notes and changes of ``obj``, in three queries whatever their
    number (notes with authors, their files, the history); the history says no
    more than the page does (``history_entries``)."""
    items = [Item(note.created_at, note=note) for note in notes_of(obj)]
    items += [Item(entry.date, entry=entry) for entry in history_entries(obj, user=user)]
    items.sort(key=lambda item: item.date, reverse=True)
    return items


def chatter_context(obj, *, user) -> dict:
    """What ``chatter/chatter.html`` needs for ``obj``."""
    from chatter.forms import NoteForm
    from chatter.targets import can_write_on
    from chatter.views import can_write

    return {
        "chatter": feed(obj, user=user),
        "chatter_form": NoteForm() if can_write(user) and can_write_on(obj) else None,
        "chatter_label": obj._meta.label_lower,
    }
