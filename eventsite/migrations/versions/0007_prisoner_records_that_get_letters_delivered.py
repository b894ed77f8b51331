"""Give prisoners name parts, custody, restrictions, address confidence; chapters a country

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-01 10:00:00

Existing data is carried over: names of the form «Фамилия Имя Отчество» with a Russian
patronymic are split into parts (anything else is left whole, for the "needs checking"
page), the year of birth is copied from the birth date, the facility type is read from
the facility's name, free-text restrictions that are only phrases of the fixed list
become that list, a Latin name that is not the transliteration is kept as their own,
ids become "own list" ids, and a prisoner who is not active has the address marked
unconfirmed. The rules are copied here on purpose: a migration must not change when
the app's code does.
"""

import re
from datetime import date

import iuliia
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0008"  # written on 0005; follows main's 0008 since the merge
branch_labels = None
depends_on = None

ROUTES_OLD = ("post", "electronic")
ROUTES_NEW = ("post", "electronic", "zonatelecom", "forwarding")
ENUMS = {
    "external_source": ("id_source", ("own", "memorial", "ovd_info", "solidarity_zone", "viasna", "other")),
    "gender": ("gender", ("f", "m")),
    "facility_type": (
        "facility_type",
        ("sizo", "ivs", "ik", "kp", "prison", "liu", "vk", "psych", "house_arrest", "transit", "other"),
    ),
    "custody": ("custody_status", ("pretrial", "sentenced", "other")),
    "address_unconfirmed_reason": ("unconfirmed_reason", ("returned", "status", "imported")),
}
RESTRICTIONS = (
    "postcards_only",
    "no_photos",
    "no_enclosures",
    "no_drawings",
    "russian_only",
    "no_religion",
    "no_case",
    "e_letter_only",
)
RETURN_REASONS = ("moved", "not_found", "released", "refused", "other")
# Time zones of the places chapters meet in, for a first "posts from".
ZONE_COUNTRIES = {
    "Europe/Berlin": "DE", "Europe/Vienna": "AT", "Europe/Zurich": "CH", "Europe/Paris": "FR",
    "Europe/Amsterdam": "NL", "Europe/Brussels": "BE", "Europe/Prague": "CZ",
    "Europe/Warsaw": "PL", "Europe/Vilnius": "LT", "Europe/Riga": "LV", "Europe/Tallinn": "EE",
    "Europe/Helsinki": "FI", "Europe/Stockholm": "SE", "Europe/Oslo": "NO",
    "Europe/Copenhagen": "DK", "Europe/London": "GB", "Europe/Dublin": "IE",
    "Europe/Madrid": "ES", "Europe/Lisbon": "PT", "Europe/Rome": "IT", "Europe/Belgrade": "RS",
    "Europe/Podgorica": "ME", "Europe/Istanbul": "TR", "Asia/Tbilisi": "GE",
    "Asia/Yerevan": "AM", "Asia/Almaty": "KZ", "Asia/Bishkek": "KG", "Asia/Jerusalem": "IL",
    "Asia/Nicosia": "CY", "Europe/Moscow": "RU", "Europe/Minsk": "BY",
    "America/New_York": "US", "America/Los_Angeles": "US", "America/Chicago": "US",
    "America/Toronto": "CA", "America/Argentina/Buenos_Aires": "AR",
}

_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*$")
_MALE_PATRONYMIC = re.compile(r"(?:ович|евич|ич)$")
_FEMALE_PATRONYMIC = re.compile(r"(?:овна|евна|ична|инична)$")
_FACILITY = (
    (r"\bСИЗО\b|\bПФРСИ\b|\bИЗ[-\s]?\d", "sizo"),
    (r"\bИВС\b", "ivs"),
    (r"психиатр", "psych"),
    (r"\bЛИУ\b|ЛПУ\b|\bКТБ\b", "liu"),
    (r"\bКП\b|\bКП[-\s№]*\d|поселени", "kp"),
    (r"\bВК\b|\bВК[-\s№]*\d|воспитательн", "vk"),
    (r"тюрьм|\bТ[-\s]?\d\b", "prison"),
    (r"\bИК\b|\bИК[-\s№]*\d|колони", "ik"),
)
_PHRASES = (
    (r"^только\s+открытк\w*$", "postcards_only"),
    (r"^(?:без\s+фото\w*|фотографии\s+не\s+(?:присылать|вкладывать))$", "no_photos"),
    (r"^без\s+вложений$", "no_enclosures"),
    (r"^без\s+рисунков$", "no_drawings"),
    (r"^только\s+на\s+русском(?:\s+языке)?$", "russian_only"),
)
_RU_LABELS = {
    "postcards_only": "только открытки",
    "no_photos": "без фотографий",
    "no_enclosures": "без вложений",
    "no_drawings": "без рисунков",
    "russian_only": "только на русском",
    "no_religion": "без религиозных тем",
    "no_case": "ничего о деле",
    "e_letter_only": "только через ФСИН-письмо",
}


