"""The letter check's reading of a draft: flags, hints, exceptions, spellings and offsets."""

import pytest

from eventsite.safety import checker
from eventsite.safety.normalise import fold
from eventsite.safety.prisoner import PrisonerFacts


def found(text: str, facts=None) -> dict[str, tuple[str, str]]:
    """Return passage → (topic, level) for every hit."""
    return {text[h.start : h.end]: (h.topic, h.level) for h in checker.check(text, facts).hits}


def flags(text: str, facts=None) -> dict[str, str]:
    return {p: topic for p, (topic, level) in found(text, facts).items() if level == "flag"}


@pytest.mark.parametrize(
    ("text", "passage", "topic"),
    [
        ("Я всё думаю о войне.", "войне", "war"),
        ("Когда закончится с войной, увидимся.", "войной", "war"),
        ("Говорят, СВО скоро кончится.", "СВО", "z_symbols"),
        ("Брата забрали по мобилизации.", "мобилизации", "war"),
        ("Он служит в армии.", "армии", "war"),  # a hint promoted by «служит»
        ("Миру — мир!", "Миру — мир", "war"),
        ("Опять показывали Путина.", "Путина", "authorities"),
        ("Этот путинский режим надоел.", "путинский режим", "authorities"),
        ("Как прошёл суд?", "Как прошёл суд", "case"),
        ("Что сказал следователю?", "следователю", "case"),
        ("По статье 207.3 дают много.", "статье 207.3", "case"),
        ("Мы ходили на митинг.", "на митинг", "protest"),
        ("Навальному привет.", "Навальному", "protest"),
        ("Из-за санкций всё дороже.", "санкций", "sanctions_emigration"),
        ("Я уехала из России в прошлом году.", "уехала из России", "sanctions_emigration"),
        ("Мой друг гей.", "гей", "lgbt"),
        ("Держись, свобода близко!", "свобода близко", "extremism"),
        ("Это пиздец какой-то.", "пиздец", "swearing"),
        ("Всё заебало.", "заебало", "swearing"),
        ("Передай привет ФБК.", "ФБК", "protest"),
        ("Слава Україні!", "Слава Україні", "ukraine"),
        ("Тебя в ШИЗО не сажали?", "ШИЗО", "prison"),
        ("Как там Горинов?", "Горинов", "other_prisoners"),
        ("Мой номер +7 (916) 123-45-67.", "+7 (916) 123-45-67", "third_party"),
        ("Карта 2202 2005 6789 1234.", "2202 2005 6789 1234", "money"),
        ("Как только выйдешь, сразу приезжай к нам.", "Как только выйдешь", "promises"),
        ("I keep thinking about the war.", "the war", "war"),
        ("Many soldiers were mobilised.", "mobilised", "war"),
        ("The protests were huge.", "protests", "protest"),
        ("Freedom is near!", "Freedom is near", "extremism"),
        ("Everyone is reading Navalny's book.", "Navalny's", "protest"),
    ],
)
def test_flags_risky_passages(text, passage, topic):
    assert flags(text).get(passage) == topic, found(text)


@pytest.mark.parametrize(
    ("text", "passage", "topic"),
    [
        ("Все устали от мо\u00adбилизации.", "мо\u00adбилизации", "war"),  # soft hyphen
        ("Опять мобили-\nзация в районе.", "мобили-\nзация", "war"),  # hyphenated line
        ("Видела Пyтинa по телевизору.", "Пyтинa", "authorities"),  # Latin у and а
        ("Нет в0йне!", "Нет в0йне", "war"),  # a zero for о
        ("На работе бляяять какой завал.", "бляяять", "swearing"),  # stretched
        ("Начальник — м*дак.", "м*дак", "swearing"),  # masked
        ("Это п***ц.", "п***ц", "swearing"),
        ("Погода х@рня.", "х@рня", "swearing"),
        ("The weather is f*cking awful.", "f*cking", "swearing"),
        ("What sh1t weather.", "sh1t", "swearing"),
        ("Все знают, что в\u200bойна — это ужас.", "в\u200bойна", "war"),  # zero-width
        ("Tut vse govoryat pro voinu.", "voinu", "war"),  # transliteration
        ("Все ждут, когда закончится війна.", "війна", "war"),  # Ukrainian spelling
        ("Я уверена, Наваальный бы гордился.", "Наваальный", "protest"),
        ("ВОЙНА — ЭТО ПЛОХО.", "ВОЙНА", "war"),
        ("Ёлки, опять про войну\u0301.", "войну", "war"),  # a stress mark after у
    ],
)
def test_reads_through_spellings_and_points_at_what_was_typed(text, passage, topic):
    assert flags(text).get(passage) == topic, found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Передаю привет от Воинова Петра.",  # «воин» in a surname is not «война»
        "Вой собаки за окном не давал спать.",
        "Весь мир прекрасен, мир книг бесконечен.",
        "Пили армянский коньяк и ели армянский лаваш.",
        "В свободное время читаю. Ты свободен в выборе книг.",
        "Хороший выбор! Как дела? Как твои дела с учёбой?",
        "Прочитала интересную статью про космос.",
        "Режим дня у меня хороший, повестка дня простая.",
        "Вторым пунктом повестки дня был корпоратив. О повестке дня спорили.",
        "С ДНЁМ РОЖДЕНИЯ! Поздравляю с ДР!",
        "Птица села на сук. Вспомнила про тебя и про себя.",
        "Страхуется, оскорблять, колебание, мандарин, бляха, употреблять, хлебать, небо, обед.",
        "Отличная погода, тёплый ветер и холодный фронт обещают к выходным.",
        "Слушала Вагнера и читала Толстого.",
        "Перечитываю «Войну миров», мурашки по коже.",
        "Полдня провела в борьбе с молью.",
        "Вынес пирог на суд гостей.",
        "Coming out of the cinema we saw the first snow.",
        "An army of volunteers cleaned the park.",
        "I watched Star Wars, ate Armenian food, sat in a warm armchair and got an award.",
        "Happy birthday! I hope you have time to read.",
        "The trial run of my new recipe went well.",
    ],
)
def test_leaves_harmless_look_alikes_unflagged(text):
    assert flags(text) == {}, found(text)


