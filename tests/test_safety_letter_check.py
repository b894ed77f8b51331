"""The letter-check page: what it shows, whom it knows, and that drafts leave no trace."""

import functools
import gc
import json
import logging
import secrets
from pathlib import Path

import pytest
from sqlalchemy import String, Text, select

import eventsite.safety
from eventsite.extensions import db
from eventsite.prisoners.models import PrisonerStatus
from eventsite.safety import checker, language
from tests.builders import make_chapter, make_prisoner, make_user
from tests.helpers import login


def test_the_page_shows_passage_topic_reason_and_alternative(client):
    page = client.post("/letter-check", data={"text": "Думаю о войне. Как суд?"}).text
    assert '<mark class="flag">войне</mark>' in page
    assert "The war and the army" in page
    assert "Censors withhold letters that mention the war" in page
    assert "Write about everyday life" in page
    assert "The prisoner&#39;s case, court and investigation" in page
    assert "not mainly in Russian" not in page


def test_the_page_speaks_russian_to_russian_readers(client):
    page = client.post(
        "/letter-check", data={"text": "Думаю о войне."}, headers={"Accept-Language": "ru"}
    ).text
    assert "Война и армия" in page and "Пишите о повседневном" in page


def test_a_letter_not_in_russian_gets_a_note(client):
    page = client.post("/letter-check", data={"text": "Hello, I hope you are well."}).text
    assert "A letter in Russian reaches faster" in page


def test_a_ukrainian_letter_gets_its_own_note(client):
    text = "Привіт! Як у тебе справи? У нас все добре, погода тепла, я багато гуляю з собакою."
    page = client.post("/letter-check", data={"text": text}).text
    assert "reads as Ukrainian" in page


def test_a_clean_result_says_what_was_checked_and_promises_nothing(client):
    page = client.post("/letter-check", data={"text": "Привет! У нас тепло, гуляю с собакой."}).text
    assert "among the topics we check" in page
    assert "This is no guarantee" in page
    assert "Nothing about the case, the court or the investigation." in page
    assert "Ask your table's Russian reader to read the card before it is posted." in page
    assert "Nothing to flag" not in page


def test_flags_and_hints_are_told_apart(client):
    text = "Думаю о войне. Сын мечтает об армии. Читал статью про космос?"
    page = client.post("/letter-check", data={"text": text}).text
    assert '<mark class="flag">войне</mark>' in page
    assert '<mark class="hint">армии</mark>' in page  # a hint under the war's flag
    assert "Worth a second look in context" in page  # the case: a hint only
    assert '<mark class="hint">статью</mark>' in page


def test_each_finding_cites_its_sources(client):
    page = client.post("/letter-check", data={"text": "Думаю о войне."}).text
    assert "https://mediazonaby.com/article/2023/07/06/letters" in page


def test_the_draft_is_escaped(client):
    page = client.post("/letter-check", data={"text": "<script>alert(1)</script> война"}).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_an_empty_draft_asks_for_text(client):
    response = client.post("/letter-check", data={"text": ""})
    assert response.status_code == 200
    assert "Paste your draft first" in response.text


def _safety_caches():
    """Return every functools cache in the letter check's modules, by name."""
    caches = {}
    for name in ("checker", "language", "normalise", "prisoner", "rules", "views"):
        module = getattr(eventsite.safety, name)
        for attr, value in vars(module).items():
            # type(), not hasattr(): the views module holds request proxies.
            if type(value) is functools._lru_cache_wrapper:
                caches[f"{name}.{attr}"] = value
    return caches


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_draft_is_never_stored_or_logged(app, client, caplog, tmp_path):
    make_user(chapter=make_chapter())
    prisoner = make_prisoner()
    # Made at run time, so the words are in no code object's constants.
    marker = "Секрет" + secrets.token_hex(4)
    letters = "бвгджзклмнпрстфхцчшщ"
    left, right = ("".join(secrets.choice(letters) for _ in range(5)) for _ in range(2))
    secret = f"{marker} о войне и суде, Горинов, +7 916 123-45-67, {left}*{right}, Machtfrau"
    language.detector()  # models and rules load once per process, before the draft
    checker.check("Привет, как ты?")
    caches = _safety_caches()
    sizes = {name: f.cache_info().currsize for name, f in caches.items()}
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    url = f"/letter-check?prisoner={prisoner.id}"
    page = client.get(url)
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(url, data={"text": secret, "csrf_token": token})
    assert response.status_code == 200
    assert marker in response.text  # shown back to the writer…
    assert response.headers["Cache-Control"] == "no-store"
    assert marker not in caplog.text  # …and nowhere else
    for cookie in response.headers.getlist("Set-Cookie"):
        assert marker not in cookie
    with client.session_transaction() as session:
        assert marker not in json.dumps(dict(session), ensure_ascii=False, default=str)
    del response, page
    # No cache of the checker, its analyser or its language model kept a word of it…
    assert {name: f.cache_info().currsize for name, f in caches.items()} == sizes
    gc.collect()
    for obj in gc.get_objects():  # …nor any other container in the process.
        if isinstance(obj, dict):
            items = [*obj.keys(), *obj.values()]
        elif isinstance(obj, list | tuple | set | frozenset):
            items = obj
        else:
            continue
        for item in items:
            if type(item) is not str or item is secret:
                continue
            assert left not in item or right not in item, (type(obj), item[:80])  # a mask
            assert marker not in item, (
                type(obj),
                item[:80],
            )
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text):
                found = db.session.scalar(select(column).where(column.like(f"%{marker}%")).limit(1))
                assert found is None, f"{table.name}.{column.name}"
    for path in Path(app.instance_path).rglob("*"):
        if path.is_file():
            assert marker.encode() not in path.read_bytes(), path


