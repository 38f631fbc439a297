"""What keeps pages flat as the data grows: trigram search, capped paging,
the planner's statistics, a conflict check that reads the day, not the history."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from clients.models import Client
from eft import search
from jobs import conflicts
from jobs.models import Job
from tests.factories import AttendanceFactory, ClientFactory, JobFactory, SessionFactory

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_the_indexed_search_finds_what_a_plain_like_finds():
    ClientFactory(name="Dupont Menuiserie", city="Namur")
    ClientFactory(name="Dupond", city="Liège")
    ClientFactory(name="Garage du Pont", city="Namur")
    for text in ("dupont", "DUPON namur", "liege", "pont", "du", "50%", "a_b", "x"):
        plain = Client.objects.all()
        for word in search.fold(text).split():
            plain = plain.filter(search_text__contains=word)
        assert names(Client.objects.search(text)) == names(plain), text
    assert names(Client.objects.search("dupon")) == ["Dupond", "Dupont Menuiserie"]


def test_the_index_follows_changes_and_deletions():
    client = ClientFactory(name="Boulangerie Lambert")
    assert names(Client.objects.search("boulang")) == ["Boulangerie Lambert"]
    client.name = "Pâtisserie Lambert"
    client.save()
    assert names(Client.objects.search("boulang")) == []
    assert names(Client.objects.search("patiss")) == ["Pâtisserie Lambert"]
    client.delete()
    assert names(Client.objects.search("lambert")) == []


def test_the_search_uses_the_index():
    ClientFactory(name="Dupont")
    sql, params = Client.objects.search("dupont").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "VIRTUAL TABLE" in plan and "clients_client_search" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "clients_client_search_trgm" in plan, plan


def test_lost_triggers_are_put_back_after_a_migrate():
    """A migration that rebuilds the table on SQLite drops its triggers; the
    next migrate puts them back and rebuilds the index."""
    ClientFactory(name="Avant")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for trigger in ("insert", "delete", "update"):
                cursor.execute(f'DROP TRIGGER "clients_client_search_{trigger}"')
        ClientFactory(name="Pendant")  # not indexed: no trigger
        assert "clients_client" in search.ensure_search_indexes()
    else:
        assert search.ensure_search_indexes() == []  # the indexes are there
        ClientFactory(name="Pendant")
    assert names(Client.objects.search("pendant")) == ["Pendant"]
    assert search.ensure_search_indexes() == []


def test_a_jobs_client_is_searched_through_its_index():
    from jobs.filters import JobFilter

    mine = JobFactory(client=ClientFactory(name="Commune de Ciney"))
    JobFactory(client=ClientFactory(name="Garage"))
    assert list(JobFilter({"client": "ciney"}, queryset=Job.objects.all()).qs) == [mine]


def test_a_list_pages_at_most_max_pages_deep(client_as, admin_staff, monkeypatch):
    monkeypatch.setattr("eft.tables.MAX_PAGES", 2)
    for name in ("Alpha", "Beta", "Gamma"):
        ClientFactory(name=name)
    browser = client_as(admin_staff)
    page = browser.get(reverse("client_list"), {"per_page": 1, "page": 99, "sort": "name"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Beta" in text and "Gamma" not in text  # the last page offered: the second
    assert 'data-testid="pages-capped"' in text
    assert "Seules les 2 premières pages sont proposées" in text
    assert "plus de 2 clients" in text  # counted up to the rows offered, not beyond
    first = browser.get(reverse("client_list"), {"per_page": 1, "sort": "name"}).content.decode()
    assert 'data-testid="pages-capped"' not in first
    every = browser.get(reverse("client_list")).content.decode()
    assert "3 clients" in every and "plus de" not in every  # exact below the cap


def test_statistics_are_refreshed_by_the_application():
    ClientFactory()
    out = io.StringIO()
    call_command("optimize_database", stdout=out)
    assert "Statistics refreshed" in out.getvalue()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1")
            assert cursor.fetchone()[0] > 0


def test_the_conflict_check_finds_the_clash_among_the_history(trainer, workshop):
    """A trainee with other sessions: the check, which now starts from the
    sessions of the day, still finds the one that clashes (bench/scaling.py
    measures that its cost no longer grows with the history)."""
    job = JobFactory(workshop=workshop, status="in_progress")
    busy = AttendanceFactory(session=SessionFactory(job=job)).trainee
    day = datetime.date(2026, 11, 25)
    clash = SessionFactory(
        job=job, date=day, start_time=datetime.time(8), end_time=datetime.time(12)
    )
    AttendanceFactory(session=clash, trainee=busy)
    target = SessionFactory(
        job=job, date=day, start_time=datetime.time(9), end_time=datetime.time(11)
    )
    report = conflicts.check(
        job=job,
        slots=[conflicts.Slot(day, target.start_time, target.end_time)],
        trainees=[busy],
        trainers=[trainer],
        exclude_sessions=[target.pk],
    )
    assert any("déjà" in message or "already" in message for message in report.hard)


def test_a_page_read_in_two_steps_is_the_same_page():
    from django.db.models import Count

    from eft.tables import NarrowPageData

    for i in range(30):
        ClientFactory(name=f"Client {i:02d}", city="Namur" if i % 2 else "Liège")
    queryset = Client.objects.search("client").order_by("-city", "name")
    page = NarrowPageData(queryset)[5:15]
    assert [c.pk for c in page] == [c.pk for c in queryset[5:15]] and len(page) == 10
    counted = queryset.annotate(sites_count=Count("sites"))
    assert [(c.pk, c.sites_count) for c in NarrowPageData(counted)[0:10]] == [
        (c.pk, c.sites_count) for c in counted[0:10]
    ]


def test_a_trainers_page_read_in_two_steps_keeps_their_scope(trainer, workshop, other_workshop):
    from eft.tables import NarrowPageData

    mine = [JobFactory(workshop=workshop, title=f"Mine {i}") for i in range(3)]
    JobFactory.create_batch(3, workshop=other_workshop)
    scoped = Job.objects.for_user(trainer).select_related("client", "workshop").search("mine")
    page = list(NarrowPageData(scoped.order_by("title"))[0:10])
    assert [j.pk for j in page] == [j.pk for j in sorted(mine, key=lambda j: j.title)]
    assert {j.workshop for j in page} == {workshop}


def test_a_closing_sqlite_connection_leaves_statistics(tmp_path):
    """The application's SQLite engine runs PRAGMA optimize as it closes: the
    tables it queried get their statistics without anyone running ANALYZE."""
    import sqlite3

    from eft.db.sqlite3.base import DatabaseWrapper

    path = tmp_path / "fresh.sqlite3"
    settings = {**connection.settings_dict, "ENGINE": "eft.db.sqlite3", "NAME": str(path)}
    settings.setdefault("OPTIONS", {})
    wrapper = DatabaseWrapper(settings, alias="fresh")
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, day INTEGER)")
        cursor.execute("CREATE INDEX t_day ON t (day)")
        cursor.executemany("INSERT INTO t (day) VALUES (%s)", [(i % 50,) for i in range(5000)])
        cursor.execute("SELECT * FROM t WHERE day = 3")
    wrapper.close()
    with sqlite3.connect(path) as copy:
        assert copy.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 't'").fetchone()[0]


def test_the_migration_dates_each_job_from_its_last_status_change(workshop):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from jobs import workflow

    job = JobFactory(workshop=workshop, status="draft")
    changed = workflow.run(job, "cancel", reason="Annulé par le client")
    cancelled_at = changed.history.order_by("-history_date").first().history_date
    changed.title = "Edited after"  # a later edit is not a status change
    changed.save()
    Job.objects.filter(pk=job.pk).update(status_changed_at=timezone.now())
    never = JobFactory()
    never.history.all().delete()
    module = importlib.import_module("jobs.migrations.0005_job_status_changed_at")
    module.from_history(apps, None)
    assert Job.objects.get(pk=job.pk).status_changed_at == cancelled_at
    assert Job.objects.get(pk=never.pk).status_changed_at == never.created_at
