"""Sending a document's UBL to a Peppol access point, when one is configured:
a folder the access point watches (``PEPPOL_DROP_DIR``), or an HTTP endpoint
that takes the file with a token (``PEPPOL_ENDPOINT``, ``PEPPOL_TOKEN``).
Until then the page says the file has to be sent by hand."""

import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from invoicing.models import Invoice


def configured() -> str:
    """ "folder", "http" or "" (send by hand)."""
    if getattr(settings, "PEPPOL_DROP_DIR", ""):
        return "folder"
    if getattr(settings, "PEPPOL_ENDPOINT", ""):
        return "http"
    return ""


def send(invoice: Invoice, xml: bytes) -> Invoice:
    """Hand the UBL to the access point; record when. Raises a ValidationError
    with the reason when the access point refuses or cannot be reached."""
    mode = configured()
    name = f"{invoice.number.replace('/', '-')}.xml"
    if mode == "folder":
        folder = Path(settings.PEPPOL_DROP_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{name}.part"
        partial.write_bytes(xml)
        partial.rename(folder / name)  # whole or not at all for the access point
    elif mode == "http":
        request = urllib.request.Request(
            settings.PEPPOL_ENDPOINT,
            data=xml,
            method="POST",
            headers={
                "Content-Type": "application/xml",
                "Authorization": f"Bearer {settings.PEPPOL_TOKEN}",
                "X-Document-Name": name,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                if response.status >= 300:
                    raise ValidationError(
                        _("The access point refused the invoice (%(status)s).")
                        % {"status": response.status}
                    )
        except OSError as error:
            raise ValidationError(
                _("The access point could not be reached: %(error)s") % {"error": error}
            ) from None
    else:
        raise ValidationError(_("No access point is configured: send the file by hand."))
    Invoice.objects.filter(pk=invoice.pk).update(sent_at=timezone.now())
    invoice.sent_at = timezone.now()
    return invoice
