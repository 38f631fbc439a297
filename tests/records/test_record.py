"""The competence record, computed from the practices; its pages."""

import datetime

import pytest
from django.urls import reverse

from jobs import services as job_services
from records import selectors
from tests.factories import JobFactory, SkillFactory
from tests.records.conftest import DAY, level, practise

pytestmark = pytest.mark.django_db


def test_each_skill_says_how_often_how_long_where_when_and_how_far(amina, skills, trainer):
    first = JobFactory(workshop=amina.workshop, reference="CH-2026-0101")
    second = JobFactory(workshop=amina.workshop, reference="CH-2026-0102")
    practise(amina, skills["mortar"], 1, DAY, job=first, by=trainer)
    practise(
        amina,
        skills["mortar"],
        3,
        DAY + datetime.timedelta(days=1),
        job=second,
        by=trainer,
        hours="3.5",
    )
    practise(amina, skills["mortar"], 2, DAY + datetime.timedelta(days=7), job=second, by=trainer)
    record = selectors.competence_record(amina, today=datetime.date(2026, 11, 30))
    mortar = record.lines[skills["mortar"].pk]
    assert (mortar.times, mortar.hours) == (3, 11.5)
    assert mortar.jobs == ["CH-2026-0101", "CH-2026-0102"]
    assert (mortar.first, mortar.last) == (DAY, DAY + datetime.timedelta(days=7))
    assert (mortar.best.rank, mortar.latest.rank) == (3, 2)
    wall = record.lines[skills["wall"].pk]
    assert not wall.practised and wall.best is None
    assert (record.practised, record.total) == (1, 4)


def test_the_record_covers_the_four_kinds_in_order(amina, skills, trainer):
    practise(amina, skills["team"], 2, by=trainer)
    record = selectors.competence_record(amina)
    assert [k.kind for k in record.kinds] == ["trade", "transversal"]
    assert [a.area.name for a in record.kinds[0].areas] == ["Maçonnerie", "Peinture"]
    assert record.lines[skills["team"].pk].times == 1


def test_a_corrected_practice_changes_the_record_at_once(amina, skills, trainer):
    practice = practise(amina, skills["wall"], 1, by=trainer)
    assert selectors.competence_record(amina).lines[skills["wall"].pk].best.rank == 1
    practice.level = level(4)
    practice.save()
    assert selectors.competence_record(amina).lines[skills["wall"].pk].best.rank == 4
    practice.delete()
    assert not selectors.competence_record(amina).lines[skills["wall"].pk].practised


def test_the_chart_counts_the_skills_by_best_level_month_by_month(amina, skills, trainer):
    practise(amina, skills["mortar"], 1, datetime.date(2026, 9, 10), by=trainer)
    practise(amina, skills["mortar"], 3, datetime.date(2026, 11, 10), by=trainer)
    practise(amina, skills["wall"], 2, datetime.date(2026, 10, 10), by=trainer)
    amina.entry_date = datetime.date(2026, 9, 1)
    record = selectors.competence_record(amina, today=datetime.date(2026, 11, 30))
    chart = record.kinds[0].areas[0].chart
    assert [m.month for m in chart.months] == [9, 10, 11]
    counts = {(b.level.rank if b.level else None): b.counts for b in chart.bands}
    assert counts[1] == [1, 1, 0]  # the mortar, until it reached level 3
    assert counts[2] == [0, 1, 1]  # the wall from October
    assert counts[3] == [0, 0, 1]
    assert counts[None] == [1, 0, 0]  # to discover: the wall, in September
    assert all(band.points.count(",") == 6 for band in chart.bands)  # 3 months, up and down


def test_the_record_page_shows_practised_skills_and_what_is_to_discover(
    client_as, amina, skills, trainer, trainee_user
):
    practise(amina, skills["mortar"], 3, by=trainer)
    page = client_as(trainee_user).get(reverse("competence_record", args=[amina.pk]))
    html = page.content.decode()
    assert "Mes compétences" in html
    assert "MAC01" in html and "Autonome" in html
    assert "à découvrir" in html and "échec" not in html.lower()
    assert "<svg" in html and "<polygon" in html
    mine = client_as(trainee_user).get(reverse("my_competences"))
    assert mine["Location"] == reverse("competence_record", args=[amina.pk])


def test_the_drill_down_lists_every_practice_with_its_observer_and_remark(
    client_as, amina, skills, trainer
):
    job = JobFactory(workshop=amina.workshop, reference="CH-2026-0200", title="Muret")
    practise(amina, skills["mortar"], 2, job=job, by=trainer, remark="Bon dosage")
    page = client_as(trainer).get(reverse("record_skill", args=[amina.pk, skills["mortar"].pk]))
    html = page.content.decode()
    assert "03/11/2026" in html and "CH-2026-0200 · Muret" in html
    assert "Avec aide" in html and "Bon dosage" in html and trainer.get_full_name() in html