def test_a_word_worth_a_second_look_is_a_hint_until_its_context_says_more():
    assert found("Сын мечтает об армии.") == {"армии": ("war", "hint")}
    assert found("Армия муравьёв захватила кухню.") == {}  # excused: an army of ants
    assert found("Брата забрали в армию.")["армию"] == ("war", "flag")
    assert found("The judges at the baking contest loved my tart.") == {"judges": ("case", "hint")}


def test_context_stops_at_the_end_of_a_sentence():
    # «как» before «дела» and «твои» in the next sentence promote nothing.
    assert flags("Как у тебя? Суд над пирогом устроили гости.") == {}


def test_a_sentence_in_english_inside_a_russian_letter_is_a_passage_in_another_language():
    text = "Привет! У нас всё хорошо, тепло. Stay strong, the whole world is with you!"
    assert flags(text) == {"Stay strong, the whole world is with you": "foreign"}


def test_names_of_other_people_are_hints_but_not_the_prisoner_or_the_writer():
    facts = PrisonerFacts(surname="Кузнецов", given_name="Денис", patronymic="Сергеевич")
    text = "Здравствуй, Денис!\n\nВчера видела Машу Петрову, она передаёт привет.\n\nГаля"
    hits = found(text, facts)
    assert hits == {"Машу Петрову": ("people", "hint")}


def test_a_pre_trial_prisoner_gets_every_word_about_the_case_flagged():
    text = "Надеюсь, суд будет справедливым."
    assert flags(text) == {}
    assert flags(text, PrisonerFacts(pre_trial=True)) == {"суд": "case"}


def test_religion_is_flagged_only_for_a_religious_case():
    text = "Молимся за тебя всем собранием, братья и сёстры передают привет."
    assert flags(text) == {}
    assert set(flags(text, PrisonerFacts(religious_case=True)).values()) == {"religion"}


def test_the_salutation_is_checked_against_the_prisoners_name():
    facts = PrisonerFacts(surname="Смирнова", given_name="Татьяна", patronymic="Игоревна")
    assert checker.check("Привет, Таня! Как ты?", facts).salutation == ("Таня", True)
    assert checker.check("Здравствуйте, Татьяна Игоревна!", facts).salutation[1]
    assert checker.check("Дорогая Ольга, здравствуй!", facts).salutation == ("Ольга", False)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Привіт! Як у тебе справи? У нас все добре, погода тепла, я багато гуляю.", "ukrainian"),
        ("Прывітанне! Як у цябе справы? У нас усё добра, надвор'е цёплае.", "belarusian"),
        ("Hello! I hope you are well and that the days pass easier.", "not_russian"),
    ],
)
def test_the_letters_language_gets_its_note(text, note):
    assert note in checker.check(text).notes


def test_a_russian_letter_gets_no_language_note():
    report = checker.check("Привет! У нас всё хорошо, погода тёплая, гуляю с собакой.")
    assert report.notes == [] and report.mainly_russian


def test_one_passage_per_sentence_grouped_by_topic():
    text = "Думаю о войне и о мобилизации, о войне. Как прошёл суд? И снова о войне."
    report = checker.check(text)
    war = next(f for f in report.findings if f.topic["id"] == "war")
    case = next(f for f in report.findings if f.topic["id"] == "case")
    assert len(war.passages) == 2  # two sentences, each shown once with all its marks
    assert len(case.passages) == 1
    first = war.passages[0]
    assert [t for t, level in first.pieces if level] == ["войне", "мобилизации", "войне"]
    shown = [("".join(t for t, _l in p.pieces)) for f in report.findings for p in f.passages]
    assert len(shown) == len(set(shown))


def test_offsets_of_the_folded_text_point_at_the_original():
    text = "Ｗａｒ и мо\u00adби-\n  лизация, бляяять"
    folded = fold(text)
    assert folded.text == "war и мобилизация, блять"
    start = folded.text.index("мобилизация")
    assert (
        text[slice(*folded.original(start, start + len("мобилизация")))] == "мо\u00adби-\n  лизация"
    )
    start = folded.text.index("блять")
    assert text[slice(*folded.original(start, start + 5))] == "бляяять"
