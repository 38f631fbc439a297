import os

import pytest

# Playwright's sync API runs an event loop in this thread; the Django ORM calls the
# tests make between browser steps are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def log_in(page, base_url, username, password="pw"):
    """Through the login form, in ``page`` (any browser context)."""
    page.goto(f"{base_url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    return page


@pytest.fixture
def login(live_server, page):
    def do(username, password="pw"):
        return log_in(page, live_server.url, username, password)

    return do
