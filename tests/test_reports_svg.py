"""The SVG bar chart builder: well-formed, accessible, escaped, one bar per value."""

import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from eventsite.reports.svg import Bar, bar_chart, nice_max

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str):
    return ET.fromstring(markup)  # noqa: S314 -- markup built by the code under test


def _bars(values):
    return [Bar(label=f"M{i}", value=v, tooltip=f"Month {i}: {v}") for i, v in enumerate(values)]


@pytest.mark.parametrize("values", [[], [0], [0, 0, 0], [3, 0, 17, 250], list(range(60))])
def test_one_bar_per_value_and_well_formed(values):
    svg = _parse(bar_chart(_bars(values), title="Letters", description="d", chart_id="c"))
    rects = svg.findall(f".//{SVG}rect[@class='bar']")
    assert len(rects) == len(values)
    heights = [float(r.get("height")) for r in rects]
    assert all(h >= 0 for h in heights)
    if values and max(values):
        # Heights follow the values: the tallest value gets the tallest bar.
        assert heights.index(max(heights)) == values.index(max(values))
        assert [r.find(f"{SVG}title").text for r in rects] == [
            f"Month {i}: {v}" for i, v in enumerate(values)
        ]


def test_accessible_name_and_description():
    svg = _parse(
        bar_chart(
            _bars([1, 2]), title="Letters per month", description="Same as the table", chart_id="x"
        )
    )
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Letters per month" and desc.text == "Same as the table"
    assert svg.get("aria-labelledby") == title.get("id") == "x-title"
    assert svg.get("aria-describedby") == desc.get("id") == "x-desc"


def test_text_is_escaped():
    nasty = '<script>alert("x")</script> & "quotes"'
    bars = [Bar(label=nasty, value=1, tooltip=nasty)]
    markup = bar_chart(bars, title=nasty, description=nasty, chart_id='a"b')
    assert "<script>" not in markup
    svg = _parse(markup)
    assert svg.find(f"{SVG}title").text == nasty
    assert svg.find(f".//{SVG}rect/{SVG}title").text == nasty
    assert svg.find(f".//{SVG}text[@class='label']").text == nasty


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (20, 20), (21, 50), (501, 1000)]
)
def test_scale_tops_are_round(value, top):
    assert nice_max(value) == top


@pytest.mark.parametrize("count", [3, 12, 24, 60])
def test_long_month_labels_never_overlap(count):
    # «сент. 2026», as the table beside the chart writes the month
    bars = [Bar(label="сент. 2026", value=i, tooltip="t") for i in range(count)]
    svg = _parse(bar_chart(bars, title="Letters", description="d", chart_id="c"))
    xs = [float(t.get("x")) for t in svg.findall(f".//{SVG}text[@class='label']")]
    assert xs and xs[0] < 36 + 640 / count  # the first month is labelled
    gaps = [b - a for a, b in pairwise(xs)]
    assert all(gap >= len("сент. 2026") * 6.5 for gap in gaps), gaps
