"""Names as lists write them: parts, case, gender, the salutation and the envelope's dative."""

import pytest

from eventsite.prisoners.kinds import Gender
from eventsite.prisoners.names import (
    NameParts,
    dative,
    guess_gender,
    read_name,
    read_parts,
    salutation,
)


@pytest.mark.parametrize(
    ("written", "parts", "case"),
    [
        ("Сафронову Ивану Ивановичу", ("Сафронов", "Иван", "Иванович"), "datv"),
        ("Примеровой Алёне Фёдоровне", ("Примерова", "Алёна", "Фёдоровна"), "datv"),
        ("Примерова Алёна Фёдоровна", ("Примерова", "Алёна", "Фёдоровна"), "nomn"),
        ("Алёна Фёдоровна Примерова", ("Примерова", "Алёна", "Фёдоровна"), "nomn"),
        ("Ивановой Анны Сергеевны", ("Иванова", "Анна", "Сергеевна"), "gent"),
        ("Иванова Ивана Ивановича", ("Иванов", "Иван", "Иванович"), "gent"),
        (
            "Римскому-Корсакову Николаю Андреевичу",
            ("Римский-Корсаков", "Николай", "Андреевич"),
            "datv",
        ),
        ("Толстому Льву Николаевичу", ("Толстой", "Лев", "Николаевич"), "datv"),
        ("Черных Ивану Ивановичу", ("Черных", "Иван", "Иванович"), "datv"),  # never declined
        ("Шульц Анне Петровне", ("Шульц", "Анна", "Петровна"), "datv"),  # a woman's Шульц
        ("Мамедову Рашиду Гусейн оглы", ("Мамедов", "Рашид", "Гусейн оглы"), "datv"),
        ("Коваленко Олександру", ("Коваленко", "Олександр", ""), "datv"),
        ("Жене Петрову", ("Петров", "Женя", ""), "datv"),  # Женя: the surname says who
        ("СИДОРОВ  Иван Петрович", ("Сидоров", "Иван", "Петрович"), "nomn"),
        ("Федоровой Юлии Артемовне", ("Федорова", "Юлия", "Артемовна"), "datv"),  # е stays е
        ("Дмитрий Иванов", ("Иванов", "Дмитрий", ""), "nomn"),
    ],
)
def test_names_in_any_case_come_back_in_the_nominative(written, parts, case):
    reading = read_name(written)
    assert reading.sure, reading
    assert (reading.parts.surname, reading.parts.given_name, reading.parts.patronymic) == parts
    assert reading.case == case
    assert reading.changed == (reading.parts.full != " ".join(written.split()))


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("Иванов И. И.", "initials"),
        ("Тестов Иван 12", "not_cyrillic"),
        ("Ivan Ivanov", "not_cyrillic"),
        ("Вымыслов Пётр Ёлкин", "no_patronymic"),
        ("Роман Максим", "order"),  # both are given names: which is the surname?
        ("Киму Алексею Викторовичу", "surname_form"),  # Ким or Киму?
        ("Иванова Иван Иванович", "surname_form"),  # a man called Иванова?
        ("Один", "word_count"),
    ],
)
def test_unsure_names_are_left_whole_with_a_reason(written, problem):
    reading = read_name(written)
    assert not reading.sure and reading.parts is None
    assert reading.problem == problem


def test_parts_in_separate_columns_are_read_in_their_case_too():
    reading = read_parts("Сафронову", "Ивану", "Ивановичу")
    assert reading.sure and reading.parts == NameParts("Сафронов", "Иван", "Иванович")
    assert read_parts("Сафронов", "", "").problem == "missing_part"


@pytest.mark.parametrize(
    ("parts", "gender", "expected"),
    [
        (
            NameParts("Примерова", "Алёна", "Фёдоровна"),
            Gender.FEMALE,
            "Здравствуйте, Алёна Фёдоровна!",
        ),
        (NameParts("Коваленко", "Олександр"), Gender.MALE, "Дорогой Олександр!"),
        (NameParts("Шоу", "Анна"), Gender.FEMALE, "Дорогая Анна!"),
        (NameParts("Ли", "Саша"), None, "Здравствуйте, Саша!"),
    ],
)
def test_salutation_is_formal_with_a_patronymic_and_warm_without(parts, gender, expected):
    assert salutation(parts, gender) == expected


@pytest.mark.parametrize(
    ("parts", "gender"),
    [
        (NameParts("Примерова", "Алёна", "Фёдоровна"), Gender.FEMALE),
        (NameParts("Сафронов", "Иван", "Иванович"), Gender.MALE),
        (NameParts("Мамедов", "Рашид", "Гусейн оглы"), Gender.MALE),
        (NameParts("Шевченко", "Анна"), Gender.FEMALE),
        (NameParts("Шульц", "Анна"), Gender.FEMALE),
        (NameParts("Саша", "Женя"), None),
    ],
)
def test_gender_comes_from_the_patronymic_then_the_given_name_then_the_surname(parts, gender):
    assert guess_gender(parts) == gender


NOMINATIVES = [
    ("Сафронов", "Иван", "Иванович"),
    ("Примерова", "Алёна", "Фёдоровна"),
    ("Римский-Корсаков", "Николай", "Андреевич"),
    ("Черных", "Юлия", "Петровна"),
    ("Образцов", "Семён", "Фёдорович"),
    ("Вымыслова", "Ольга", "Семёновна"),
    ("Толстая", "Татьяна", "Никитична"),
    ("Ильин", "Пётр", "Ильич"),
]


@pytest.mark.parametrize("names", NOMINATIVES)
def test_the_envelope_dative_reads_back_to_the_same_name(names):
    parts = NameParts(*names)
    gender = guess_gender(parts)
    written = dative(parts, gender)
    assert written is not None and written != parts.full
    back = read_name(written)
    assert back.sure and back.case == "datv"
    # «Петру» has no ё to keep: ё is optional in Russian, and the reading follows the writer.
    assert back.parts.full.replace("ё", "е") == parts.full.replace("ё", "е")


def test_no_dative_when_any_part_is_uncertain():
    assert dative(NameParts("Ким", "Алексей", "Викторович"), Gender.MALE) is None  # Ким: Киму?
    assert dative(NameParts("Иванова", "Анна", "Сергеевна"), None) is None
    assert dative(NameParts("Иванова", "Анна", "Сергеевна"), Gender.MALE) is None
