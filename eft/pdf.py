"""PDF documents rendered by WeasyPrint from Django templates.

The documents carry their own stylesheet and images (``data:`` addresses), and
the fetcher refuses any other address: rendering never touches the network.
"""

import base64
import mimetypes

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

PDF_CONTENT_TYPE = "application/pdf"


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def pdf_response(content: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{slugify(filename)}.pdf"'
    return response


def data_uri(field_file) -> str:
    """An uploaded image (the organisation's logo) as a ``data:`` address, or ""."""
    if not field_file:
        return ""
    try:
        with field_file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return ""
    kind = mimetypes.guess_type(field_file.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def qr_svg_data_uri(text: str) -> str:
    """A QR code of ``text`` (an address to open on a phone) as an SVG ``data:`` address."""
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=4)
