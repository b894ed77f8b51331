"""The envelope builder: lines in Russian Post's order, the country lines, the return address."""

from datetime import date

import pytest

from eventsite.prisoners.address import address_state
from eventsite.prisoners.envelope import Addressee, Sender, build_envelope
from eventsite.prisoners.kinds import FacilityType, PrisonerStatus, UnconfirmedReason

TODAY = date(2026, 12, 1)
GOOD = address_state(
    status=PrisonerStatus.ACTIVE,
    facility_type=None,
    unconfirmed_on=None,
    unconfirmed_reason=None,
    last_reviewed=date(2026, 11, 1),
    has_address=True,
    today=TODAY,
)
TO = Addressee(
    name="Сафронов Иван Иванович",
    name_dative="Сафронову Ивану Ивановичу",
    birth_year=1990,
    facility="ФКУ ИК-2 УФСИН России по Владимирской обл.",
    street="ул. Франца Штольверка, д. 10",
    town="г. Покров",
    region="Владимирская обл.",
    postal_code="601446",
)
BERLIN = Sender(("Letters from Berlin", "Postfach 12 34", "10999 Berlin", "Germany"), "DE")


def test_lines_run_from_the_addressee_to_the_country():
    envelope = build_envelope(TO, BERLIN, GOOD)
    assert envelope.to_lines == (
        "Сафронову Ивану Ивановичу, 1990 г. р.",
        "ФКУ ИК-2 УФСИН России по Владимирской обл.",
        "ул. Франца Штольверка, д. 10",
        "г. Покров",
        "Владимирская обл.",
        "601446",
        "РОССИЯ",
        "RUSSLAND",  # Deutsche Post reads German
    )
    # The chapter's own "Germany" is kept; Russian Post reads the Russian line.
    assert envelope.from_lines == (
        "Letters from Berlin",
        "Postfach 12 34",
        "10999 Berlin",
        "GERMANY",
        "ГЕРМАНИЯ",
    )
    assert envelope.postable and not envelope.year_unknown


@pytest.mark.parametrize(
    ("origin", "country", "last"),
    [
        ("GE", "RU", ("РОССИЯ", "RUSSIA")),
        ("FR", "RU", ("РОССИЯ", "RUSSIE")),
        ("PL", "BY", ("БЕЛАРУСЬ", "BIAŁORUŚ")),
        ("DE", "BY", ("БЕЛАРУСЬ", "BELARUS")),
        ("KZ", "RU", ("601446", "РОССИЯ")),  # Kazpost reads Russian
        (None, "RU", ("РОССИЯ", "RUSSIA")),  # not set: both, harmless at home
        ("RU", "RU", ("Владимирская обл.", "601446")),  # inside one country: no line
        ("BY", "BY", ("Владимирская обл.", "601446")),
    ],
)
def test_the_destination_country_follows_where_the_chapter_posts_from(origin, country, last):
    addressee = _to(country)
    sender = Sender(("Somewhere",), origin)
    assert build_envelope(addressee, sender, GOOD).to_lines[-2:] == last


def _to(country: str) -> Addressee:
    return Addressee(
        name=TO.name,
        name_dative=TO.name_dative,
        birth_year=TO.birth_year,
        facility=TO.facility,
        street=TO.street,
        town=TO.town,
        region=TO.region,
        postal_code=TO.postal_code,
        country=country,
    )


def test_the_return_address_gets_the_country_in_latin_and_in_russian():
    tbilisi = Sender(("Tbilisi letter club", "P.O. Box 55", "0108 Tbilisi"), "GE")
    assert build_envelope(TO, tbilisi, GOOD).from_lines[-2:] == ("GEORGIA", "ГРУЗИЯ")
    twice = Sender(("X", "Deutschland", "Германия"), "DE")
    assert build_envelope(TO, twice, GOOD).from_lines == ("X", "DEUTSCHLAND", "ГЕРМАНИЯ")
    moscow = Sender(("Москва, а/я 1",), "RU")
    assert build_envelope(TO, moscow, GOOD).from_lines == ("Москва, а/я 1",)
    assert build_envelope(TO, None, GOOD).from_lines == ()


def test_a_missing_year_is_flagged_and_the_nominative_is_used_without_a_dative():
    addressee = Addressee(name="Ким Алексей", facility="ФКУ ИК-1", postal_code="101000")
    envelope = build_envelope(addressee, BERLIN, GOOD)
    assert envelope.year_unknown
    assert envelope.to_lines[0] == "Ким Алексей"


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"status": PrisonerStatus.TRANSFERRED}, ("status",)),
        ({"status": PrisonerStatus.RELEASED}, ("status",)),
        (
            {
                "unconfirmed_on": date(2026, 11, 20),
                "unconfirmed_reason": UnconfirmedReason.RETURNED,
            },
            ("unconfirmed",),
        ),
        ({"facility_type": FacilityType.TRANSIT}, ("transit",)),
        ({"facility_type": FacilityType.HOUSE_ARREST, "has_address": False}, ("house_arrest",)),
        ({"has_address": False}, ("incomplete",)),
    ],
)
def test_an_address_that_may_not_reach_them_is_not_postable(changes, problems):
    fields = {
        "status": PrisonerStatus.ACTIVE,
        "facility_type": None,
        "unconfirmed_on": None,
        "unconfirmed_reason": None,
        "last_reviewed": date(2026, 11, 1),
        "has_address": True,
        "today": TODAY,
    }
    state = address_state(**{**fields, **changes})
    assert not state.postable and state.problems == problems
    assert not build_envelope(TO, BERLIN, state).postable


def test_stale_means_not_checked_within_the_window():
    def stale(last):
        return address_state(
            status=PrisonerStatus.ACTIVE,
            facility_type=None,
            unconfirmed_on=None,
            unconfirmed_reason=None,
            last_reviewed=last,
            has_address=True,
            today=TODAY,
            stale_days=180,
        ).stale

    assert stale(None) and stale(date(2026, 6, 3))
    assert not stale(date(2026, 6, 4)) and not stale(TODAY)
