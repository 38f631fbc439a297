"""The version check every edited record shares (jobs, invoices): read-modify-write
under a row lock, and a stale copy is refused instead of overwriting someone."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eft.text import person_name


def lock_version(model, pk, expected_version: int | None, *, message: str):
    """The row ``pk`` of ``model``, locked. Refused with ``message`` (which may
    name ``%(who)s``, the last editor) when it changed since ``expected_version``."""
    locked = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        last = locked.history.select_related("history_user").first()
        who = person_name(last.history_user) if last and last.history_user else ""
        private = set(getattr(model, "history_private_fields", {}))
        if who and private and last.prev_record is not None:
            changed = {change.field for change in last.diff_against(last.prev_record).changes}
            if changed and changed <= private:
                who = ""  # naming them would tell that a private field was written
        raise ValidationError(message % {"who": who or _("Someone")}, code="stale")
    return locked


class Versioned(models.Model):
    """A record that several people edit: each save through a form bumps
    ``version``, and a form that showed an older one is refused."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


STALE_FORM = gettext_lazy(
    "This page is out of date or incomplete: reload it to see the latest version, "
    "then make your changes again."
)
STALE_RECORD = gettext_lazy(
    "%(who)s changed this record while you were editing it: your changes were not saved. "
    "Copy what you typed, reload the page, and make your changes again."
)


class VersionedFormMixin:
    """A ModelForm of a :class:`Versioned` record: the page carries the version it
    showed. A form without it, or with junk, is refused (not saved); a stale one
    is refused when saved (:func:`check_version`), or by the record's own service
    when ``checked_by_service`` (jobs and invoices, with their own messages)."""

    checked_by_service = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
            )
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("version") is None:
            self.add_error(None, ValidationError(STALE_FORM, code="no_version"))
        return data


def save_checked(form, save=None):
    """Save a form's record in one transaction, after :func:`check_version`;
    ``save`` (the record's service) defaults to ``form.save``. A stale form
    raises ``ValidationError``, nothing saved."""
    with transaction.atomic():
        check_version(form)
        return (save or form.save)()


def check_version(form) -> None:
    """Inside the saving transaction: lock the record, refuse a stale form, and
    give the instance its next version. Forms without the mixin pass."""
    instance = form.instance
    if not isinstance(form, VersionedFormMixin) or not instance.pk or form.checked_by_service:
        return
    locked = lock_version(
        type(instance), instance.pk, form.cleaned_data["version"], message=str(STALE_RECORD)
    )
    instance.version = locked.version + 1
