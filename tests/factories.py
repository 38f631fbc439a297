import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from clients.choices import ClientKind
from clients.models import Client, Contact, Site
from demo.numbers import enterprise_number, national_number
from eft.models import Workshop
from jobs.choices import JobStatus
from jobs.models import Attendance, Job, JobLine, SkillPractice, WorkSession
from trainees.models import (
    AutonomyLevel,
    Skill,
    SkillArea,
    SkillFramework,
    Trainee,
    TrainingContract,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        # get_or_create: a transactional test (the browser tests) flushes the
        # groups that the migration created.
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=role)[0])
        self.save()


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    name = factory.Sequence(lambda n: f"Workshop {n}")
    trade = "Bâtiment"
    capacity = 12
    max_trainees_per_trainer = 6
    default_hourly_rate = Decimal("30.00")


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    kind = ClientKind.COMPANY
    name = factory.Sequence(lambda n: f"Client {n:05d}")
    vat_number = factory.Sequence(lambda n: f"BE{enterprise_number(n)}")
    enterprise_number = factory.LazyAttribute(lambda o: o.vat_number[2:])
    email = factory.Sequence(lambda n: f"client{n}@example.be")
    city = "Namur"
    postal_code = "5000"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    postal_code = "5000"
    city = "Namur"


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n:05d}")
    birth_date = datetime.date(1990, 5, 17)
    national_number = factory.Sequence(
        lambda n: national_number(datetime.date(1990, 5, 17), n % 997 + 1)
    )
    workshop = factory.SubFactory(WorkshopFactory)
    entry_date = datetime.date(2026, 1, 5)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingContract

    trainee = factory.SubFactory(TraineeFactory)
    start_date = datetime.date(2026, 1, 5)
    end_date = datetime.date(2026, 12, 31)
    hours_per_week = Decimal("30.0")


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillFramework

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Référentiel {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillArea

    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"Domaine {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    area = factory.SubFactory(AreaFactory)
    framework = factory.LazyAttribute(lambda o: o.area.framework)
    code = factory.Sequence(lambda n: f"C{n:03d}")
    name = factory.Sequence(lambda n: f"Compétence {n}")


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    reference = factory.Sequence(lambda n: f"CH-2026-{n + 9000:04d}")
    client = factory.SubFactory(ClientFactory)
    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Chantier {n}")
    status = JobStatus.ACCEPTED


class JobLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobLine

    job = factory.SubFactory(JobFactory)
    description = "Main-d'œuvre"
    quantity = Decimal("24")
    unit = "h"
    unit_price = Decimal("28.00")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkSession

    job = factory.SubFactory(JobFactory)
    workshop = factory.LazyAttribute(lambda o: o.job.workshop if o.job else WorkshopFactory())
    date = datetime.date(2026, 11, 3)
    start_time = datetime.time(8, 0)
    end_time = datetime.time(12, 0)
    period = "morning"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    trainee = factory.SubFactory(TraineeFactory)


class PracticeFactory(factory.django.DjangoModelFactory):
    """A skill practised; give ``attendance`` (the trainee on a session)."""

    class Meta:
        model = SkillPractice

    attendance = factory.SubFactory(AttendanceFactory, hours_present=Decimal("4"))
    skill = factory.SubFactory(SkillFactory)
    level = factory.LazyFunction(lambda: AutonomyLevel.objects.order_by("rank").first())
    observed_by = factory.SubFactory(UserFactory)
    observed_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 11, 3, 12, tzinfo=datetime.UTC)
    )
    changed_by = factory.LazyAttribute(lambda o: o.observed_by)
    changed_at = factory.LazyAttribute(lambda o: o.observed_at)
