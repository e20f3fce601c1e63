"""What a learner does with the kit's attention explorer, and what must happen: shared by the tests
that open it in JupyterLab (test_lab.py) and on the rendered site (test_site.py).

Each check drives one explorer (a ``.tx-ax`` element) with the mouse or the keyboard, as a person
would, and asserts on its DOM. The expected numbers come from the explorer's own data (the JSON
beside its script), never from a copy in the test. Every view gets a screenshot.
"""

import json
import re
from pathlib import Path

VISIBLE_LINES = "r => [...r.querySelectorAll('.tx-ax-stage .tx-ax-line')].filter(l => l.style.display !== 'none')" \
                ".map(l => [+l.dataset.q, +l.dataset.k, +l.dataset.h, l.getAttribute('stroke-opacity')])"
NUMBER = re.compile(r"(\d\.\d{4})$")


def data(explorer) -> dict:
    return json.loads(explorer.locator("script[type='application/json']").text_content())


def shot(explorer, path: Path, scroll: bool = True) -> None:
    """The part of the explorer in view. Without ``scroll`` nothing moves, so that what the mouse is
    hovering stays hovered (scrolling under a still mouse would end the hover)."""
    if scroll:
        explorer.evaluate("e => e.scrollIntoView({block: 'start'})")
    box = explorer.bounding_box()
    view = explorer.page.viewport_size
    top, bottom = max(0, box["y"]), min(view["height"], box["y"] + box["height"])
    left, right = max(0, box["x"]), min(view["width"], box["x"] + box["width"])
    assert bottom - top > 50 and right - left > 50, f"the explorer is not in view for {path.name}: {box}"
    explorer.page.screenshot(path=str(path), clip={"x": left, "y": top, "width": right - left, "height": bottom - top})
    assert path.stat().st_size > 3_000, f"the screenshot {path.name} is nearly empty"


def hover(target) -> None:
    """Bring the target into view, then move the mouse onto it."""
    target.scroll_into_view_if_needed()
    target.hover()


def rendered(explorer, where: str) -> dict:
    """The script ran: the picture for script-less viewers is gone, and the head view has its lines."""
    explorer.wait_for(state="attached", timeout=30_000)
    explorer.page.wait_for_function("e => e.hasAttribute('data-ready')", arg=explorer.element_handle(), timeout=30_000)
    assert explorer.locator(".tx-ax-fallback").count() == 0, f"{where}: the static picture is still shown"
    assert explorer.locator(".tx-ax-tab").count() == 3, f"{where}: the three view tabs are missing"
    assert explorer.locator("svg.tx-ax-headview").count() == 1, f"{where}: no head view is drawn"
    assert explorer.locator(".tx-ax-line").count() > 0, f"{where}: the head view has no lines"
    return data(explorer)


def hover_isolates_a_token(explorer, where: str, shots: Path, name: str) -> None:
    """Hovering a query token shows only its lines and marks it; clicking another pins that one."""
    everything = explorer.evaluate(VISIBLE_LINES)
    tokens = explorer.locator(".tx-ax-tok[data-side='q']")
    i = min(2, tokens.count() - 1)
    explorer.evaluate("e => e.scrollIntoView({block: 'start'})")
    hover(tokens.nth(i))
    shown = explorer.evaluate(VISIBLE_LINES)
    assert shown and len(shown) < len(everything), f"{where}: hovering query {i} left {len(shown)} of {len(everything)} lines"
    assert {line[0] for line in shown} == {i}, f"{where}: hovering query {i} shows lines of queries {sorted({l[0] for l in shown})}"
    assert explorer.locator(".tx-ax-tok.on").evaluate_all("ts => ts.map(t => t.dataset.side + t.dataset.i)") == [f"q{i}"]
    status = explorer.locator(".tx-ax-status").text_content()
    assert "reads" in status and re.search(r"\d\.\d{4}", status), f"{where}: the status line gives no weights: {status!r}"
    shot(explorer, shots / f"{name}-head-hover.png", scroll=False)

    keys = explorer.locator(".tx-ax-tok[data-side='k']")
    keys.nth(0).click()
    explorer.page.mouse.move(1, 1)  # away from the explorer: a pinned token stays isolated
    pinned = explorer.evaluate(VISIBLE_LINES)
    assert pinned and {line[1] for line in pinned} == {0}, f"{where}: clicking key 0 did not pin its lines"
    keys.nth(0).click()  # a second click lets go
    explorer.page.mouse.move(1, 1)
    assert len(explorer.evaluate(VISIBLE_LINES)) == len(everything), f"{where}: a second click did not let go"


def keyboard_moves_between_tokens(explorer, where: str) -> None:
    first = explorer.locator(".tx-ax-tok[data-side='q']").first
    first.focus()
    explorer.page.keyboard.press("ArrowDown")
    explorer.page.keyboard.press("ArrowRight")
    on = explorer.locator(".tx-ax-tok.on").evaluate_all("ts => ts.map(t => t.dataset.side + t.dataset.i)")
    assert on == ["k1"], f"{where}: Tab, ↓, → should isolate key 2, isolated {on}"
    explorer.page.evaluate("document.activeElement.blur()")  # leaving the tokens lets go
    assert explorer.locator(".tx-ax-tok.on").count() == 0, f"{where}: a token stays isolated after focus left it"


