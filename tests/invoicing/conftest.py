import datetime
from decimal import Decimal

import pytest

from demo import data
from eft.models import Organisation
from tests.factories import ClientFactory, JobFactory, JobLineFactory, SessionFactory, SiteFactory

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def centre(db):
    organisation = Organisation.get()
    for name, value in data.ORGANISATION.items():
        setattr(organisation, name, value)
    organisation.save()
    return organisation


@pytest.fixture
def company(db):
    return ClientFactory(
        name="Immo Meuse",
        kind="company",
        street="rue de Fer 1",
        payment_terms_days=30,
        files_vat_returns=True,
    )


@pytest.fixture
def fixed_job(workshop, company):
    """A done fixed-price job: labour 48 h at 28 € and plaster 12 x 14,50 €, at 21 %."""
    job = JobFactory(workshop=workshop, client=company, status="done", buyer_reference="PO-77")
    JobLineFactory(
        job=job,
        description="Main-d'œuvre",
        quantity=Decimal("48"),
        unit_price=Decimal("28.00"),
        vat_rate=Decimal("21.00"),
    )
    JobLineFactory(
        job=job,
        kind="materials",
        description="Plâtre",
        quantity=Decimal("12"),
        unit="sac",
        unit_price=Decimal("14.50"),
        vat_rate=Decimal("21.00"),
    )
    return job


@pytest.fixture
def tm_job(workshop, company):
    """A done time-and-materials job at 30 €/h: three sessions of 4, 6 and 2 billable hours."""
    job = JobFactory(
        workshop=workshop,
        client=company,
        status="done",
        pricing="time_materials",
        hourly_rate=Decimal("30.00"),
    )
    JobLineFactory(job=job, description="Estimation", quantity=Decimal("10"))
    JobLineFactory(
        job=job,
        kind="materials",
        description="Terreau",
        quantity=Decimal("2"),
        unit="sac",
        unit_price=Decimal("9.00"),
    )
    for day, hours in [(3, "4"), (4, "6"), (5, "2")]:
        SessionFactory(job=job, date=datetime.date(2026, 11, day), billable_hours=Decimal(hours))
    return job


@pytest.fixture
def home(db):
    client = ClientFactory(
        kind="individual", name="Dupont", first_name="Anne", vat_number="", enterprise_number=""
    )
    return SiteFactory(
        client=client, name="Maison", is_private_dwelling=True, first_occupation_year=1980
    )
