"""Ids, numbers and dates read from a request, parsed in one place.

Whatever a person (or a robot) puts in an address or a form, these functions
return a value the database and the date arithmetic can take, or refuse it with
a 400 (``BadRequest``) or a form error: never an overflow further on.
"""

import datetime
import re

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

# Dates the application works with: a birth date to a contract's end, with room.
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2199, 12, 31)
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")
_DAY_FIRST = re.compile(r"[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{4}")


def parse_id(value) -> int | None:
    """A database id (1 … 2⁶³−1, ASCII digits only), or None."""
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def id_list(params, name: str = "id", limit: int = 100) -> set[int]:
    """The valid ids given as ``name`` (a list's ticked rows), at most ``limit``
    of them read; junk among them is left out."""
    return {pk for pk in map(parse_id, params.getlist(name)[:limit]) if pk}


def parse_date(value) -> datetime.date | None:
    """A date within :data:`MIN_DATE` … :data:`MAX_DATE`, as links write it
    (2026-12-01) or as a person types it (01/12/2026), or None."""
    if not isinstance(value, str) or len(value) > 10:
        return None
    value = value.strip()
    try:
        if _DAY_FIRST.fullmatch(value):
            day = datetime.datetime.strptime(value.replace(".", "/"), "%d/%m/%Y").date()
        else:
            day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def date_param(params, name: str, default: datetime.date) -> datetime.date:
    """The date ``name`` of a query string: ``default`` when absent or empty, a 400
    when it is not a date the application can work with."""
    value = params.get(name)
    if not value:
        return default
    day = parse_date(value)
    if day is None:
        raise BadRequest(
            _("“%(value)s” is not a date (expected: 01/12/2026).") % {"value": value[:20]}
        )
    return day


def local_url(request, url: str, default: str) -> str:
    """``url`` if it leads back into this site (a ``next`` or the Referer), else ``default``."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def clamped_int(value, *, default: int, low: int, high: int) -> int:
    """A small number (a page size): junk gives ``default``, the rest is kept
    within ``low`` … ``high``."""
    if not isinstance(value, str) or not re.fullmatch(r"-?[0-9]{1,6}", value.strip()):
        return default
    return max(low, min(high, int(value)))


def check_date_range(value):
    if value is not None and not (MIN_DATE <= value <= MAX_DATE):
        raise ValidationError(
            _("Give a date between %(low)s and %(high)s."),
            code="date_range",
            params={"low": MIN_DATE.strftime("%d/%m/%Y"), "high": MAX_DATE.strftime("%d/%m/%Y")},
        )


class BoundedDateField(forms.DateField):
    """A form's date, refused outside the years the application works with."""

    default_validators = [check_date_range]
