"""Tables of an evening, the prisoners chosen for it, and who sits where."""

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.events.models import Event
from eventsite.extensions import Model
from eventsite.prisoners.models import Prisoner


class EventTable(Model):
    __tablename__ = "event_table"
    __table_args__ = (
        UniqueConstraint("event_id", "label"),
        # Target of the composite keys below: a placement's table belongs to its evening.
        UniqueConstraint("event_id", "id", name="uq_event_table_event_id_id"),
        CheckConstraint("seats BETWEEN 1 AND 60", name="seats_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(40))
    seats: Mapped[int]

    event: Mapped[Event] = relationship()


class TablePrisoner(Model):
    """A prisoner chosen for an evening, and the table writing to them (None: not placed yet).

    One row per prisoner and evening, so a prisoner sits at no more than one table.
    """

    __tablename__ = "table_prisoner"
    __table_args__ = (
        UniqueConstraint("event_id", "prisoner_id"),
        ForeignKeyConstraint(
            ["event_id", "table_id"],
            ["event_table.event_id", "event_table.id"],
            name="fk_table_prisoner_table_of_event",
        ),
        Index("ix_table_prisoner_table_id", "table_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    prisoner_id: Mapped[int] = mapped_column(ForeignKey("prisoner.id", ondelete="CASCADE"))
    table_id: Mapped[int | None]
    # Placed by a person (kept by auto-assign) rather than by auto-assign itself.
    manual: Mapped[bool] = mapped_column(default=False)

    prisoner: Mapped[Prisoner] = relationship()
    table: Mapped[EventTable | None] = relationship(
        primaryjoin="TablePrisoner.table_id == EventTable.id",
        foreign_keys="TablePrisoner.table_id",
        viewonly=True,
    )
