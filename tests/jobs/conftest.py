import datetime

import pytest

from tests.factories import JobFactory

MONDAY = datetime.date(2026, 11, 2)  # a Monday; 2026-11-03 is a plain Tuesday, in the past


@pytest.fixture
def job(workshop):
    return JobFactory(
        workshop=workshop,
        planned_start=MONDAY,
        planned_end=MONDAY + datetime.timedelta(days=40),
    )
