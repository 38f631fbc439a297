import datetime

import pytest

from tests.factories import ContractFactory, JobFactory, TraineeFactory

MONDAY = datetime.date(2026, 11, 2)  # a Monday; 2026-11-03 is a plain Tuesday, in the past


@pytest.fixture
def job(workshop):
    return JobFactory(
        workshop=workshop,
        planned_start=MONDAY,
        planned_end=MONDAY + datetime.timedelta(days=40),
    )


@pytest.fixture
def team(workshop):
    """Three trainees of the workshop, each with a contract for 2026."""
    names = [("Amina", "Lambert"), ("Bruno", "Peeters"), ("Chloé", "Dupont")]
    trainees = []
    for first, last in names:
        trainee = TraineeFactory(workshop=workshop, first_name=first, last_name=last)
        ContractFactory(trainee=trainee)
        trainees.append(trainee)
    return trainees
