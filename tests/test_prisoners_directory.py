"""The directory pages: who sees them, search, filters, pagination, the public page."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.prisoners.models import PrisonerStatus
from tests.builders import make_chapter, make_prisoner, make_user
from tests.helpers import login


@pytest.fixture
def host(app, client):
    user = make_user(chapter=make_chapter(), role=Role.HOST)
    login(client, user.email)
    return user


def names(response) -> str:
    return response.text


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("anonymous", 404, 404),
        ("no chapter", 404, 404),
        ("host", 200, 404),
        ("organizer", 200, 200),
    ],
)
def test_who_may_read_and_edit(app, client, who, read, write):
    prisoner = make_prisoner()
    if who != "anonymous":
        role = {"host": Role.HOST, "organizer": Role.ORGANIZER}.get(who)
        user = make_user(chapter=make_chapter() if role else None, role=role)
        login(client, user.email)
    for url in ("/prisoners/", f"/prisoners/{prisoner.id}", "/prisoners/birthdays"):
        response = client.get(url)
        expected = read
        if who == "anonymous":
            assert response.status_code == 302  # to the login page
        else:
            assert response.status_code == expected, url
    for url in ("/prisoners/new", f"/prisoners/{prisoner.id}/edit", "/prisoners/import"):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == write, url


def test_search_treats_yo_and_ye_alike_and_ignores_case(app, client, host):
    make_prisoner(name_ru="Алёшин Фёдор Семёнович")
    make_prisoner(name_ru="Другой Человек")
    for query in ("алешин", "АЛЁШИН", "федор семенович", "Фёдор"):
        page = client.get("/prisoners/", query_string={"q": query}).text
        assert "Алёшин Фёдор Семёнович" in page, query
        assert "Другой Человек" not in page


def test_search_finds_cyrillic_names_by_their_latin_spellings(app, client, host):
    make_prisoner(name_ru="Щукина Юлия Алексеевна")
    for query in ("Shchukina", "iuliia", "Yuliya", "Alekseevna", "shchukina iuliia"):
        page = client.get("/prisoners/", query_string={"q": query}).text
        assert "Щукина Юлия Алексеевна" in page, query


def test_search_looks_in_region_town_and_facility(app, client, host):
    make_prisoner(
        name_ru="Первый", region="Пермский край", town="г. Соликамск", facility="ФКУ ИК-6"
    )
    make_prisoner(name_ru="Второй", region="Владимирская обл.", town="г. Покров")
    assert "Первый" in client.get("/prisoners/?q=пермский").text
    assert "Первый" not in client.get("/prisoners/?q=покров").text
    assert "Второй" in client.get("/prisoners/?q=покров").text
    assert "Первый" in client.get("/prisoners/?q=ик-6").text


def test_search_takes_percent_and_underscore_literally(app, client, host):
    make_prisoner(name_ru="Обычный Человек")
    assert "Обычный Человек" not in client.get("/prisoners/?q=%25").text
    assert "Обычный Человек" not in client.get("/prisoners/?q=_").text


def test_filters_by_status_month_tag_and_mail_route(app, client, host):
    make_prisoner(name_ru="Активная Весенняя", birth_date=date(1980, 4, 2), tags=["women"])
    make_prisoner(
        name_ru="Освобождённый Летний",
        birth_date=date(1975, 7, 30),
        status=PrisonerStatus.RELEASED,
        postal_code="",
        routes=["electronic"],
    )

    def listed(**args):
        page = client.get("/prisoners/", query_string=args).text
        return {n for n in ("Активная Весенняя", "Освобождённый Летний") if n in page}

    assert listed(status="released") == {"Освобождённый Летний"}
    assert listed(status="active") == {"Активная Весенняя"}
    assert listed(month=4) == {"Активная Весенняя"}
    assert listed(month=7) == {"Освобождённый Летний"}
    assert listed(month=12) == set()
    assert listed(tag="women") == {"Активная Весенняя"}
    assert listed(route="electronic") == {"Освобождённый Летний"}
    assert listed(status="nonsense", month=99) == {"Активная Весенняя", "Освобождённый Летний"}


def _statements(client, url) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    assert response.status_code == 200
    return count


@pytest.mark.dates
@pytest.mark.app_config(PRISONERS_PER_PAGE=10)
def test_pages_use_the_same_number_of_queries_for_5_or_60_prisoners(app, client, host, frozen_now):
    # Birthdays a week apart from today on: the birthday page lists some of the 5 and some
    # of the 60 whatever the date (an empty page would save the query for mail routes).
    today = frozen_now.astimezone(ZoneInfo(host.memberships[0].chapter.timezone)).date()

    def fill(n):
        for i in range(n):
            make_prisoner(
                name_ru=f"Человек Номер {i}",
                birth_date=(today + timedelta(days=7 * (i % 52))).replace(year=1984),
                tags=["women", "journalists"],
                routes=["post", "electronic"],
                commit=False,
            )
        db.session.commit()

    urls = ["/prisoners/", "/prisoners/?tag=women&q=человек", "/prisoners/birthdays", "/directory"]
    fill(5)
    few = [_statements(client, url) for url in urls]
    fill(55)
    many = [_statements(client, url) for url in urls]
    assert few == many
    page = client.get("/prisoners/?page=2").text
    assert "Page 2 of 6" in page


def _lines(lines) -> str:
    return "".join(f'<p class="line">{line}</p>' for line in lines)


def test_prisoner_page_shows_the_envelope_block(app, client, host):
    prisoner = make_prisoner(
        name_ru="Примеров Иван Петрович",
        surname="Примеров",
        given_name="Иван",
        patronymic="Петрович",
        gender="m",
        birth_date=date(1985, 3, 1),
        last_reviewed=date(2026, 1, 5),
    )
    page = client.get(f"/prisoners/{prisoner.id}").text
    lines = [
        "Примерову Ивану Петровичу, 1985 г. р.",
        "ФКУ ИК-2 УФСИН России по Владимирской обл.",
        "ул. Франца Штольверка, д. 10",
        "г. Покров",
        "Владимирская обл.",
        "601446",
        "РОССИЯ",
        "RUSSIA",
    ]
    assert _lines(lines) in page
    assert "To (write exactly like this)" in page
    assert "Address checked on January 5, 2026" in page
    assert _lines(["Postfach 1", "10999 Berlin"]) in page  # the chapter's return address
    assert "Year of birth unknown" not in page


def test_public_directory_lists_active_prisoners_only(app, client):
    make_prisoner(name_ru="Сидящий Активный")
    make_prisoner(name_ru="Вышедший На Свободу", status=PrisonerStatus.RELEASED)
    make_prisoner(name_ru="Вернулось Письмо", address_unconfirmed_on=date(2026, 1, 1),
                  address_unconfirmed_reason="returned")  # fmt: skip
    page = client.get("/directory").text
    assert "Сидящий Активный" in page
    assert _lines(["г. Покров", "Владимирская обл.", "601446", "РОССИЯ", "RUSSIA"]) in page
    assert "Вышедший На Свободу" not in page
    assert "Вернулось Письмо" not in page  # never shown as good to the public
    assert "Сидящий Активный" in client.get("/directory?q=сидящий").text


@pytest.mark.app_config(PUBLIC_DIRECTORY=False)
def test_public_directory_can_be_switched_off(app, client):
    make_prisoner()
    assert client.get("/directory").status_code == 404


def test_public_directory_switch_reads_the_environment(tmp_path, monkeypatch):
    from tests.helpers import make_test_app

    monkeypatch.setenv("EVENTSITE_PUBLIC_DIRECTORY", "false")
    app = make_test_app(tmp_path, monkeypatch, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert app.config["PUBLIC_DIRECTORY"] is False


def test_nav_shows_prisoners_to_members_and_letter_check_to_everyone(app, client):
    assert "/letter-check" in client.get("/").text
    assert 'href="/prisoners/"' not in client.get("/").text
    user = make_user(chapter=make_chapter(), role=Role.HOST)
    login(client, user.email)
    assert 'href="/prisoners/"' in client.get("/").text
