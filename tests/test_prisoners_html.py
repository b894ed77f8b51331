"""The directory's richest pages are valid HTML (the Nu checker, as for every page)."""

from datetime import date
from io import BytesIO

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.prisoners import services
from eventsite.prisoners.models import CustodyStatus, MailRoute, Restriction
from eventsite.prisoners.services import PrisonerData
from eventsite.seating.models import EventTable, TablePrisoner
from tests.builders import make_chapter, make_event, make_prisoner, make_user
from tests.helpers import login
from tests.nodetools import vnu_jar
from tests.test_html_valid import vnu_errors
from tests.test_prisoners_import_lists import PUBLISHED


@pytest.mark.app_config(WTF_CSRF_ENABLED=False)
def test_prisoner_pages_with_every_field_are_valid_html(app, client, tmp_path):
    vnu_jar()
    chapter = make_chapter(posts_from="DE")
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    today = date(2026, 12, 1)
    good = services.apply(
        None,
        PrisonerData(
            surname="Примерова",
            given_name="Алёна",
            patronymic="Фёдоровна",
            postal_code="601446",
            region="Владимирская обл.",
            facility="ФКУ СИЗО-1",
            custody=CustodyStatus.PRETRIAL,
            restriction_codes=(Restriction.POSTCARDS_ONLY,),
            restrictions="Письма до двух страниц",
            mail_routes=(MailRoute.POST, MailRoute.FORWARDING, MailRoute.ELECTRONIC),
            forwarding_url="https://example.org/forward",
            reply_form=True,
            mail_notes="Доходит за неделю",
        ),
        None,
        today=today,
    )
    moved = make_prisoner(name_ru="Уехавший Иван")
    services.record_returned_letter(
        moved, returned_on=today, reason="moved", note="Выбыл", chapter=chapter, user=None,
        today=today,
    )  # fmt: skip
    event = make_event(chapter=chapter)
    table = EventTable(event=event, label="1", seats=4)
    db.session.add(table)
    db.session.flush()
    db.session.add(TablePrisoner(event_id=event.id, prisoner_id=moved.id, table_id=table.id))
    db.session.commit()
    upload = client.post(
        "/prisoners/import",
        data={"file": (BytesIO(PUBLISHED.encode("cp1251")), "list.csv")},
        content_type="multipart/form-data",
    )
    pages = {
        url: client.get(url).text
        for url in (
            f"/prisoners/{good.id}",
            f"/prisoners/{moved.id}",
            f"/prisoners/{good.id}/edit",
            f"/prisoners/{moved.id}/edit",
            "/prisoners/review",
            "/prisoners/?check=address",
            "/directory",
            f"/manage/events/{event.id}/tables",
            upload.headers["Location"],
        )
    }
    pages["form with errors"] = client.post("/prisoners/new", data={"surname": "Ivanov"}).text
    folder = tmp_path / "pages"
    folder.mkdir()
    errors = vnu_errors(pages, folder)
    assert not errors, errors
