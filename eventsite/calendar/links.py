"""Links to a chapter's feed and to one evening, for calendars and calendar services.

Every absolute link is built on BASE_URL, never on the request's Host header: it ends
up in people's calendars, where a forged host would stay for good.
"""

from datetime import UTC, datetime
from urllib.parse import urlencode

from eventsite.core.urls import absolute_url

GOOGLE_RENDER = "https://calendar.google.com/calendar/render"
OUTLOOK_ADD_FROM_WEB = "https://outlook.live.com/calendar/0/addfromweb"
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/deeplink/compose"
# Google and Outlook put the text in the URL; keep it well under common URL limits.
MAX_DETAILS = 1000
GOOGLE_TIME = "%Y%m%dT%H%M%SZ"


def webcal(url: str) -> str:
    """The same address with the scheme that makes a browser open the calendar app."""
    return "webcal://" + url.split("://", 1)[1]


def _utc(moment: datetime, fmt: str) -> str:
    return moment.astimezone(UTC).strftime(fmt)


def _details(text: str, url: str) -> str:
    if len(text) > MAX_DETAILS:
        text = text[: MAX_DETAILS - 1].rstrip() + "…"
    return f"{text}\n\n{url}".strip()


def feed_links(chapter) -> dict[str, str]:
    """Ways to subscribe to a chapter's evenings: each follows changes and cancellations."""
    feed = absolute_url("calendar.chapter_feed", slug=chapter.slug)
    return {
        "feed": feed,
        "webcal": webcal(feed),
        "google": f"{GOOGLE_RENDER}?{urlencode({'cid': webcal(feed)})}",
        "outlook": f"{OUTLOOK_ADD_FROM_WEB}?{urlencode({'url': feed, 'name': chapter.name})}",
    }


def event_links(event, location: str | None) -> dict[str, str]:
    """Ways to add one evening: the .ics follows nothing, the services copy it once."""
    page = absolute_url("events.event", event_id=event.id)
    details = _details(event.description, page)
    google = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(event.starts_at, GOOGLE_TIME)}/{_utc(event.ends_at, GOOGLE_TIME)}",
        "details": details,
        "ctz": event.chapter.timezone,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _utc(event.starts_at, "%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(event.ends_at, "%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
    }
    if location:
        google["location"] = outlook["location"] = location
    return {
        "ics": absolute_url("calendar.event_ics", event_id=event.id),
        "google": f"{GOOGLE_RENDER}?{urlencode(google)}",
        "outlook": f"{OUTLOOK_COMPOSE}?{urlencode(outlook)}",
    }
