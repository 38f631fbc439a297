"""A person's planning as iCalendar, to subscribe to from a phone.

The feed's address carries a random token stored for the person
(:class:`eft.models.CalendarFeed`) instead of a login (calendar apps cannot log
in); it shows the sessions of the person it was made for, nothing else. The
person can regenerate it, which revokes the old address.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event


def token_for(user) -> str:
    """The person's feed token, made the first time it is asked for."""
    from eft.models import CalendarFeed

    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed.token


def regenerate(user) -> str:
    """A new token: the old address stops working at once."""
    from eft.models import CalendarFeed, new_feed_token

    token = new_feed_token()
    CalendarFeed.objects.update_or_create(user=user, defaults={"token": token})
    return token


def user_for(token: str):
    """The active person whose feed this is, or None."""
    from eft.models import CalendarFeed

    if not token or len(token) > 64:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    return feed.user if feed else None


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
