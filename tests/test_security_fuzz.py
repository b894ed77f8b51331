"""Random input into every form and URL parameter: never a 500, never a half-saved change."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from eventsite.extensions import db
from tests.fuzzstats import count
from tests.helpers import login
from tests.test_security_matrix import _world

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e309",
        "NaN",
        "9" * 40,
        "2026-02-30",
        "0000-00-00",
        "24:61",
        "\x00",
        "a\x00b",
        "\r\n",
        "\u202e",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "x" * 20_000,
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "ё" * 300,
        "{{ 7*7 }}",
        "%(name)s",
        "../../etc/passwd",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=300), st.integers(-(10**12), 10**12).map(str))

EVENT = ["title", "description", "day", "starts", "ends", "venue_name", "venue_address",
         "address_visibility", "capacity", "deadline_day", "deadline_time"]  # fmt: skip
PRISONER = ["name_ru", "name_latin", "birth_date", "status", "postal_code", "region", "town",
            "street", "facility", "arrest_date", "sentence", "bio", "interests", "writer_notes",
            "restrictions", "mail_routes", "mail_notes", "tags", "external_id", "source_url",
            "last_reviewed"]  # fmt: skip

# endpoint -> form fields ({t}/{p} stand for the table and prisoner ids)
FORMS = {
    "auth.login": ["email", "password", "remember"],
    "auth.forgot_password": ["email"],
    "rsvp.rsvp": ["name", "email", "reads_russian", "first_time", "note"],
    "safety.letter_check": ["text"],
    "manage_events.new_event": [*EVENT, "repeat", "count"],
    "manage_events.edit_event": EVENT,
    "chapters.settings": ["name", "city", "timezone", "contact_email", "return_address",
                          "postal_delay_days", "paper_size"],
    "chapters.invite": ["email", "role"],
    "seating.add_tables": ["count", "seats"],
    "seating.edit_table": ["t{t}-label", "t{t}-seats"],
    "seating.move_person": ["table"],
    "seating.move_prisoner": ["table"],
    "checkin.walk_in": ["name", "reads_russian"],
    "tallies.tallies": ["letters-{p}", "postcards-{p}"],
    "tallies.posted": ["posted_on", "method"],
    "prisoners.new": PRISONER,
    "prisoners.edit": PRISONER,
}  # fmt: skip

QUERIES = {
    "events.index": ["page"],
    "events.chapter": ["page"],
    "prisoners.index": ["q", "status", "month", "tag", "page"],
    "prisoners.public_directory": ["q", "page"],
    "prisoners.birthdays": ["chapter"],
    "seating.choose": ["theme"],
    "checkin.checkin": ["q"],
    "printing.signin": ["paper"],
    "printing.envelopes": ["size", "paper"],
    "auth.login": ["next"],
    "core.set_language": ["lang", "next"],
}

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _counts() -> dict[str, int]:
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
    }


def _setup(app):
    world = _world()
    client = app.test_client()
    login(client, world["people"]["organizer"].email)
    # the organizer may edit the shared directory
    return world, client


def _url(app, endpoint, world):
    from tests.test_security_matrix import _url as matrix_url

    return matrix_url(app, endpoint, world)[1]


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", sorted(FORMS))
def test_forms_survive_random_input(app, endpoint):
    world, client = _setup(app)
    url = _url(app, endpoint, world)
    fields = [
        f.format(t=world["values"]["table_id"], p=world["values"]["prisoner_id"])
        for f in FORMS[endpoint]
    ]

    @FUZZ
    @given(st.dictionaries(st.sampled_from(fields), VALUE))
    def run(data):
        count(endpoint)
        before = _counts()
        response = client.post(url, data=data)
        assert response.status_code < 500, (endpoint, data)
        if response.status_code >= 400 or response.status_code == 200:
            # refused or shown again with errors: nothing may have been written
            db.session.expire_all()
            assert _counts() == before, (endpoint, data)

    run()


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", sorted(QUERIES))
def test_url_parameters_survive_random_input(app, endpoint):
    world, client = _setup(app)
    url = _url(app, endpoint, world)

    @FUZZ
    @given(st.dictionaries(st.sampled_from(QUERIES[endpoint]), VALUE, min_size=1))
    def run(query):
        count(endpoint + "?")
        response = client.get(url, query_string=query)
        assert response.status_code < 500, (endpoint, query)

    run()


@pytest.mark.slow
def test_random_path_segments_never_500(app):
    client = app.test_client()

    @FUZZ
    @given(st.text(min_size=1, max_size=200))
    def run(segment):
        count("paths")
        for pattern in ("/events/{}", "/rsvp/{}", "/c/{}/", "/invite/{}", "/password/reset/{}"):
            response = client.get(pattern.format(segment.replace("/", "%2F")))
            assert response.status_code < 500, (pattern, segment)

    run()