def split_name(name: str):
    """Return (surname, given, patronymic, gender) when the name is certainly «Ф И О»."""
    words = name.split()
    if len(words) == 4 and words[3] in ("оглы", "кызы") and all(map(_WORD.match, words[:3])):
        return words[0], words[1], f"{words[2]} {words[3]}", "m" if words[3] == "оглы" else "f"
    if len(words) != 3 or not all(map(_WORD.match, words)):
        return None
    if _MALE_PATRONYMIC.search(words[1]) or _FEMALE_PATRONYMIC.search(words[1]):
        return None  # «Иван Петрович Лукашевич»: which one is the patronymic?
    if _MALE_PATRONYMIC.search(words[2]):
        return words[0], words[1], words[2], "m"
    if _FEMALE_PATRONYMIC.search(words[2]):
        return words[0], words[1], words[2], "f"
    return None


def facility_type(facility: str):
    for pattern, kind in _FACILITY:
        if re.search(pattern, facility or "", re.I):
            return kind
    return None


def restriction_codes(text: str):
    """Return (codes, text to keep): all-recognised phrases leave no text behind."""
    clauses = [c.strip() for c in re.split(r"[,;.\n]+", text or "") if c.strip()]
    codes = []
    for clause in clauses:
        for pattern, code in _PHRASES:
            if re.match(pattern, clause, re.I) and code not in codes:
                codes.append(code)
                break
        else:
            return codes, text
    return codes, ""


def _check(table: str, column: str, name: str, values) -> None:
    quoted = ", ".join(f"'{v}'" for v in values)
    with op.batch_alter_table(table) as batch:
        batch.create_check_constraint(op.f(f"ck_{table}_{name}"), f"{column} IN ({quoted})")