def test_a_prisoner_of_the_public_directory_can_be_named_by_anyone(client):
    prisoner = make_prisoner(name_ru="Смирнова Татьяна Игоревна", restrictions="Только открытки.")
    page = client.get(f"/letter-check?prisoner={prisoner.id}").text
    assert "Checking a letter to" in page and "Смирнова Татьяна Игоревна" in page
    assert "Postcards only." in page
    page = client.post(
        f"/letter-check?prisoner={prisoner.id}", data={"text": "Дорогая Ольга, здравствуй!"}
    ).text
    assert "The greeting says “Ольга”, which is not this person's name." in page


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1" * 40, ""])
def test_an_unknown_prisoner_is_not_found(client, value):
    assert client.get(f"/letter-check?prisoner={value}").status_code == 404
    assert client.post(f"/letter-check?prisoner={value}", data={"text": "x"}).status_code == 404


def test_a_prisoner_outside_the_public_directory_is_not_found_by_the_public(client):
    prisoner = make_prisoner(status=PrisonerStatus.TRANSFERRED)
    assert client.get(f"/letter-check?prisoner={prisoner.id}").status_code == 404
    user = make_user(chapter=make_chapter())
    login(client, user.email)
    assert client.get(f"/letter-check?prisoner={prisoner.id}").status_code == 200


@pytest.mark.app_config(PUBLIC_DIRECTORY=False)
def test_without_a_public_directory_only_members_name_a_prisoner(client):
    prisoner = make_prisoner()
    assert client.get(f"/letter-check?prisoner={prisoner.id}").status_code == 404


def test_the_public_learns_nothing_the_directory_does_not_show(client):
    # Tags are not in the public directory: a religious-case tag changes nothing for the public.
    prisoner = make_prisoner(tags=["religion"], facility="ФКУ ИК-1")
    text = "Молимся за тебя всем собранием."
    public = client.post(f"/letter-check?prisoner={prisoner.id}", data={"text": text}).text
    assert "religious organisation" not in public and "<mark" not in public
    login(client, make_user(chapter=make_chapter()).email)
    member = client.post(f"/letter-check?prisoner={prisoner.id}", data={"text": text}).text
    assert "religious organisation" in member and '<mark class="flag">собранием</mark>' in member


def test_a_pre_trial_facility_in_the_envelope_means_nothing_about_the_case(client):
    prisoner = make_prisoner(facility="ФКУ СИЗО-1 УФСИН России по г. Москве")
    page = client.post(
        f"/letter-check?prisoner={prisoner.id}", data={"text": "Надеюсь, суд будет честным."}
    ).text
    assert "Awaiting trial" in page and '<mark class="flag">суд</mark>' in page


@pytest.mark.parametrize(
    ("template_page", "needs_login"),
    [("/prisoners/{id}", True), ("/directory", False)],
)
def test_prisoner_pages_link_to_the_check(client, template_page, needs_login):
    prisoner = make_prisoner()
    if needs_login:
        login(client, make_user(chapter=make_chapter()).email)
    page = client.get(template_page.format(id=prisoner.id)).text
    assert f"/letter-check?prisoner={prisoner.id}" in page