def test_a_trainer_of_another_workshop_gets_404(client_as, amina, skills, other_workshop):
    from tests.factories import UserFactory

    stranger = UserFactory(username="stranger", roles=["trainer"])
    other_workshop.trainers.add(stranger)
    for name, args in [
        ("competence_record", [amina.pk]),
        ("record_skill", [amina.pk, skills["mortar"].pk]),
        ("attestation_list", [amina.pk]),
        ("badges", [amina.pk]),
    ]:
        assert client_as(stranger).get(reverse(name, args=args)).status_code == 404, name


def test_the_grid_through_the_service_feeds_the_record(amina, skills, trainer, workshop):
    job = JobFactory(workshop=workshop, planned_start=DAY, planned_end=DAY)
    session = job_services.sessions_plan(
        job=job,
        dates=[DAY],
        start=datetime.time(8),
        end=datetime.time(12),
        trainers=[trainer],
        trainees=[amina],
    )[0]
    job_services.attendance_everyone_present(session, user=trainer)
    cells = {(amina.pk, skills["paint"].pk): (level(2).pk, "")}
    job_services.practices_record(session, cells, user=trainer)
    line = selectors.competence_record(amina).lines[skills["paint"].pk]
    assert (line.times, line.hours, line.jobs) == (1, 4, [job.reference])


def test_inactive_skills_show_only_if_they_were_practised(amina, skills, trainer):
    old = SkillFactory(area=skills["mortar"].area, code="MAC09", is_active=False)
    gone = SkillFactory(area=skills["mortar"].area, code="MAC10", is_active=False)
    practise(amina, old, 2, by=trainer)
    lines = selectors.competence_record(amina).lines
    assert old.pk in lines and gone.pk not in lines


def test_the_matrix_colours_each_trainee_by_area_and_lists_who_has_not_practised(
    client_as, amina, skills, trainer, workshop
):
    from tests.factories import TraineeFactory

    bruno = TraineeFactory(workshop=workshop, first_name="Bruno", last_name="Peeters")
    practise(amina, skills["mortar"], 4, by=trainer)
    practise(bruno, skills["mortar"], 1, by=trainer)
    practise(bruno, skills["mortar"], 2, DAY + datetime.timedelta(days=1), by=trainer)
    page = (
        client_as(trainer)
        .get(reverse("competence_matrix"), {"competence": skills["wall"].pk})
        .content.decode()
    )
    matrix = page[page.index('data-testid="matrix"') :]
    assert matrix.index("Maçonnerie") < matrix.index("Transversal")  # trade skills first
    amina_row = matrix[matrix.index("Amina Lambert") : matrix.index("</tr>", matrix.index("Amina"))]
    assert 'class="sq lvl-4" title="MAC01 Préparer un mortier"' in amina_row
    bruno_row = matrix[matrix.index("Bruno Peeters") :]
    assert 'class="sq lvl-1" title="MAC01 Préparer un mortier"' in bruno_row  # his best: 2
    not_yet = page[page.index('data-testid="not-yet"') :]
    assert "MAC02 Monter un mur" in not_yet and "Amina Lambert" in not_yet


def test_a_trainers_matrix_holds_only_their_workshops(client_as, trainer, other_workshop):
    from tests.factories import TraineeFactory

    TraineeFactory(workshop=other_workshop, first_name="Zora")
    page = client_as(trainer).get(reverse("competence_matrix"), {"atelier": other_workshop.pk})
    assert "Zora" not in page.content.decode()


def test_the_trainees_home_page(client_as, amina, skills, trainer, trainee_user):
    from django.utils import timezone

    import jobs.models as jm

    today = timezone.localdate()
    job = JobFactory(workshop=amina.workshop, title="Rénovation cuisine")
    for day, title in [
        (today, "cette semaine"),
        (today + datetime.timedelta(days=7), "la suivante"),
    ]:
        session = jm.WorkSession.objects.create(
            job=job,
            workshop=job.workshop,
            date=day,
            start_time=datetime.time(8),
            end_time=datetime.time(12),
            notes=title,
        )
        jm.Attendance.objects.create(session=session, trainee=amina)
    practise(amina, skills["mortar"], 2, today.replace(day=1), by=trainer, hours="3.5")
    page = client_as(trainee_user).get(reverse("trainee_home")).content.decode()
    assert page.count("Rénovation cuisine") == 2
    assert page.index("Cette semaine") < page.index("Semaine suivante")
    assert "3,5 h" in page  # this month's hours
    assert "1</strong> compétence exercée sur 4" in page
    assert 'data-copy="ics-url"' in page and "Copier l'adresse" in page
    assert "••" in page  # the national number, masked
