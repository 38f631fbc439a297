import re

import pytest
from playwright.sync_api import expect

from tests.factories import WorkshopFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_gives_a_trainer_a_login_and_a_workshop_then_the_login_locks(
    live_server, login, coordinator, browser
):
    WorkshopFactory(name="Espaces verts")
    WorkshopFactory(name="Rénovation")
    page = login("coord")
    page.get_by_role("link", name="Paramètres").first.click()
    page.get_by_role("link", name="Personnes et identifiants").click()
    page.get_by_role("link", name="Nouveau").click()
    page.fill("#id_first_name", "Samir")
    page.fill("#id_last_name", "Benali")
    page.fill("#id_username", "samir")
    page.select_option("#id_role", "trainer")
    page.get_by_label("Espaces verts").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text("Votre identifiant")
    link = page.locator(".link").inner_text().strip()
    assert re.fullmatch(r"http://.+/mot-de-passe/choisir/.+/", link)

    # The trainer, on their own machine, chooses a password with the sheet's link.
    trainer_page = browser.new_context().new_page()
    trainer_page.goto(link)
    trainer_page.fill("#id_new_password1", "Haies-et-Pelouses-2026")
    trainer_page.fill("#id_new_password2", "Haies-et-Pelouses-2026")
    trainer_page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(trainer_page.locator("h1")).to_have_text("Mot de passe choisi")
    trainer_page.get_by_role("link", name="Se connecter").click()
    trainer_page.fill("#id_username", "samir")
    trainer_page.fill("#id_password", "Haies-et-Pelouses-2026")
    trainer_page.click("button[type=submit]")
    expect(trainer_page.locator("h1")).to_contain_text("Bonjour Samir")  # their home page
    trainer_page.locator(".topbar").get_by_role("link", name="Planning", exact=True).click()
    expect(trainer_page.locator("h1")).to_contain_text("Planning")
    expect(trainer_page.locator("main")).to_contain_text("Espaces verts")
    expect(trainer_page.locator("main")).not_to_contain_text("Rénovation")

    # Ten wrong passwords, and the login is refused for a while, in French.
    other = browser.new_context().new_page()
    for _attempt in range(10):
        other.goto(f"{live_server.url}/connexion/")
        other.fill("#id_username", "samir")
        other.fill("#id_password", "pas-le-bon")
        other.click("button[type=submit]")
    other.goto(f"{live_server.url}/connexion/")
    other.fill("#id_username", "samir")
    other.fill("#id_password", "Haies-et-Pelouses-2026")
    other.click("button[type=submit]")
    expect(other.locator("h1")).to_have_text("Connexion bloquée pour un moment")
    expect(other.locator("main")).to_contain_text("Réessayez dans 15 minutes")
