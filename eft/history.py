"""The history panel: who changed what, when, read from django-simple-history."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    label: str
    old: object = None
    new: object = None
    show_values: bool = True


@dataclass
class HistoryEntry:
    date: object
    user: object
    action: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _display(model_field, value):
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    return value


def history_entries(obj, *, user=None, limit: int = 15) -> list[HistoryEntry]:
    """The latest ``limit`` changes of ``obj``, newest first, in one query.

    Fields named in the model's ``history_masked_fields`` (a dict of field to
    masking function) never show their value in clear. Fields named in its
    ``history_private_fields`` (a dict of field to the permission that reads it)
    do not appear at all for a ``user`` without that permission, and a change
    that touched only such fields is left out: the panel says no more than the
    page does.
    """
    model = type(obj)
    masked = getattr(model, "history_masked_fields", {})
    private = getattr(model, "history_private_fields", {})
    hidden = {name for name, perm in private.items() if user is None or not user.has_perm(perm)}
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and previous is not None:
            deltas = [d for d in record.diff_against(previous).changes if d.field not in hidden]
            if not deltas and hidden:
                continue
            for delta in deltas:
                model_field = model._meta.get_field(delta.field)
                label = str(model_field.verbose_name).capitalize()
                if delta.field in masked:
                    old, new = masked[delta.field](delta.old), masked[delta.field](delta.new)
                    changes.append(Change(label, old or "—", new or "—"))
                elif model_field.is_relation or isinstance(model_field, models.FileField):
                    changes.append(Change(label, show_values=False))
                else:
                    changes.append(
                        Change(
                            label,
                            _display(model_field, delta.old),
                            _display(model_field, delta.new),
                        )
                    )
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
