"""Reports: counts for an evening, a chapter and a prisoner, as plain dataclasses.

Counts only, never attendee names or emails, and only from what the purge keeps
(status, walk-in, first-time and Russian-reader flags, check-in times), so a report
gives the same numbers before and after an evening's personal data is deleted.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, exists, func, select

from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db, utcnow
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.tallies.models import LetterBatch, LetterTally, PostingMethod

QUIET_DAYS = 90


@dataclass(frozen=True)
class Attendance:
    confirmed: int  # signed up with a seat (walk-ins not included)
    waitlisted: int
    cancelled: int
    arrived: int  # checked in, walk-ins included
    no_shows: int | None  # None until the evening has ended
    walk_ins: int
    first_timers: int  # among those who arrived
    russian_readers: int  # among those who arrived
    marked_no_shows: int = 0  # of the no-shows, those an organizer marked as not come


@dataclass(frozen=True)
class LetterLine:
    prisoner_id: int
    name_ru: str
    name_latin: str
    letters: int
    postcards: int


@dataclass(frozen=True)
class Posting:
    posted_on: date
    method: PostingMethod


@dataclass(frozen=True)
class EveningReport:
    attendance: Attendance
    lines: list[LetterLine]
    letters: int
    postcards: int
    posting: Posting | None


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


_CONFIRMED = Rsvp.status == RsvpStatus.CONFIRMED
_ARRIVED = _CONFIRMED & Rsvp.checked_in_at.is_not(None)


def attendance(event: Event, now: datetime | None = None) -> Attendance:
    """Attendance counts for one evening, in one query."""
    row = db.session.execute(
        select(
            _count(_CONFIRMED & ~Rsvp.is_walk_in),
            _count(Rsvp.status == RsvpStatus.WAITLISTED),
            _count(Rsvp.status == RsvpStatus.CANCELLED),
            _count(_ARRIVED),
            _count(_CONFIRMED & ~Rsvp.is_walk_in & Rsvp.checked_in_at.is_(None)),
            _count(_CONFIRMED & Rsvp.is_walk_in),
            _count(_ARRIVED & Rsvp.first_time),
            _count(_ARRIVED & Rsvp.reads_russian),
            _count(_CONFIRMED & Rsvp.no_show_at.is_not(None)),
        ).where(Rsvp.event_id == event.id)
    ).one()
    confirmed, waitlisted, cancelled, arrived, absent, walk_ins, first, readers, marked = map(
        int, row
    )
    ended = event.ends_at <= (now or utcnow())
    return Attendance(
        confirmed=confirmed,
        waitlisted=waitlisted,
        cancelled=cancelled,
        arrived=arrived,
        no_shows=absent if ended else None,
        marked_no_shows=marked,
        walk_ins=walk_ins,
        first_timers=first,
        russian_readers=readers,
    )


def letter_lines(event_id: int) -> list[LetterLine]:
    """Letters and postcards per prisoner for one evening, by name."""
    rows = db.session.execute(
        select(
            Prisoner.id,
            Prisoner.name_ru,
            Prisoner.name_latin,
            LetterTally.letters,
            LetterTally.postcards,
        )
        .join(Prisoner, Prisoner.id == LetterTally.prisoner_id)
        .where(LetterTally.event_id == event_id)
        .order_by(Prisoner.name_ru, Prisoner.id)
    )
    return [LetterLine(*row) for row in rows]


def evening_report(event: Event, now: datetime | None = None) -> EveningReport:
    lines = letter_lines(event.id)
    batch = db.session.scalar(select(LetterBatch).where(LetterBatch.event_id == event.id))
    return EveningReport(
        attendance=attendance(event, now),
        lines=lines,
        letters=sum(line.letters for line in lines),
        postcards=sum(line.postcards for line in lines),
        posting=Posting(batch.posted_on, batch.method) if batch else None,
    )


# The chapter dashboard


@dataclass(frozen=True)
class MonthRow:
    month: date  # the first day of the month, in the chapter's time zone
    evenings: int  # published evenings that have started
    signups: int  # confirmed sign-ups at those evenings (walk-ins not included)
    arrivals: int  # checked in at those evenings, walk-ins included
    letters: int  # from every evening of the chapter that month
    postcards: int


@dataclass(frozen=True)
class QuietPrisoner:
    id: int
    name_ru: str
    name_latin: str


@dataclass(frozen=True)
class Dashboard:
    months: list[MonthRow]
    total: MonthRow  # its `month` is the first month of the period
    prisoners_written_to: int


def month_starts(first: date, last: date) -> list[date]:
    """First days of every month from `first`'s month to `last`'s, inclusive."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def period(tz: str, months: int, now: datetime) -> list[date]:
    """The last `months` calendar months in `tz`, the current one included."""
    today = now.astimezone(ZoneInfo(tz)).date()
    back = today.year * 12 + today.month - 1 - (months - 1)
    return month_starts(date(back // 12, back % 12 + 1, 1), today)


def _utc_start(month: date, tz: str) -> datetime:
    return datetime(month.year, month.month, 1, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def dashboard(chapter_id: int, tz: str, months: int, now: datetime | None = None) -> Dashboard:
    """Monthly evenings, sign-ups, arrivals and letters of a chapter, in its time zone.

    One row per evening comes back from the database (a few hundred at most over
    five years) and is put into its local month here: SQLite cannot convert time zones.
    """
    now = now or utcnow()
    buckets = period(tz, months, now)
    since = _utc_start(buckets[0], tz)
    people = (
        select(
            Rsvp.event_id,
            _count(_CONFIRMED & ~Rsvp.is_walk_in).label("signups"),
            _count(_ARRIVED).label("arrivals"),
        )
        .group_by(Rsvp.event_id)
        .subquery()
    )
    mail = (
        select(
            LetterTally.event_id,
            func.sum(LetterTally.letters).label("letters"),
            func.sum(LetterTally.postcards).label("postcards"),
        )
        .group_by(LetterTally.event_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Event.starts_at,
            Event.status,
            func.coalesce(people.c.signups, 0),
            func.coalesce(people.c.arrivals, 0),
            func.coalesce(mail.c.letters, 0),
            func.coalesce(mail.c.postcards, 0),
        )
        .outerjoin(people, people.c.event_id == Event.id)
        .outerjoin(mail, mail.c.event_id == Event.id)
        .where(Event.chapter_id == chapter_id, Event.starts_at >= since, Event.starts_at <= now)
    ).all()
    sums = {month: [0, 0, 0, 0, 0] for month in buckets}
    zone = ZoneInfo(tz)
    for starts_at, status, signups, arrivals, letters, postcards in rows:
        local = starts_at.astimezone(zone).date()
        acc = sums[date(local.year, local.month, 1)]
        if status == EventStatus.PUBLISHED:
            acc[0] += 1
            acc[1] += int(signups)
            acc[2] += int(arrivals)
        acc[3] += int(letters)
        acc[4] += int(postcards)
    lines = [MonthRow(month, *sums[month]) for month in buckets]
    total = MonthRow(buckets[0], *(sum(column) for column in zip(*sums.values(), strict=True)))
    return Dashboard(
        months=lines, total=total, prisoners_written_to=written_to(chapter_id, since, now)
    )


def written_to(chapter_id: int, since: datetime, until: datetime) -> int:
    """How many different prisoners the chapter's evenings wrote to in a period."""
    return db.session.execute(
        select(func.count(func.distinct(LetterTally.prisoner_id)))
        .join(Event, Event.id == LetterTally.event_id)
        .where(
            Event.chapter_id == chapter_id,
            Event.starts_at >= since,
            Event.starts_at <= until,
            LetterTally.letters + LetterTally.postcards > 0,
        )
    ).scalar_one()


def quiet_prisoners_query(chapter_id: int, now: datetime | None = None, days: int = QUIET_DAYS):
    """Active prisoners the chapter has not written to in `days` days, as one query."""
    since = (now or utcnow()) - timedelta(days=days)
    wrote = (
        select(LetterTally.id)
        .join(Event, Event.id == LetterTally.event_id)
        .where(
            LetterTally.prisoner_id == Prisoner.id,
            Event.chapter_id == chapter_id,
            Event.starts_at >= since,
            LetterTally.letters + LetterTally.postcards > 0,
        )
    )
    return (
        select(Prisoner.id, Prisoner.name_ru, Prisoner.name_latin)
        .where(Prisoner.status == PrisonerStatus.ACTIVE, ~exists(wrote))
        .order_by(Prisoner.name_ru, Prisoner.id)
    )


@dataclass(frozen=True)
class QuietPage:
    items: list[QuietPrisoner]
    total: int
    page: int
    pages: int

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


def quiet_prisoners(
    chapter_id: int, page: int = 1, per_page: int = 50, now: datetime | None = None
) -> QuietPage:
    """One page of the quiet prisoners and how many there are: two queries in all."""
    query = quiet_prisoners_query(chapter_id, now)
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.execute(counted).scalar_one()
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    return QuietPage([QuietPrisoner(*row) for row in rows], total, page, pages)


# A prisoner's page


@dataclass(frozen=True)
class PrisonerLetters:
    months: list[MonthRow]  # only `month`, `letters` and `postcards` are filled in
    letters: int  # ever, all chapters
    postcards: int


def prisoner_letters(prisoner_id: int, months: int = 12, now=None) -> PrisonerLetters:
    """Letters to one prisoner per month across all chapters, counted in UTC months.

    Chapters are spread over time zones; UTC months keep every chapter's evenings
    comparable, and an evening near midnight moves by a month at most.
    """
    now = now or utcnow()
    buckets = period("UTC", months, now)
    mine = select(Event.starts_at, LetterTally.letters, LetterTally.postcards).join(
        Event, Event.id == LetterTally.event_id
    )
    rows = db.session.execute(
        mine.where(
            LetterTally.prisoner_id == prisoner_id,
            Event.starts_at >= _utc_start(buckets[0], "UTC"),
            Event.starts_at <= now,
        )
    ).all()
    sums = {month: [0, 0] for month in buckets}
    for starts_at, letters, postcards in rows:
        acc = sums[starts_at.astimezone(UTC).date().replace(day=1)]
        acc[0] += letters
        acc[1] += postcards
    letters, postcards = db.session.execute(
        select(
            func.coalesce(func.sum(LetterTally.letters), 0),
            func.coalesce(func.sum(LetterTally.postcards), 0),
        ).where(LetterTally.prisoner_id == prisoner_id)
    ).one()
    return PrisonerLetters(
        months=[MonthRow(m, 0, 0, 0, *sums[m]) for m in buckets],
        letters=int(letters),
        postcards=int(postcards),
    )
