"""Every URL of the application, walked as anonymous and as each role."""

import datetime
import functools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    AreaFactory,
    AttendanceFactory,
    ClientFactory,
    ContactFactory,
    ContractFactory,
    FrameworkFactory,
    JobFactory,
    SessionFactory,
    SiteFactory,
    SkillFactory,
    TraineeFactory,
    UserFactory,
)
from trainees.models import AutonomyLevel

C, A, T, S, W = "coordinator", "admin_staff", "trainer", "trainee", "social_worker"

# url name -> (HTTP method, roles that may open it). Everyone else gets 403,
# or 404 where the object is not theirs.
ACCESS = {
    "home": ("get", {C, A, T, S, W, "nobody"}),
    "planning_ics_regenerate": ("post", {C, A, T, S, W, "nobody"}),
    "password_change": ("get", {C, A, T, S, W, "nobody"}),
    "password_change_done": ("get", {C, A, T, S, W, "nobody"}),
    "followup": ("get", {W}),
    "two_factor_setup": ("get", {C, A, T, S, W, "nobody"}),
    "two_factor_verify": ("get", {C, A, T, S, W, "nobody"}),
    "account_list": ("get", {C}),
    "account_create": ("get", {C}),
    "account_detail": ("get", {C}),
    "account_update": ("get", {C}),
    "account_sheet": ("get", {C}),
    "account_send_link": ("post", {C}),
    "account_active": ("post", {C}),
    "trainee_login_create": ("post", {C, A}),
    "trainee_login_sheet": ("get", {C, A}),
    "trainee_home": ("get", {S}),
    "my_competences": ("get", {S}),
    "my_attestations": ("get", {S}),
    "organisation": ("get", {C}),
    "workshop_list": ("get", {C, A, T}),
    "workshop_create": ("get", {C}),
    "workshop_detail": ("get", {C, A, T}),
    "workshop_update": ("get", {C}),
    "client_list": ("get", {C, A}),
    "client_create": ("get", {C, A}),
    "client_import": ("get", {C, A}),
    "client_detail": ("get", {C, A}),
    "client_update": ("get", {C, A}),
    "client_delete": ("get", {C, A}),
    "client_archive": ("post", {C, A}),
    "contact_create": ("get", {C, A}),
    "contact_update": ("get", {C, A}),
    "contact_delete": ("get", {C, A}),
    "site_create": ("get", {C, A}),
    "site_update": ("get", {C, A}),
    "site_delete": ("get", {C, A}),
    "trainee_list": ("get", {C, A, T, W}),
    "trainee_create": ("get", {C, A}),
    "trainee_detail": ("get", {C, A, T, W}),
    "trainee_update": ("get", {C, A}),
    "trainee_reveal": ("post", {C}),
    "trainee_access_export": ("post", {C}),
    "contract_create": ("get", {C, A}),
    "contract_update": ("get", {C, A}),
    "contract_delete": ("get", {C, A}),
    "framework_list": ("get", {C, T}),
    "framework_detail": ("get", {C, T}),
    "framework_update": ("get", {C, T}),
    "skill_import": ("get", {C, T}),
    "area_create": ("get", {C, T}),
    "area_update": ("get", {C, T}),
    "area_delete": ("get", {C, T}),
    "skill_create": ("get", {C, T}),
    "skill_update": ("get", {C, T}),
    "skill_delete": ("get", {C, T}),
    "autonomy_level_list": ("get", {C, T}),
    "autonomy_level_update": ("get", {C}),
    "job_list": ("get", {C, A, T}),
    "job_kanban": ("get", {C, A, T}),
    "job_client_pick": ("get", {C, A, T}),
    "job_create": ("get", {C, A, T}),
    "job_detail": ("get", {C, A, T}),
    "job_update": ("get", {C, A, T}),
    "job_delete": ("get", {C, A}),
    "job_lines": ("get", {C, A, T}),
    "job_transition": ("post", {C, A, T}),
    "job_sheet": ("get", {C, A, T}),
    "job_sheets": ("get", {C, A, T}),
    "job_adjustments": ("get", {C, A, T}),
    "planning": ("get", {C, A, T}),
    "planning_add_trainee": ("get", {C, T}),
    "planning_add_choices": ("get", {C, T}),
    "session_create": ("get", {C, T}),
    "session_availability": ("get", {C, T}),
    "session_import": ("get", {C, T}),
    "session_detail": ("get", {C, A, T}),
    "session_update": ("get", {C, T}),
    "session_delete": ("get", {C, T}),
    "attendance": ("get", {C, T}),
    "practice_grid": ("get", {C, T}),
    "month_list": ("get", {C, A, T}),
    "my_planning": ("get", {C, A, T, S, W, "nobody"}),
    # The records of a trainee (not the trainee login's own: theirs answer 404 here).
    "competence_record": ("get", {C, T}),
    "record_skill": ("get", {C, T}),
    "self_assessment": ("post", set()),  # only the trainee, about themself
    "assessment_reply": ("post", {C, T}),
    "skill_validate": ("get", {C, T}),
    "skill_unvalidate": ("get", {C, T}),
    "badge_json": ("get", {C, T}),
    "attestation_list": ("get", {C, T}),
    "attestation_pdf": ("get", {C, T}),
    "attestation_xlsx": ("get", {C, T}),
    "badges": ("get", {C, T}),
    "competence_matrix": ("get", {C, T}),
    # Hours statements: the administration's.
    "statement_workshop": ("get", {C, A}),
    "statement_trainee": ("get", {C, A}),
    "travel_costs": ("get", {C, A}),
    "statement_year": ("get", {C, A}),
    "statement_sector": ("post", {C, A}),
    "job_reason": ("get", {C, A, T}),
    # The chatter: as open as its record (here a job); a note is taken back by its author.
    "chatter_post": ("post", {C, A, T}),
    "chatter_delete": ("get", {A}),
    "chatter_file": ("get", {C, A, T}),
    "chatter_thumbnail": ("get", {C, A, T}),
    "statement_batch": ("post", {C, A}),
    # « Mes exports »: everyone has the list of their own; one export is its owner's only.
    "export_list": ("get", {C, A, T, S, W, "nobody"}),
    "export_detail": ("get", {A}),
    "export_status": ("get", {A}),
    "export_download": ("get", {A}),
    "allowance_rates": ("get", {C, A}),
    # Invoicing: the administration's and coordination's.
    "invoice_list": ("get", {C, A}),
    "aged_balance": ("get", {C, A}),
    "invoice_create": ("get", {C, A}),
    "invoice_detail": ("get", {C, A}),
    "invoice_update": ("get", {C, A}),
    "invoice_lines": ("get", {C, A}),
    "invoice_issue": ("post", {C, A}),
    "invoice_delete": ("get", {C, A}),
    "credit_note_create": ("get", {C, A}),
    "payment_create": ("get", {C, A}),
    "reminder_create": ("get", {C, A}),
    "reminder_pdf": ("get", {C, A}),
    "reminder_send": ("post", {C, A}),
    "invoice_pdf": ("get", {C, A}),
    "invoice_ubl": ("get", {C, A}),
    "accounting_exports": ("get", {C, A}),
    "client_account": ("get", {C, A}),
    "bank_statement_list": ("get", {C, A}),
    "bank_import": ("get", {C, A}),
    "bank_statement_detail": ("get", {C, A}),
    "quote_list": ("get", {C, A}),
    "quote_create": ("get", {C, A}),
    "quote_detail": ("get", {C, A}),
    "quote_send": ("post", {C, A}),
    "quote_decide": ("post", {C, A}),
    "quote_pdf": ("get", {C, A}),
}
# Pages that send the user on (a redirect is their answer).
# A draft has no UBL; sending a quote or a reminder and deciding a quote answer
# with the page they came from.
REDIRECTS = {
    "home",
    "two_factor_verify",  # nothing to verify without a device: home
    "my_competences",
    "my_attestations",
    "invoice_ubl",
    "quote_send",
    "quote_decide",
    "reminder_send",
}
# Pages outside the role table: authentication, the language switch, Django's admin
# (staff only), and the organisation's logo (any logged-in user, 404 when none).
# The calendar feed is opened by a phone's calendar with a signed token, not a login.
OUTSIDE = {"login", "logout", "set_language", "organisation_logo", "planning_ics"}
# Choosing a password again is for people who cannot log in.
OUTSIDE |= {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            yield from all_url_names(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


def test_every_url_is_in_the_access_table():
    names = set(all_url_names())
    assert names - OUTSIDE == set(ACCESS), (
        "add new pages to ACCESS with the roles that may open them"
    )


@pytest.fixture
def objects(workshop, admin_staff):
    client = ClientFactory()
    trainee = TraineeFactory(workshop=workshop)
    framework = FrameworkFactory(workshop=workshop)
    area = AreaFactory(framework=framework)
    job = JobFactory(workshop=workshop, client=client)
    session = SessionFactory(job=job)
    AttendanceFactory(session=session, trainee=trainee)
    skill = SkillFactory(area=area)
    records = record_rows(trainee, skill)
    return {
        **records,
        "invoice": invoice_row(client),
        "quote": quote_row(job),
        "bank_statement": bank_row(),
        "reminder": reminder_row(client),
        "job": job,
        "session": session,
        "export": export_row(admin_staff),
        "note": note_row(job, admin_staff),
        "workshop": workshop,
        "client": client,
        "contact": ContactFactory(client=client),
        "site": SiteFactory(client=client),
        "trainee": trainee,
        "contract": ContractFactory(trainee=trainee),
        "framework": framework,
        "area": area,
        "skill": skill,
        "autonomy_level": AutonomyLevel.objects.get(rank=1),
        "account": UserFactory(username="someone", email="someone@example.org"),
        "logged_trainee": TraineeFactory(
            workshop=workshop, user=UserFactory(username="with.login", roles=["trainee"])
        ),
    }


def note_row(job, author):
    """A note with a photo on the job's chatter."""
    from chatter.services import post_note
    from tests.chatter.helpers import photo

    return post_note(target=job, author=author, body="Avant travaux", files=[photo()])


def invoice_row(client):
    """A draft invoice with a line (issuing it from the walk is a POST like any)."""
    from decimal import Decimal

    from invoicing.models import Invoice, InvoiceLine

    invoice = Invoice.objects.create(client=client)
    InvoiceLine.objects.create(
        invoice=invoice,
        description="Travaux",
        quantity=Decimal(1),
        unit_price=Decimal("10"),
        vat_rate=Decimal("21"),
    )
    return invoice


def reminder_row(client):
    """A reminder of an overdue issued invoice."""
    import datetime

    from invoicing import reminders, services
    from tests.factories import UserFactory

    user = UserFactory()
    invoice = services.invoice_issue(
        invoice=invoice_row(client), user=user, today=datetime.date(2026, 1, 5)
    )
    return reminders.reminder_create(invoice=invoice, user=user, today=datetime.date(2026, 3, 2))


def bank_row():
    from invoicing.bank import statement_import

    content = b"Date;Montant;Communication\n04/12/2026;12,50;Merci\n"
    return statement_import(content=content, file_name="extrait.csv", user=None)


def quote_row(job):
    """A quote of the job (made by the service, as any)."""
    from invoicing.quotes import quote_create
    from tests.factories import JobLineFactory, UserFactory

    draft = JobFactory(workshop=job.workshop, client=job.client, status="draft")
    JobLineFactory(job=draft)
    return quote_create(job=draft, user=UserFactory())


def record_rows(trainee, skill):
    """A self-assessment, a validation and an attestation of ``trainee``."""
    import datetime

    from records.models import Attestation, SelfAssessment, SkillValidation
    from tests.factories import UserFactory

    level = AutonomyLevel.objects.get(rank=2)
    someone = UserFactory()
    day = datetime.date(2026, 11, 3)
    return {
        "self_assessment": SelfAssessment.objects.create(
            trainee=trainee, skill=skill, level=level, assessed_on=day
        ),
        "validation": SkillValidation.objects.create(
            trainee=trainee,
            skill=skill,
            level=level,
            validated_on=day,
            validated_by=someone,
            evidence="x",
        ),
        "attestation": Attestation.objects.create(
            trainee=trainee,
            period_start=day,
            period_end=day,
            issued_by=someone,
            content=EMPTY_ATTESTATION,
        ),
    }


def export_row(owner):
    from django.core.files.base import ContentFile

    from exports.models import Export, ExportStatus

    export = Export.objects.create(
        user=owner, kind="list", title="Clients", status=ExportStatus.DONE, filename="c.xlsx"
    )
    export.file.save("c.xlsx", ContentFile(b"PK"), save=True)
    return export


EMPTY_ATTESTATION = {
    "organisation": {
        "legal_name": "C",
        "legal_form": "",
        "address": [],
        "enterprise_number": "",
        "email": "",
        "phone": "",
        "website": "",
    },
    "trainee": {"name": "X", "birth_date": None, "entry_date": "2026-01-05"},
    "workshop": {"name": "W", "trade": "T"},
    "period": ["2026-11-03", "2026-11-03"],
    "hours": {"present": "0", "assimilated": "0", "total": "0"},
    "levels": [],
    "skills": [],
    "issued_by": "Y",
}


def record_args(name, objects):
    """The arguments of a records page, for the objects of the walk."""
    trainee, skill = objects["trainee"].pk, objects["skill"].pk
    return {
        "competence_record": [trainee],
        "attestation_list": [trainee],
        "badges": [trainee],
        "record_skill": [trainee, skill],
        "self_assessment": [trainee, skill],
        "skill_validate": [trainee, skill],
        "assessment_reply": [objects["self_assessment"].pk],
        "skill_unvalidate": [objects["validation"].pk],
        "badge_json": [objects["validation"].pk],
        "attestation_pdf": [objects["attestation"].pk],
        "attestation_xlsx": [objects["attestation"].pk],
        "statement_workshop": [NOVEMBER, objects["workshop"].pk],
        "travel_costs": [NOVEMBER, objects["workshop"].pk],
        "statement_trainee": [NOVEMBER, trainee],
        "statement_year": [2026, objects["workshop"].pk],
        "statement_sector": [NOVEMBER],
        "statement_batch": [NOVEMBER, objects["workshop"].pk],
        "job_reason": [objects["job"].pk, "cancel"],
        "chatter_post": ["jobs.job", objects["job"].pk],
        "chatter_delete": [objects["note"].pk],
        **{
            name: [objects["note"].attachments.get().pk]
            for name in ("chatter_file", "chatter_thumbnail")
        },
        **{
            name: [objects["export"].pk]
            for name in ("export_detail", "export_status", "export_download")
        },
        "invoice_create": [objects["client"].pk],
        "trainee_login_sheet": [objects["logged_trainee"].pk],
        "trainee_login_create": [objects["trainee"].pk],
        **{
            name: [objects["account"].pk]
            for name in (
                "account_detail",
                "account_update",
                "account_sheet",
                "account_send_link",
                "account_active",
            )
        },
        "quote_create": [objects["job"].pk],
        "client_account": [objects["client"].pk],
        "reminder_create": [objects["reminder"].invoice_id],  # overdue: its second reminder
        "reminder_pdf": [objects["reminder"].pk],
        "reminder_send": [objects["reminder"].pk],
        "bank_statement_detail": [objects["bank_statement"].pk],
        **{
            name: [objects["quote"].pk]
            for name in ("quote_detail", "quote_send", "quote_decide", "quote_pdf")
        },
        **{
            name: [objects["invoice"].pk]
            for name in (
                "invoice_detail",
                "invoice_update",
                "invoice_lines",
                "invoice_issue",
                "invoice_delete",
                "credit_note_create",
                "payment_create",
                "invoice_pdf",
                "invoice_ubl",
            )
        },
    }.get(name)


NOVEMBER = datetime.date(2026, 11, 1)


def url_for(name, objects):
    if name == "planning_add_choices":  # the session is a query parameter
        return f"{reverse(name)}?session={objects['session'].pk}"
    if name == "job_sheets":  # the jobs are query parameters
        return f"{reverse(name)}?id={objects['job'].pk}"
    args = record_args(name, objects)
    if args is not None:
        return reverse(name, args=args)
    owner = {
        "workshop_detail": "workshop",
        "workshop_update": "workshop",
        "client_detail": "client",
        "client_update": "client",
        "client_delete": "client",
        "client_archive": "client",
        "contact_update": "contact",
        "contact_delete": "contact",
        "site_update": "site",
        "site_delete": "site",
        "trainee_detail": "trainee",
        "followup": "trainee",
        "trainee_update": "trainee",
        "trainee_reveal": "trainee",
        "trainee_access_export": "trainee",
        "contract_update": "contract",
        "contract_delete": "contract",
        "framework_detail": "framework",
        "framework_update": "framework",
        "area_update": "area",
        "area_delete": "area",
        "skill_update": "skill",
        "skill_delete": "skill",
        "autonomy_level_update": "autonomy_level",
        "contact_create": "client",
        "site_create": "client",
        "contract_create": "trainee",
        "skill_import": "framework",
        "area_create": "framework",
        "skill_create": "framework",
        "job_create": "client",
        "attendance": "session",
        "practice_grid": "session",
    }.get(name)
    if owner is None and name.startswith("job_") and name not in ("job_list", "job_kanban"):
        owner = "job" if name != "job_client_pick" else None
    if (
        owner is None
        and name.startswith("session_")
        and name
        not in (
            "session_create",
            "session_import",
            "session_availability",
        )
    ):
        owner = "session"
    return reverse(name, args=[objects[owner].pk]) if owner else reverse(name)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_anonymous_is_sent_to_login(client, objects, name):
    method, _roles = ACCESS[name]
    response = getattr(client, method)(url_for(name, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_gets_exactly_its_rights(
    client_as,
    objects,
    name,
    coordinator,
    admin_staff,
    trainer,
    trainee_user,
    social_worker,
    no_role_user,
):
    method, allowed = ACCESS[name]
    users = {
        C: coordinator,
        A: admin_staff,
        T: trainer,
        S: trainee_user,
        W: social_worker,
        "nobody": no_role_user,
    }
    url = url_for(name, objects)
    wrong = []
    for role, user in users.items():
        response = getattr(client_as(user), method)(url)
        if role in allowed:
            ok = (
                response.status_code in (200, 302)
                if method == "post"
                else (
                    response.status_code == 200
                    or (name in REDIRECTS and response.status_code == 302)
                )
            )
        else:
            ok = response.status_code in (403, 404)
        if not ok:
            wrong.append((role, response.status_code))
    assert wrong == [], f"{name}: unexpected answers {wrong}"


def test_trainer_gets_404_for_a_trainee_of_another_workshop(client_as, trainer, other_workshop):
    stranger = TraineeFactory(workshop=other_workshop)
    assert client_as(trainer).get(reverse("trainee_detail", args=[stranger.pk])).status_code == 404


def test_trainer_gets_404_for_another_workshops_framework(client_as, trainer, other_workshop):
    framework = FrameworkFactory(workshop=other_workshop)
    response = client_as(trainer).get(reverse("framework_detail", args=[framework.pk]))
    assert response.status_code == 404


def test_trainee_sees_only_their_own_record(client_as, trainee_user, workshop):
    other = TraineeFactory(workshop=workshop, first_name="Bruno")
    browser = client_as(trainee_user)
    page = browser.get(reverse("trainee_home"))
    assert page.status_code == 200
    assert "Amina" in page.content.decode()
    assert "Bruno" not in page.content.decode()
    assert browser.get(reverse("trainee_detail", args=[other.pk])).status_code == 403


def test_home_sends_a_trainee_to_their_home_page(client_as, trainee_user):
    response = client_as(trainee_user).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("trainee_home")


RECORD_PAGES = [
    "statement_workshop",
    "statement_trainee",
    "travel_costs",
    "statement_year",
    "competence_record",
    "record_skill",
    "self_assessment",
    "skill_validate",
    "assessment_reply",
    "skill_unvalidate",
    "badge_json",
    "attestation_list",
    "attestation_pdf",
    "attestation_xlsx",
    "badges",
]


@pytest.mark.parametrize("name", RECORD_PAGES)
def test_a_trainee_who_changes_an_id_gets_404(client_as, objects, trainee_user, name):
    """Every page of the competence record, with another trainee's ids: 404,
    whether the page reads or writes, and whatever the trainee may do on their own."""
    method = ACCESS[name][0]
    response = getattr(client_as(trainee_user), method)(url_for(name, objects))
    assert response.status_code == 404


def test_logo_is_404_when_there_is_none(client_as, admin_staff):
    assert client_as(admin_staff).get(reverse("organisation_logo")).status_code == 404


@functools.cache
def choice_codes() -> frozenset[str]:
    """Every stored code of a choice field whose label differs from it (e.g.
    ``in_progress``, ``company``): one of them shown as is is untranslated."""
    from django.apps import apps

    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and len(value) >= 3 and value != str(label):
                    codes.add(value)
    return frozenset(codes)


TEXT = re.compile(r">\s*([^<>]+?)\s*<")
# Labels, column and row titles (headings may hold a name, e.g. a file's).
LABEL = re.compile(r"<(label|th|dt|legend)\b[^>]*>\s*([^<\s][^<]{0,60})")


@pytest.mark.parametrize(
    "name", sorted(n for n, (method, roles) in ACCESS.items() if method == "get")
)
def test_no_page_shows_a_raw_code_or_a_lower_case_label(
    client_as, objects, name, coordinator, admin_staff, trainer, trainee_user, social_worker
):
    """Walk every page as the first role that may open it: no choice code where
    its label should be, and no label, heading or column title in lower case."""
    users = {C: coordinator, A: admin_staff, T: trainer, S: trainee_user, W: social_worker}
    role = next((r for r in (C, A, T, S, W) if r in ACCESS[name][1]), None)
    if role is None:
        pytest.skip("only for a login with no role")
    response = client_as(users[role]).get(url_for(name, objects))
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        pytest.skip("not an HTML page")
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    codes = choice_codes()
    raw = sorted({text for text in TEXT.findall(page) if text in codes})
    lower = sorted({text.strip() for _tag, text in LABEL.findall(page) if text[0].islower()})
    assert raw == [] and lower == [], f"{name}: codes {raw}, lower-case labels {lower}"
