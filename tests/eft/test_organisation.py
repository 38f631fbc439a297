from decimal import Decimal

import pytest
from django.urls import reverse

from eft.models import Organisation

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = {
        "legal_name": "Atelier Tremplin",
        "legal_form": "ASBL",
        "enterprise_number": "0417.497.106",
        "vat_number": "BE 0417 497 106",
        "country": "BE",
        "postal_code": "5000",
        "iban": "BE71 0961 2345 6769",
        "bic": "gkccbebb",
        "peppol_endpoint": "0208:0417497106",
        "website": "atelier.be",
        "late_payment_reference_rate": "2,40",
        "version": Organisation.get().version,  # the version the page showed
    }
    values.update(overrides)
    return values


def test_coordinator_saves_the_organisation_normalised(client_as, coordinator):
    response = client_as(coordinator).post(reverse("organisation"), data())
    assert response.status_code == 302
    organisation = Organisation.get()
    assert (
        organisation.enterprise_number,
        organisation.vat_number,
        organisation.iban,
        organisation.bic,
    ) == ("0417497106", "BE0417497106", "BE71096123456769", "GKCCBEBB")
    assert organisation.website == "https://atelier.be"
    assert organisation.late_payment_reference_rate == Decimal("2.40")  # typed the Belgian way


def test_bad_identifiers_are_refused_and_nothing_changes(client_as, coordinator):
    Organisation.objects.create(pk=1, legal_name="Avant")
    response = client_as(coordinator).post(
        reverse("organisation"), data(legal_name="Après", iban="BE00 0000", bic="X")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "IBAN n'est pas valide" in errors["iban"][0]
    assert "BIC n'est pas valide" in errors["bic"][0]
    assert Organisation.get().legal_name == "Avant"
