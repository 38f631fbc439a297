import pytest
from playwright.sync_api import expect

from clients.models import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_staff_creates_a_client_after_fixing_the_vat_number(live_server, login, admin_staff):
    page = login("secretariat")
    page.get_by_role("link", name="Clients").first.click()
    page.get_by_role("link", name="Nouveau").click()
    page.select_option("#id_kind", "company")
    page.fill("#id_name", "Menuiserie Lefèvre SRL")
    page.fill("#id_vat_number", "BE0403.170.702")
    page.fill("#id_postal_code", "5000")
    page.fill("#id_city", "Namur")
    page.get_by_role("button", name="Enregistrer").click()

    error = page.locator(".field.has-error .error")
    expect(error).to_contain_text("n'est pas un numéro de TVA belge valide")
    assert not Client.objects.exists()

    page.fill("#id_vat_number", "BE0403.170.701")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_contain_text("Menuiserie Lefèvre SRL")
    expect(page.locator(".props")).to_contain_text("BE0403170701")

    page.goto(f"{live_server.url}/clients/")
    page.fill("input[name=q]", "lefevre")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_test_id("row-count")).to_have_text("1 client")
    expect(page.locator("table.table tbody")).to_contain_text("Menuiserie Lefèvre SRL")


def test_trainee_cannot_open_the_client_list(live_server, login, trainee_user):
    page = login("stagiaire")
    expect(page.locator("h1")).to_contain_text("Bonjour Amina")
    expect(page.locator("nav.areas")).not_to_contain_text("Clients")
    response = page.goto(f"{live_server.url}/clients/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Accès refusé")
