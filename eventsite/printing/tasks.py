"""PDFs rendered in worker processes, never in a web process that has a broker to ask."""

from celery import shared_task

from eventsite.core import filecache
from eventsite.printing import jobs


@shared_task(name="printing.render", acks_late=True)
def render(event_id: int, kind: str, table_id: int | None, paper: str, language: str) -> str | None:
    """Render a document a page asked for into the cache (the page reloads until it is there)."""
    name = None
    try:
        name = jobs.build_by_ids(event_id, kind, table_id, paper, language)
    finally:
        # The page asked under the name it computed; if the data changed since, its next
        # reload asks again under the new name.
        for marker in filecache.folder(event_id).glob(f"{kind}-{table_id or 'all'}-*.pending"):
            marker.unlink(missing_ok=True)
    return name


@shared_task(name="printing.refresh", acks_late=True)
def refresh(event_ids: list[int]) -> int:
    """An evening's tables changed: render its documents printed before again, in advance."""
    return sum(len(jobs.refresh(event_id)) for event_id in set(event_ids))
