"""The letter-check: what it flags, what it leaves alone, and that drafts leave no trace."""

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import String, Text, select

from eventsite.extensions import db
from eventsite.safety import checker


def flagged(text: str) -> dict[str, str]:
    """Return matched passage → topic id."""
    return {text[h.start : h.end]: h.topic for h in checker.find_hits(text)}


@pytest.mark.parametrize(
    ("text", "passage", "topic"),
    [
        ("Я всё думаю о войне.", "войне", "war"),
        ("Когда закончится с войной, увидимся.", "войной", "war"),
        ("Говорят, СВО скоро кончится.", "СВО", "war"),
        ("Брата забрали по мобилизации.", "мобилизации", "war"),
        ("Он служит в армии.", "армии", "war"),
        ("Миру — мир!", "Миру — мир", "war"),
        ("Опять показывали Путина.", "Путина", "authorities"),
        ("Этот путинский режим надоел.", "путинский режим", "authorities"),
        ("Как прошёл суд?", "суд", "case"),
        ("Что сказал следователю?", "следователю", "case"),
        ("По статье 207.3 дают много.", "статье 207", "case"),
        ("Мы ходили на митинг.", "митинг", "protest"),
        ("Навальному привет.", "Навальному", "protest"),
        ("Из-за санкций всё дороже.", "санкций", "sanctions_emigration"),
        ("Многие друзья эмигрировали.", "эмигрировали", "sanctions_emigration"),
        ("Мой друг гей.", "гей", "lgbt"),
        ("Держись, свобода близко!", "свобода", "extremism"),
        ("Борьба продолжается.", "Борьба", "extremism"),
        ("Это пиздец какой-то.", "пиздец", "swearing"),
        ("Всё заебало.", "заебало", "swearing"),
        ("Передай привет ФБК.", "ФБК", "protest"),
        ("Встретимся у МГУ.", "МГУ", "codes"),
        ("Привет! Я смотрела Harry Potter, очень понравилось.", "Harry", "codes"),
        ("I keep thinking about the war.", "war", "war"),
        ("Many soldiers were mobilised.", "mobilised", "war"),
        ("How did the trial go? The judges sentenced him.", "trial", "case"),
        ("The protests were huge.", "protests", "protest"),
        ("Freedom is near!", "Freedom", "extremism"),
    ],
)
def test_flags_risky_words_in_their_forms(text, passage, topic):
    hits = flagged(text)
    assert hits.get(passage) == topic, hits


@pytest.mark.parametrize(
    "text",
    [
        "Передаю привет от Воинова Петра.",  # «воин» in a surname is not «война»
        "Вой собаки за окном не давал спать.",  # «вой» is a howl
        "Весь мир прекрасен, мир книг бесконечен.",  # «мир» as world
        "Пили армянский коньяк и ели армянский лаваш.",  # not «армия»
        "В свободное время читаю. Ты свободен в выборе книг.",  # «свободный», not «свобода»
        "Хороший выбор! Как дела? Как твои дела с учёбой?",  # «выбор», «дела»
        "Прочитала интересную статью про космос.",  # an article, not a criminal code
        "Режим дня у меня хороший, повестка дня простая.",  # routine and agenda
        "С ДНЁМ РОЖДЕНИЯ! Поздравляю с ДР!",  # capitals that are words; a usual abbreviation
        "Птица села на сук. Вспомнила про тебя и про себя.",  # сук is a branch; себя
        "Страхуется, оскорблять, колебание, мандарин, бляха, употреблять, хлебать, небо, обед.",
        "Отличная погода, тёплый ветер и холодный фронт обещают к выходным.",
        "Слушала Вагнера и читала Толстого.",
        "I watched Star Wars, ate Armenian food, sat in a warm armchair and got an award.",
        "Happy birthday! I hope you have time to read.",
    ],
)
def test_leaves_harmless_look_alikes_alone(text):
    assert flagged(text) == {}


def test_only_dictionary_forms_and_known_topics_in_the_rules_file():
    analyser = checker.morph()
    data = json.loads(checker.RULES_PATH.read_text(encoding="utf-8"))
    topics = checker.topics()
    for rule in data["rules"]:
        assert rule["topic"] in topics
        for lemma in rule.get("lemmas", []):
            forms = {checker._fold(p.normal_form) for p in analyser.parse(lemma)}
            assert checker._fold(lemma) in forms, f"{lemma!r} is not a dictionary form"
    assert checker.load_rules()  # every pattern compiles


def test_a_rule_with_an_unknown_topic_is_refused():
    with pytest.raises(ValueError, match="unknown topic"):
        checker.parse_rules({"rules": [{"topic": "weather", "lemmas": ["дождь"]}]}, {"war": {}})


def test_organizers_extend_the_rules_in_data():
    rules = checker.parse_rules(
        {"rules": [{"topic": "war", "lemmas": ["дождь"], "words": ["rain*"]}]}, checker.topics()
    )
    text = "Весь день шли дожди, it was raining."
    assert [text[h.start : h.end] for h in checker.find_hits(text, rules)] == ["дожди", "raining"]


def test_every_topic_has_english_and_russian_texts():
    for topic in checker.topics().values():
        for key in ("title", "reason", "alternative"):
            assert topic[key]["en"] and topic[key]["ru"]


def test_the_page_shows_passage_topic_reason_and_alternative(client):
    page = client.post("/letter-check", data={"text": "Думаю о войне. Как суд?"}).text
    assert "<mark>войне</mark>" in page
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
    assert "Nothing to flag" in page


def test_the_draft_is_escaped(client):
    page = client.post("/letter-check", data={"text": "<script>alert(1)</script> война"}).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_an_empty_draft_asks_for_text(client):
    response = client.post("/letter-check", data={"text": ""})
    assert response.status_code == 200
    assert "Paste your draft first" in response.text


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_draft_is_never_stored_or_logged(app, client, caplog, tmp_path):
    from tests.builders import make_chapter, make_prisoner, make_user

    make_user(chapter=make_chapter())
    make_prisoner()
    secret = "Секретнаяфраза42 о войне и суде"
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    page = client.get("/letter-check")
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/letter-check", data={"text": secret, "csrf_token": token})
    assert response.status_code == 200
    assert "Секретнаяфраза42" in response.text  # shown back to the writer…
    assert response.headers["Cache-Control"] == "no-store"
    assert "Секретнаяфраза42" not in caplog.text  # …and nowhere else
    for cookie in response.headers.getlist("Set-Cookie"):
        assert "Секретнаяфраза42" not in cookie
    with client.session_transaction() as session:
        assert "Секретнаяфраза42" not in json.dumps(dict(session), ensure_ascii=False, default=str)
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text):
                found = db.session.scalar(
                    select(column).where(column.like("%Секретнаяфраза42%")).limit(1)
                )
                assert found is None, f"{table.name}.{column.name}"
    for path in Path(app.instance_path).rglob("*"):
        if path.is_file():
            assert "Секретнаяфраза42".encode() not in path.read_bytes(), path
