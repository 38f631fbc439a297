"""The four home pages in Chromium, on a desktop and on a phone. Their
screenshots go to test-artifacts/ (kept by CI, ignored by git)."""

import datetime
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import AttendanceFactory, ContractFactory, JobFactory, SessionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize(
    ("username", "fixture", "heading"),
    [
        ("trainer", "trainer", "Présences à encoder"),
        ("secretariat", "admin_staff", "Chantiers terminés à facturer"),
        ("coord", "coordinator", "Mois à clôturer"),
        ("stagiaire", "trainee_user", "Cette semaine"),
    ],
)
def test_each_home_page_on_a_desktop_and_a_phone(
    live_server, login, page, request, workshop, username, fixture, heading
):
    request.getfixturevalue(fixture)
    from trainees.models import Trainee

    today = timezone.localdate()
    trainee = Trainee.objects.filter(user__username="stagiaire").first()
    job = JobFactory(workshop=workshop, title="Rénovation d'une cuisine", planned_start=today)
    for day in (today - datetime.timedelta(days=2), today, today + datetime.timedelta(days=1)):
        AttendanceFactory(
            session=SessionFactory(job=job, date=day), **({"trainee": trainee} if trainee else {})
        )
    JobFactory(workshop=workshop, status="done", title="Clôture du jardin")
    ContractFactory(start_date=today.replace(day=1), end_date=today + datetime.timedelta(days=12))
    login(username)
    ARTIFACTS.mkdir(exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), f"{username} home page scrolls sideways on the {size}"
        page.screenshot(path=ARTIFACTS / f"home-{fixture}-{size}.png", full_page=True)
        # The page-wide battery walks every page at the phone's width, where the
        # menu is folded: the menu bar as a desktop shows it is checked here.
        serious = [
            (v["id"], [node["target"] for node in v["nodes"][:3]])
            for v in Axe().run(page).response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], f"{username} home page on the {size}: {serious}"
