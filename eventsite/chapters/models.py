"""A chapter: a local group that holds evenings."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsite.core.paper import PAPER_SIZES
from eventsite.dbtypes import UTCDateTime
from eventsite.extensions import Model, utcnow

if TYPE_CHECKING:  # for the annotation only: memberships point back at chapters
    from eventsite.auth.models import Membership


class Chapter(Model):
    __tablename__ = "chapter"
    __table_args__ = (
        CheckConstraint("postal_delay_days BETWEEN 0 AND 120", name="postal_delay_range"),
        CheckConstraint(
            f"paper_size IN ({', '.join(repr(p) for p in PAPER_SIZES)})", name="paper_size_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(120), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    return_address: Mapped[str] = mapped_column(Text, default="")
    postal_delay_days: Mapped[int] = mapped_column(default=21)
    paper_size: Mapped[str] = mapped_column(String(10), default="a4")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="chapter", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Chapter {self.slug}>"
