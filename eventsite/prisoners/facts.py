"""What the letter check (and any other reader) may know about a prisoner, as plain data."""

from dataclasses import dataclass

from eventsite.prisoners import names
from eventsite.prisoners.custody import Article
from eventsite.prisoners.kinds import (
    CustodyStatus,
    FacilityType,
    Gender,
    MailRoute,
    PrisonerStatus,
    Restriction,
)


@dataclass(frozen=True, slots=True)
class PrisonerFacts:
    """A prisoner as the letter check sees them: no address, nothing about writers."""

    id: int
    full_name: str
    parts: names.NameParts | None  # None: the name is not split yet
    gender: Gender | None
    salutation: str  # «Здравствуйте, Алёна Фёдоровна!»
    status: PrisonerStatus
    restrictions: frozenset[Restriction]
    restrictions_note: str  # free text beyond the list, as written (often Russian)
    custody: CustodyStatus | None
    facility_type: FacilityType | None
    facility_country: str
    articles: tuple[Article, ...]
    case_name: str
    tags: frozenset[str]
    mail_routes: frozenset[MailRoute]

    @property
    def pretrial(self) -> bool:
        """Before the verdict the investigation reads the mail: nothing about the case at all."""
        return self.custody == CustodyStatus.PRETRIAL or Restriction.NO_CASE in self.restrictions


def facts_of(prisoner) -> PrisonerFacts:
    """Return the facts of a Prisoner (or anything with the same attributes)."""
    whole = names.NameParts(prisoner.surname, prisoner.given_name, prisoner.patronymic)
    parts = whole if whole.complete else None
    return PrisonerFacts(
        id=prisoner.id,
        full_name=prisoner.name_ru,
        parts=parts,
        gender=prisoner.gender,
        salutation=names.salutation(parts, prisoner.gender) if parts else "Здравствуйте!",
        status=prisoner.status,
        restrictions=frozenset(prisoner.restriction_codes),
        restrictions_note=prisoner.restrictions,
        custody=prisoner.custody,
        facility_type=prisoner.facility_type,
        facility_country=prisoner.facility_country,
        articles=tuple(Article.from_dict(a) for a in prisoner.articles or ()),
        case_name=prisoner.case_name,
        tags=frozenset(prisoner.tag_names),
        mail_routes=frozenset(prisoner.route_names),
    )
