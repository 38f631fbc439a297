"""No input gives a 500: every page of the URL walk, as every role that may open
it, gets junk in every query parameter its forms know and in every form it posts,
and junk ids in its address.

The parameters and forms are read from the page itself (its HTML), so a new page
is covered as soon as it is in the access table, without a test of its own.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from tests.eft.test_access import ACCESS, A, C, S, T, W, objects, url_for  # noqa: F401

JUNK = [
    "",
    "abc",
    "-1",
    "0",
    "1,5",
    "99999999999999999999",
    "9" * 5000,
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "²",
    "٣",
    "1e400",
    "NaN",
    "-Infinity",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "a\x00b",
    "%",
    "[]",
    "x" * 5000,
]
# The values that broke pages before (overflow, range, unicode digits, NUL):
# each parameter gets each of them alone.
SHARP = ["99999999999999999999", "9" * 5000, "9999-12-31", "²", "a\x00b", "-1", "2026-02-30"]
# Parameters that pages read without a form field for them.
COMMON = [
    *("page", "per_page", "sort", "export", "q", "date", "atelier", "format", "print"),
    *("job", "trainee", "session", "kind", "we", "all", "competence", "template"),
]


class Forms(HTMLParser):
    """The forms of a page: their method, action and field names."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
            }
            self.forms.append(self.current)
        elif tag in ("input", "select", "textarea", "button") and self.current is not None:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                self.current["fields"].setdefault(name, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def page_forms(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def same_site(action: str, url: str) -> str | None:
    """The form's target on this site, or None for another site."""
    if not action:
        return url
    parts = urlsplit(action)
    if parts.netloc:
        return None
    return parts.path or url


class Failures(list):
    """Every failing request of one page, reported together."""

    def hit(self, call, *args, what):
        try:
            response = call(*args)
        except Exception as error:  # the test client re-raises what the view raised
            self.append(f"{what}: {type(error).__name__}: {str(error)[:120]}")
            return None
        if response.status_code >= 500:
            self.append(f"{what}: {response.status_code}")
        return response


ROLE_USERS = {
    C: "coordinator",
    A: "admin_staff",
    T: "trainer",
    S: "trainee_user",
    W: "social_worker",
}
CASES = sorted(
    (name, role)
    for name, (_method, roles) in ACCESS.items()
    for role in roles
    if role in ROLE_USERS
)


@pytest.mark.parametrize("name,role", CASES)
def test_no_input_gives_a_500(request, client_as, objects, name, role):  # noqa: F811
    client = client_as(request.getfixturevalue(ROLE_USERS[role]))
    method = ACCESS[name][0]
    url = url_for(name, objects)

    failures = Failures()
    forms = []
    html = True
    if method == "get":
        response = failures.hit(client.get, url, what=url)
        html = response is not None and "html" in response.get("Content-Type", "")
        if html and response.status_code == 200:
            forms = page_forms(response.content.decode())
    else:
        forms = [{"method": "post", "action": url, "fields": {"action": "", "next": ""}}]

    if method == "get":
        names = set(COMMON)
        for form in forms:
            if form["method"] == "get" and same_site(form["action"], url) == url:
                names |= set(form["fields"])
        for value in JUNK:
            query = dict.fromkeys(names, value)
            failures.hit(client.get, url, query, what=f"GET all={value[:20]!r}")
        # A document (PDF, UBL, .xlsx) has no form: the values all at once suffice.
        for param in sorted(names) if html else ():
            for value in SHARP:
                failures.hit(client.get, url, {param: value}, what=f"GET {param}={value[:20]!r}")

    for form in forms:
        target = same_site(form["action"], url)
        if form["method"] != "post" or target is None:
            continue
        fields = form["fields"]
        for value in JUNK:
            junk = dict.fromkeys(fields, value)
            failures.hit(client.post, target, junk, what=f"POST {target} all={value[:20]!r}")
        for value in SHARP:
            # The hidden and fixed values kept (the version, the action), so that
            # the junk reaches the form's own checks.
            kept = {key: (fixed if fixed else value) for key, fixed in fields.items()}
            failures.hit(client.post, target, kept, what=f"POST {target} kept+{value[:20]!r}")

    # Junk ids in the address: a 404, never a 500.
    match = resolve(urlsplit(url).path)
    for key, arg in match.kwargs.items():
        if isinstance(arg, int):
            for junk in (10**20, 2**63, 2**31):
                kwargs = {**match.kwargs, key: junk}
                try:
                    junk_url = reverse(match.view_name, kwargs=kwargs)
                except Exception:
                    continue
                failures.hit(getattr(client, method), junk_url, what=junk_url)
    assert failures == [], "\n".join(dict.fromkeys(failures))