def upgrade():
    with op.batch_alter_table("chapter") as batch:
        batch.add_column(sa.Column("posts_from", sa.String(2), nullable=False, server_default=""))

    with op.batch_alter_table("prisoner") as batch:
        add = batch.add_column
        add(sa.Column("external_source", sa.String(20), nullable=False, server_default="own"))
        for name in ("surname", "given_name", "patronymic"):
            add(sa.Column(name, sa.String(100), nullable=False, server_default=""))
        add(sa.Column("gender", sa.String(1), nullable=True))
        add(sa.Column("name_latin_own", sa.Boolean(), nullable=False, server_default=sa.false()))
        add(sa.Column("birth_year", sa.SmallInteger(), nullable=True))
        add(sa.Column("facility_type", sa.String(20), nullable=True))
        add(sa.Column("facility_country", sa.String(2), nullable=False, server_default="RU"))
        add(sa.Column("custody", sa.String(20), nullable=True))
        add(sa.Column("articles", sa.JSON(), nullable=False, server_default="[]"))
        add(sa.Column("case_name", sa.String(300), nullable=False, server_default=""))
        add(sa.Column("forwarding_url", sa.String(500), nullable=False, server_default=""))
        add(sa.Column("reply_form", sa.Boolean(), nullable=False, server_default=sa.false()))
        add(sa.Column("address_unconfirmed_on", sa.Date(), nullable=True))
        add(sa.Column("address_unconfirmed_reason", sa.String(20), nullable=True))
        batch.drop_constraint(op.f("uq_prisoner_external_id"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_prisoner_source_external_id"), ["external_source", "external_id"]
        )
        batch.create_check_constraint(
            op.f("ck_prisoner_birth_year_range"), "birth_year BETWEEN 1900 AND 2100"
        )
        batch.create_check_constraint(
            op.f("ck_prisoner_unconfirmed_has_reason"),
            "(address_unconfirmed_on IS NULL) = (address_unconfirmed_reason IS NULL)",
        )
    for column, (name, values) in ENUMS.items():
        _check("prisoner", column, name, values)

    with op.batch_alter_table("prisoner_mail_route") as batch:
        batch.drop_constraint(op.f("ck_prisoner_mail_route_mail_route"), type_="check")
    _check("prisoner_mail_route", "route", "mail_route", ROUTES_NEW)

    op.create_table(
        "prisoner_restriction",
        sa.Column("prisoner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(30), nullable=False),
        sa.CheckConstraint(
            "code IN (" + ", ".join(f"'{c}'" for c in RESTRICTIONS) + ")",
            name=op.f("ck_prisoner_restriction_restriction"),
        ),
        sa.ForeignKeyConstraint(
            ["prisoner_id"],
            ["prisoner.id"],
            name=op.f("fk_prisoner_restriction_prisoner_id_prisoner"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("prisoner_id", "code", name=op.f("pk_prisoner_restriction")),
    )
    op.create_table(
        "returned_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prisoner_id", sa.Integer(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("chapter_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "reason IN (" + ", ".join(f"'{r}'" for r in RETURN_REASONS) + ")",
            name=op.f("ck_returned_letter_return_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["chapter_id"],
            ["chapter.id"],
            name=op.f("fk_returned_letter_chapter_id_chapter"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["prisoner_id"],
            ["prisoner.id"],
            name=op.f("fk_returned_letter_prisoner_id_prisoner"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_returned_letter_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returned_letter")),
    )
    with op.batch_alter_table("returned_letter") as batch:
        batch.create_index(op.f("ix_returned_letter_prisoner_id"), ["prisoner_id"], unique=False)

    _carry_data_over()


def _carry_data_over() -> None:
    conn = op.get_bind()
    for chapter_id, zone in conn.execute(sa.text("SELECT id, timezone FROM chapter")).all():
        if zone in ZONE_COUNTRIES:
            conn.execute(
                sa.text("UPDATE chapter SET posts_from = :c WHERE id = :id"),
                {"c": ZONE_COUNTRIES[zone], "id": chapter_id},
            )
    today = date.today()
    rows = conn.execute(
        sa.text(
            "SELECT id, name_ru, name_latin, birth_date, status, facility, restrictions "
            "FROM prisoner"
        )
    ).all()
    updates, restrictions = [], []
    for row in rows:
        values = {
            "id": row.id,
            "surname": "",
            "given_name": "",
            "patronymic": "",
            "gender": None,
            "own": bool(row.name_latin)
            and row.name_latin != iuliia.ICAO_DOC_9303.translate(" ".join(row.name_ru.split())),
            "birth_year": _year(row.birth_date),
            "facility_type": facility_type(row.facility),
            "restrictions": row.restrictions,
            "unconfirmed_on": None if row.status == "active" else today,
            "reason": None if row.status == "active" else "status",
        }
        parts = split_name(row.name_ru)
        if parts:
            values.update(zip(("surname", "given_name", "patronymic", "gender"), parts, strict=True))
        codes, values["restrictions"] = restriction_codes(row.restrictions)
        restrictions += [{"prisoner_id": row.id, "code": code} for code in codes]
        updates.append(values)
    if updates:
        conn.execute(
            sa.text(
                "UPDATE prisoner SET surname = :surname, given_name = :given_name, "
                "patronymic = :patronymic, gender = :gender, name_latin_own = :own, "
                "birth_year = :birth_year, facility_type = :facility_type, "
                "restrictions = :restrictions, address_unconfirmed_on = :unconfirmed_on, "
                "address_unconfirmed_reason = :reason WHERE id = :id"
            ),
            updates,
        )
    if restrictions:
        conn.execute(
            sa.text("INSERT INTO prisoner_restriction (prisoner_id, code) VALUES (:prisoner_id, :code)"),
            restrictions,
        )


def _year(value):
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands dates back as text here
        return int(value[:4])
    return value.year


def downgrade():
    conn = op.get_bind()
    # Structured restrictions go back into the free text, in Russian.
    codes: dict[int, list[str]] = {}
    for prisoner_id, code in conn.execute(
        sa.text("SELECT prisoner_id, code FROM prisoner_restriction ORDER BY prisoner_id, code")
    ):
        codes.setdefault(prisoner_id, []).append(_RU_LABELS[code])
    for prisoner_id, labels in codes.items():
        text = conn.execute(
            sa.text("SELECT restrictions FROM prisoner WHERE id = :id"), {"id": prisoner_id}
        ).scalar()
        joined = ", ".join(labels)
        conn.execute(
            sa.text("UPDATE prisoner SET restrictions = :t WHERE id = :id"),
            {"t": f"{text}; {joined}" if text else joined[:1].upper() + joined[1:], "id": prisoner_id},
        )
    # One namespace of ids again: other lists' ids keep their source as a prefix.
    conn.execute(
        sa.text(
            "UPDATE prisoner SET external_id = external_source || ':' || external_id "
            "WHERE external_id IS NOT NULL AND external_source <> 'own'"
        )
    )
    conn.execute(
        sa.text(
            "DELETE FROM prisoner_mail_route WHERE route NOT IN ("
            + ", ".join(f"'{r}'" for r in ROUTES_OLD)
            + ")"
        )
    )
    with op.batch_alter_table("returned_letter") as batch:
        batch.drop_index(op.f("ix_returned_letter_prisoner_id"))
    op.drop_table("returned_letter")
    op.drop_table("prisoner_restriction")

    with op.batch_alter_table("prisoner_mail_route") as batch:
        batch.drop_constraint(op.f("ck_prisoner_mail_route_mail_route"), type_="check")
    _check("prisoner_mail_route", "route", "mail_route", ROUTES_OLD)

    with op.batch_alter_table("prisoner") as batch:
        for name, _values in ENUMS.values():
            batch.drop_constraint(op.f(f"ck_prisoner_{name}"), type_="check")
        batch.drop_constraint(op.f("ck_prisoner_unconfirmed_has_reason"), type_="check")
        batch.drop_constraint(op.f("ck_prisoner_birth_year_range"), type_="check")
        batch.drop_constraint(op.f("uq_prisoner_source_external_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_prisoner_external_id"), ["external_id"])
        for column in (
            "address_unconfirmed_reason",
            "address_unconfirmed_on",
            "reply_form",
            "forwarding_url",
            "case_name",
            "articles",
            "custody",
            "facility_country",
            "facility_type",
            "birth_year",
            "name_latin_own",
            "gender",
            "patronymic",
            "given_name",
            "surname",
            "external_source",
        ):
            batch.drop_column(column)

    with op.batch_alter_table("chapter") as batch:
        batch.drop_column("posts_from")
