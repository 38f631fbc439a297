"""Belgian VAT, computed in one place for the job sheet, quotes, invoices,
their PDFs and their UBL.

A line has a VAT category (the UNCL5305 code Peppol uses) and a rate. The VAT
summary groups the lines by category and rate, sums their amounts, and rounds
the VAT once per group, half up to the cent: never per line. The totals always
add up (total incl. VAT = sum of bases + sum of VAT).

The fixed legal texts are the ones Belgian law asks for, word for word, in
French whatever the language of the document.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from eft.fields import round_money

ZERO = Decimal("0.00")


class VatCategory(models.TextChoices):
    """UNCL5305 codes, as EN 16931 and Peppol use them."""

    STANDARD = "S", _("Standard rate")
    ZERO_RATED = "Z", _("Zero rate")
    EXEMPT = "E", _("Exempt")
    REVERSE_CHARGE = "AE", _("Reverse charge")


class VatTreatment(models.TextChoices):
    """How a job or an invoice is taxed; each gives its lines their category."""

    STANDARD = "standard", _("Standard (21 %, 12 % or 6 % per line)")
    RENOVATION = "renovation", _("6 % renovation of a private dwelling over 10 years old")
    REVERSE_CHARGE = "reverse_charge", _("Reverse charge (art. 20 AR n°1, work on a building)")
    EXEMPT = "exempt", _("Exempt (art. 44 of the VAT Code)")
    INTRA_EU = "intra_eu", _("Services to a business in another EU country")


RENOVATION_RATE = Decimal("6.00")
RENOVATION_MIN_AGE = 10  # years between first occupation and the first invoice

# Fixed texts (shared/DESIGN.md). The exemption paragraph is the centre's to give.
RENOVATION_TEXT = (
    "Taux de TVA : en l'absence de contestation par écrit, dans un délai d'un mois à compter "
    "de la réception de la facture, le client est présumé reconnaître que (1) les travaux sont "
    "effectués à un bâtiment d'habitation dont la première occupation a eu lieu au cours d'une "
    "année civile qui précède d'au moins dix ans la date de la première facture relative à ces "
    "travaux, (2) qu'après l'exécution de ces travaux, l'habitation est utilisée, soit "
    "exclusivement soit à titre principal comme logement privé et (3) que ces travaux sont "
    "fournis et facturés à un consommateur final. Si au moins une de ces conditions n'est pas "
    "remplie, le taux normal de TVA de 21 % sera applicable et le client endossera, par rapport "
    "à ces conditions, la responsabilité quant au paiement de la taxe, des intérêts et des "
    "amendes dus."
)
REVERSE_CHARGE_TEXT = (
    "Autoliquidation : En l'absence de contestation par écrit, dans un délai d'un mois à "
    "compter de la réception de la facture, le client est présumé reconnaître qu'il est un "
    "assujetti tenu au dépôt de déclarations périodiques. Si cette condition n'est pas remplie, "
    "le client endossera, par rapport à cette condition, la responsabilité quant au paiement "
    "de la taxe, des intérêts et des amendes dus."
)
INTRA_EU_TEXT = "Autoliquidation – article 196 de la directive 2006/112/CE"
EXEMPT_TEXT = "Exonération de la TVA – article 44, § {paragraph} du Code de la TVA"
DEFAULT_EXEMPT_PARAGRAPH = "2, 4°"

# The exemption reason EN 16931 asks for on each non-taxed category (code, text).
EXEMPTION_REASONS = {
    VatTreatment.REVERSE_CHARGE: ("VATEX-EU-AE", "Autoliquidation (art. 20 AR n°1)"),
    VatTreatment.INTRA_EU: ("VATEX-EU-AE", "Autoliquidation (art. 196 directive 2006/112/CE)"),
    VatTreatment.EXEMPT: ("", "Exonération art. 44 CTVA"),
}


def category_for(treatment: str, rate: Decimal) -> str:
    """The category of a line of ``rate`` under ``treatment``."""
    if treatment in (VatTreatment.REVERSE_CHARGE, VatTreatment.INTRA_EU):
        return VatCategory.REVERSE_CHARGE
    if treatment == VatTreatment.EXEMPT:
        return VatCategory.EXEMPT
    return VatCategory.STANDARD if Decimal(rate) > 0 else VatCategory.ZERO_RATED


def rate_for(treatment: str, rate: Decimal) -> Decimal:
    """The rate actually charged: none under reverse charge or exemption."""
    if treatment in (VatTreatment.REVERSE_CHARGE, VatTreatment.INTRA_EU, VatTreatment.EXEMPT):
        return ZERO
    if treatment == VatTreatment.RENOVATION:
        return RENOVATION_RATE
    return Decimal(rate).quantize(Decimal("0.01"))


def mentions(treatment: str, *, exempt_paragraph: str = "") -> list[str]:
    """The fixed texts a document of ``treatment`` must carry."""
    if treatment == VatTreatment.RENOVATION:
        return [RENOVATION_TEXT]
    if treatment == VatTreatment.REVERSE_CHARGE:
        return [REVERSE_CHARGE_TEXT]
    if treatment == VatTreatment.INTRA_EU:
        return [INTRA_EU_TEXT]
    if treatment == VatTreatment.EXEMPT:
        return [EXEMPT_TEXT.format(paragraph=exempt_paragraph or DEFAULT_EXEMPT_PARAGRAPH)]
    return []


@dataclass
class VatGroup:
    category: str
    rate: Decimal
    base: Decimal = ZERO
    vat: Decimal = ZERO

    @property
    def label(self) -> str:
        return f"{VatCategory(self.category).label} {self.rate.normalize():f} %"


@dataclass
class VatSummary:
    groups: list[VatGroup] = field(default_factory=list)

    @property
    def total_excl_vat(self) -> Decimal:
        return sum((g.base for g in self.groups), ZERO)

    @property
    def total_vat(self) -> Decimal:
        return sum((g.vat for g in self.groups), ZERO)

    @property
    def total_incl_vat(self) -> Decimal:
        return self.total_excl_vat + self.total_vat


def line_amount(quantity, unit_price) -> Decimal:
    """A line's net amount: quantity times unit price, to the cent."""
    return round_money(Decimal(quantity or 0) * Decimal(unit_price or 0))


def vat_summary(lines: Iterable[tuple[str, Decimal, Decimal]]) -> VatSummary:
    """Group (category, rate, line amount) by category and rate; VAT is the
    group's base times its rate, rounded half up once per group."""
    groups: dict[tuple[str, Decimal], VatGroup] = {}
    for category, rate, amount in lines:
        rate = Decimal(rate).quantize(Decimal("0.01"))
        group = groups.setdefault((str(category), rate), VatGroup(str(category), rate))
        group.base += Decimal(amount)
    for group in groups.values():
        group.vat = round_money(group.base * group.rate / 100)
    ordered = sorted(groups.values(), key=lambda g: (-g.rate, g.category))
    return VatSummary(ordered)
