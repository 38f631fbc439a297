from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chatter import services


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(
        label=_("Photos or files"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Photos (JPEG, PNG, WebP), from the phone's camera too, or PDF; at most %(max)s."
        ) % {"max": services.MAX_FILES}

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > services.MAX_FILES:
            raise ValidationError(
                _("At most %(max)s files per note.") % {"max": services.MAX_FILES}
            )
        errors = []
        for upload in files:
            try:
                services.check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("body", "").strip() and not cleaned.get("files"):
            raise ValidationError(_("Write a note or attach a file."))
        return cleaned
