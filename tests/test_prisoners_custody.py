"""Custody facts and restrictions read from what lists write."""

import pytest

from eventsite.prisoners.custody import (
    Article,
    facility_type_of,
    format_articles,
    parse_articles,
    read_status,
)
from eventsite.prisoners.kinds import CustodyStatus, FacilityType, PrisonerStatus, Restriction
from eventsite.prisoners.restrictions import read_restrictions


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("ч. 2 ст. 207.3 УК РФ", "RU", "ч. 2 ст. 207.3 УК РФ"),
        ("ч.1 ст.280.3, ч.2 ст.207.3 УК РФ", "RU", "ч. 1 ст. 280.3 УК РФ; ч. 2 ст. 207.3 УК РФ"),
        ("207.3 ч.2; 280.3", "RU", "ч. 2 ст. 207.3 УК РФ; ст. 280.3 УК РФ"),
        (
            "п. «а» ч. 2 ст. 205.2 УК РФ (оправдание терроризма)",
            "RU",
            "п. «а» ч. 2 ст. 205.2 УК РФ",
        ),
        ("Art. 207.3(2) Criminal Code", "RU", "ч. 2 ст. 207.3 УК РФ"),
        ("ст. 342 ч. 1", "BY", "ч. 1 ст. 342 УК РБ"),  # the facility's country's code
        ("ст. 207.3 УК РФ, ст. 20.3 КоАП", "RU", "ст. 207.3 УК РФ; ст. 20.3 КоАП РФ"),
    ],
)
def test_articles_are_read_into_a_structured_list(text, country, expected):
    articles, leftover = parse_articles(text, country)
    assert format_articles(articles) == expected and leftover == ""
    # and what is printed reads back the same
    assert parse_articles(format_articles(articles), country)[0] == articles


def test_words_that_are_no_article_are_left_over():
    articles, leftover = parse_articles("фейки об армии")
    assert articles == () and leftover == "фейки об армии"
    assert Article.from_dict(Article("205.2", "2", "а").as_dict()) == Article("205.2", "2", "а")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ФКУ СИЗО-1 УФСИН России по г. Москве", FacilityType.SIZO),
        ("ПФРСИ при ФКУ ИК-5", FacilityType.SIZO),  # a SIZO room inside a colony
        ("ФКУ ИК-2 УФСИН России по Владимирской обл.", FacilityType.IK),
        ("ФКУ КП-8", FacilityType.KP),
        ("ФКУ ЛИУ-3", FacilityType.LIU),
        ("ФКУ Т-2", FacilityType.PRISON),
        ("ИУ «ИК № 15»", FacilityType.IK),
        ("Специализированная психиатрическая больница", FacilityType.PSYCH),
        ("Почта", None),
    ],
)
def test_facility_type_is_read_from_the_facility_name(name, kind):
    assert facility_type_of(name) == kind


@pytest.mark.parametrize(
    ("text", "status", "custody", "kind"),
    [
        ("в СИЗО", PrisonerStatus.ACTIVE, CustodyStatus.PRETRIAL, FacilityType.SIZO),
        ("Осуждён, в колонии", PrisonerStatus.ACTIVE, CustodyStatus.SENTENCED, FacilityType.IK),
        (
            "под домашним арестом",
            PrisonerStatus.ACTIVE,
            CustodyStatus.PRETRIAL,
            FacilityType.HOUSE_ARREST,
        ),
        ("на этапе", PrisonerStatus.ACTIVE, None, FacilityType.TRANSIT),
        ("освобождена", PrisonerStatus.RELEASED, None, None),
        ("умер в заключении", PrisonerStatus.DECEASED, None, None),
        ("transferred", PrisonerStatus.TRANSFERRED, None, None),
        ("", PrisonerStatus.ACTIVE, None, None),
    ],
)
def test_status_words_say_status_custody_and_place(text, status, custody, kind):
    words = read_status(text)
    assert (words.status, words.custody, words.facility_type) == (status, custody, kind)


def test_unknown_status_words_are_not_guessed():
    assert read_status("сложно сказать") is None


@pytest.mark.parametrize(
    ("text", "codes", "rest"),
    [
        ("Только открытки, без фотографий.", {"postcards_only", "no_photos"}, ""),
        ("Postcards only; no photos", {"postcards_only", "no_photos"}, ""),
        (
            "Только открытки, письма не длиннее двух страниц",
            {"postcards_only"},
            "Письма не длиннее двух страниц",
        ),
        ("Ничего не писать о деле. Только на русском языке", {"no_case", "russian_only"}, ""),
        ("Пишите только через ФСИН-письмо", {"e_letter_only"}, ""),
        ("Любит длинные письма", set(), "Любит длинные письма"),
    ],
)
def test_restrictions_are_read_out_of_free_text(text, codes, rest):
    found, leftover = read_restrictions(text)
    assert {c.value for c in found} == codes and leftover == rest
    assert all(isinstance(c, Restriction) for c in found)
