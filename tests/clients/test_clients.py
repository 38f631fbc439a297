import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients import services
from clients.forms import ClientForm
from clients.models import Client
from tests.factories import ClientFactory, SiteFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "kind": "company",
        "name": "Menuiserie Lefèvre SRL",
        "first_name": "",
        "enterprise_number": "",
        "vat_number": "BE 0403.170.701",
        "language": "fr",
        "email": "info@lefevre.be",
        "phone": "",
        "street": "rue Haute 4",
        "postal_code": "5000",
        "city": "Namur",
        "country": "BE",
        "peppol_endpoint": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_belgian_vat_number_is_stored_normalised_with_its_enterprise_number():
    form = ClientForm(data=form_data())
    assert form.is_valid(), form.errors
    client = form.save()
    assert client.vat_number == "BE0403170701"
    assert client.enterprise_number == "0403170701"


def test_invalid_belgian_vat_number_is_refused_in_french():
    form = ClientForm(data=form_data(vat_number="BE0403170702"))
    assert not form.is_valid()
    assert "n'est pas un numéro de TVA belge valide" in form.errors["vat_number"][0]
    assert Client.objects.count() == 0


def test_other_eu_vat_number_is_format_checked():
    assert ClientForm(data=form_data(vat_number="FR40303265045")).is_valid()
    form = ClientForm(data=form_data(vat_number="FR123"))
    assert not form.is_valid()
    assert "n'a pas le format d'un numéro de TVA FR" in form.errors["vat_number"][0]


def test_non_european_prefix_is_refused():
    form = ClientForm(data=form_data(vat_number="US123456789"))
    assert not form.is_valid()
    assert "européen" in form.errors["vat_number"][0]


def test_duplicate_vat_number_is_refused_with_a_link_to_the_first_client():
    first = ClientFactory(vat_number="BE0403170701", enterprise_number="0403170701")
    form = ClientForm(data=form_data(name="Autre nom", vat_number="0403.170.701"))
    assert not form.is_valid()
    message = form.errors["vat_number"][0]
    assert f'href="{first.get_absolute_url()}"' in message
    assert first.display_name in message
    assert Client.objects.count() == 1


def test_enterprise_number_must_match_the_vat_number():
    form = ClientForm(data=form_data(enterprise_number="0417497106"))
    assert not form.is_valid()
    assert "BE suivi du numéro d'entreprise" in form.errors["vat_number"][0]


def test_belgian_postal_code_and_peppol_endpoint_are_checked():
    form = ClientForm(data=form_data(postal_code="500", peppol_endpoint="0208-0403170701"))
    assert not form.is_valid()
    assert "quatre chiffres" in form.errors["postal_code"][0]
    assert "schéma:numéro" in form.errors["peppol_endpoint"][0]


def test_peppol_endpoint_with_enterprise_scheme_is_checked_mod_97():
    form = ClientForm(data=form_data(peppol_endpoint="0208:0403170702"))
    assert not form.is_valid()
    form = ClientForm(data=form_data(peppol_endpoint="0208:0403.170.701"))
    assert form.is_valid()
    assert form.save().peppol_endpoint == "0208:0403170701"


def test_only_an_individual_has_a_first_name():
    form = ClientForm(data=form_data(first_name="Jean"))
    assert not form.is_valid()
    assert "first_name" in form.errors


def test_search_ignores_case_and_accents():
    ClientFactory(name="Commune de Liège")
    ClientFactory(name="Garage Lecomte")
    assert [c.name for c in Client.objects.search("liege")] == ["Commune de Liège"]
    assert [c.name for c in Client.objects.search("LIÈGE commune")] == ["Commune de Liège"]


def test_archive_hides_the_client_from_the_default_list(client_as, admin_staff):
    archived = ClientFactory(name="Ancien client")
    ClientFactory(name="Client actif")
    browser = client_as(admin_staff)
    response = browser.post(reverse("client_archive", args=[archived.pk]), {"archived": "1"})
    assert response.status_code == 302
    archived.refresh_from_db()
    assert archived.is_archived
    page = browser.get(reverse("client_list")).content.decode()
    assert "Client actif" in page and "Ancien client" not in page
    page = browser.get(reverse("client_list"), {"archived": "archived"}).content.decode()
    assert "Ancien client" in page and "Client actif" not in page


def test_delete_of_a_client_without_documents_removes_it_and_its_sites():
    site = SiteFactory()
    services.client_delete(client=site.client)
    assert not Client.objects.exists()


def test_delete_refused_when_something_protects_the_client(monkeypatch):
    from django.db.models import ProtectedError

    client = ClientFactory()

    def protected(*args, **kwargs):
        raise ProtectedError("protected", set())

    monkeypatch.setattr(Client, "delete", protected)
    with pytest.raises(ValidationError, match="archivez-le plutôt"):
        services.client_delete(client=client)


def test_create_through_the_page_then_edit_keeps_history(client_as, admin_staff):
    browser = client_as(admin_staff)
    response = browser.post(reverse("client_create"), form_data())
    assert response.status_code == 302
    client = Client.objects.get()
    response = browser.post(
        reverse("client_update", args=[client.pk]),
        form_data(city="Jambes", postal_code="5100", version=client.version),
    )
    assert response.status_code == 302
    page = browser.get(client.get_absolute_url()).content.decode()
    assert "Notes et historique" in page
    assert "Namur" in page and "Jambes" in page  # the change: Namur -> Jambes
    assert client.history.count() == 2
    assert client.history.first().history_user == admin_staff


def test_invalid_post_keeps_the_saved_client_unchanged(client_as, admin_staff):
    client = ClientFactory(name="Garage Lecomte", city="Namur")
    response = client_as(admin_staff).post(
        reverse("client_update", args=[client.pk]),
        form_data(name="Nouveau nom", vat_number="BE0000000000"),
    )
    assert response.status_code == 200
    assert "pas un numéro de TVA belge valide" in response.content.decode()
    client.refresh_from_db()
    assert client.name == "Garage Lecomte"


def test_garbage_query_parameters_never_answer_500(client_as, admin_staff):
    ClientFactory()
    browser = client_as(admin_staff)
    for query in (
        {"page": "abc"},
        {"page": "99999"},
        {"sort": "nonexistent"},
        {"kind": "robot"},
        {"archived": "maybe"},
        {"q": "%' OR 1=1 --"},
        {"q": "x" * 5000},
        {"language": ["fr", "zz"]},
    ):
        assert browser.get(reverse("client_list"), query).status_code == 200, query


def test_deleting_a_contact_returns_to_its_client(client_as, admin_staff):
    from tests.factories import ContactFactory

    contact = ContactFactory()
    response = client_as(admin_staff).post(reverse("contact_delete", args=[contact.pk]))
    assert response.status_code == 302
    assert response["Location"] == contact.client.get_absolute_url()
    assert not contact.client.contacts.exists()