def switch_layer(explorer, where: str, d: dict, shots: Path, name: str) -> None:
    """With several layers, picking layer 2 redraws the lines with layer 2's weights."""
    layer = explorer.locator("select.tx-ax-layer")
    kind = d["kinds"][explorer.evaluate("r => +(r.querySelector('select.tx-ax-kind') || {value: 0}).value")]
    if len(kind["w"]) == 1:
        assert layer.is_disabled(), f"{where}: one layer, yet the layer menu can be changed"
        return
    other = 1 if layer.input_value() == "2" else 2
    before = explorer.evaluate(VISIBLE_LINES)
    layer.select_option(str(other))
    after = explorer.evaluate(VISIBLE_LINES)
    assert layer.input_value() == str(other)
    assert after != before, f"{where}: switching to layer {other} left the lines as they were"
    # every line drawn is the weight of layer `other` (weights below 0.005 get no line)
    n_k = len(kind["k"])
    for q, k, h, opacity in after[:50]:
        expected = min(1, kind["w"][other - 1][h][q * n_k + k] / 10000)
        assert abs(float(opacity) - expected) < 0.0011, f"{where}: line {q}→{k}, head {h + 1} is not layer {other}'s weight"
    shot(explorer, shots / f"{name}-head-layer{other}.png")


def heat_map_numbers(explorer, where: str, d: dict, shots: Path, name: str) -> None:
    """The heat map gives a cell's exact weight on hover, and names blocked cells as blocked."""
    explorer.locator(".tx-ax-tab[data-view='heatmap']").click()
    assert explorer.get_attribute("data-view") == "heatmap"
    kind = d["kinds"][explorer.evaluate("r => +(r.querySelector('select.tx-ax-kind') || {value: 0}).value")]
    layer = int(explorer.locator("select.tx-ax-layer").input_value()) - 1
    first = explorer.locator("svg.tx-ax-heat").first
    head = int(first.get_attribute("data-head"))
    n_q, n_k = len(kind["q"]), len(kind["k"])
    open_cells = first.locator(".tx-ax-cell:not(.tx-ax-blocked)")
    # the last open cell off the diagonal, where a row and its column cannot be confused
    off = open_cells.evaluate_all("cs => cs.map((c, n) => c.dataset.i !== c.dataset.j ? n : -1).filter(n => n >= 0)")
    cell = open_cells.nth(off[-1] if off else open_cells.count() - 1)
    hover(cell)
    i, j = int(cell.get_attribute("data-i")), int(cell.get_attribute("data-j"))
    tip = explorer.locator(".tx-ax-tip")
    assert tip.is_visible(), f"{where}: hovering a cell shows no number"
    expected = f"{kind['w'][layer][head][i * n_k + j] / 10000:.4f}"
    assert NUMBER.search(tip.text_content()).group(1) == expected, f"{where}: cell {i},{j} shows {tip.text_content()!r}, its weight is {expected}"
    shot(explorer, shots / f"{name}-heatmap-hover.png", scroll=False)
    blocked = first.locator(".tx-ax-blocked")
    mask = kind.get("mask")
    assert blocked.count() == (mask.count("0") if mask else 0), f"{where}: {blocked.count()} cells drawn blocked"
    if mask:
        hover(blocked.first)
        assert tip.text_content().endswith("blocked by the mask"), f"{where}: a blocked cell reads {tip.text_content()!r}"
        fill = blocked.first.evaluate("c => getComputedStyle(c).fill")
        assert fill not in ("", "none", "rgb(255, 255, 255)"), f"{where}: blocked cells are not drawn differently: {fill}"
        shot(explorer, shots / f"{name}-heatmap-blocked.png", scroll=False)


def model_view_enlarges(explorer, where: str, d: dict, shots: Path, name: str) -> None:
    """The model view has a thumbnail per layer and head; Enter on one enlarges it, Escape goes back."""
    explorer.locator(".tx-ax-tab[data-view='model']").click()
    kind = d["kinds"][explorer.evaluate("r => +(r.querySelector('select.tx-ax-kind') || {value: 0}).value")]
    thumbs = explorer.locator(".tx-ax-thumb")
    assert thumbs.count() == len(kind["w"]) * len(kind["w"][0]), f"{where}: {thumbs.count()} thumbnails"
    shot(explorer, shots / f"{name}-model.png")
    count = thumbs.count()
    last = thumbs.nth(count - 1)
    layer, head = int(last.get_attribute("data-layer")), int(last.get_attribute("data-head"))
    last.focus()
    explorer.page.keyboard.press("Enter")
    assert explorer.locator(".tx-ax-thumb").count() == 0
    caption = explorer.locator(".tx-ax-caption").text_content()
    assert f"layer {layer + 1}" in caption and f"head {head + 1}" in caption, f"{where}: enlarged {caption!r}"
    assert explorer.locator("svg.tx-ax-headview").count() == 1
    shot(explorer, shots / f"{name}-model-enlarged.png")
    explorer.page.keyboard.press("Escape")
    assert thumbs.count() == len(kind["w"]) * len(kind["w"][0]), f"{where}: Escape did not go back to every head"
    explorer.locator(".tx-ax-tab[data-view='head']").click()


def pick_attention(explorer, name: str) -> None:
    kinds = explorer.locator("select.tx-ax-kind")
    if kinds.count():
        labels = kinds.locator("option").all_text_contents()
        kinds.select_option(str(labels.index(name)))


def exercise(explorer, where: str, shots: Path, name: str) -> None:
    """Everything a learner does with one explorer, with a screenshot of every view."""
    d = rendered(explorer, where)
    shot(explorer, shots / f"{name}-head.png")
    hover_isolates_a_token(explorer, where, shots, name)
    keyboard_moves_between_tokens(explorer, where)
    switch_layer(explorer, where, d, shots, name)
    if len(d["kinds"]) > 1:  # the decoder's self-attention, where the causal mask blocks cells
        pick_attention(explorer, "Decoder self-attention")
    heat_map_numbers(explorer, where, d, shots, name)
    model_view_enlarges(explorer, where, d, shots, name)
