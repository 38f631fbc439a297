"""The lists, the Odoo way: rows grouped with their counts, the columns each
person chooses (kept for their next login), and actions on the ticked rows."""

import re

import pytest
from django.urls import reverse

from clients.models import Client
from eft.models import ListPreference
from jobs.models import Job
from tests.factories import AttendanceFactory, ClientFactory, JobFactory, SessionFactory
from tests.test_query_counts import count

pytestmark = pytest.mark.django_db


def headings(page: str) -> list[str]:
    return re.findall(r'<th [^>]*class="orderable[^"]*"[^>]*>\s*<a [^>]*>([^<]+)</a>', page)


def test_the_columns_chosen_are_kept_for_that_person_only(client_as, admin_staff, coordinator):
    ClientFactory(name="Menuiserie Lefèvre", email="info@lefevre.be")
    browser = client_as(admin_staff)
    url = reverse("client_list")
    before = browser.get(url).content.decode()
    assert "E-mail" in headings(before) and "info@lefevre.be" in before
    shown = ["first_name", "kind", "city", "vat_number", "phone", "language", "is_archived"]
    # "name" (the row's link) cannot be hidden; an unknown column is ignored.
    response = browser.post(f"{url}?q=lefevre", {"columns": "1", "show": shown + ["password"]})
    assert response.status_code == 302 and response.url == f"{url}?q=lefevre"
    assert ListPreference.objects.get(user=admin_staff).hidden_columns == ["email"]

    again = client_as(admin_staff).get(url).content.decode()  # another login, another device
    assert "E-mail" not in headings(again) and "info@lefevre.be" not in again
    assert "Nom" in headings(again)
    assert '<input type="checkbox" name="show" value="email">' in again  # to show it back
    assert "E-mail" in headings(client_as(coordinator).get(url).content.decode())


def test_rows_grouped_by_status_with_each_groups_count(client_as, trainer, workshop):
    JobFactory.create_batch(30, workshop=workshop, status="in_progress")
    JobFactory.create_batch(2, workshop=workshop, status="done")
    JobFactory.create_batch(3, workshop=workshop, status="draft")
    browser = client_as(trainer)
    page = browser.get(reverse("job_list"), {"group": "status"}).content.decode()
    groups = re.findall(
        r'<tr class="group-row"><th[^>]*><a href="([^"]+)">([^<]+)</a> '
        r'<span class="count"[^>]*>(\d+)</span>',
        page,
    )
    # the statuses in their workflow's order; each count is the whole list's,
    # not the page's (25 rows a page)
    assert [(name, int(n)) for _url, name, n in groups] == [("Brouillon", 3), ("En cours", 30)]
    assert groups[1][0] == "?group=status&amp;status=in_progress"
    last = browser.get(reverse("job_list"), {"group": "status", "page": 2}).content.decode()
    assert re.findall(r'<tr class="group-row"><th[^>]*><a [^>]*>([^<]+)</a>', last) == [
        "En cours",
        "Terminé",
    ]
    # the rows within a group keep the sort asked for
    by_ref = browser.get(reverse("job_list"), {"group": "status", "sort": "-reference"})
    refs = re.findall(r">(CH-\d{4}-\d+)</a>", by_ref.content.decode())
    draft = sorted(Job.objects.filter(status="draft").values_list("reference", flat=True))
    assert refs[:3] == draft[::-1]
    # an unknown grouping is no grouping
    plain = browser.get(reverse("job_list"), {"group": "password"}).content.decode()
    assert 'class="group-row"' not in plain


def test_the_choices_ranks_the_groups_are_read_by_follow_every_change():
    """The lists grouped by a choice read their rows in the choices' order from
    a column the database keeps (and indexes): it follows every way a status
    or a kind changes, a queryset's update included."""
    from clients.choices import ClientKind
    from eft.choices import Language
    from jobs.choices import JobStatus

    job = JobFactory(status=JobStatus.DRAFT)
    order = list(JobStatus.values)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    assert Job.objects.get(pk=job.pk).status_rank == order.index(JobStatus.DONE)
    client = ClientFactory(kind=ClientKind.COMPANY, language=Language.NL)
    client.refresh_from_db()
    assert client.kind_rank == list(ClientKind.values).index(ClientKind.COMPANY)
    assert client.language_rank == list(Language.values).index(Language.NL)


