"""Shared field definitions and the one rounding rule for money."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


def choices_rank(field: str, choices) -> models.Case:
    """A choice's place among ``choices`` (0, 1, 2 …; any other value last):
    rows sorted by it come in the choices' order rather than their codes'."""
    values = [value for value, _label in choices]
    whens = [models.When(**{field: value}, then=models.Value(i)) for i, value in enumerate(values)]
    return models.Case(*whens, default=models.Value(len(values)))


def round_money(value: Decimal) -> Decimal:
    """Round to the cent, half up (the Belgian accounting habit)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class MoneyField(models.DecimalField):
    """An amount in euros: 12 digits, 2 decimals, never a float."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class AddressMixin(models.Model):
    """A postal address; Belgian postal codes have four digits."""

    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE")

    class Meta:
        abstract = True

    @property
    def address_lines(self) -> list[str]:
        lines = [self.street, " ".join(p for p in (self.postal_code, self.city) if p)]
        if self.country and self.country != "BE":
            lines.append(self.country)
        return [line for line in lines if line]
