"""Forms used with the keyboard alone: every field reached with Tab, in the
order it is shown, each showing where the focus is, and the form sent without
a mouse."""

import datetime

import pytest
from playwright.sync_api import expect

from clients.models import Client
from jobs.models import WorkSession
from tests.factories import ContractFactory, JobFactory, TraineeFactory
from trainees.models import AutonomyLevel

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "",
    label: el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40),
    visible: style.outlineStyle !== "none" || style.boxShadow !== "none",
  };
}"""

# The form's fields a person fills, in the order they are shown.
FIELDS = """form => Array.from(form.querySelectorAll("input, select, textarea, button"))
  .filter(el => el.type !== "hidden" && !el.disabled && el.tabIndex >= 0 && el.offsetParent)
  .map(el => el.id || el.getAttribute("aria-label") || el.textContent.trim())"""


def tab_until(page, selector, limit=80) -> list[dict]:
    """Press Tab until ``selector`` has the focus; the elements passed on the way."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        passed.append(focused)
        assert focused["visible"], f"no visible focus on {focused}"
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return passed
    raise AssertionError(f"{selector} never took the focus: {passed[-5:]}")


def test_a_client_created_with_the_keyboard_alone(live_server, login, admin_staff):
    page = login("secretariat")
    page.goto(f"{live_server.url}/clients/nouveau/")
    form = page.locator("form.card, main form").last
    expected = form.evaluate(FIELDS)

    tab_until(page, "#id_kind")
    page.keyboard.type("Entreprise")  # a closed list picks the option typed
    expect(page.locator("#id_kind")).to_have_value("company")
    visited = [expected[0]]
    while not page.evaluate("document.activeElement.type === 'submit'"):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"no visible focus on {focused}"
        visited.append(focused["id"] or focused["label"])
        if focused["id"] == "id_name":
            page.keyboard.type("Menuiserie Lefèvre SRL")
        elif focused["id"] == "id_postal_code":
            page.keyboard.type("5000")
        elif focused["id"] == "id_city":
            page.keyboard.type("Namur")
    # every field, in the order shown: none skipped, none out of turn
    assert visited == expected[: len(visited)]
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Menuiserie Lefèvre SRL")
    assert Client.objects.get().kind == "company"


@pytest.fixture
def ready(workshop, trainer):
    for rank, name in enumerate(["Découverte", "Avec aide", "Autonome", "Maîtrise"], 1):
        AutonomyLevel.objects.get_or_create(rank=rank, defaults={"name": name})
    job = JobFactory(workshop=workshop, title="Rénovation cuisine", status="scheduled")
    trainee = TraineeFactory(workshop=workshop, first_name="Amina", last_name="Lambert")
    ContractFactory(trainee=trainee)
    return job


def test_a_session_planned_with_the_keyboard_alone(live_server, login, ready):
    page = login("trainer")
    page.goto(f"{live_server.url}/planning/seances/nouvelle/")
    tab_until(page, "#id_job")
    page.keyboard.press("ArrowDown")  # the first job of the list
    expect(page.locator("#id_job")).not_to_have_value("")
    tab_until(page, "#id_date")
    page.keyboard.press("Control+A")
    page.keyboard.type("1/12/26")
    page.keyboard.press("Tab")  # the calendar button, then on
    expect(page.locator("#id_date")).to_have_value("01/12/2026")
    assert page.evaluate(FOCUSED)["label"] == "Choisir dans le calendrier"
    tab_until(page, "#id_start_time")
    page.keyboard.type("8h30")
    page.keyboard.press("Tab")
    expect(page.locator("#id_start_time")).to_have_value("08:30")
    page.keyboard.type("12")
    tab_until(page, "input[name=trainees]")
    page.keyboard.press("Space")
    tab_until(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("planifiée")
    session = WorkSession.objects.get()
    assert (session.date, session.start_time, session.end_time) == (
        datetime.date(2026, 12, 1),
        datetime.time(8, 30),
        datetime.time(12),
    )
    assert [a.trainee.first_name for a in session.attendances.all()] == ["Amina"]
