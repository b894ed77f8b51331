"""Imports of lists as groups publish them: headers, encodings, spreadsheets, one-line
addresses, dative names, years, and a preview that explains every decision."""

import csv
import io
import re
from datetime import date
from io import BytesIO

import openpyxl
import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from sqlalchemy import func, select

from eventsite.auth.models import Role
from eventsite.extensions import db, utcnow
from eventsite.prisoners import services
from eventsite.prisoners.custody import parse_articles
from eventsite.prisoners.models import (
    CustodyStatus,
    FacilityType,
    Gender,
    IdSource,
    MailRoute,
    Prisoner,
    PrisonerStatus,
    Restriction,
)
from eventsite.prisoners.services import PrisonerData
from tests.builders import make_chapter, make_prisoner, make_user
from tests.helpers import login

ADDRESS_1 = (
    "601446, Владимирская обл., г. Покров, ул. Франца Штольверка, д. 10, "
    "ФКУ ИК-2 УФСИН России по Владимирской обл."
)
ADDRESS_2 = (
    "190000, г. Санкт-Петербург, ул. Тестовая, д. 3, ФКУ СИЗО-1 УФСИН России по г. Санкт-Петербургу"
)
PUBLISHED = (
    "ФИО;  дата  РОЖДЕНИЯ ;Адрес для писем;Статья;Статус;Примечание\n"
    f"Сафронову Ивану Ивановичу;1990;{ADDRESS_1};ч. 2 ст. 207.3 УК РФ;в колонии;\n"
    f"Примеровой Алёне Фёдоровне;14.03.88;{ADDRESS_2};ст. 280.3;под стражей;любит кошек\n"
    f"Иванов И. И.;1975 г.р.;{ADDRESS_1};ст. 275;осуждён;\n"
    "Образцов Семён Фёдорович;1980-01-02;618540, Пермский край, Соликамск, ФКУ ИК-6;"
    "ст. 280.3;в колонии;\n"
)


@pytest.fixture
def organizer(app, client):
    user = make_user(chapter=make_chapter(), role=Role.ORGANIZER)
    login(client, user.email)
    return user


def upload(client, content: bytes, filename="list.csv", **fields):
    return client.post(
        "/prisoners/import",
        data={"file": (BytesIO(content), filename), **fields},
        content_type="multipart/form-data",
    )


def preview(client, content: bytes, filename="list.csv", **fields):
    response = upload(client, content, filename, **fields)
    assert response.status_code == 302, response.text
    url = response.headers["Location"]
    return url, client.get(url).text


def one(**where) -> Prisoner:
    query = select(Prisoner)
    for name, value in where.items():
        query = query.where(getattr(Prisoner, name) == value)
    return db.session.scalar(query)


def test_a_published_list_imports_in_one_go_and_the_preview_explains_it(app, client, organizer):
    url, page = preview(client, PUBLISHED.encode("cp1251"))
    assert "4 to add, 0 to update, 0 unchanged, 0 with errors" in page
    assert "Read as CSV text in Windows-1251" in page
    # Every column is named: any case and spacing of the header.
    header = r"<td[^>]*>\s*дата\s+РОЖДЕНИЯ\s*</td><td[^>]*>birth date \(or year\)</td>"
    assert re.search(header, page)
    assert re.search(r"<td[^>]*>Адрес для писем</td><td[^>]*>one-line address, split into", page)
    assert re.search(r"<td[^>]*>Статья</td><td[^>]*>articles of the Criminal Code</td>", page)
    assert (
        "«Сафронову Ивану Ивановичу» read as «Сафронов Иван Иванович» (it was in the dative)"
        in page
    )
    assert "Status «в колонии» read as: In prison (active) · Sentenced" in page
    assert "Address split as: 601446 / Владимирская обл. / г. Покров" in page
    assert "“14.03.88” read as 1988" in page
    assert "2 rows are marked for you to check." in page
    assert "«Иванов И. И.» could not be split" in page
    assert "could not be split for certain (pieces not recognised: Соликамск)" in page

    assert client.post(url).status_code == 302
    assert db.session.scalar(select(func.count(Prisoner.id))) == 4
    ivan = one(surname="Сафронов")
    assert (ivan.given_name, ivan.patronymic, ivan.gender) == ("Иван", "Иванович", Gender.MALE)
    assert (ivan.birth_date, ivan.birth_year, ivan.birth_monthday) == (None, 1990, None)
    assert ivan.articles == [{"article": "207.3", "part": "2", "point": "", "code": "УК РФ"}]
    assert (ivan.custody, ivan.facility_type) == (CustodyStatus.SENTENCED, FacilityType.IK)
    assert (ivan.postal_code, ivan.town, ivan.street) == (
        "601446",
        "г. Покров",
        "ул. Франца Штольверка, д. 10",
    )
    assert ivan.address_unconfirmed_on is None
    alena = one(surname="Примерова")
    assert alena.birth_date == date(1988, 3, 14)
    assert (alena.region, alena.town) == ("г. Санкт-Петербург", "")
    assert (alena.custody, alena.facility_type) == (CustodyStatus.PRETRIAL, FacilityType.SIZO)
    assert alena.writer_notes == "любит кошек"
    # Unsure: the name stays as written, for review; the address does not print as good.
    initials = one(name_ru="Иванов И. И.")
    assert initials.name_needs_review and initials.birth_year == 1975
    unsure = one(surname="Образцов")
    assert unsure.address_unconfirmed_reason == "imported"
    assert (unsure.postal_code, unsure.town, unsure.facility) == ("618540", "Соликамск", "ФКУ ИК-6")
    review = client.get("/prisoners/review").text
    assert "Иванов И. И." in review and "Образцов Семён Фёдорович" in review
    envelope = services.envelope_for(unsure, None, utcnow().date())
    assert not envelope.postable


