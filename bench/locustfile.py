"""What 40 people do at once, for bench/load.py (locust, headless).

Trainers open the week board, record attendance and skills on a session that
took place (the page's own form, sent back as shown: a real write), and plan
new sessions (saved, or refused by the conflict check); admin staff search and
export clients; trainees open their pages. Every person logs in first, through the login form."""

import datetime
import random
import re
import time
from html.parser import HTMLParser

from locust import HttpUser, between, task

SESSION = re.compile(r'href="/planning/seances/(\d+)/"')
# Last week's board: its sessions took place, so attendance and skills can be saved.
LAST_WEEK = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
TRAINERS = ["formateur"]
PASSWORD = "demo"


class FormValues(HTMLParser):
    """The values a browser would send back for the first POST form of a page."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and (attrs.get("method") or "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self.textarea:
            key, value = self.data[-1]
            self.data[-1] = (key, value + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_values(html: str) -> list[tuple[str, str]]:
    parser = FormValues()
    parser.feed(html)
    return parser.data


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/connexion/", name="login page").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.client.post(
            "/connexion/",
            {"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
            headers={"Referer": f"{self.host}/connexion/"},
            name="login",
        )

    def send_back(self, url, name):
        """Open a page and post its form back as shown (a write of the same values)."""
        page = self.client.get(url, name=name)
        data = form_values(page.text)
        if data:
            self.client.post(
                url, data, headers={"Referer": f"{self.host}{url}"}, name=name + " (save)"
            )


class Trainer(Person):
    weight = 5
    username = "formateur"

    def on_start(self):
        super().on_start()
        board = self.client.get(f"/planning/?date={LAST_WEEK}", name="week board").text
        self.sessions = SESSION.findall(board)

    @task(4)
    def week_board(self):
        self.client.get("/planning/", name="week board")

    @task(2)
    def attendance(self):
        if self.sessions:
            session = random.choice(self.sessions)
            self.send_back(f"/planning/seances/{session}/presences/", "attendance")

    @task(2)
    def skills(self):
        if self.sessions:
            session = random.choice(self.sessions)
            self.send_back(f"/planning/seances/{session}/competences/", "skills grid")

    @task(1)
    def plan(self):
        """Plan a morning on a job for two trainees: saved, or refused by the
        conflict check (a trainee already booked), as a trainer would see."""
        url = "/planning/seances/nouvelle/"
        page = self.client.get(url, name="session form").text
        select = re.search(r'<select name="job".*?</select>', page, re.S)
        jobs = re.findall(r'<option value="(\d+)"', select.group(0)) if select else []
        trainees = re.findall(r'name="trainees" value="(\d+)"', page)
        trainers = re.findall(r'name="trainers" value="(\d+)"', page)
        if not (jobs and trainees and trainers):
            return
        day = datetime.date.today() + datetime.timedelta(days=random.randrange(1, 56))
        day += datetime.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
        data = {k: v for k, v in form_values(page) if k in ("csrfmiddlewaretoken", "form_token")}
        data.update(
            kind="production",
            job=random.choice(jobs),
            date=day.isoformat(),
            period="morning",
            trainers=random.choice(trainers),
            trainees=random.sample(trainees, min(2, len(trainees))),
            accept_warnings="on",
        )
        self.client.post(url, data, headers={"Referer": f"{self.host}{url}"}, name="plan a session")


class AdminStaff(Person):
    weight = 3
    username = "secretariat"

    @task(4)
    def search(self):
        word = random.choice(["dupont", "garage", "namur", "asbl", "commune", "lambert"])
        self.client.get(f"/clients/?q={word}", name="client search")

    @task(1)
    def export(self):
        """Ask for the client list's export, follow its progress as the page's
        script does, and download the file once ready."""
        page = self.client.get("/clients/?kind=company", name="client list").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        asked = self.client.post(
            "/clients/?kind=company",
            {"csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/clients/"},
            name="client export (ask)",
            allow_redirects=False,
        )
        detail = asked.headers.get("Location", "")
        if not detail.startswith("/mes-exports/"):
            return
        for _ in range(30):
            state = self.client.get(f"{detail}etat/", name="export progress").json()
            if state["finished"]:
                break
            time.sleep(1)
        self.client.get(f"{detail}fichier/", name="client export (file)")

    @task(2)
    def jobs(self):
        self.client.get("/travaux/", name="job list")


class Trainee(Person):
    weight = 2
    username = "stagiaire"

    @task(3)
    def home(self):
        self.client.get("/moi/", name="trainee home")

    @task(2)
    def record(self):
        self.client.get("/moi/competences/", name="my skills")
