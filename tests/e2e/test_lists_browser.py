"""The lists in Chromium: grouped rows, the columns one chooses, the rows
ticked for a bulk action; with axe-core on the grouped list."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from clients.models import Client
from eft.models import ListPreference
from tests.factories import ClientFactory, JobFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_jobs_grouped_then_their_sheets_printed_at_once(live_server, login, workshop, trainer):
    JobFactory.create_batch(3, workshop=workshop, status="scheduled", title="Pose de carrelage")
    JobFactory(workshop=workshop, status="draft", title="Muret de jardin")
    page = login("trainer")
    page.goto(f"{live_server.url}/travaux/")
    page.get_by_label("Regrouper par").select_option(label="Statut")
    page.get_by_role("button", name="Filtrer").click()
    groups = page.locator("tr.group-row")
    expect(groups).to_have_count(2)
    expect(groups.nth(0)).to_contain_text("Brouillon 1")
    expect(groups.nth(1)).to_contain_text("Planifié 3")
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations] == []

    page.get_by_role("checkbox", name="Cocher toutes les lignes de cette page").check()
    expect(page.locator('td.select input[type="checkbox"]:checked')).to_have_count(4)
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Imprimer les bons de travail").click()
    sheets = opened.value
    sheets.wait_for_load_state()
    expect(sheets.locator("section.sheet-page")).to_have_count(4)
    expect(sheets.locator("body")).to_contain_text("Muret de jardin")


def test_columns_chosen_then_clients_archived(live_server, login, admin_staff):
    ClientFactory(name="Menuiserie Lefèvre", email="info@lefevre.be")
    ClientFactory(name="Boulangerie Dupont")
    page = login("secretariat")
    page.goto(f"{live_server.url}/clients/")
    page.get_by_text("Colonnes", exact=True).click()
    page.get_by_role("checkbox", name="E-mail").uncheck()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Colonnes enregistrées")
    expect(page.locator("table.table thead")).not_to_contain_text("E-mail")
    assert ListPreference.objects.get().hidden_columns == ["email"]

    page.get_by_role("checkbox", name="Sélectionner Menuiserie Lefèvre").check()
    page.get_by_role("button", name="Archiver").click()
    expect(page.locator(".messages")).to_contain_text("1 client archivé.")
    expect(page.locator("table.table tbody")).not_to_contain_text("Menuiserie Lefèvre")
    assert list(Client.objects.filter(is_archived=True).values_list("name", flat=True)) == [
        "Menuiserie Lefèvre"
    ]