UTF16_TEXT = (
    "ФИО\tГод рождения\tИндекс\tРегион\tУчреждение\n"
    "Ёлкина Фёдора Петровича\t1979\t601446\tВладимирская обл.\tФКУ ИК-2\n"
)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (PUBLISHED.encode("cp1251"), "Windows-1251"),
        (PUBLISHED.encode("koi8_r"), "KOI8-R"),
        (PUBLISHED.encode("mac_cyrillic"), "Mac Cyrillic"),
        (PUBLISHED.encode("utf-8"), "UTF-8"),
        ("\ufeff".encode() + PUBLISHED.encode(), "UTF-8"),
        (UTF16_TEXT.encode("utf-16"), "UTF-16"),  # Excel's "Unicode text": BOM, tabs
        (UTF16_TEXT.encode("utf-16-le"), "UTF-16"),  # and without the BOM
    ],
)
def test_encodings_are_recognised(app, client, organizer, raw, encoding):
    _url, page = preview(client, raw)
    assert f"Read as CSV text in {encoding}." in page
    assert "Сафронов Иван Иванович" in page or "Ёлкин Фёдор Петрович" in page
    assert "with errors" in page and "0 with errors" in page


@pytest.mark.parametrize(
    ("wrote", "read"),
    [("koi8_r", "cp1251"), ("mac_cyrillic", "cp1251"), ("cp1251", "koi8_r"), ("utf-8", "cp1251")],
)
def test_garbled_cyrillic_is_refused_and_never_overwrites_an_address(
    app, client, organizer, wrote, read
):
    good = make_prisoner(external_id="M-1", name_ru="Сафронов Иван Иванович")
    text = f"id;ФИО;Адрес\nM-1;Сафронов Иван Иванович;{ADDRESS_1}\n"
    garbled = text.encode(wrote).decode(read, errors="replace").encode("utf-8")
    response = upload(client, garbled)
    assert response.status_code == 400
    assert "does not look like Russian" in response.text
    assert "CSV UTF-8" in response.text  # and it says how to save the file
    db.session.refresh(good)
    assert good.facility == "ФКУ ИК-2 УФСИН России по Владимирской обл."


