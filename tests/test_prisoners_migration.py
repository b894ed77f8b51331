"""Migration 0007 carries prisoners over: names split only where certain, the rest listed."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from eventsite.extensions import db
from tests.helpers import make_test_app

ROWS = [
    # name, Latin name, status, facility, restrictions
    (
        "Примерова Алёна Фёдоровна",
        "Primerova Alena Fedorovna",
        "active",
        "ФКУ ИК-2",
        "Только открытки, без фотографий",
    ),
    ("Мамедов Рашид Гусейн оглы", "", "active", "ФКУ СИЗО-1", ""),
    ("Коваленко Олександр", "Oleksandr Kovalenko", "transferred", "ФКУ СИЗО-2", ""),
    ("Иван Петрович Лукашевич", "", "active", "ФКУ КП-8", "Письма до двух страниц"),
    ("Тестов Иван 3", "", "active", "ИК-6", ""),
]


def test_upgrade_splits_certain_names_keeps_the_rest_and_downgrade_keeps_the_data(
    tmp_path, monkeypatch
):
    app = make_test_app(tmp_path, monkeypatch, f"sqlite:///{tmp_path / 'm.sqlite3'}")
    with app.app_context():
        upgrade(revision="0007-1")  # the revision before ours, wherever the chain puts it
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO chapter (id, slug, name, city, timezone, contact_email, "
                    "return_address, postal_delay_days, paper_size, created_at) VALUES (1, 'b', "
                    "'B', '', 'Europe/Berlin', '', '', 21, 'a4', '2026-01-01 00:00:00')"
                )
            )
            for i, (name, latin, status, facility, restrictions) in enumerate(ROWS, start=1):
                conn.execute(
                    text(
                        "INSERT INTO prisoner (id, external_id, name_ru, name_latin, birth_date, "
                        "status, postal_code, region, town, street, facility, sentence, bio, "
                        "interests, writer_notes, restrictions, mail_notes, source_url, "
                        "search_text, created_at) VALUES (:i, :e, :n, :l, '1988-03-14', :s, '', "
                        "'', '', '', :f, '', '', '', '', :r, '', '', '', '2026-01-01 00:00:00')"
                    ),
                    {
                        "i": i,
                        "e": f"X-{i}",
                        "n": name,
                        "l": latin,
                        "s": status,
                        "f": facility,
                        "r": restrictions,
                    },
                )
                conn.execute(
                    text("INSERT INTO prisoner_tag (prisoner_id, tag) VALUES (:i, 'women')"),
                    {"i": i},
                )
            conn.execute(text("INSERT INTO prisoner_mail_route VALUES (1, 'electronic')"))
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT surname, given_name, patronymic, gender, name_latin_own, birth_year, "
                    "facility_type, restrictions, address_unconfirmed_reason, external_source "
                    "FROM prisoner ORDER BY id"
                )
            ).all()
            codes = conn.execute(text("SELECT code FROM prisoner_restriction ORDER BY code")).all()
            tags = conn.execute(text("SELECT count(*) FROM prisoner_tag")).scalar()
            posts_from = conn.execute(text("SELECT posts_from FROM chapter")).scalar()
        assert [tuple(r[:4]) for r in rows] == [
            ("Примерова", "Алёна", "Фёдоровна", "f"),
            ("Мамедов", "Рашид", "Гусейн оглы", "m"),
            ("", "", "", None),  # two words: which is the surname? left for review
            ("", "", "", None),  # «Иван Петрович Лукашевич»: two patronymic-like words
            ("", "", "", None),
        ]
        assert [bool(r.name_latin_own) for r in rows] == [False, False, True, False, False]
        assert {r.birth_year for r in rows} == {1988}
        assert [r.facility_type for r in rows] == ["ik", "sizo", "sizo", "kp", "ik"]
        assert [r.restrictions for r in rows] == ["", "", "", "Письма до двух страниц", ""]
        assert [c for (c,) in codes] == ["no_photos", "postcards_only"]
        assert [r.address_unconfirmed_reason for r in rows] == [None, None, "status", None, None]
        assert {r.external_source for r in rows} == {"own"}
        assert tags == len(ROWS)  # rebuilding the table did not cascade to its children
        assert posts_from == "DE"  # guessed from Europe/Berlin

        downgrade(revision="0007-1")
        with db.engine.connect() as conn:
            restrictions = conn.execute(
                text("SELECT restrictions FROM prisoner WHERE id = 1")
            ).scalar()
            routes = conn.execute(text("SELECT route FROM prisoner_mail_route")).all()
            tags = conn.execute(text("SELECT count(*) FROM prisoner_tag")).scalar()
        assert restrictions == "Без фотографий, только открытки"
        assert routes == [("electronic",)] and tags == len(ROWS)
        upgrade()
        db.engine.dispose()
