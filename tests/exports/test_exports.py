"""Files made in the background: queued by the page, run by a real worker on
the database backend and on RQ (Redis on 127.0.0.1), progress, « Mes exports »,
failures in French, nothing half-written offered."""

import datetime
import html
import io
import os
import socket

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from exports import kinds, services
from exports.models import Export, ExportStatus
from tests.exports_helpers import asked
from tests.factories import ClientFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_database_worker(monkeypatch):
    """`manage.py db_worker --batch`, in the test's own transaction: the worker
    would close its connections between tasks (as Django's test client does not
    for requests), which would end the test's transaction."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


def ask_for_client_export(browser, query="") -> Export:
    return asked(browser, reverse("client_list") + query)


@pytest.fixture
def seen_progress(monkeypatch):
    """Every progress the task writes, as read back from the database."""
    seen = []
    write = services.Progress._write

    def spy(self, *, force):
        write(self, force=force)
        seen.append(tuple(Export.objects.filter(pk=self.export.pk).values_list("done", "total")[0]))

    monkeypatch.setattr(services.Progress, "_write", spy)
    return seen


def rows_of(download):
    """The rows of a downloaded .xlsx (a client export: type, name, first name…)."""
    workbook = load_workbook(io.BytesIO(download.getvalue()))
    return list(workbook.active.iter_rows(values_only=True))


@override_settings(TASKS=DATABASE_TASKS)
def test_a_queued_export_is_run_by_the_database_worker(
    client_as, admin_staff, seen_progress, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    for name in ("Alpha", "Bêta", "Gamma"):
        ClientFactory(name=name)
    browser = client_as(admin_staff)
    export = ask_for_client_export(browser, "?sort=name")

    # Queued, not run: the request only asked for it.
    assert export.status == ExportStatus.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = browser.get(export.get_absolute_url()).content.decode()
    assert 'data-testid="export-progress"' in page and "En attente" in page
    assert browser.get(reverse("export_status", args=[export.pk])).json() == {
        "status": "queued",
        "label": "En attente",
        "done": 0,
        "total": 0,
        "percent": 0,
        "finished": False,
    }
    assert browser.get(reverse("export_download", args=[export.pk])).status_code == 404

    run_database_worker(monkeypatch)

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # The progress moved: the total first, then row after row up to the end.
    assert seen_progress[0] == (0, 3)
    assert [done for done, _ in seen_progress] == sorted(done for done, _ in seen_progress)
    assert seen_progress[-1] == (3, 3) and len(seen_progress) >= 3
    assert browser.get(reverse("export_status", args=[export.pk])).json()["percent"] == 100

    listing = browser.get(reverse("export_list")).content.decode()
    assert "Clients" in listing and reverse("export_download", args=[export.pk]) in listing
    download = browser.get(reverse("export_download", args=[export.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [row[1] for row in rows_of(download)[1:]] == ["Alpha", "Bêta", "Gamma"]


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_the_same_export_runs_on_rq_by_configuration_alone(client_as, admin_staff):
    import django_rq
    from rq import SimpleWorker

    # The project's own queue name, on a Redis database of the test's own.
    worker_index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    queue = "default"
    rq_tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    rq_queues = {
        queue: {"URL": f"redis://127.0.0.1:6379/{10 + worker_index % 6}", "DEFAULT_TIMEOUT": 600}
    }
    ClientFactory(name="Sur Redis")
    with override_settings(TASKS=rq_tasks, RQ_QUEUES=rq_queues):
        django_rq.get_queue(queue).empty()
        browser = client_as(admin_staff)
        export = ask_for_client_export(browser)
        assert export.status == ExportStatus.QUEUED
        assert django_rq.get_queue(queue).count == 1
        # A worker, as `manage.py rqworker --job-class django_tasks_rq.Job` runs
        # (without forking, so that it shares the test's database).
        worker = django_rq.get_worker(
            queue, job_class="django_tasks_rq.Job", worker_class=SimpleWorker
        )
        worker.work(burst=True)
        export.refresh_from_db()
        assert export.status == ExportStatus.DONE, export.error
        download = browser.get(reverse("export_download", args=[export.pk]))
        assert [row[1] for row in rows_of(download)[1:]] == ["Sur Redis"]
        django_rq.get_queue(queue).empty()


def test_a_failure_says_why_in_french_and_offers_no_file(client_as, admin_staff, monkeypatch):
    ClientFactory()

    def broken(user, params, progress):
        progress.total(10)
        progress.step()
        raise RuntimeError("disk full")

    monkeypatch.setitem(kinds.KINDS, "list", kinds.Kind(kinds.list_check, broken))
    browser = client_as(admin_staff)
    export = ask_for_client_export(browser)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert not export.file
    assert "Le fichier n'a pas pu être préparé" in export.error
    page = html.unescape(browser.get(export.get_absolute_url()).content.decode())
    assert "Échec" in page and "Le fichier n'a pas pu être préparé" in page
    assert "disk full" not in page
    assert browser.get(reverse("export_download", args=[export.pk])).status_code == 404


def test_an_export_ended_while_it_ran_keeps_no_partial_file(client_as, admin_staff, monkeypatch):
    """The worker died, or the export was purged: the file it was writing is
    removed, not offered."""
    ClientFactory()
    stored = []
    build = kinds.list_build

    def interrupted(user, params, progress):
        document = build(user, params, progress)
        Export.objects.filter(pk=progress.export.pk).update(status=ExportStatus.FAILED)
        return document

    save = default_storage.save

    def remember(name, content, **kwargs):
        stored.append(save(name, content, **kwargs))
        return stored[-1]

    monkeypatch.setattr(default_storage, "save", remember)
    monkeypatch.setitem(kinds.KINDS, "list", kinds.Kind(kinds.list_check, interrupted))
    export = ask_for_client_export(client_as(admin_staff))
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and not export.file
    assert stored and not default_storage.exists(stored[0])


def test_rights_are_those_of_when_it_runs(client_as, admin_staff, monkeypatch):
    ClientFactory()
    browser = client_as(admin_staff)
    with override_settings(TASKS=DATABASE_TASKS):
        export = ask_for_client_export(browser)
    admin_staff.groups.clear()
    with override_settings(TASKS=DATABASE_TASKS):
        run_database_worker(monkeypatch)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == "Vous n'avez plus accès à ces données : le fichier n'a pas été fait."


def test_nobody_else_reaches_an_export(client_as, admin_staff, coordinator):
    ClientFactory()
    export = ask_for_client_export(client_as(admin_staff))
    other = client_as(coordinator)
    for name in ("export_detail", "export_status", "export_download"):
        assert other.get(reverse(name, args=[export.pk])).status_code == 404
    assert str(export.pk) not in other.get(reverse("export_list")).content.decode()


def test_a_request_that_makes_no_sense_is_refused_in_words(admin_staff):
    from django.core.exceptions import ValidationError

    for kind, params in [
        ("nothing", {}),
        ("list", {"path": 12}),
        ("sector", {"month": "2026-13-01"}),
    ]:
        with pytest.raises(ValidationError) as error:
            services.start(user=admin_staff, kind=kind, params=params)
        assert error.value.messages == ["Cette demande d'export n'est pas valable."]
    assert Export.objects.count() == 0


def test_purge_removes_old_exports_with_their_files_and_ends_dead_ones(admin_staff):
    from django.core.files.base import ContentFile

    old = Export.objects.create(user=admin_staff, kind="list", title="Old", status="done")
    old.file.save("old.xlsx", ContentFile(b"PK"), save=True)
    name = old.file.name
    stuck = Export.objects.create(user=admin_staff, kind="list", title="Stuck", status="running")
    fresh = Export.objects.create(user=admin_staff, kind="list", title="Fresh", status="running")
    long_ago = timezone.now() - timezone.timedelta(days=8)
    Export.objects.filter(pk=old.pk).update(created_at=long_ago)
    Export.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=7)
    )
    out = io.StringIO()
    call_command("purge_stale", stdout=out)
    assert "1 export(s) deleted; 1 interrupted export(s) ended" in out.getvalue()
    assert not Export.objects.filter(pk=old.pk).exists() and not default_storage.exists(name)
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "interrompue" in stuck.error
    fresh.refresh_from_db()
    assert fresh.status == "running"


def test_the_list_button_posts_the_shown_filters(client_as, admin_staff):
    ClientFactory(name="Garage", kind="company")
    ClientFactory(name="Dupont", kind="individual")
    browser = client_as(admin_staff)
    page = browser.get(reverse("client_list"), {"kind": "company", "page": "1"}).content.decode()
    assert '<form method="post" action="?kind=company"' in page
    export = ask_for_client_export(browser, "?kind=company")
    download = browser.get(reverse("export_download", args=[export.pk]))
    assert [row[1] for row in rows_of(download)[1:]] == ["Garage"]


def test_a_trainers_export_holds_their_workshops_jobs_only(
    client_as, trainer, workshop, other_workshop
):
    from tests.factories import JobFactory

    JobFactory(workshop=workshop, title="Chez nous")
    JobFactory(workshop=other_workshop, title="Ailleurs")
    browser = client_as(trainer)
    export = asked(browser, reverse("job_list"))
    download = browser.get(reverse("export_download", args=[export.pk]))
    titles = {row[1] for row in rows_of(download)[1:]}
    assert "Chez nous" in titles and "Ailleurs" not in titles


def test_three_waiting_exports_at_most_per_person(client_as, admin_staff):
    ClientFactory()
    browser = client_as(admin_staff)
    with override_settings(TASKS=DATABASE_TASKS):
        for _ in range(3):
            ask_for_client_export(browser)
        refused = browser.post(
            reverse("client_list"), HTTP_REFERER="http://testserver/clients/?kind=company"
        )
    assert refused["Location"] == "http://testserver/clients/?kind=company"  # back to the page
    assert Export.objects.count() == 3
    shown = html.unescape(browser.get(reverse("client_list")).content.decode())
    assert "3 de vos exports sont encore en préparation" in shown


def test_a_queue_that_does_not_answer_fails_the_export_in_words(
    client_as, admin_staff, monkeypatch
):
    from exports import tasks

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(type(tasks.run_export), "enqueue", down)  # a frozen dataclass
    browser = client_as(admin_staff)
    response = browser.post(reverse("statement_sector", args=[datetime.date(2026, 11, 1)]))
    assert response["Location"] == reverse("export_list")  # no page to go back to
    export = Export.objects.get()
    assert export.status == ExportStatus.FAILED
    assert (
        export.error == "Le service des tâches ne répond pas : le fichier n'a pas pu être demandé."
    )


def test_purge_removes_files_no_export_points_to(admin_staff):
    from django.core.files.base import ContentFile

    name = default_storage.save("exports/2026/11/orphan.xlsx", ContentFile(b"PK"))
    kept = Export.objects.create(user=admin_staff, kind="list", title="Kept", status="done")
    kept.file.save("kept.xlsx", ContentFile(b"PK"), save=True)
    future = timezone.now() + timezone.timedelta(days=1)
    services._delete_orphan_files(future)
    assert not default_storage.exists(name) and default_storage.exists(kept.file.name)
