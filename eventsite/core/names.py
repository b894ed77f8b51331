"""People's names as typed into a form: one line, and at least one letter."""


def clean_name(text: str | None) -> str | None:
    """Return the name on one line without extra spaces, or None if it has no letter.

    "   ", "..." or "-" would make a blank row on the waitlist, the door list and the
    sign-in sheet.
    """
    name = " ".join((text or "").split())
    return name if any(char.isalpha() for char in name) else None
