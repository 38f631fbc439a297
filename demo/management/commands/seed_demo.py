"""Load the demo data. Idempotent: running it twice leaves the same data."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Max

from clients.choices import ClientKind
from clients.models import Client, Contact, Site
from demo import data
from demo.numbers import enterprise_number, national_number
from eft.choices import Role
from eft.models import Organisation, Workshop
from eft.text import fold
from jobs import services as job_services
from jobs import workflow
from jobs.choices import AbsenceReason, JobStatus, SessionKind
from jobs.models import Job, JobLine, SkillPractice
from records import services as record_services
from trainees.choices import FrameworkScope, TraineeStatus
from trainees.models import (
    AutonomyLevel,
    Skill,
    SkillArea,
    SkillFramework,
    Trainee,
    TrainingContract,
)

DEMO_PASSWORD = "demo"
DEMO_LOGINS = [
    ("coordination", "Claire", "Lemaire", [Role.COORDINATOR]),
    ("formateur", "François", "Dubois", [Role.TRAINER]),
    ("secretariat", "Sarah", "Vandenberghe", [Role.ADMIN_STAFF]),
    ("stagiaire", "Amina", "Lambert", [Role.TRAINEE]),
    ("accompagnement", "Nadia", "Haddad", [Role.SOCIAL_WORKER]),
]


class Command(BaseCommand):
    help = "Load the demo data (organisation, workshops, frameworks, trainees, clients, logins)."

    @transaction.atomic
    def handle(self, *args, **options):
        rng = random.Random(2026)
        self.organisation()
        users = self.logins()
        workshops = self.workshops(users)
        self.centre_framework()
        self.trainees(workshops, users, rng)
        self.clients(rng)
        self.jobs(workshops, users, rng)
        self.validations(users)
        self.invoicing(workshops, users)
        self.followup(users)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Logins (password “demo”): "
                + ", ".join(login for login, *_ in DEMO_LOGINS)
            )
        )

    def followup(self, users):
        """The social worker's log for Amina: a meeting, a referral."""
        from followup.models import FollowUpEntry

        trainee = Trainee.objects.get(user=users["stagiaire"])
        if trainee.followup_entries.exists():
            return
        worker = users["accompagnement"]
        FollowUpEntry.objects.create(
            trainee=trainee,
            date=trainee.entry_date,
            kind="meeting",
            obstacles=["mobility", "childcare"],
            notes="Premier entretien : trajet en bus de 50 minutes, deux enfants à l’école.",
            author=worker,
        )
        FollowUpEntry.objects.create(
            trainee=trainee,
            date=trainee.entry_date + datetime.timedelta(days=14),
            kind="referral",
            obstacles=["mobility"],
            referred_to="Mobilité — service d’aide au permis de conduire",
            author=worker,
        )

    def organisation(self):
        Organisation.objects.update_or_create(pk=1, defaults=data.ORGANISATION)

    def user(self, username, first, last, roles):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.email = f"{username}@atelier-tremplin.be"
            user.is_staff = Role.COORDINATOR in roles
            user.save()
        user.groups.add(*Group.objects.filter(name__in=roles))
        return user

    def logins(self):
        return {
            username: self.user(username, first, last, roles)
            for username, first, last, roles in DEMO_LOGINS
        }

    def workshops(self, users):
        result = []
        for spec in data.WORKSHOPS:
            workshop, _ = Workshop.objects.update_or_create(
                name=spec["name"],
                defaults=dict(
                    trade=spec["trade"],
                    capacity=spec["capacity"],
                    max_trainees_per_trainer=spec["ratio"],
                    default_hourly_rate=Decimal(spec["rate"]),
                ),
            )
            for username, first, last in spec["trainers"]:
                workshop.trainers.add(self.user(username, first, last, [Role.TRAINER]))
            if spec is data.WORKSHOPS[0]:
                workshop.trainers.add(users["formateur"])
            framework, _ = SkillFramework.objects.get_or_create(
                workshop=workshop, defaults={"name": f"Référentiel {spec['name'].lower()}"}
            )
            for area_position, (area_code, area_name, skills) in enumerate(spec["areas"], 1):
                area, _ = SkillArea.objects.update_or_create(
                    framework=framework,
                    name=area_name,
                    defaults={"code": area_code, "position": area_position},
                )
                for position, (code, name, reference) in enumerate(skills, 1):
                    Skill.objects.update_or_create(
                        framework=framework,
                        code=code,
                        defaults={
                            "area": area,
                            "name": name,
                            "reference": reference,
                            "position": position,
                        },
                    )
            result.append(workshop)
        return result

    def centre_framework(self):
        spec = data.CENTRE_FRAMEWORK
        framework, _ = SkillFramework.objects.update_or_create(
            scope=FrameworkScope.CENTRE,
            defaults={"name": spec["name"], "description": spec["description"]},
        )
        for area_position, (area_code, area_name, kind, skills) in enumerate(spec["areas"], 1):
            area, _ = SkillArea.objects.update_or_create(
                framework=framework,
                name=area_name,
                defaults={"code": area_code, "kind": kind, "position": area_position},
            )
            for position, (code, name) in enumerate(skills, 1):
                Skill.objects.update_or_create(
                    framework=framework,
                    code=code,
                    defaults={"area": area, "name": name, "position": position},
                )

    def trainees(self, workshops, users, rng):
        today = datetime.date.today()
        for index in range(25):
            first, last = data.FIRST_NAMES[index], data.LAST_NAMES[index]
            workshop = workshops[index % len(workshops)]
            birth = datetime.date(1970 + index, 1 + index % 12, 1 + index % 28)
            entry = today - datetime.timedelta(days=30 + 9 * index)
            postal_code, city = data.CITIES[index % len(data.CITIES)]
            status = TraineeStatus.ACTIVE if index < 22 else TraineeStatus.APPLICANT
            trainee, _ = Trainee.objects.update_or_create(
                first_name=first,
                last_name=last,
                defaults=dict(
                    birth_date=birth,
                    national_number=national_number(birth, 100 + index),
                    email=f"{fold(first)}.{fold(last).replace(' ', '')}@example.be",
                    phone=f"0470 {10 + index:02d} {20 + index:02d} {30 + index:02d}",
                    street=f"{data.STREETS[index % len(data.STREETS)]} {index + 3}",
                    postal_code=postal_code,
                    city=city,
                    workshop=workshop,
                    status=status,
                    entry_date=entry,
                ),
            )
            if index == 0:
                trainee.user = users["stagiaire"]
                trainee.save(update_fields=["user"])
            if status == TraineeStatus.ACTIVE and not trainee.contracts.exists():
                TrainingContract.objects.create(
                    trainee=trainee,
                    start_date=entry,
                    end_date=entry + datetime.timedelta(days=364),
                    hours_per_week=Decimal(rng.choice(["20.0", "28.5", "30.0", "38.0"])),
                    forem_reference=f"FOR-{today.year}-{1000 + index}",
                )

    def clients(self, rng):
        specs = []
        for i in range(25):
            specs.append(
                (
                    ClientKind.INDIVIDUAL,
                    data.LAST_NAMES[(i * 7) % 25],
                    data.FIRST_NAMES[(i * 3) % 25],
                    "",
                )
            )
        for i, (form, name) in enumerate(data.COMPANIES):
            specs.append((ClientKind.COMPANY, f"{name} {form}", "", enterprise_number(1000 + i)))
        for i, name in enumerate(data.PUBLIC_BODIES):
            specs.append((ClientKind.PUBLIC_BODY, name, "", enterprise_number(2000 + i)))
        for i, name in enumerate(data.NON_PROFITS):
            specs.append((ClientKind.NON_PROFIT, name, "", enterprise_number(3000 + i)))
        for index, (kind, name, first, number) in enumerate(specs):
            postal_code, city = data.CITIES[index % len(data.CITIES)]
            street = f"{data.STREETS[index % len(data.STREETS)]} {index + 1}"
            client, created = Client.objects.get_or_create(
                kind=kind,
                name=name,
                first_name=first,
                defaults=dict(
                    enterprise_number=number,
                    vat_number=f"BE{number}" if kind in (ClientKind.COMPANY,) else "",
                    language="nl" if index % 11 == 0 else "fr",
                    email=f"client{index}@example.be",
                    phone=f"081 {20 + index:02d} {30 + index % 60:02d} {40 + index % 50:02d}",
                    street=street,
                    postal_code=postal_code,
                    city=city,
                    peppol_endpoint=f"0208:{number}" if number else "",
                ),
            )
            if not created:
                continue
            Site.objects.create(
                client=client,
                name="Adresse principale" if kind == ClientKind.INDIVIDUAL else f"Site {city}",
                street=street,
                postal_code=postal_code,
                city=city,
                is_private_dwelling=kind == ClientKind.INDIVIDUAL,
                first_occupation_year=(1965 + index * 3 % 55)
                if kind == ClientKind.INDIVIDUAL
                else None,
            )
            if kind != ClientKind.INDIVIDUAL:
                Contact.objects.create(
                    client=client,
                    name=f"{data.FIRST_NAMES[index % 25]} {data.LAST_NAMES[(index + 5) % 25]}",
                    role=rng.choice(
                        ["Gérant·e", "Responsable technique", "Échevin·e", "Directeur·rice"]
                    ),
                    email=f"contact{index}@example.be",
                    phone=f"0478 {index:02d} 11 22",
                )

    def jobs(self, workshops, users, rng):
        """A few jobs per workshop in every state, with last week's sessions
        recorded (hours and skills) and this week's and next week's planned."""
        if Job.objects.exists():
            return
        today = datetime.date.today()
        monday = today - datetime.timedelta(days=today.weekday())
        clients = list(Client.objects.filter(is_archived=False).order_by("pk"))
        levels = list(AutonomyLevel.objects.order_by("rank"))
        states = [
            JobStatus.IN_PROGRESS,
            JobStatus.SCHEDULED,
            JobStatus.ACCEPTED,
            JobStatus.QUOTED,
            JobStatus.DRAFT,
        ]
        for w_index, workshop in enumerate(workshops):
            trainers = list(workshop.trainers.order_by("pk"))
            trainees = list(workshop.trainees.filter(status=TraineeStatus.ACTIVE).order_by("pk"))
            skills = list(workshop.framework.skills.order_by("position", "code"))
            centre = list(SkillFramework.shared().skills.filter(area__kind="transversal"))
            for j_index, (title, description, lines) in enumerate(data.JOBS[w_index]):
                client = clients[(w_index * 7 + j_index * 3) % len(clients)]
                job = job_services.job_create(
                    Job(
                        client=client,
                        site=client.sites.first(),
                        workshop=workshop,
                        title=title,
                        description=description,
                        responsible_trainer=trainers[j_index % len(trainers)],
                        planned_start=monday - datetime.timedelta(days=7),
                        planned_end=monday + datetime.timedelta(days=25),
                    )
                )
                for position, (kind, text, qty, unit, price, vat) in enumerate(lines):
                    JobLine.objects.create(
                        job=job,
                        position=position,
                        kind=kind,
                        description=text,
                        quantity=Decimal(qty),
                        unit=unit,
                        unit_price=Decimal(price),
                        vat_rate=Decimal(vat),
                    )
                target = states[j_index % len(states)]
                if target == JobStatus.DRAFT:
                    continue
                workflow.run(job, "quote")
                if target == JobStatus.QUOTED:
                    continue
                workflow.run(job, "accept")
                if target == JobStatus.ACCEPTED:
                    continue
                # Two jobs per workshop get a team: trainees split between them.
                team = trainees[j_index::2][: workshop.max_trainees_per_trainer]
                trainer = trainers[j_index % len(trainers)]
                weeks = [-1, 0, 1] if target == JobStatus.IN_PROGRESS else [0, 1]
                for week in weeks:
                    start = monday + datetime.timedelta(days=7 * week)
                    days = [start + datetime.timedelta(days=d) for d in (0, 1, 2, 3)]
                    days = [d for d in days if d >= job.planned_start]
                    job_services.sessions_plan(
                        job=Job.objects.select_related("workshop").get(pk=job.pk),
                        dates=[d for d in days if d.weekday() < 5],
                        start=datetime.time(8, 0) if j_index == 0 else datetime.time(12, 30),
                        end=datetime.time(12, 0) if j_index == 0 else datetime.time(16, 30),
                        period="morning" if j_index == 0 else "afternoon",
                        trainers=[trainer],
                        trainees=team,
                        accept_warnings=True,
                    )
                job = workflow.run(job, "schedule")
                if target == JobStatus.IN_PROGRESS:
                    job = workflow.run(job, "start")
                    for day, session in enumerate(job.sessions.filter(date__lt=monday)):
                        job_services.attendance_everyone_present(session, user=trainer)
                        absent = None
                        if day == 1 and session.attendances.count() > 1:
                            # One trainee ill on the second day: 4 h assimilated.
                            absent = session.attendances.order_by("pk").last()
                            job_services.attendance_record(
                                session,
                                [
                                    {
                                        "trainee_id": absent.trainee_id,
                                        "hours_present": None,
                                        "absence_reason": AbsenceReason.ILLNESS,
                                    }
                                ],
                                user=trainer,
                            )
                        practised = {}
                        for attendance in session.attendances.all():
                            if absent is not None and attendance.pk == absent.pk:
                                continue
                            for skill in rng.sample(skills, 3) + rng.sample(centre, 1):
                                level = rng.choice(levels[:3]).pk
                                practised[(attendance.trainee_id, skill.pk)] = (level, "")
                        job_services.practices_record(session, practised, user=trainer)
            self.lessons(workshop, trainers[0], trainees, monday, levels, rng)
        self.stdout.write(f"{Job.objects.count()} jobs, {SkillPractice.objects.count()} skills")

    def done_job(
        self,
        workshop,
        client,
        title,
        lines,
        *,
        treatment="standard",
        site=None,
        ended=None,
        buyer_reference="",
    ):
        """A finished fixed-price job with its lines, ready to invoice."""
        job = job_services.job_create(
            Job(
                client=client,
                site=client.sites.first(),
                workshop=workshop,
                title=title,
                vat_treatment=treatment,
                buyer_reference=buyer_reference,
            )
        )
        for position, (text, qty, unit, price, vat) in enumerate(lines):
            JobLine.objects.create(
                job=job,
                position=position,
                description=text,
                quantity=Decimal(qty),
                unit=unit,
                unit_price=Decimal(price),
                vat_rate=Decimal(vat),
            )
        Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
        return Job.objects.get(pk=job.pk)

    def invoicing(self, workshops, users):
        """Each invoicing case reachable by the admin-staff login: drafts and
        issued invoices for every VAT treatment, a partial credit note, partial
        and full payments, an overdue invoice with its first reminder, a quote,
        and a bank statement to match. Issued oldest first: numbers follow dates."""
        from invoicing import bank, quotes, reminders
        from invoicing import services as billing
        from invoicing.models import Invoice

        if Invoice.objects.exists():
            return
        staff = users["secretariat"]
        today = datetime.date.today()
        building, green, kitchen = workshops[0], workshops[1], workshops[2]
        companies = list(Client.objects.filter(kind=ClientKind.COMPANY).order_by("pk"))
        house = Client.objects.filter(kind=ClientKind.INDIVIDUAL).order_by("-pk").first()
        public = Client.objects.filter(kind=ClientKind.PUBLIC_BODY).order_by("pk").first()
        non_profit = Client.objects.filter(kind=ClientKind.NON_PROFIT).order_by("pk").first()
        builder = companies[0]
        builder.files_vat_returns = True
        builder.save()
        labour = "Main-d'œuvre"
        cases = [
            # (days ago, workshop, client, title, lines, treatment, order reference)
            (60, green, companies[2], "Tonte et entretien des abords",
             [(labour, "12", "h", "32.00", "21.00")], "standard", ""),
            (45, green, companies[1], "Taille des haies du parking",
             [(labour, "16", "h", "32.00", "21.00"),
              ("Évacuation des déchets verts", "1", "forfait", "85.00", "21.00")],
             "standard", "BC-2026-118"),
            (25, building, builder, "Pose de cloisons au 2e étage",
             [(labour, "64", "h", "34.00", "21.00"),
              ("Plaques de plâtre", "30", "pièce", "9.80", "21.00")],
             "reverse_charge", "PO 4471"),
            (18, building, house, "Rénovation de la salle de bains",
             [(labour, "40", "h", "30.00", "6.00"),
              ("Carrelage et colle", "12", "m²", "38.50", "6.00")],
             "renovation", ""),
            (12, kitchen, non_profit, "Atelier cuisine pour le public de l'association",
             [("Animation d'un atelier de formation", "1", "journée", "350.00", "0.00")],
             "exempt", ""),
            (8, kitchen, public, "Buffet de la réception des nouveaux habitants",
             [("Buffet froid", "80", "couvert", "14.50", "12.00"),
              ("Boissons", "80", "verre", "2.50", "21.00")],
             "standard", ""),
        ]  # fmt: skip
        issued = []
        for days_ago, workshop, client, title, lines, treatment, reference in cases:
            job = self.done_job(
                workshop, client, title, lines, treatment=treatment, buyer_reference=reference
            )
            draft = billing.invoice_create(client=client, jobs=[job], user=staff)
            day = today - datetime.timedelta(days=days_ago)
            issued.append(billing.invoice_issue(invoice=draft, user=staff, today=day))
        overdue, hedge, works, renovation, _exempt, catering = issued

        def pay(invoice, amount, days_ago, reference):
            billing.payment_record(
                invoice=invoice,
                date=today - datetime.timedelta(days=days_ago),
                amount=Decimal(amount),
                method="transfer",
                reference=reference,
                user=staff,
            )

        pay(hedge, hedge.total_incl_vat, 20, "Extrait 212")  # paid in full
        pay(renovation, "500.00", 5, "Acompte du client")  # partly paid
        # The overdue one (60 days ago at 30 days) gets its first reminder today.
        reminders.reminder_create(invoice=overdue, user=staff, today=today)
        # The partitions job, partly credited: five plates taken back.
        plates = works.lines.get(description="Plaques de plâtre")
        credit = billing.credit_note_create(
            invoice=works, user=staff, lines=[(plates, Decimal(5), [])], reason="5 plaques reprises"
        )
        billing.invoice_issue(invoice=credit, user=staff, today=today)
        # A draft, to look at before issuing.
        hedge_lines = [
            (labour, "10", "h", "32.00", "21.00"),
            ("Charmes", "40", "pièce", "3.20", "21.00"),
        ]
        planting = self.done_job(green, companies[3], "Plantation d'une haie", hedge_lines)
        billing.invoice_create(client=companies[3], jobs=[planting], user=staff)
        # A quote sent for a quoted job.
        quoted = Job.objects.filter(status=JobStatus.QUOTED).order_by("pk").first()
        if quoted is not None:
            quotes.quote_create(job=quoted, user=staff)
        # This morning's bank statement: the catering payment, to confirm.
        amount = str(catering.total_incl_vat).replace(".", ",")
        communication = billing.format_communication(catering.structured_communication)
        rows = [
            "Date;Montant;Communication;Nom de la contrepartie;Compte contrepartie",
            f"{today:%d/%m/%Y};{amount};{communication};{public.name};BE68539007547034",
            f"{today:%d/%m/%Y};-64,90;Facture fournisseur;Brico Namur;BE46000325448336",
        ]
        bank.statement_import(
            content="\n".join(rows).encode(), file_name="extrait-du-jour.csv", user=staff
        )
        self.stdout.write(f"{Invoice.objects.count()} invoices and credit notes")

    def validations(self, users):
        """The demo trainee's two best-practised skills, marked as acquired."""
        trainee = Trainee.objects.filter(user=users["stagiaire"]).first()
        if trainee is None or trainee.validations.exists():
            return
        best = (
            SkillPractice.objects.filter(attendance__trainee=trainee)
            .values("skill")
            .annotate(top=Max("level__rank"), times=Count("pk"))
            .order_by("-top", "-times", "skill")[:2]
        )
        trainer = trainee.workshop.trainers.order_by("pk").first()
        for row in best:
            record_services.skill_validate(
                trainee=trainee,
                skill=Skill.objects.get(pk=row["skill"]),
                user=trainer,
                level=AutonomyLevel.objects.get(rank=row["top"]),
                validated_on=datetime.date.today(),
                evidence="Observée en autonomie sur le chantier, validée avec le formateur.",
            )

    def lessons(self, workshop, trainer, trainees, monday, levels, rng):
        """Last Friday morning, a lesson in the centre for the workshop's
        trainees (hours recorded, basic skills practised); next Friday, the next one."""
        centre = {s.code: s for s in SkillFramework.shared().skills.all()}
        team = trainees[: workshop.max_trainees_per_trainer]
        for week, (title, codes) in zip((-1, 0), data.LESSONS, strict=True):
            friday = monday + datetime.timedelta(days=7 * week + 4)
            (session,) = job_services.sessions_plan(
                kind=SessionKind.LESSON,
                workshop=workshop,
                title=title,
                dates=[friday],
                start=datetime.time(8, 30),
                end=datetime.time(12, 0),
                period="custom",
                trainers=[trainer],
                trainees=team,
                accept_warnings=True,
            )
            if friday < datetime.date.today():
                job_services.attendance_everyone_present(session, user=trainer)
                cells = {
                    (a.trainee_id, centre[code].pk): (rng.choice(levels[:3]).pk, "")
                    for a in session.attendances.all()
                    for code in codes
                }
                job_services.practices_record(session, cells, user=trainer)
