"""Writing on a chatter: a note, its files (photos resized on the way in)."""

import io
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from chatter.models import Attachment, Note

# Formats a phone's camera or a scanner gives; MPO is a JPEG with a depth map.
IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
}
MAX_FILES = 6
MAX_PIXELS = 50_000_000  # 50 megapixels: more is not a photo, it is an attack
PHOTO_SIDE = 1600  # enough to see the work on a screen, light on a poor connection
THUMBNAIL_SIDE = 480


def _too_large(upload) -> ValidationError:
    return ValidationError(
        _("« %(name)s » is too large an image (at most %(max)s megapixels).")
        % {"name": upload.name, "max": MAX_PIXELS // 1_000_000}
    )


def _probe(upload):
    """The upload's image format if it is a photo this chatter takes, else None;
    read from its header and checked whole (``verify``) without decoding it."""
    upload.seek(0)
    try:
        image = Image.open(upload)
        image.verify()  # a truncated or forged file fails here
    except Image.DecompressionBombError:
        raise _too_large(upload) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)
    if image.format not in IMAGE_FORMATS:
        return None
    if image.width * image.height > MAX_PIXELS:
        raise _too_large(upload)
    return image.format


def _image(upload):
    """The photo decoded, once; a JPEG at the smallest scale that still covers
    the stored size (``draft``: a fraction of the memory and time)."""
    upload.seek(0)
    try:
        image = Image.open(upload)
        image.draft("RGB", (PHOTO_SIDE, PHOTO_SIDE))
        image.load()
    except (OSError, SyntaxError, ValueError):  # verified, yet cannot be decoded
        return None
    return image


def _upright(image):
    """The photo turned as it was taken (its EXIF orientation applied)."""
    return ImageOps.exif_transpose(image) or image


def _encoded(image, side: int, keep_png: bool) -> tuple[bytes, int, int]:
    """``image`` shrunk (in place) to fit ``side``, encoded without metadata."""
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if keep_png:
        image.save(buffer, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue(), image.width, image.height


def check_upload(upload) -> None:
    """A clear French message for a file this chatter does not take."""
    if upload.size > settings.CHATTER_MAX_BYTES:
        raise ValidationError(
            _("« %(name)s » is too big (%(size)s; at most %(max)s).")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.CHATTER_MAX_BYTES),
            }
        )
    if _probe(upload) is None and not _is_pdf(upload):
        raise ValidationError(
            _("« %(name)s » is neither a photo (JPEG, PNG, WebP) nor a PDF.")
            % {"name": upload.name}
        )


def _is_pdf(upload) -> bool:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def _stored_name(upload, extension: str) -> str:
    stem = get_valid_filename(PurePath(upload.name).stem)[:80] or "fichier"
    return f"{stem}{extension}"


def _attachment(note: Note, upload) -> Attachment:
    image_format = _probe(upload)
    image = _image(upload) if image_format else None
    if image is None:  # a PDF (check_upload let nothing else through)
        upload.seek(0)
        content = upload.read()
        attachment = Attachment(
            note=note,
            name=_stored_name(upload, ".pdf"),
            mime_type="application/pdf",
            size=len(content),
        )
        attachment.file.save(attachment.name, ContentFile(content), save=False)
        attachment.save()
        return attachment
    keep_png = image_format == "PNG"
    extension = ".png" if keep_png else ".jpg"
    upright = _upright(image)
    photo, width, height = _encoded(upright, PHOTO_SIDE, keep_png)
    small, _w, _h = _encoded(upright, THUMBNAIL_SIDE, keep_png)  # from the shrunk photo
    attachment = Attachment(
        note=note,
        name=_stored_name(upload, extension),
        mime_type="image/png" if keep_png else "image/jpeg",
        size=len(photo),
        width=width,
        height=height,
    )
    attachment.file.save(attachment.name, ContentFile(photo), save=False)
    attachment.thumbnail.save(f"small-{attachment.name}", ContentFile(small), save=False)
    attachment.save()
    return attachment


def post_note(*, target, author, body: str = "", files=()) -> Note:
    """A note on ``target`` by ``author``, with ``files`` (already checked by
    the form; checked again here, since a service trusts no caller)."""
    body = (body or "").strip()
    files = list(files)
    if not body and not files:
        raise ValidationError(_("Write a note or attach a file."))
    if len(files) > MAX_FILES:
        raise ValidationError(_("At most %(max)s files per note.") % {"max": MAX_FILES})
    for upload in files:
        check_upload(upload)
    with transaction.atomic():
        note = Note.objects.create(
            content_type=ContentType.objects.get_for_model(type(target)),
            object_id=target.pk,
            author=author,
            body=body,
        )
        for upload in files:
            _attachment(note, upload)
    return note


def delete_note(*, note: Note, user) -> None:
    """Only its author takes a note back (the right to make mistakes); its
    files go with it once the deletion is committed (``chatter.signals``)."""
    if note.author_id != user.pk:
        raise PermissionDenied
    note.delete()


def delete_notes_of(target) -> int:
    """Every note on ``target`` and their files (a trainee anonymised)."""
    notes = Note.objects.filter(
        content_type=ContentType.objects.get_for_model(type(target)), object_id=target.pk
    )
    count = notes.count()
    for attachment in Attachment.objects.filter(note__in=notes):
        attachment.delete()
    notes.delete()
    return count
