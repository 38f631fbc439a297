"""Every page of the URL walk, for every role that may open it, in Chromium at a
phone's width (390 px): nothing scrolls sideways, and axe-core finds no
accessibility violation of impact "serious" or "critical".

One test per role, each walking all of its pages in one browser session, so
that each page and role is checked once (the batteries are the slow part of CI).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests.eft.test_access import ACCESS, REDIRECTS, A, C, S, T, W, objects, url_for  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
SERIOUS = {"serious", "critical"}
USERS = {C: "coordinator", A: "admin_staff", T: "trainer", S: "trainee_user", W: "social_worker"}
AXE = Axe()
# Pieces of a page, fetched into it by its script (checked as part of it).
FRAGMENTS = {"planning_add_choices"}


@pytest.fixture(autouse=True)
def autonomy_scale(transactional_db):
    """An earlier transactional test flushed the scale the migration made."""
    from trainees.models import AutonomyLevel

    for rank, name in enumerate(["Découverte", "Avec aide", "Autonome", "Maîtrise"], 1):
        AutonomyLevel.objects.get_or_create(rank=rank, defaults={"name": name})


def html_pages(role, objects, user):  # noqa: F811
    """The role's GET pages that answer an HTML page (not a file or a redirect)."""
    browser = Client()
    browser.force_login(user)
    for name in sorted(ACCESS):
        method, roles = ACCESS[name]
        if method != "get" or role not in roles or name in REDIRECTS | FRAGMENTS:
            continue
        url = url_for(name, objects)
        response = browser.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            yield name, url


def overflow(page) -> list[str]:
    """What sticks out to the right of a phone's screen (none if nothing)."""
    return page.evaluate(
        """() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        return [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > width + 1
                       && !e.closest('.table-wrap, .board, .kanban'))
          .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
        }"""
    )


@pytest.mark.parametrize("role", sorted(USERS))
def test_every_page_fits_a_phone_and_has_no_serious_accessibility_violation(
    live_server,
    login,
    page,
    request,
    objects,  # noqa: F811
    role,
):
    user = request.getfixturevalue(USERS[role])
    page.set_viewport_size(PHONE)
    login(user.username)
    problems = []
    walked = 0
    for name, url in html_pages(role, objects, user):
        page.goto(f"{live_server.url}{url}")
        walked += 1
        wide = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if wide > 0:
            problems.append(f"{name}: {wide} px too wide {overflow(page)}")
        results = AXE.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    assert walked > 3, "the walk found no page"
    assert problems == [], "\n".join(problems)
