import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo(name="chantier.jpg", size=(64, 48), *, exif=None, image_format="JPEG", color="green"):
    """An uploaded photo as a phone sends it."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, image_format, **kwargs)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
