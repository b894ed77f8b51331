"""The directory's CSV export follows the page's filters and keeps every tag and route."""

import csv
import io

from eventsite.auth.models import Role
from tests.builders import make_chapter, make_prisoner, make_user
from tests.helpers import login


def _rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_filtered_export_has_the_matching_prisoners_with_all_their_tags(app, client):
    login(client, make_user(chapter=make_chapter(), role=Role.HOST).email)
    make_prisoner(name_ru="Журналистова Анна", tags=["women", "journalists"], routes=["post"])
    make_prisoner(
        name_ru="Борисов Борис", tags=["anti-war"], routes=["electronic", "post"], external_id="B-1"
    )
    make_prisoner(name_ru="Безтегов Глеб")

    rows = _rows(client, "/prisoners/export.csv?tag=journalists")
    assert [(r["name_ru"], r["tags"], r["mail_routes"]) for r in rows] == [
        ("Журналистова Анна", "journalists, women", "post")
    ]
    everyone = {r["name_ru"]: r for r in _rows(client, "/prisoners/export.csv")}
    assert list(everyone) == ["Безтегов Глеб", "Борисов Борис", "Журналистова Анна"]
    assert everyone["Борисов Борис"]["mail_routes"] == "electronic, post"
    assert everyone["Борисов Борис"]["external_id"] == "B-1"
    assert everyone["Безтегов Глеб"]["tags"] == ""
    assert everyone["Безтегов Глеб"]["status"] == "active"
