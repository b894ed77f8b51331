"""The prisoner directory's fixed lists as plain enums, shared by models, forms and pure code."""

import enum


class PrisonerStatus(enum.StrEnum):
    ACTIVE = "active"
    RELEASED = "released"
    TRANSFERRED = "transferred"
    DECEASED = "deceased"
    UNKNOWN = "unknown"


class MailRoute(enum.StrEnum):
    POST = "post"
    ELECTRONIC = "electronic"  # the prison service's paid e-letter service (ФСИН-письмо)
    ZONATELECOM = "zonatelecom"  # Зонателеком: e-letters and calls, paid, in many colonies
    FORWARDING = "forwarding"  # a support group's service that prints and posts letters


class Gender(enum.StrEnum):
    """Only what the Russian forms of address need («Дорогая» or «Дорогой»)."""

    FEMALE = "f"
    MALE = "m"


class CustodyStatus(enum.StrEnum):
    PRETRIAL = "pretrial"  # under investigation or on trial: nothing about the case, ever
    SENTENCED = "sentenced"
    OTHER = "other"  # e.g. compulsory psychiatric treatment


class FacilityType(enum.StrEnum):
    SIZO = "sizo"  # СИЗО, pre-trial detention centre
    IVS = "ivs"  # ИВС, police temporary detention
    IK = "ik"  # ИК, penal colony (general, strict or special regime)
    KP = "kp"  # КП, colony-settlement
    PRISON = "prison"  # тюрьма (Т-2 …)
    LIU = "liu"  # ЛИУ, medical correctional facility
    VK = "vk"  # ВК, juvenile colony
    PSYCH = "psych"  # psychiatric hospital (compulsory treatment)
    HOUSE_ARREST = "house_arrest"
    TRANSIT = "transit"  # этап: between facilities, no address that reaches them
    OTHER = "other"


# No letter should go to the address on file while the person is here.
NO_POST_FACILITIES = frozenset({FacilityType.HOUSE_ARREST, FacilityType.TRANSIT})


class Restriction(enum.StrEnum):
    """Rules the facility or the situation sets for letters; the letter check reads them."""

    POSTCARDS_ONLY = "postcards_only"
    NO_PHOTOS = "no_photos"
    NO_ENCLOSURES = "no_enclosures"  # nothing inside: no blank paper, envelopes, stamps
    NO_DRAWINGS = "no_drawings"
    RUSSIAN_ONLY = "russian_only"
    NO_RELIGION = "no_religion"
    NO_CASE = "no_case"  # nothing about the case (the investigation reads the mail)
    E_LETTER_ONLY = "e_letter_only"  # letters through the e-letter service only


class IdSource(enum.StrEnum):
    """Whose list an `external_id` comes from: the same number means different people."""

    OWN = "own"
    MEMORIAL = "memorial"
    OVD_INFO = "ovd_info"
    SOLIDARITY_ZONE = "solidarity_zone"
    VIASNA = "viasna"
    OTHER = "other"


class UnconfirmedReason(enum.StrEnum):
    """Why the address on file may no longer reach the person."""

    RETURNED = "returned"  # a letter came back
    STATUS = "status"  # the status changed (transferred, released, deceased, unknown)
    IMPORTED = "imported"  # an import could not split a one-line address for certain


class ReturnReason(enum.StrEnum):
    """What the post or the facility wrote on a letter that came back."""

    MOVED = "moved"  # выбыл / убыл
    NOT_FOUND = "not_found"  # адресат не значится
    RELEASED = "released"  # освобождён
    REFUSED = "refused"  # отказ / не пропущено цензурой
    OTHER = "other"
