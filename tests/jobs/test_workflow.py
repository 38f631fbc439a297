"""Each transition of the job workflow, allowed and refused, with its French reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobs import services, workflow
from jobs.models import Job, JobSequence
from tests.factories import (
    AttendanceFactory,
    ClientFactory,
    JobFactory,
    JobLineFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def refused(job, name, **extra):
    with pytest.raises(ValidationError) as error:
        workflow.run(job, name, **extra)
    return " ".join(error.value.messages)


def status_of(job):
    return Job.objects.get(pk=job.pk).status


def test_a_job_without_lines_cannot_be_quoted(job):
    job.status = "draft"
    job.save()
    assert "Un chantier sans lignes ne peut pas faire l'objet d'un devis" in refused(job, "quote")
    assert status_of(job) == "draft"


def test_quote_then_accept_bumps_the_version(job):
    job.status = "draft"
    job.save()
    JobLineFactory(job=job)
    quoted = workflow.run(job, "quote")
    assert quoted.status == "quoted" and quoted.version == job.version + 1
    assert workflow.run(quoted, "accept").status == "accepted"


def test_a_step_that_is_not_next_is_refused(job):
    job.status = "draft"
    job.save()
    JobLineFactory(job=job)
    message = refused(job, "accept")
    assert message == (
        "Ce chantier est « Brouillon » : « Accepté par le client » n'est pas possible maintenant."
    )


def test_back_to_draft_from_quoted(job):
    job.status = "quoted"
    job.save()
    assert workflow.run(job, "revise").status == "draft"


def test_schedule_needs_a_session(job):
    assert "Planifiez au moins une séance" in refused(job, "schedule")
    SessionFactory(job=job)
    assert workflow.run(job, "schedule").status == "scheduled"


def test_a_job_with_no_session_cannot_be_started(job):
    assert refused(job, "start") == (
        "Un chantier sans séance ne peut pas démarrer : planifiez-en une d'abord."
    )


def test_start_records_the_first_session_as_actual_start(job):
    SessionFactory(job=job, date=datetime.date(2026, 11, 5))
    SessionFactory(job=job, date=datetime.date(2026, 11, 3))
    started = workflow.run(job, "start")
    assert started.status == "in_progress"
    assert started.actual_start == datetime.date(2026, 11, 3)


def test_a_job_with_attendance_to_record_cannot_be_done(job, team):
    job.status = "in_progress"
    job.save()
    session = SessionFactory(job=job, date=datetime.date(2026, 11, 3))
    for trainee in team[:2]:
        AttendanceFactory(session=session, trainee=trainee)
    message = refused(job, "finish")
    assert "Les présences de 2 stagiaire(s) ne sont pas encore encodées" in message
    assert "03/11/2026" in message
    assert status_of(job) == "in_progress"


def test_done_once_attendance_is_recorded(job, team, trainer):
    job.status = "in_progress"
    job.save()
    session = SessionFactory(job=job, date=datetime.date(2026, 11, 3))
    AttendanceFactory(session=session, trainee=team[0])
    services.attendance_everyone_present(session, user=trainer)
    done = workflow.run(job, "finish")
    assert done.status == "done" and done.actual_end == datetime.date(2026, 11, 3)
    assert workflow.run(done, "reopen").actual_end is None


@pytest.mark.parametrize(
    "status", ["draft", "quoted", "accepted", "scheduled", "in_progress", "done"]
)
def test_cancel_from_any_state_before_invoiced(job, status):
    job.status = status
    job.save()
    assert workflow.run(job, "cancel", reason="Le client renonce").status == "cancelled"


def test_cancelling_asks_why_and_keeps_it_in_the_history(job):
    before = status_of(job)
    assert "Dites pourquoi" in refused(job, "cancel")
    assert "Dites pourquoi" in refused(job, "cancel", reason="   ")
    assert status_of(job) == before
    workflow.run(job, "cancel", reason="Le client   renonce au projet")
    assert job.history.first().history_change_reason == "Le client renonce au projet"


def test_only_coordination_reopens_a_cancelled_job(job, trainer, coordinator):
    job = workflow.run(job, "cancel", reason="Erreur de saisie")
    assert "Seule la coordination" in refused(job, "restore", reason="Oups", user=trainer)
    assert workflow.available(job, trainer) == []
    assert [t.name for t in workflow.available(job, coordinator)] == ["restore"]
    assert "Dites pourquoi" in refused(job, "restore", user=coordinator)
    reopened = workflow.run(job, "restore", reason="Le client revient", user=coordinator)
    assert reopened.status == "draft"
    assert job.history.first().history_change_reason == "Le client revient"


def test_an_invoiced_job_cannot_be_cancelled(job):
    job.status = "invoiced"
    job.save()
    assert "Ce chantier est « Facturé »" in refused(job, "cancel")


def test_invoiced_is_never_set_by_hand(job):
    job.status = "done"
    job.save()
    assert "posé par la facturation" in refused(job, "invoice")
    with pytest.raises(ValidationError):
        workflow.move(job, "invoiced")
    assert status_of(job) == "done"
    assert workflow.mark_invoiced(job).status == "invoiced"


def test_kanban_move_runs_the_same_transition(job):
    job.status = "quoted"
    job.save()
    JobLineFactory(job=job)
    assert workflow.move(job, "accepted").status == "accepted"


def test_kanban_move_that_skips_steps_is_refused(job):
    job.status = "draft"
    job.save()
    with pytest.raises(ValidationError) as error:
        workflow.move(job, "in_progress")
    assert error.value.messages == [
        "Un chantier ne peut pas passer directement de « Brouillon » à « En cours »."
    ]
    with pytest.raises(ValidationError):
        workflow.move(job, "nonsense")


def test_the_transition_page_says_why_it_refuses(client_as, trainer, job):
    response = client_as(trainer).post(
        reverse("job_transition", args=[job.pk]), {"action": "start"}, follow=True
    )
    assert "Un chantier sans séance ne peut pas démarrer" in response.content.decode()
    assert status_of(job) == "accepted"


def test_the_kanban_move_answers_on_the_board(client_as, trainer, job):
    response = client_as(trainer).post(
        reverse("job_transition", args=[job.pk]),
        {"status": "done", "next": "kanban"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("job_kanban")
    assert "ne peut pas passer directement" in response.content.decode()


def test_references_follow_one_sequence_per_year(workshop):
    client = ClientFactory()
    year = datetime.date.today().year
    JobSequence.objects.create(year=year - 1, last_number=57)
    first = services.job_create(Job(client=client, workshop=workshop, title="A"))
    second = services.job_create(Job(client=client, workshop=workshop, title="B"))
    assert (first.reference, second.reference) == (f"CH-{year}-0001", f"CH-{year}-0002")
    assert JobSequence.objects.get(year=year - 1).last_number == 57


def test_a_stale_edit_is_refused_and_loses_nothing(job, trainer):
    first = Job.objects.get(pk=job.pk)
    second = Job.objects.get(pk=job.pk)
    first.title = "Changed by the first"
    services.job_update(first, job.version)
    second.title = "Changed by the second"
    with pytest.raises(ValidationError) as error:
        services.job_update(second, job.version)
    assert "a modifié ce chantier pendant que vous l'éditiez" in error.value.messages[0]
    assert Job.objects.get(pk=job.pk).title == "Changed by the first"


def test_two_people_editing_the_same_job_in_the_browser(client_as, trainer, coordinator, job):
    url = reverse("job_update", args=[job.pk])
    form = {
        "title": "Nouveau titre",
        "workshop": job.workshop_id,
        "pricing": "fixed",
        "version": job.version,
    }
    assert client_as(coordinator).post(url, form).status_code == 302
    response = client_as(trainer).post(url, {**form, "title": "Autre titre"})
    assert response.status_code == 200
    assert "a modifié ce chantier" in response.content.decode()
    assert Job.objects.get(pk=job.pk).title == "Nouveau titre"


def test_delete_only_a_draft_without_sessions(job):
    with pytest.raises(ValidationError):
        services.job_delete(job)
    draft = JobFactory(workshop=job.workshop, status="draft")
    services.job_delete(draft)
    assert not Job.objects.filter(pk=draft.pk).exists()