def test_ukrainian_letters_and_symbols_are_not_taken_for_garble(app, client, organizer):
    text = (
        "ФИО;Год рождения;Индекс;Регион;Учреждение;Биография\n"
        "Коваленко Олександр;1979;601446;Владимирская обл.;ФКУ ИК-2;"
        "Вчитель з Києва · любить їжачків, 30° тепла\n"
    )
    for encoding in ("utf-8", "cp1251"):
        _url, page = preview(client, text.encode(encoding))
        assert "1 to add" in page, encoding


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_file_is_read_with_typed_dates_numbers_and_serials(app, client, organizer):
    raw = _xlsx(
        {
            "Список": [
                ["ФИО", "Дата рождения", "Индекс", "Регион", "Учреждение", "Дата ареста"],
                [
                    "Ёлкин Фёдор Петрович",
                    date(1988, 3, 14),
                    601446,
                    "Владимирская обл.",
                    "ФКУ ИК-2",
                    44927,
                ],
            ],
            "Архив": [["ФИО", "Год рождения"], ["Петров Пётр Петрович", 1970]],
        }
    )
    url, page = preview(client, raw, "list.xlsx")
    assert "Read the sheet “Список”." in page and "The file also has: Архив." in page
    assert "“44927” read as a spreadsheet date, 2023-01-01" in page
    client.post(url)
    elkin = one(surname="Ёлкин")
    assert (elkin.birth_date, elkin.postal_code, elkin.arrest_date) == (
        date(1988, 3, 14),
        "601446",
        date(2023, 1, 1),
    )
    _url, page = preview(client, raw, "list.xlsx", sheet="архив")
    assert "Read the sheet “Архив”." in page and "Петров Пётр Петрович" in page
    response = upload(client, raw, "list.xlsx", sheet="Нет такого")
    assert response.status_code == 400 and "Its sheets: Список, Архив" in response.text


def _ods(rows: list[list]) -> bytes:
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Лист")
    for values in rows:
        row = TableRow()
        for value in values:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%d.%m.%Y")))
            elif isinstance(value, int):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def test_an_ods_file_is_read_with_typed_dates(app, client, organizer):
    raw = _ods(
        [
            ["Фамилия", "Имя", "Отчество", "Дата рождения", "Адрес"],
            ["Сафронову", "Ивану", "Ивановичу", date(1990, 5, 17), ADDRESS_1],
        ]
    )
    url, page = preview(client, raw, "list.ods")
    assert "Read the sheet “Лист”." in page and "1 to add" in page
    client.post(url)
    prisoner = one(surname="Сафронов")
    assert (prisoner.given_name, prisoner.birth_date) == ("Иван", date(1990, 5, 17))
    assert prisoner.facility == "ФКУ ИК-2 УФСИН России по Владимирской обл."


HEADER = "ФИО;Дата рождения;Индекс;Регион;Учреждение\n"


@pytest.mark.parametrize(
    ("cells", "born"),
    [
        ("1988-03-14", date(1988, 3, 14)),
        ("14.03.1988", date(1988, 3, 14)),
        ("14.03.88", date(1988, 3, 14)),
        ("14/03/1988", date(1988, 3, 14)),
        ("14 марта 1988 г.", date(1988, 3, 14)),
        ("32216", date(1988, 3, 14)),  # an Excel serial, saved as a number
    ],
)
def test_dates_in_the_forms_lists_use(app, client, organizer, cells, born):
    row = f"Ёлкин Фёдор Петрович;{cells};601446;Владимирская обл.;ФКУ ИК-2\n"
    url, page = preview(client, (HEADER + row).encode())
    assert "1 to add" in page, page
    client.post(url)
    assert one(surname="Ёлкин").birth_date == born


def test_us_dates_are_refused_with_a_reason(app, client, organizer):
    rows = (
        "Ёлкин Фёдор Петрович;03/14/1988;601446;Владимирская обл.;ФКУ ИК-2\n"
        "Ёлкина Анна Петровна;03/04/1988;601446;Владимирская обл.;ФКУ ИК-2\n"
    )
    _url, page = preview(client, (HEADER + rows).encode())
    assert "“03/14/1988” reads as month/day (US style); write it as 14.03.1988" in page
    assert "“03/04/1988” could be 03.04.1988 or 04.03.1988" in page
    assert "0 to add" in page and "2 with errors" in page


def test_every_error_of_every_row_comes_in_one_pass(app, client, organizer):
    text = (
        "ФИО;Дата рождения;Статус;Индекс;Регион;Учреждение\n"
        "Ёлкин Фёдор Петрович;31.02.1990;где-то;6014;;\n"
    )
    _url, page = preview(client, text.encode())
    row = re.search(r'<tr class="row-error[^"]*">(.*?)</tr>', page, re.S)[1]
    for message in ("is not a date", "is not a status we know", "six digits", "needs a region"):
        assert message in row, message


