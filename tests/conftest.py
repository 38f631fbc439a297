import pytest

from eft.choices import Role
from tests.factories import ContractFactory, TraineeFactory, UserFactory, WorkshopFactory


@pytest.fixture
def workshop(db):
    return WorkshopFactory(name="Construction")


@pytest.fixture
def other_workshop(db):
    return WorkshopFactory(name="Espaces verts")


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coord", roles=[Role.COORDINATOR])


@pytest.fixture
def admin_staff(db):
    return UserFactory(username="secretariat", roles=[Role.ADMIN_STAFF])


@pytest.fixture
def trainer(db, workshop):
    user = UserFactory(username="trainer", roles=[Role.TRAINER])
    workshop.trainers.add(user)
    return user


@pytest.fixture
def trainee_user(db, workshop):
    user = UserFactory(username="stagiaire", roles=[Role.TRAINEE])
    TraineeFactory(user=user, workshop=workshop, first_name="Amina", last_name="Lambert")
    return user


@pytest.fixture
def social_worker(db):
    return UserFactory(username="assistante", roles=[Role.SOCIAL_WORKER])


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="nobody")


@pytest.fixture
def client_as():
    """A Django test client logged in as the given user."""
    from django.test import Client

    def make(user):
        browser = Client()
        browser.force_login(user)
        return browser

    return make


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
