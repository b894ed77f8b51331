"""A bar chart as inline SVG: plain data in, markup out, no JavaScript."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar, e.g. "Mar 2025"
    value: int
    tooltip: str  # the bar's own <title>, e.g. "March 2025: 34"


WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 16, 40


def nice_max(value: int) -> int:
    """Round the top of the scale up to 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def _ticks(top: int) -> list[int]:
    """Five steps for a scale of 5, 10, 20, 50…; whole numbers only."""
    step = top // 5 if top >= 5 else 1
    return list(range(0, top + 1, step))


def bar_chart(bars: Sequence[Bar], *, title: str, description: str, chart_id: str) -> str:
    """Return an accessible `<svg>` bar chart; every text is escaped here."""
    top = nice_max(max((b.value for b in bars), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(bars), 1)
    bar_w = max(slot * 0.7, 1)
    # Many months or long names ("сент. 2026"): label every other (or every third) bar
    # so labels do not overlap; a character of the 11 px labels takes about 6.5 units.
    widest = max((len(b.label) for b in bars), default=0) * 6.5 + 8
    label_every = max(1, math.ceil(len(bars) / 16), math.ceil(widest / slot))
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby={quoteattr(title_id)} '
        f"aria-describedby={quoteattr(desc_id)}>",
        f"<title id={quoteattr(title_id)}>{escape(title)}</title>",
        f"<desc id={quoteattr(desc_id)}>{escape(description)}</desc>",
        '<g class="axis">',
    ]
    for tick in _ticks(top):
        y = TOP + plot_h - plot_h * tick / top
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    out.append('</g><g class="bars">')
    for i, bar in enumerate(bars):
        height = plot_h * bar.value / top
        x = LEFT + slot * i + (slot - bar_w) / 2
        y = TOP + plot_h - height
        out.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{height:.1f}"><title>{escape(bar.tooltip)}</title></rect>'
        )
        if i % label_every == 0:
            out.append(
                f'<text class="label" x="{x + bar_w / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    out.append("</g></svg>")
    return "".join(out)