def test_the_valid_rows_can_go_in_and_the_others_come_back_as_a_csv(app, client, organizer):
    text = (
        HEADER
        + "Ёлкин Фёдор Петрович;1980;601446;Владимирская обл.;ФКУ ИК-2\n"
        + "Плохая Дата Ивановна;31.02.1990;601446;Владимирская обл.;ФКУ ИК-2\n"
        + "Годная Анна Петровна;1981;601446;Владимирская обл.;ФКУ ИК-2\n"
    )
    url, page = preview(client, text.encode())
    assert "Import the 2 valid rows and download the others as a CSV to fix" in page
    errors_link = re.search(r'href="(/prisoners/import/[^"]+/errors\.csv)"', page)[1]
    assert "Плохая Дата Ивановна" in client.get(errors_link).text
    assert client.post(url).status_code == 422  # all or nothing stays the default
    assert db.session.scalar(select(func.count(Prisoner.id))) == 0
    done = client.post(url, data={"mode": "valid"})
    assert done.status_code == 302 and "/prisoners/import/done/" in done.headers["Location"]
    page = client.get(done.headers["Location"]).text
    assert "1 row with errors was left out." in page
    download = re.search(r'href="(/prisoners/import/done/[^"]+/rows\.csv)"', page)[1]
    rows = list(csv.reader(io.StringIO(client.get(download).text.lstrip("\ufeff"))))
    assert rows[0] == ["ФИО", "Дата рождения", "Индекс", "Регион", "Учреждение", "errors / ошибки"]
    assert rows[1][0] == "Плохая Дата Ивановна" and "is not a date" in rows[1][-1]
    assert len(rows) == 2
    assert db.session.scalar(select(func.count(Prisoner.id))) == 2


def test_external_ids_are_scoped_by_the_list_they_come_from(app, client, organizer):
    make_prisoner(external_id="17", external_source=IdSource.MEMORIAL, name_ru="Первый Человек")
    text = "id;ФИО;Индекс;Регион;Учреждение\n17;Другой Человек Иванович;601446;Обл.;ФКУ ИК-2\n"
    _url, page = preview(client, text.encode(), source="ovd_info")
    assert "1 to add, 0 to update" in page
    _url, page = preview(client, text.encode(), source="memorial")
    assert "0 to add, 1 to update" in page


def test_export_then_import_of_every_new_field_changes_nothing(app, client, organizer):
    today = utcnow().date()
    full = PrisonerData(
        surname="Коваленко",
        given_name="Александр",
        name_latin="Oleksandr Kovalenko",
        birth_year=1979,
        facility_country="BY",
        postal_code="212000",
        region="Могилёвская обл.",
        town="г. Демогорск",
        facility="ИУ «ИК № 00»",
        facility_type=FacilityType.IK,
        custody=CustodyStatus.SENTENCED,
        articles=parse_articles("ч. 1 ст. 342 УК РБ; п. «а» ч. 2 ст. 205.2 УК РФ", "BY")[0],
        case_name="«Дело о „фейках“»",
        restriction_codes=(Restriction.POSTCARDS_ONLY, Restriction.RUSSIAN_ONLY),
        restrictions="Только открытки, о погоде можно",  # free text stays free text
        mail_routes=(MailRoute.POST, MailRoute.FORWARDING, MailRoute.ZONATELECOM),
        forwarding_url="https://example.org/forward",
        reply_form=True,
        mail_notes="Ответ через месяц",
        external_source=IdSource.VIASNA,
        external_id="V-1",
        gender=Gender.MALE,
        last_reviewed=date(2026, 1, 2),
    )
    services.apply(None, full, None, today=today)
    services.apply(
        None,
        PrisonerData(name_ru="Иванов И. И.", status=PrisonerStatus.RELEASED),
        None,
        today=today,
    )
    make_prisoner(name_ru="Формулов Иван", sentence="=1+1")
    db.session.commit()
    exported = client.get("/prisoners/export.csv")
    header = next(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    for column in ("surname", "articles", "restriction_codes", "external_source", "birth_year"):
        assert column in header
    assert "ч. 1 ст. 342 УК РБ; п. «а» ч. 2 ст. 205.2 УК РФ" in exported.text
    _url, page = preview(client, exported.data)
    assert "0 to add, 0 to update, 3 unchanged, 0 with errors" in page, page
