"""French as a reader expects it: whole titles, one word per concept, links only
where they lead somewhere."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import ClientFactory, JobFactory, SiteFactory

pytestmark = pytest.mark.django_db


def page(browser, url) -> str:
    return html.unescape(browser.get(url).content.decode())


def test_new_pages_say_nouveau_or_nouvelle(client_as, coordinator):
    browser = client_as(coordinator)
    client = ClientFactory()
    assert "<h1>Nouveau chantier</h1>" in page(browser, reverse("job_create", args=[client.pk]))
    assert "<h1>Nouveau client</h1>" in page(browser, reverse("client_create"))
    assert "<h1>Nouvelle filière</h1>" in page(browser, reverse("workshop_create"))
    assert "Nouveau·elle" not in page(browser, reverse("client_create"))


def test_a_delete_page_names_what_it_deletes(client_as, coordinator):
    client = ClientFactory(name="Garage Lecomte")
    shown = page(client_as(coordinator), reverse("client_delete", args=[client.pk]))
    assert "Supprimer « Garage Lecomte » ?" in shown and "ce·tte" not in shown


def test_the_job_is_a_chantier_and_its_place_a_lieu_d_intervention(client_as, admin_staff):
    client = ClientFactory()
    SiteFactory(client=client)
    browser = client_as(admin_staff)
    form = page(browser, reverse("job_create", args=[client.pk]))
    assert "Lieu d'intervention" in form and "Lieu du chantier" not in form
    detail = page(browser, client.get_absolute_url())
    assert "Lieux d'intervention" in detail


def test_my_planning_is_offered_only_to_those_who_are_planned(
    client_as, admin_staff, trainer, trainee_user
):
    link = reverse("my_planning")
    assert link not in page(client_as(admin_staff), reverse("client_list"))
    assert link in page(client_as(trainer), reverse("planning"))
    assert link in page(client_as(trainee_user), reverse("trainee_home"))


def test_a_trainer_form_label_starts_with_a_capital(client_as, admin_staff):
    job = JobFactory()
    assert "Formateur responsable" in page(
        client_as(admin_staff), reverse("job_update", args=[job.pk])
    )


def test_the_client_page_lists_its_jobs_and_offers_a_new_one(client_as, admin_staff):
    client = ClientFactory()
    jobs = [JobFactory(client=client, title=f"Travaux {i}") for i in range(12)]
    JobFactory(title="Chez un autre")
    shown = page(client_as(admin_staff), client.get_absolute_url())
    section = shown[shown.index('data-testid="client-jobs"') :]
    assert reverse("job_create", args=[client.pk]) in section and "Nouveau chantier" in section
    newest = sorted(jobs, key=lambda j: j.reference)[-10:]
    assert all(job.reference in section for job in newest)
    assert "Chez un autre" not in shown
    assert "Ses 12 chantiers dans la liste" in section


def test_the_job_page_leads_to_the_planning_of_each_session(client_as, trainer, workshop):
    from tests.factories import SessionFactory

    job = JobFactory(workshop=workshop)
    session = SessionFactory(job=job)
    shown = page(client_as(trainer), job.get_absolute_url())
    assert f"/planning/?date={session.date:%Y-%m-%d}&atelier={workshop.pk}" in shown


def test_names_sort_as_a_french_reader_expects(client_as, admin_staff):
    for name in (
        "CPAS de Namur",
        "Émile Garage",
        "Cabinet Dupuis",
        "avocat Lenoir",
        "Entreprise Zed",
    ):
        ClientFactory(name=name)
    shown = page(client_as(admin_staff), reverse("client_list"))
    order = sorted(
        ("CPAS de Namur", "Émile Garage", "Cabinet Dupuis", "avocat Lenoir", "Entreprise Zed"),
        key=shown.index,
    )
    assert order == [
        "avocat Lenoir",
        "Cabinet Dupuis",
        "CPAS de Namur",
        "Émile Garage",
        "Entreprise Zed",
    ]
    descending = page(client_as(admin_staff), reverse("client_list") + "?sort=-name")
    assert descending.index("Entreprise Zed") < descending.index("avocat Lenoir")


def test_the_french_text_uses_one_apostrophe():
    """One apostrophe everywhere (the one a keyboard types), never a mix of
    « l'atelier » and « l’atelier » on one page."""
    from pathlib import Path

    import polib

    po = polib.pofile(str(Path(__file__).parents[2] / "locale/fr/LC_MESSAGES/django.po"))
    curly = [
        entry.msgid
        for entry in po
        if "\u2019" in entry.msgstr or any("\u2019" in s for s in entry.msgstr_plural.values())
    ]
    assert curly == []
    assert any("'" in entry.msgstr for entry in po)


def test_a_list_counts_its_rows_in_its_own_words(client_as, coordinator, workshop):
    browser = client_as(coordinator)
    JobFactory(workshop=workshop)
    JobFactory(workshop=workshop)
    assert '<span class="count" data-testid="row-count">2 chantiers</span>' in page(
        browser, reverse("job_list")
    )
    assert 'data-testid="row-count">1 filière</span>' in page(browser, reverse("workshop_list"))
    assert 'data-testid="row-count">2 clients</span>' in page(browser, reverse("client_list"))


def test_the_kanban_colours_each_card_by_its_workshop_with_a_legend(
    client_as, coordinator, workshop, other_workshop
):
    JobFactory(workshop=workshop, title="Toiture")
    JobFactory(workshop=other_workshop, title="Haie")
    shown = page(client_as(coordinator), reverse("job_kanban"))
    for each in (workshop, other_workshop):
        assert f'class="kanban-card ws-{each.colour}"' in shown
        assert f'<span class="swatch ws-{each.colour}" aria-hidden="true"></span>{each}' in shown
    assert workshop.colour != other_workshop.colour


def test_every_record_page_says_where_it_is(client_as, coordinator, workshop):
    """Breadcrumbs from the list down to the page, each step a link but the last."""
    from tests.factories import ContactFactory, SessionFactory

    client = ClientFactory(name="Garage Lecomte")
    contact = ContactFactory(client=client)
    job = JobFactory(client=client, workshop=workshop, reference="CH-2026-0042", title="Toit")
    session = SessionFactory(job=job)
    browser = client_as(coordinator)

    def crumbs(url):
        shown = page(browser, url)
        nav = shown.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
        return [
            (label, bool(link))
            for link, label in re.findall(
                r'<li>(?:<a href="([^"]+)">|<span aria-current="page">)([^<]+)<', nav
            )
        ]

    assert crumbs(client.get_absolute_url()) == [("Clients", True), ("Garage Lecomte", False)]
    assert crumbs(reverse("client_update", args=[client.pk])) == [
        ("Clients", True),
        ("Garage Lecomte", True),
        ("Modifier", False),
    ]
    assert crumbs(reverse("contact_create", args=[client.pk])) == [
        ("Clients", True),
        ("Garage Lecomte", True),
        ("Nouveau contact", False),
    ]
    assert crumbs(reverse("contact_delete", args=[contact.pk]))[-1] == ("Supprimer", False)
    assert crumbs(session.get_absolute_url())[:2] == [
        ("Chantiers", True),
        ("CH-2026-0042 Toit", True),
    ]
    assert crumbs(reverse("job_create", args=[client.pk]))[-1] == ("Nouveau chantier", False)
