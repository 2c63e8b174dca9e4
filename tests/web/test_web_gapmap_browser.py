"""The gap map in real headless Chromium (issue 19.7): its headers stay in view while
the map scrolls both ways, the cue to scroll is visible when the map is wider than the
screen, the shades follow the strength, and axe-core finds no serious violation.
Screenshots: test-artifacts/web/gapmap-*.png."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_headers_stay_in_view_while_scrolling(page, live_server, screenshot, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server + "/gap-map")
    box = page.locator(".gapmap-scroll")
    sizes = box.evaluate("b => ({sw: b.scrollWidth, cw: b.clientWidth, sh: b.scrollHeight, ch: b.clientHeight})")
    if width == 390:
        assert sizes["sw"] > sizes["cw"]                  # it does scroll sideways
        assert page.locator(".scroll-cue").is_visible()
    screenshot(page, f"gapmap-{width}")
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.scrollTop = b.scrollHeight; }")
    page.wait_for_timeout(100)
    frame = box.bounding_box()
    row_header = page.locator("table.gapmap tbody tr:last-child th").bounding_box()
    col_header = page.locator("table.gapmap thead th").last.bounding_box()
    if sizes["sw"] > sizes["cw"]:
        assert abs(row_header["x"] - frame["x"]) <= 2     # the block names stay at the left
    if sizes["sh"] > sizes["ch"]:
        assert abs(col_header["y"] - frame["y"]) <= 2     # the group names stay at the top
    assert page.console_errors == []
    screenshot(page, f"gapmap-{width}-scrolled")


def test_shades_and_axe(axe_page, live_server, axe):
    axe_page.goto(live_server + "/gap-map")
    shades = axe_page.evaluate("""() => Array.from(document.querySelectorAll('table.gapmap tbody td'))
        .map(td => [td.className.match(/shade-(\\d)/)[1], getComputedStyle(td).backgroundColor])""")
    by_shade = {}
    for shade, colour in shades:
        by_shade.setdefault(shade, set()).add(colour)
    assert len(by_shade) >= 3 and all(len(c) == 1 for c in by_shade.values())
    assert len({next(iter(c)) for c in by_shade.values()}) == len(by_shade)
    assert axe(axe_page) == []
