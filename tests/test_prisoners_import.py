"""CSV import (upload → preview → confirm, all or nothing) and export."""

import re
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.prisoners import importing
from eventsite.prisoners.models import Prisoner, PrisonerChange
from tests.builders import make_chapter, make_prisoner, make_user
from tests.helpers import login

SAMPLE = Path(__file__).parent / "data" / "prisoners_sample.csv"
HEADER = "external_id,name_ru,birth_date,status,postal_code,region,town,facility,tags\n"


@pytest.fixture
def organizer(app, client):
    user = make_user(chapter=make_chapter(), role=Role.ORGANIZER)
    login(client, user.email)
    return user


def upload(client, content: bytes | str, filename="list.csv"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        "/prisoners/import",
        data={"file": (BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def preview(client, content, filename="list.csv"):
    response = upload(client, content, filename)
    assert response.status_code == 302, response.text
    url = response.headers["Location"]
    return url, client.get(url)


def count() -> int:
    return db.session.scalar(select(func.count(Prisoner.id)))


def test_sample_file_previews_then_imports(app, client, organizer):
    url, page = preview(client, SAMPLE.read_bytes())
    assert "3 to add, 0 to update, 0 unchanged, 0 with errors" in page.text
    assert count() == 0  # nothing is written by a preview
    assert client.post(url).status_code == 302
    assert count() == 3
    anna = db.session.scalar(select(Prisoner).where(Prisoner.external_id == "SAMPLE-1"))
    assert anna.name_latin == "Primerova Anna Sergeevna"
    assert anna.tag_names == ["anti-war", "women"]
    assert [r.value for r in anna.route_names] == ["electronic", "post"]
    assert "primerova" in anna.search_text and anna.birth_monthday == 314
    # «Только открытки, без фотографий» is the fixed list's, in every language now.
    assert [c.value for c in anna.restriction_codes] == ["no_photos", "postcards_only"]
    assert anna.restrictions == ""
    assert (anna.surname, anna.given_name, anna.patronymic) == ("Примерова", "Анна", "Сергеевна")
    petr = db.session.scalar(select(Prisoner).where(Prisoner.external_id == "SAMPLE-2"))
    assert petr.birth_date == date(1975, 7, 12)  # DD.MM.YYYY is read too
    assert db.session.scalar(select(PrisonerChange.source)) == "import"
    # The stored upload is gone: confirming twice imports nothing more.
    assert client.post(url).status_code == 302
    assert count() == 3


def test_a_good_file_creates_and_updates(app, client, organizer):
    make_prisoner(external_id="A-1", name_ru="Старое Имя", facility="ИК-1")
    make_prisoner(name_ru="Без Идентификатора", birth_date=date(1970, 1, 1), facility="ИК-3")
    csv = HEADER + (
        "A-1,Новое Имя,1980-05-17,active,601446,Владимирская обл.,г. Покров,ИК-2,\n"
        ",без идентификатора,1970-01-01,active,601446,Владимирская обл.,г. Покров,ИК-4,\n"
        "B-7,Совсем Новый,1991-02-03,active,601446,Владимирская обл.,г. Покров,ИК-5,journalists\n"
    )
    url, page = preview(client, csv)
    assert "1 to add, 2 to update, 0 unchanged, 0 with errors" in page.text
    assert "Changes: name_ru, facility, facility_type" in page.text
    client.post(url)
    names = set(db.session.scalars(select(Prisoner.name_ru)))
    assert names == {"Новое Имя", "без идентификатора", "Совсем Новый"}
    assert (
        db.session.scalar(select(Prisoner.facility).where(Prisoner.external_id == "A-1")) == "ИК-2"
    )


def test_one_bad_row_writes_nothing_and_names_the_row_and_reason(app, client, organizer):
    csv = HEADER + (
        "C-1,Хороший Человек,1980-05-17,active,601446,Владимирская обл.,г. Покров,ИК-2,\n"
        "C-2,Плохая Дата,31.02.1990,active,601446,Владимирская обл.,г. Покров,ИК-2,\n"
        "C-3,Без Адреса,1980-05-17,active,,,,,\n"
    )
    url, page = preview(client, csv)
    text = page.text
    assert "1 to add, 0 to update, 0 unchanged, 2 with errors" in text
    assert re.search(
        r"<td[^>]*>3</td>\s*<td[^>]*>Плохая Дата</td>.*31\.02\.1990.*is not a date", text, re.S
    )
    assert re.search(r"<td[^>]*>4</td>\s*<td[^>]*>Без Адреса</td>.*needs a postal code", text, re.S)
    assert "Nothing has been saved" in text
    response = client.post(url)
    assert response.status_code == 422
    assert count() == 0


def test_import_is_all_or_nothing_even_when_the_database_refuses(app, organizer):
    make_prisoner(name_ru="Уже есть")
    csv = HEADER + (
        "E-1,Первый Ряд,1980-05-17,active,601446,Обл.,Г.,ИК,\n"
        "E-2,Второй Ряд,1980-05-17,active,601446,Обл.,Г.,ИК,\n"
    )
    plan = importing.plan(importing.parse(csv.encode()), date.today())
    plan.rows[1].data.external_id = "E-1"  # a clash only the database notices, at the end
    with pytest.raises(IntegrityError):
        importing.commit(plan, organizer, date.today())
    assert set(db.session.scalars(select(Prisoner.name_ru))) == {"Уже есть"}


def test_cp1251_and_semicolons_are_read(app, client, organizer):
    csv = (
        "external_id;name_ru;birth_date;status;postal_code;region;town;facility\n"
        "W-1;Ёлкин Фёдор;1980-05-17;active;601446;Владимирская обл.;г. Покров;ИК-2\n"
    )
    url, page = preview(client, csv.encode("cp1251"))
    assert "Ёлкин Фёдор" in page.text
    client.post(url)
    assert db.session.scalar(select(Prisoner.name_ru)) == "Ёлкин Фёдор"


def test_utf8_with_bom_is_read(app, client, organizer):
    _url, page = preview(client, b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert "3 to add" in page.text


def test_export_then_import_changes_nothing(app, client, organizer):
    url, _page = preview(client, SAMPLE.read_bytes())
    client.post(url)
    make_prisoner(name_ru="Формулов Иван", sentence="=1+1", tags=["women"], routes=["post"])
    exported = client.get("/prisoners/export.csv")
    assert exported.status_code == 200
    assert exported.mimetype == "text/csv"
    assert "'=1+1" in exported.text  # a spreadsheet must not run it as a formula
    changes = db.session.scalar(select(func.count(PrisonerChange.id)))
    url, page = preview(client, exported.data)
    assert "0 to add, 0 to update, 4 unchanged, 0 with errors" in page.text
    client.post(url)
    assert db.session.scalar(select(func.count(PrisonerChange.id))) == changes


def test_a_row_twice_in_the_file_is_an_error(app, client, organizer):
    row = "Z-1,Дважды,1980-05-17,active,601446,Обл.,Г.,ИК,\n"
    _url, page = preview(client, HEADER + row + row)
    assert "already in line 2 of the file" in page.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"   \n", "The file is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "cannot be opened"),
        (bytes(range(256)) * 20, "CSV text file"),
        ("ФИО;Статья\nИванов Иван;207.3\n".encode("koi8_r").decode("cp1251").encode(), "Russian"),
        (b"title,age\nx,1\n", "must name the columns"),
        (HEADER.encode(), "no rows"),
        (b'name_ru,region\n"unterminated,x\n', "cannot be read"),
    ],
)
def test_bad_files_get_a_clear_message_and_a_4xx(app, client, organizer, content, message):
    response = upload(client, content)
    assert 400 <= response.status_code < 500
    assert message in response.text


@pytest.mark.app_config(PRISONER_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_limit_is_refused(app, client, organizer):
    response = upload(client, SAMPLE.read_bytes() * 5)
    assert response.status_code == 413
    assert "larger than" in response.text


@pytest.mark.dates
def test_an_upload_waits_a_day_for_its_confirmation(
    app, client, organizer, frozen_now, time_machine
):
    url, _page = preview(client, SAMPLE.read_bytes())
    time_machine.shift(timedelta(hours=23, minutes=59))
    assert "3 to add" in client.get(url).text
    time_machine.shift(timedelta(minutes=2))
    expired = client.get(url, follow_redirects=True)
    assert "That upload has expired" in expired.text
    assert client.post(url).status_code == 302 and count() == 0


@pytest.mark.app_config(MAX_CONTENT_LENGTH=1000)
def test_the_import_takes_files_bigger_than_the_site_limit_other_forms_do_not(
    app, client, organizer
):
    assert len(SAMPLE.read_bytes()) > 1000
    assert upload(client, SAMPLE.read_bytes()).status_code == 302
    assert client.post("/letter-check", data={"text": "x" * 5000}).status_code == 413


@pytest.mark.app_config(PRISONER_IMPORT_MAX_BYTES=1000)
def test_an_import_body_far_over_its_limit_is_refused_before_it_is_read(app, client, organizer):
    assert upload(client, b"x" * 200_000).status_code == 413


def test_only_the_uploader_can_see_and_confirm_an_upload(app, client, organizer):
    url, _page = preview(client, SAMPLE.read_bytes())
    other = make_user(chapter=make_chapter(), role=Role.ORGANIZER)
    client.post("/logout")
    login(client, other.email)
    assert client.get(url).status_code == 302
    assert client.post(url).status_code == 302
    assert count() == 0
    assert client.get("/prisoners/import/..%2F..%2Fsecret_key").status_code in (302, 404)


def test_hosts_cannot_import(app, client):
    host = make_user(chapter=make_chapter(), role=Role.HOST)
    login(client, host.email)
    assert upload(client, SAMPLE.read_bytes()).status_code == 404


def test_posting_without_a_file_asks_for_one(app, client, organizer):
    response = client.post("/prisoners/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV or spreadsheet file" in response.text