def test_clients_grouped_by_kind_city_and_language_in_a_readers_order(client_as, admin_staff):
    ClientFactory(kind="company", name="Zénith", city="Namur", language="nl")
    ClientFactory(kind="individual", name="Dupont", city="Éghezée", language="fr")
    ClientFactory(kind="company", name="atelier Bois", city="Namur", language="fr")
    browser = client_as(admin_staff)

    def groups_and_names(group):
        page = browser.get(reverse("client_list"), {"group": group}).content.decode()
        found = re.findall(
            r'class="group-row"><th[^>]*><a [^>]*>([^<]+)</a>|>(Zénith|Dupont|atelier Bois)<', page
        )
        return [header or name for header, name in found]

    # the kinds and languages in their choices' order (Particulier, Français
    # first), the cities as a French reader sorts them (« Éghezée » with the
    # E's), and within each group the names the same way
    assert groups_and_names("kind") == [
        "Particulier", "Dupont", "Entreprise", "atelier Bois", "Zénith"
    ]  # fmt: skip
    assert groups_and_names("language") == [
        "Français", "atelier Bois", "Dupont", "Néerlandais", "Zénith"
    ]  # fmt: skip
    assert groups_and_names("city") == ["Éghezée", "Dupont", "Namur", "atelier Bois", "Zénith"]
    nothing = browser.get(reverse("client_list"), {"group": "city", "q": "nobody at all"})
    assert nothing.status_code == 200 and 'class="group-row"' not in nothing.content.decode()
    page = browser.get(reverse("client_list"), {"sort": "city"}).content.decode()
    assert re.findall(r">(Zénith|Dupont|atelier Bois)<", page) == [
        "Dupont",
        "atelier Bois",
        "Zénith",
    ]


def test_clients_archived_and_restored_in_one_go(client_as, admin_staff):
    keep, *gone = ClientFactory.create_batch(3)
    browser = client_as(admin_staff)
    url = reverse("client_list")
    page = browser.get(url).content.decode()
    assert f'name="id" value="{gone[0].pk}" form="bulk"' in page
    response = browser.post(url, {"bulk": "archive", "id": [c.pk for c in gone] + ["junk"]})
    assert response.status_code == 302
    assert set(Client.objects.filter(is_archived=True)) == set(gone)
    assert "2 clients archivés." in browser.get(response.url).content.decode()
    assert gone[0].history.count() == 2  # each keeps its history line
    browser.post(url, {"bulk": "restore", "id": [gone[0].pk]})
    assert list(Client.objects.filter(is_archived=True)) == [gone[1]]

    nothing = browser.post(url, {"bulk": "archive"}, follow=True).content.decode()
    assert "Cochez au moins une ligne." in nothing
    assert browser.post(url, {"bulk": "delete", "id": [keep.pk]}).status_code == 400
    assert not Client.objects.get(pk=keep.pk).is_archived


def test_who_may_not_see_the_clients_cannot_archive_them(client_as, trainer):
    client = ClientFactory()
    response = client_as(trainer).post(
        reverse("client_list"), {"bulk": "archive", "id": [client.pk]}
    )
    assert response.status_code == 403
    assert not Client.objects.get(pk=client.pk).is_archived


def test_the_job_sheets_of_the_ticked_jobs_print_together(
    client_as, trainer, workshop, other_workshop
):
    mine = JobFactory.create_batch(2, workshop=workshop)
    theirs = JobFactory(workshop=other_workshop)
    SessionFactory(job=mine[0])
    browser = client_as(trainer)
    assert "Imprimer les bons de travail" in browser.get(reverse("job_list")).content.decode()
    page = browser.post(reverse("job_sheets"), {"id": [j.pk for j in mine] + [theirs.pk]})
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('<section class="sheet-page">') == 2
    assert mine[0].reference in text and mine[1].reference in text
    assert theirs.reference not in text  # not a job this trainer may see
    assert browser.get(reverse("job_sheets"), {"id": theirs.pk}).status_code == 404


def test_the_job_sheets_query_count_does_not_grow(client_as, trainer, workshop):
    from eft.models import Organisation

    Organisation.get()
    browser = client_as(trainer)

    def sheets(n):
        jobs = JobFactory.create_batch(n, workshop=workshop)
        for job in jobs:
            for session in SessionFactory.create_batch(2, job=job):
                AttendanceFactory(session=session, trainee__workshop=workshop)
                session.trainers.add(trainer)
        return count(browser, reverse("job_sheets") + "?" + "&".join(f"id={j.pk}" for j in jobs))

    assert sheets(2) == sheets(20) == 10
