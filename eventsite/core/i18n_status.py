"""Which messages of a translation catalog still need a translator: `python -m` prints them."""

import sys
from pathlib import Path

from babel.messages.pofile import read_po


def needs_work(po_path: Path) -> list[str]:
    """Return the msgids that are untranslated (any plural form empty) or marked fuzzy."""
    with po_path.open("rb") as f:
        catalog = read_po(f)
    pending: list[str] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            pending.append(str(message.id[0] if isinstance(message.id, tuple) else message.id))
    return pending


def main(translations: str) -> int:
    for po_path in sorted(Path(translations).glob("*/LC_MESSAGES/messages.po")):
        lang = po_path.parent.parent.name
        pending = needs_work(po_path)
        if pending:
            print(f"{lang}: {len(pending)} message(s) to translate in {po_path}:")
            for msgid in pending:
                print(f"  - {msgid}")
        else:
            print(f"{lang}: everything is translated. Run `make i18n-compile`.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "eventsite/translations"))
