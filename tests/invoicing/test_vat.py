"""The one VAT computation: per category and rate, rounded once per rate."""

import datetime
from decimal import Decimal

import pytest

from eft import vat
from eft.vat import VatCategory, VatTreatment
from tests.factories import SiteFactory

D = Decimal


def test_vat_is_rounded_once_per_rate_not_per_line():
    # Three lines of 0,10 € at 21 %: per line 0,02 each (0,06); on the sum 0,30 -> 0,06;
    # 0,15 + 0,15 at 21 %: per line 0,03 + 0,03 = 0,06, on the sum 0,30 x 21 % = 0,063 -> 0,06.
    lines = [(VatCategory.STANDARD, D("21"), D("0.15")), (VatCategory.STANDARD, D("21"), D("0.15"))]
    summary = vat.vat_summary(lines)
    assert [(g.base, g.vat) for g in summary.groups] == [(D("0.30"), D("0.06"))]
    # 7 lines of 0,07 €: per line 0,01 each = 0,07; on the sum 0,49 x 21 % = 0,1029 -> 0,10.
    summary = vat.vat_summary([(VatCategory.STANDARD, D("21"), D("0.07"))] * 7)
    assert summary.total_vat == D("0.10")
    assert summary.total_incl_vat == summary.total_excl_vat + summary.total_vat == D("0.59")


def test_catering_mixes_rates_on_one_document():
    summary = vat.vat_summary(
        [
            (VatCategory.STANDARD, D("12"), vat.line_amount(60, D("14.00"))),
            (VatCategory.STANDARD, D("21"), vat.line_amount(40, D("2.50"))),
        ]
    )
    assert [(g.rate, g.base, g.vat) for g in summary.groups] == [
        (D("21.00"), D("100.00"), D("21.00")),
        (D("12.00"), D("840.00"), D("100.80")),
    ]
    assert summary.total_incl_vat == D("1061.80")


@pytest.mark.parametrize(
    "treatment, rate, category, charged",
    [
        (VatTreatment.STANDARD, D("21"), "S", D("21.00")),
        (VatTreatment.STANDARD, D("0"), "Z", D("0.00")),
        (VatTreatment.RENOVATION, D("21"), "S", D("6.00")),
        (VatTreatment.REVERSE_CHARGE, D("21"), "AE", D("0.00")),
        (VatTreatment.INTRA_EU, D("21"), "AE", D("0.00")),
        (VatTreatment.EXEMPT, D("21"), "E", D("0.00")),
    ],
)
def test_each_treatment_gives_its_category_and_rate(treatment, rate, category, charged):
    assert vat.category_for(treatment, rate) == category
    assert vat.rate_for(treatment, rate) == charged


def test_the_fixed_texts_are_word_for_word():
    assert vat.mentions(VatTreatment.RENOVATION)[0].startswith("Taux de TVA : en l'absence de")
    assert vat.mentions(VatTreatment.REVERSE_CHARGE)[0].startswith("Autoliquidation : En l'absence")
    assert vat.mentions(VatTreatment.EXEMPT, exempt_paragraph="1er, 11°") == [
        "Exonération de la TVA – article 44, § 1er, 11° du Code de la TVA"
    ]
    assert vat.mentions(VatTreatment.STANDARD) == []


@pytest.mark.django_db
def test_the_renovation_rate_needs_a_dwelling_ten_years_old_at_the_invoice():
    invoice_day = datetime.date(2026, 11, 30)
    home = SiteFactory(name="Maison Dupont", is_private_dwelling=True, first_occupation_year=2016)
    assert home.renovation_refusal(invoice_day) is None  # 2016: ten years before 2026
    home.first_occupation_year = 2017
    assert "au moins dix ans avant la première facture (en 2016 au plus tard)" in (
        home.renovation_refusal(invoice_day)
    )
    office = SiteFactory(name="Bureau", is_private_dwelling=False)
    assert "réservé à un logement privé" in office.renovation_refusal(invoice_day)
    unknown = SiteFactory(name="Maison", is_private_dwelling=True)
    assert "Indiquez l'année de première occupation" in unknown.renovation_refusal(invoice_day)
