"""A person's planning as iCalendar, to subscribe to from a phone.

The feed's address carries a signed token instead of a login (calendar apps
cannot log in); it shows the sessions of the person it was made for, nothing else.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from icalendar import Calendar, Event

SALT = "jobs.calendar"


def token_for(user) -> str:
    return signing.dumps(user.pk, salt=SALT)


def user_id_from(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def build(sessions, *, name: str) -> bytes:
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//EFT atelier//planning//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = datetime.datetime.now(tz=datetime.UTC)
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@eft-atelier")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.datetime.combine(session.date, session.start_time, zone))
        event.add("dtend", datetime.datetime.combine(session.date, session.end_time, zone))
        event.add("summary", f"{session.label} {session.description}")
        if session.place:
            event.add("location", session.place)
        if session.notes:
            event.add("description", session.notes)
        calendar.add_component(event)
    return calendar.to_ical()
