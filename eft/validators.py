"""Normalising validators for Belgian and European identifiers.

Each function takes what a person typed and returns the stored form, or
raises ``ValidationError`` with a translated message. python-stdnum does the
checksums (mod 97 for Belgian numbers).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import bic, iban
from stdnum.be import bis as be_bis
from stdnum.be import nn as be_nn
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError

EU_VAT_PREFIXES = {code.upper() for code in eu_vat.MEMBER_STATES} | {"EL"}


def normalize_enterprise_number(value: str) -> str:
    """A Belgian enterprise number (BCE/KBO): ten digits, mod 97. Stored as 0123456789."""
    if not value:
        return ""
    try:
        return be_vat.validate(value)
    except StdnumError:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid Belgian enterprise number: ten digits "
                "starting with 0 or 1, whose last two are the mod-97 check "
                "(e.g. 0403.170.701)."
            ),
            code="invalid",
            params={"value": value},
        ) from None


def normalize_vat_number(value: str) -> str:
    """A VAT number. Belgian ones are checked mod 97 and stored as BE0123456789;
    those of other EU countries are format-checked; anything else is refused."""
    if not value:
        return ""
    compact = re.sub(r"[\s.\-/]", "", value).upper()
    prefix = compact[:2]
    if prefix == "BE" or compact[:1] in {"0", "1"} and compact.isdigit():
        digits = compact[2:] if prefix == "BE" else compact
        try:
            return "BE" + be_vat.validate(digits)
        except StdnumError:
            raise ValidationError(
                _(
                    "“%(value)s” is not a valid Belgian VAT number: BE followed by "
                    "ten digits whose last two are the mod-97 check (e.g. BE0403170701)."
                ),
                code="invalid",
                params={"value": value},
            ) from None
    if prefix not in EU_VAT_PREFIXES:
        raise ValidationError(
            _(
                "“%(value)s” is not a European VAT number: it must start with the "
                "country code (BE, FR, NL, DE, LU…)."
            ),
            code="invalid",
            params={"value": value},
        )
    try:
        return eu_vat.validate(compact)
    except StdnumError:
        raise ValidationError(
            _("“%(value)s” does not have the format of a %(country)s VAT number."),
            code="invalid",
            params={"value": value, "country": prefix},
        ) from None


def normalize_national_number(value: str) -> str:
    """A Belgian national register number (NISS) or BIS number: 11 digits, mod 97."""
    if not value:
        return ""
    for module in (be_nn, be_bis):
        try:
            return module.validate(value)
        except StdnumError:
            continue
    raise ValidationError(
        _(
            "This national register number is not valid: 11 digits "
            "(YY.MM.DD-XXX.CC) whose last two are the mod-97 check."
        ),
        code="invalid",
    )


def mask_national_number(value: str) -> str:
    """Say that a number is on record, and show none of its digits: the check
    digits with the birth date beside them left about 11 candidates."""
    if not value:
        return ""
    return "••.••.••-•••.••"


def format_national_number(value: str) -> str:
    return be_nn.format(value) if value else ""


def format_enterprise_number(value: str) -> str:
    return f"{value[:4]}.{value[4:7]}.{value[7:]}" if len(value) == 10 else value


def normalize_iban(value: str) -> str:
    if not value:
        return ""
    try:
        return iban.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This IBAN is not valid (e.g. BE71 0961 2345 6769)."), code="invalid"
        ) from None


def normalize_bic(value: str) -> str:
    if not value:
        return ""
    try:
        return bic.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This BIC is not valid: 8 or 11 letters and digits (e.g. GKCCBEBB)."),
            code="invalid",
        ) from None


PEPPOL_ID_RE = re.compile(r"^(?P<scheme>\d{4}):(?P<id>[A-Za-z0-9.\-_]{1,50})$")


def normalize_peppol_endpoint(value: str) -> str:
    """A Peppol participant id as ``scheme:identifier``; Belgian schemes are checked
    (0208 = enterprise number, 9925 = VAT number)."""
    if not value:
        return ""
    compact = re.sub(r"\s", "", value)
    match = PEPPOL_ID_RE.match(compact)
    if not match:
        raise ValidationError(
            _(
                "A Peppol identifier is written scheme:number, e.g. 0208:0403170701 "
                "for a Belgian enterprise number."
            ),
            code="invalid",
        )
    scheme, ident = match["scheme"], match["id"]
    if scheme == "0208":
        ident = normalize_enterprise_number(ident)
    elif scheme == "9925":
        ident = normalize_vat_number(ident).lower()
    return f"{scheme}:{ident}"


def validate_belgian_postal_code(postal_code: str, country: str) -> None:
    if country == "BE" and postal_code and not re.fullmatch(r"[1-9]\d{3}", postal_code):
        raise ValidationError(
            _("A Belgian postal code has four digits (e.g. 5000)."), code="invalid"
        )


def normalize_fields(instance, normalizers: dict) -> dict:
    """Apply ``{field: normalizer}`` to a model instance; return the errors by field."""
    errors = {}
    for field, normalize in normalizers.items():
        try:
            setattr(instance, field, normalize(getattr(instance, field)))
        except ValidationError as error:
            errors[field] = error
    return errors
