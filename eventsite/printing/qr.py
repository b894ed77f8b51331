"""QR codes for printed documents: vectors (inline SVG), so they scan at any print size."""

from markupsafe import Markup


def qr_svg(url: str) -> Markup:
    """An inline <svg> of a QR code for `url` (medium error correction, quiet zone kept)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    # omitsize: no width/height, only a viewBox, so print.css sets the printed size.
    # segno writes the SVG from the URL alone, escaping it: safe to insert as markup.
    return Markup(code.svg_inline(scale=1, border=4, omitsize=True, dark="#000"))  # noqa: S704
