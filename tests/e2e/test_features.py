"""Issue 6's features in a real browser: share link, downloads, lecture mode, check yourself,
finite differences, the gallery and the charts' text alternatives.

Lecture-mode screenshots of every page go to ``SCREENSHOTS/lecture/<name>.png`` (the same
way test_pages.py writes ``SCREENSHOTS/*.png``; conftest says where that is).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import subprocess
import sys
import zipfile
from fractions import Fraction
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e import live
from tests.e2e.conftest import (
    MAIN,
    PAGES,
    POPOVER,
    ROOT,
    SCREENSHOTS,
    TITLE,
    TOPIC_PAGES,
    VIEWPORT,
    _new_page,
    download_labels,
    download_menus,
    error_texts,
    expect_no_exception,
    function_box,
    get_slider,
    metric_values,
    open_app,
    open_downloads,
    query,
    run_streamlit,
    screenshot_full,
    script_state,
    share_link,
    slider_text,
    slider_thumb,
    wait_idle,
    wait_until,
)
from tests.e2e.test_click import domain

SIDEBAR = '[data-testid="stSidebar"]'
CHART = '[data-testid="stVegaLiteChart"]'


# -- helpers -----------------------------------------------------------------------------------
def link_query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def switch(page, label: str):
    """The toggle (``role=switch``) labelled ``label``, anywhere on the page."""
    return page.get_by_role("switch", name=label, exact=True)


def flip(page, label: str) -> None:
    """Click a toggle's visible label (its ``input`` is visually hidden)."""
    sw = switch(page, label)
    assert sw.count() == 1, f"no single toggle labelled {label!r} on {page.url}"
    page.locator('[data-testid="stCheckbox"]').filter(has=sw).locator("label").first.click()


def download(page, label: str, tmp_path: Path) -> tuple[str, bytes]:
    """Click the download button ``label`` of the first menu (the page's picture's: a chart
    that is not a map, further down, offers its own); returns (suggested file name, bytes)."""
    body = open_downloads(page)
    button = body.locator('[data-testid="stDownloadButton"] button').filter(has_text=label)
    assert button.count() == 1, (f"no download button {label!r}; there are "
                                 f"{body.locator('[data-testid=stDownloadButton]').all_inner_texts()}")
    button = button.first
    with page.expect_download() as info:
        button.click()
    dl = info.value
    target = tmp_path / dl.suggested_filename
    dl.save_as(target)
    return dl.suggested_filename, target.read_bytes()


def font_px(page, selector: str) -> float:
    """The computed font size (px) of the first element matching ``selector``."""
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def main_paragraph(page) -> str:
    return f'{MAIN} [data-testid="stMarkdownContainer"] p'


def success_texts(page) -> list[str]:
    boxes = page.locator(f'{MAIN} [data-testid="stAlertContentSuccess"] '
                         '[data-testid="stMarkdownContainer"]')
    return [boxes.nth(i).inner_text() for i in range(boxes.count())]


def wait_charts_drawn(page, timeout: float = 60.0) -> None:
    """Wait until every Vega chart holds its canvas or SVG (drawn after the script is idle)."""
    page.wait_for_function(
        f"""() => Array.from(document.querySelectorAll('{CHART}'))
                 .every(e => e.querySelector('canvas, svg'))""", timeout=timeout * 1000)


# Per Vega chart: its text alternative (Streamlit passes ``alt`` on as the spec's description,
# which vega-embed writes as aria-label on the chart's own element, role="graphics-document")
# and how much it drew: SVG data marks outside axes/legends/titles, or saturated canvas pixels
# (axes and text are grey; the heatmaps drawn on canvas are coloured).
CHART_REPORT = f"""() => Array.from(document.querySelectorAll('{CHART}')).map(el => {{
  const canvas = el.querySelector('canvas'), svg = el.querySelector('svg');
  let drawn = 0;
  if (svg) {{
    for (const g of svg.querySelectorAll('g.role-mark')) {{
      if (g.closest('.role-axis, .role-legend, .role-title')) continue;
      for (const m of g.children) {{
        const d = m.getAttribute('d');
        if (m.tagName !== 'path' || (d && d.length > 2)) drawn += 1;
      }}
    }}
  }} else if (canvas) {{
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < px.length; i += 4) {{
      const hi = Math.max(px[i], px[i + 1], px[i + 2]), lo = Math.min(px[i], px[i + 1], px[i + 2]);
      if (px[i + 3] > 0 && hi - lo > 40) drawn += 1;
    }}
  }}
  return {{label: el.getAttribute('aria-label'), role: el.getAttribute('role'),
           renderer: svg ? 'svg' : (canvas ? 'canvas' : 'none'), drawn,
           width: el.getBoundingClientRect().width, height: el.getBoundingClientRect().height}};
}})"""


LIVE_REPORT = """() => [...document.querySelectorAll('.gv-live, .gv-scene')].map((el) => {
  const top = el.querySelector('canvas.gv-top'), base = el.querySelector('canvas:not(.gv-top)');
  const px = base.getContext('2d').getImageData(0, 0, base.width, base.height).data;
  let drawn = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250) drawn++;
  const r = top.getBoundingClientRect();
  return {role: top.getAttribute('role'), label: top.getAttribute('aria-label') || '',
          width: r.width, height: r.height, drawn};
})"""


def chart_report(page) -> list[dict]:
    wait_charts_drawn(page)
    return page.evaluate(CHART_REPORT)


# -- 1. the share link -------------------------------------------------------------------------
def shown_sliders(page) -> dict[str, str]:
    """What the gradient-field page's sliders show: the picture's (p and the path's) and the
    page's arrows per side."""
    out = {name: live.slider_text(page, name) for name in ("x₀", "y₀", "step size", "steps")}
    return out | {"arrows per side": slider_text(get_slider(page, "arrows per side"))}


def test_share_link_reopens_the_same_view(page, new_page):
    """Test that the sidebar's link, after a slider move and a view toggle, reopens that view."""
    open_app(page, PAGES["gradient_field"][0])
    before = share_link(page)
    assert before.startswith(page.base_url + "/gradient-field?"), before

    live.slider(page).press("End")  # the picture's x₀
    wait_until(lambda: query(page).get("p", "").startswith("4,"),
               message=lambda: f"x₀ → End did not reach the link: {query(page)}")
    wait_idle(page)
    slider_thumb(get_slider(page, "arrows per side")).press("ArrowRight")
    wait_until(lambda: query(page).get("a") == "16",
               message=lambda: f"arrows per side +1 did not reach the link: {query(page)}")
    wait_idle(page)
    flip(page, "Gradient ascent / descent path from p")
    wait_until(lambda: query(page).get("g") == "1",
               message=lambda: f"the path toggle did not reach the link: {query(page)}")
    wait_idle(page)
    live.slider(page, "steps").press("Home")
    wait_until(lambda: query(page).get("k") == "1",
               message=lambda: f"steps → Home did not reach the link: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)

    link = share_link(page)
    assert link != before
    assert link.startswith(page.base_url + "/gradient-field?"), link
    assert link_query(link) == query(page), "the sidebar link and the address bar disagree"
    sliders = shown_sliders(page)
    assert sliders["x₀"] == "4" and sliders["arrows per side"] == "16", sliders
    assert sliders["steps"] == "1", sliders
    shown = metric_values(page)
    caption = page.get_by_text(re.compile(r"path \(light blue\) has 1 steps")).inner_text()

    other = new_page()  # a brand-new browser context: nothing shared but the link
    other.goto(link)
    wait_idle(other)
    expect_no_exception(other)
    assert switch(other, "Gradient ascent / descent path from p").is_checked()
    assert shown_sliders(other) == sliders
    assert metric_values(other) == shown
    assert other.get_by_text(re.compile(r"path \(light blue\) has 1 steps")).inner_text() == caption
    assert query(other) == query(page)
    assert share_link(other) == link


def test_the_view_menu_draws_its_inputs_when_opened_and_sets_the_domain(page):
    """Test that the sidebar's "View (domain)" puts no inputs on the page until it is opened
    (a closed expander kept four on every page), and that x max typed there redraws the
    picture on the new domain and writes it into the link."""
    open_app(page, PAGES["gradient_field"][0])
    before = domain(page)
    assert page.get_by_label("x max").count() == 0, "the domain inputs are on the page closed"
    page.locator(SIDEBAR).get_by_role("button", name=re.compile(r"View \(domain\)")).click()
    box = page.locator(POPOVER).get_by_label("x max")
    box.fill(f"{before[1] - 1:g}")
    box.press("Enter")
    want = (before[0], before[1] - 1, *before[2:])
    wait_until(lambda: domain(page) == want,
               message=lambda: f"the picture's domain is {domain(page)}, not {want}")
    wait_until(lambda: query(page).get("d") == ",".join(f"{v:g}" for v in want),
               message=lambda: f"the new domain did not reach the link: {query(page)}")
    expect_no_exception(page)


# -- 2. downloads ------------------------------------------------------------------------------
def run_script(source: bytes, name: str, tmp_path: Path) -> Path:
    """Run a downloaded script in ``tmp_path`` as a user would; returns the figure it wrote."""
    script = tmp_path / f"{name}.py"
    script.write_bytes(source)
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, script.name], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{script.name} exited {done.returncode}:\n{done.stderr[-3000:]}"
    figure = tmp_path / f"{name}.png"
    assert f"wrote {name}.png" in done.stdout, done.stdout
    assert figure.exists(), f"{script.name} did not write {figure.name}"
    assert figure.read_bytes().startswith(b"\x89PNG"), f"{figure.name} is not a PNG"
    return figure


def _number(cell: str) -> float | None:
    try:
        return float(cell) if cell != "" else math.nan
    except ValueError:
        return None


def numeric_columns(text: str) -> tuple[dict[str, list[float]], int]:
    """A CSV's columns whose cells are all numbers (empty = nan), and its number of rows.

    Fails unless the CSV has a header (non-numeric names) and at least one data row.
    """
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2, f"a CSV with a header and rows expected, got {rows[:3]}"
    header, body = rows[0], rows[1:]
    assert header and all(h.strip() for h in header), header
    assert all(_number(h) is None for h in header), f"the first row is not a header: {header}"
    assert all(len(row) == len(header) for row in body), "ragged rows"
    columns = {}
    for j, name in enumerate(header):
        values = [_number(row[j]) for row in body]
        if all(v is not None for v in values):
            columns[name] = values
    return columns, len(body)


# page -> the downloads' file base name
FIGURE_DOWNLOADS = {
    "gradient_field": "gradient_field",
    "vector_fields": "vector_field",
}


def alert_texts(box, kind: str) -> list[str]:
    """The texts of the ``kind`` ("Success", "Warning", "Info") alerts inside ``box``."""
    return box.locator(f'[data-testid="stAlertContent{kind}"] '
                       '[data-testid="stMarkdownContainer"]').all_inner_texts()


def pick_and_reveal(page, box, option: str, kind: str = "Success") -> str:
    """Choose ``option`` in a predict-then-reveal ``box``, click Reveal; the answer's text,
    which must be shown in an alert of ``kind`` (a wrong pick is never in a green box)."""
    box.get_by_text(option, exact=True).click()
    wait_idle(page)
    box.get_by_role("button", name=re.compile("Reveal")).click()
    wait_until(lambda: any(alert_texts(box, k) for k in ("Success", "Warning", "Info")),
               message="Reveal showed no answer")
    wait_idle(page)
    assert alert_texts(box, kind), {k: alert_texts(box, k) for k in ("Success", "Warning")}
    return " ".join(alert_texts(box, kind))


def test_a_figure_too_many_is_refused_in_words_under_its_button(page, tmp_path):
    """Test that the download after FIGURES_PER_MINUTE figures in a minute (issue 23: a tab
    asking for figures without end) shows, under its button, when to ask again, and that the
    data download still comes at once."""
    from gradviz.app.render import FIGURES_PER_MINUTE

    open_app(page, PAGES["gradient_field"][0])
    for _ in range(FIGURES_PER_MINUTE):  # the first is drawn, the others come from the cache
        _, png = download(page, "Figure (PNG)", tmp_path)
        assert png.startswith(b"\x89PNG")
    body = open_downloads(page)
    body.locator('[data-testid="stDownloadButton"] button').filter(has_text="Figure (SVG)").click()
    said = body.locator('[data-testid="stDownloadButtonError"]')
    wait_until(lambda: said.count() == 1, message="no words under the refused download")
    assert re.fullmatch(rf"That is {FIGURES_PER_MINUTE} figures within a minute — ask again in "
                        r"\d+ s \(the data and the script download at once\)\.",
                        said.inner_text().strip()), said.inner_text()
    name, _ = download(page, "Python script", tmp_path)
    assert name.endswith(".py")
    expect_no_exception(page)


@pytest.mark.parametrize("name", list(FIGURE_DOWNLOADS))
def test_figure_data_and_script_downloads(page, name, tmp_path):
    """Test that the PNG, SVG, CSV and script downloads are what they say, and the script runs."""
    base = FIGURE_DOWNLOADS[name]
    open_app(page, PAGES[name][0])
    expect_no_exception(page)
    text = function_box(page).input_value()
    assert len(download_labels(page)) == 4, download_labels(page)

    fname, png = download(page, "Figure (PNG)", tmp_path)
    assert fname == f"{base}.png" and png.startswith(b"\x89PNG\r\n\x1a\n"), (fname, png[:16])
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        assert im.width >= 300 and im.height >= 300, im.size
        assert len(im.convert("RGB").resize((64, 64)).getcolors(4096) or ()) > 20, "blank"

    fname, svg = download(page, "Figure (SVG)", tmp_path)
    assert fname == f"{base}.svg", fname
    assert b"<svg" in svg[:2000] and svg.rstrip().endswith(b"</svg>"), svg[:200]

    fname, data = download(page, "Data (CSV)", tmp_path)
    if fname.endswith(".zip"):
        assert fname == f"{base}.zip"
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            csvs = [n for n in names if n.endswith(".csv")]
            assert csvs and set(names) == {*csvs, "README.txt"}, names  # named, documented
            assert all(n in z.read("README.txt").decode() for n in csvs)
            tables = [numeric_columns(z.read(n).decode()) for n in csvs]
    else:
        assert fname == f"{base}.csv"
        tables = [numeric_columns(data.decode())]
    # the plotted grid: a table of ≥ 100 rows with ≥ 2 numeric columns holding finite numbers
    big = [cols for cols, n in tables
           if n >= 100 and sum(any(math.isfinite(v) for v in c) for c in cols.values()) >= 2]
    assert big, [(list(cols), n) for cols, n in tables]

    fname, source = download(page, "Python script", tmp_path)
    assert fname == f"{base}.py", fname
    if b"def f(" in source:  # a scene's script: f by sympy's numpy printer, its own image name
        assert b"import gradviz" not in source and b"import sympy" not in source, source[:600]
        assert text.encode() in source, source[:600]  # in its title
        run_script(source, f"{base}_script", tmp_path)
    else:
        assert f"gradviz.parse({text!r}".encode() in source, source[:600]
        run_script(source, base, tmp_path)


def test_partial_derivatives_downloads_follow_the_link(page, tmp_path):
    """Test that the partial-derivatives page's script is for the view shown (function and point
    from a link) and runs, and that its figure (the map and both slices) downloads as a PNG."""
    open_app(page, PAGES["partial_derivatives"][0], {"f": "x^2*y + y^3", "p": "0.5,-1"})
    expect_no_exception(page)
    fname, source = download(page, "Python script", tmp_path)
    assert fname == "partial_derivatives.py", fname
    text = source.decode()
    assert "def f(x, y):\n    return x**2*y + y**3" in text, text[:600]
    assert "p = (0.5, -1.0)" in text, text[:600]
    run_script(source, "partial_derivatives_script", tmp_path)
    fname, png = download(page, "Figure (PNG)", tmp_path)
    assert fname == "partial_derivatives.png" and png.startswith(b"\x89PNG\r\n\x1a\n"), fname


def test_downloads_follow_a_slider_move(page, tmp_path):
    """Test that after a move of the picture's x₀ slider (which reruns only the live section,
    not the buttons below it) the buttons hand out the moved view: the script's point and the
    figure's data."""
    open_app(page, PAGES["partial_derivatives"][0], {"f": "x^2*y + y^3", "p": "0.5,-1"})
    expect_no_exception(page)
    live.slider(page).press("End")  # the picture's x₀
    wait_until(lambda: query(page)["p"] != "0.5,-1", message="x₀ → End did not reach the link")
    wait_idle(page)
    x = float(query(page)["p"].split(",")[0])
    assert x != 0.5
    expect_no_exception(page)
    # the picture's figure (PNG, SVG), data and script; the finite differences' figure and data
    assert len(download_labels(page)) == 4 + 3, download_labels(page)
    fname, source = download(page, "Python script", tmp_path)
    text = source.decode()
    assert f"p = ({x!r}, -1.0)" in text, text[:600]
    assert "p = (0.5, -1.0)" not in text
    run_script(source, "partial_derivatives_script", tmp_path)


# -- 3. lecture mode ---------------------------------------------------------------------------
def predict_box(page):
    """The bordered container of a predict-then-reveal question (its radio is a direct child)."""
    return page.locator(f'{MAIN} [data-testid="stVerticalBlock"]'
                        ':has(> [data-testid="stElementContainer"] [role="radiogroup"])'
                        ).filter(has_text="Predict:")


def test_lecture_toggle_enlarges_text_hides_downloads(page):
    """Test that the sidebar's Lecture mode toggle makes text larger, hides the downloads and
    puts lecture=1 in the link, and that the predict-then-reveal question answers a right pick."""
    open_app(page, PAGES["gradient_field"][0])
    h1, para = font_px(page, TITLE), font_px(page, main_paragraph(page))
    assert len(download_labels(page)) == 4
    assert "lecture" not in query(page)
    assert not switch(page, "Lecture mode").is_checked()

    flip(page, "Lecture mode")
    wait_until(lambda: query(page).get("lecture") == "1",
               message=lambda: f"no lecture=1 in the link: {query(page)}")
    wait_idle(page)
    expect_no_exception(page)
    assert switch(page, "Lecture mode").is_checked()
    assert font_px(page, TITLE) >= 1.15 * h1, (h1, font_px(page, TITLE))
    assert font_px(page, main_paragraph(page)) >= 1.15 * para, (para,
                                                                font_px(page, main_paragraph(page)))
    assert download_menus(page).count() == 0, download_labels(page)
    assert link_query(share_link(page)).get("lecture") == "1"

    box = predict_box(page)
    assert box.count() == 1, "no predict-then-reveal question on the gradient field page"
    assert "level curve" in box.inner_text()
    assert not success_texts(page), "the answer shows before Reveal"
    answer = pick_and_reveal(page, box, "perpendicular to it")
    assert answer.startswith("Right!"), answer
    assert "perpendicular to it" in answer and "right angle" in answer, answer
    assert query(page).get("lecture") == "1", "lecture mode fell out of the link"


def test_lecture_link_and_wrong_prediction(page):
    """Test that ?lecture=1 opens in lecture mode, and a wrong prediction is answered gently
    with the right answer and why."""
    open_app(page, PAGES["steepest_ascent"][0], {"lecture": "1"})
    expect_no_exception(page)
    assert switch(page, "Lecture mode").is_checked()
    assert query(page).get("lecture") == "1"
    assert download_menus(page).count() == 0
    box = predict_box(page)
    assert box.count() == 1
    answer = pick_and_reveal(page, box, "all directions are equally fast", kind="Warning")
    assert answer.startswith("Not this time"), answer
    assert not alert_texts(box, "Success"), "a wrong pick in a green box"
    assert "along ∇f" in answer and "cos" in answer, answer


@pytest.mark.parametrize("name", list(PAGES))
def test_lecture_mode_page(page, name):
    """Test that every page opens cleanly in lecture mode (larger title, no downloads), and save
    its screenshot to SCREENSHOTS/lecture/."""
    path, title = PAGES[name]
    open_app(page, path, {"lecture": "1"})
    expect_no_exception(page)
    assert not error_texts(page), error_texts(page)
    assert switch(page, "Lecture mode").is_checked()
    assert query(page).get("lecture") == "1"
    assert re.search(title, page.locator(TITLE).first.inner_text(), re.IGNORECASE)
    # 2.8rem at the lecture root size of 22 px; the normal title is ~50 px
    assert font_px(page, TITLE) > 55, font_px(page, TITLE)
    assert download_menus(page).count() == 0
    wait_charts_drawn(page)
    screenshot_full(page, SCREENSHOTS / "lecture" / f"{name}.png")
    expect_no_exception(page)


# -- 4. check yourself -------------------------------------------------------------------------
def answer_box(page, label: str):
    """The bordered "Check yourself" container whose answer box is labelled ``label``."""
    box = page.get_by_role("textbox", name=label, exact=True)
    wait_until(lambda: box.count() == 1, timeout=30,
               message=lambda: f"no single answer box {label!r} on {page.url}")
    return page.locator(f'{MAIN} [data-testid="stVerticalBlock"]'
                        ':has(> [data-testid="stElementContainer"] [data-testid="stTextInput"])'
                        ).filter(has=box).filter(has_text="Check yourself")


def answer(page, label: str, text: str, previous: str = "") -> str:
    """Type ``text`` as the answer in the box ``label``; returns the verdict shown under it
    (waiting for one that differs from ``previous``)."""
    container = answer_box(page, label)
    assert container.count() == 1, f"no single check-yourself box around {label!r}"
    field = container.get_by_role("textbox", name=label, exact=True)
    field.fill(text)
    field.press("Enter")
    alerts = container.locator(", ".join(  # the message, without the icon's ligature name
        f'[data-testid="stAlertContent{kind}"] [data-testid="stMarkdownContainer"]'
        for kind in ("Success", "Warning", "Error")))

    def shown() -> str:
        said = " ".join(alerts.all_inner_texts()).strip()
        return said if said and said != previous else ""

    wait_until(shown, message=lambda: f"no new verdict for {label} {text!r} "
                                      f"(script {script_state(page)}): {alerts.all_inner_texts()}")
    wait_idle(page)
    return " ".join(alerts.all_inner_texts()).strip()


def check_wrong_verdict(text: str, expected, got) -> None:
    """A wrong answer's verdict says where (a point) and both values there, consistently."""
    m = re.search(r"at x = (\S+), y = (\S+), ∂f/∂\w is (?:≈ )?(\S+); "
                  r"your answer gives (?:≈ )?(\S+)\.", text)
    assert m, f"the verdict does not say where the answer differs: {text!r}"
    x, y, want, have = (float(Fraction(v)) for v in m.groups())
    # the point is shown exactly as used, the values to 6 significant digits
    assert math.isclose(want, expected(x, y), rel_tol=1e-5, abs_tol=1e-9), (text, expected(x, y))
    assert math.isclose(have, got(x, y), rel_tol=1e-5, abs_tol=1e-9), (text, got(x, y))
    assert not math.isclose(want, have, rel_tol=1e-6), text


def test_check_yourself_partial_derivatives(page):
    """Test that on the partial-derivatives page an equivalent ∂f/∂x in another form is correct
    and a wrong one is said to differ, with where."""
    open_app(page, PAGES["partial_derivatives"][0], {"f": "sin(x*y)", "p": "1,2"})
    said = answer(page, "∂f/∂x =", "cos(y*x)*y")
    assert said.startswith("Correct"), said

    said = answer(page, "∂f/∂x =", "x*cos(x*y)", said)
    assert said.startswith("Not quite"), said
    check_wrong_verdict(said, lambda x, y: y * math.cos(x * y), lambda x, y: x * math.cos(x * y))
    expect_no_exception(page)

    # the other variable, chosen with the radio: the box is now ∂f/∂y
    page.locator(f'{MAIN} [data-testid="stRadio"]').filter(
        has_text="Differentiate with respect to").get_by_text("y", exact=True).click()
    wait_idle(page)
    said = answer(page, "∂f/∂y =", "x*cos(y*x) + 0*y")
    assert said.startswith("Correct"), said


def test_check_yourself_gradient_field(page):
    """Test that the gradient page's check takes ∇f's components: a reordered correct one is
    right; a wrong one names the point and, for a sum, the term to look at."""
    open_app(page, PAGES["gradient_field"][0], {"f": "x^2*y + sin(x)", "p": "1,1"})
    said = answer(page, "∂f/∂x =", "cos(x) + 2*y*x")
    assert said.startswith("Correct"), said
    said = answer(page, "∂f/∂x =", "2*x*y - cos(x)", said)
    assert said.startswith("Not quite"), said
    check_wrong_verdict(said, lambda x, y: 2 * x * y + math.cos(x),
                        lambda x, y: 2 * x * y - math.cos(x))
    assert "wrong sign" in said and "look again at" in said and "sin" in said, said
    assert "x**2*y" not in said, said  # the right term is not blamed

    said_y = answer(page, "∂f/∂y =", "x^2 + 1")
    assert said_y.startswith("Not quite"), said_y
    check_wrong_verdict(said_y, lambda x, y: x * x, lambda x, y: x * x + 1)
    # the ∂f/∂x box still says what it said
    assert answer_box(page, "∂f/∂x =").locator('[data-testid="stAlertContentWarning"] '
                                               '[data-testid="stMarkdownContainer"]'
                                               ).inner_text().strip() == said
    expect_no_exception(page)


# -- 5. finite differences ---------------------------------------------------------------------
def test_finite_differences_step_slider(page):
    """Test that the finite-difference section draws its log–log chart and that the step-size
    slider (10^-16 … 10^0) changes the forward and central errors as the theory says."""
    open_app(page, PAGES["partial_derivatives"][0], {"f": "sin(x*y)", "p": "1,2"})
    slider = get_slider(page, "step h = 10^k")
    thumb = slider_thumb(slider)
    assert slider_text(slider) == "10^-6.0"
    charts = [c for c in chart_report(page) if "log10 h" in (c["label"] or "")]
    assert len(charts) == 1, chart_report(page)
    assert "forward" in charts[0]["label"] and "log10 |error|" in charts[0]["label"]
    assert charts[0]["drawn"] >= 3, charts[0]  # two error curves and the rule at h

    def errors():
        m = metric_values(page)
        return (m["exact ∂f/∂x"], float(m["forward error at h"]), float(m["central error at h"]))

    exact, fwd6, cen6 = errors()
    assert exact == "-0.8323"  # 2·cos(2)
    assert cen6 < fwd6 < 1e-4, (fwd6, cen6)  # error ∝ h vs ∝ h²

    seen = {}
    for key, k in (("End", "0"), ("Home", "-16")):
        thumb.press(key)
        wait_until(lambda k=k: query(page).get("h") == k,
                   message=lambda key=key: f"{key} on the step slider: the link has "
                                           f"h={query(page).get('h')}")
        wait_idle(page)
        expect_no_exception(page)
        seen[k] = errors()
        assert seen[k][0] == exact, "the exact derivative changed with h"
    assert slider_text(slider) == "10^-16.0"
    # h = 1: truncation error is large; h = 1e-16: x + h == x in floating point, all round-off
    assert seen["0"][1] > 1e-2 and seen["0"][2] > 1e-2, seen
    assert seen["-16"][1] > 1e3 * fwd6 and seen["-16"][2] > 1e3 * cen6, seen
    assert len({seen["0"][1:], seen["-16"][1:], (fwd6, cen6)}) == 3, "errors did not change"


# -- 6. the gallery ----------------------------------------------------------------------------
# label on the home page -> (page, function in the box, p in the link, extra link values)
GALLERY = [
    ("partials exist at the origin", "partial_derivatives", "x*y/(x^2+y^2)", "0,0", {}),
    ("a gradient that jumps", "gradient_field", "|x| + |y|", "0,0", {}),
    ("A saddle", "gradient_field", "x^2 - y^2", "0.5,0.5", {}),
    ("Rosenbrock", "gradient_descent", "(1 - x)^2 + 100(y - x^2)^2", "-1,1",
     {"s": "0.001", "k": "500", "b": "0.9"}),
    ("steepest is not the largest component", "steepest_ascent", "x^2 + 3y", "1,1", {}),
]


@pytest.mark.parametrize("entry", GALLERY, ids=["xy-over-r2", "abs-sum", "saddle", "rosenbrock",
                                                 "x2-plus-3y"])
def test_gallery_link_opens_its_view(page, entry):
    """Test that a gallery link on the home page opens its page with its function and point."""
    label, name, text, p, extra = entry
    open_app(page, PAGES["home"][0])
    links = page.locator(f'{MAIN} [data-testid="stPageLink"] a')
    assert links.count() == len(GALLERY), links.all_inner_texts()
    link = links.filter(has_text=label)
    assert link.count() == 1, (label, links.all_inner_texts())
    link.click()
    path, title = PAGES[name]
    wait_until(lambda: urlsplit(page.evaluate("location.href")).path == path,
               message=lambda: f"{label!r} went to {page.evaluate('location.href')}")
    wait_until(lambda: re.search(title, page.locator(TITLE).first.inner_text(), re.IGNORECASE),
               message=lambda: f"{label!r}: the title is {page.locator(TITLE).all_inner_texts()}")
    wait_idle(page)
    expect_no_exception(page)
    assert not error_texts(page), error_texts(page)
    assert function_box(page).input_value() == text
    q = query(page)
    q["f"] = q.get("f", "").replace("\u00a0", " ")  # the app writes a space as U+00A0
    assert q.get("f") == text and q.get("p") == p, q
    for k, v in extra.items():
        assert q.get(k) == v, (k, q)
    if extra.get("g") == "1":
        assert switch(page, "Gradient ascent / descent path from p").is_checked()
        assert slider_text(get_slider(page, "steps")) == "200"
        assert slider_text(get_slider(page, "step size")) == "0.001"


# -- 7. accessibility --------------------------------------------------------------------------
@pytest.mark.parametrize("name", TOPIC_PAGES)
def test_every_chart_has_text_alternative_and_is_drawn(page, name):
    """Test that every Vega chart has a non-empty aria-label (Streamlit's alt text) naming its
    axes, and that none is blank."""
    open_app(page, PAGES[name][0])
    expect_no_exception(page)
    charts = chart_report(page)
    lives = page.evaluate(LIVE_REPORT)  # live charts and scenes (gradviz/scene): canvases
    assert charts or lives, f"no Vega chart and no live chart on {name}"
    for c in lives:
        assert c["role"] == "img" and c["label"].strip(), f"a live chart without text: {c}"
        assert c["width"] > 100 and c["height"] > 100, f"a collapsed live chart: {c}"
        assert c["drawn"] >= 500, f"a blank live chart: {c}"
    for c in charts:
        assert c["role"] == "graphics-document", c
        assert c["label"] and c["label"].strip(), f"a chart without a text alternative: {c}"
        assert "(axes: " in c["label"], c
        assert c["width"] > 100 and c["height"] > 100, f"a collapsed chart: {c}"
        need = 500 if c["renderer"] == "canvas" else 2
        assert c["drawn"] >= need, f"a blank chart (nothing drawn beyond axes): {c}"


def test_chart_text_alternatives_are_plain_sentences(page):
    """Test that no chart's text alternative shows Python syntax (a dict or list repr)."""
    open_app(page, PAGES["jacobian"][0])
    labels = [c["label"] for c in chart_report(page)]
    bad = [label for label in labels if re.search(r"[{}\[\]]|'text'", label or "")]
    assert not bad, bad


CHART_OVERLAPS = f"""() => {{
  const r = Array.from(document.querySelectorAll('{CHART}'))
    .map(e => [e.getAttribute('aria-label'), e.getBoundingClientRect()]);
  const out = [];
  for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {{
    const a = r[i][1], b = r[j][1];
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) out.push([r[i][0], r[j][0], Math.round(w)]);
  }}
  return out;
}}"""

@pytest.mark.parametrize("name,lecture", [
    ("steepest_ascent", False), ("steepest_ascent", True),
])
def test_charts_side_by_side_do_not_overlap(page, name, lecture):
    """Test that charts placed side by side (pages with several) never cover one another, in
    normal and in lecture mode (its larger fonts make charts wider)."""
    open_app(page, PAGES[name][0], {"lecture": "1"} if lecture else None)
    assert len(chart_report(page)) >= 2
    overlaps = page.evaluate(CHART_OVERLAPS)
    assert not overlaps, f"charts covering each other (labels, overlap in px): {overlaps}"


def luminance(rgb) -> float:
    r, g, b = (c / 255 for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_dark_theme_keeps_charts_on_white(browser, tmp_path):
    """Test that with Streamlit's dark theme the charts (canvas and SVG) keep a white background."""
    from PIL import Image

    with run_streamlit("streamlit_app.py", tmp_path / "dark.log", "--theme.base", "dark") as base:
        ctx = browser.new_context(viewport=VIEWPORT)
        try:
            warm = _new_page(ctx, base)  # "/" first, as the server fixture does (see there)
            open_app(warm, "/")
            warm.close()
            for name in ("gradient_field", "partial_derivatives"):
                pg = _new_page(ctx, base)
                open_app(pg, PAGES[name][0])
                expect_no_exception(pg)
                app_bg = pg.evaluate("getComputedStyle(document.querySelector("
                                     "'[data-testid=stApp]')).backgroundColor")
                rgb = [int(v) for v in re.findall(r"\d+", app_bg)[:3]]
                assert luminance(rgb) < 0.3, f"the dark theme is not on: {app_bg}"
                charts = pg.locator(f"{CHART}, .gv-live .gv-plot, .gv-scene .gv-figure")  # Vega, live, scene
                wait_charts_drawn(pg)
                assert charts.count() >= 1
                for i in range(charts.count()):
                    charts.nth(i).scroll_into_view_if_needed()
                    shot = Image.open(io.BytesIO(charts.nth(i).screenshot())).convert("RGB")
                    w, h = shot.size
                    corners = [shot.getpixel(xy) for xy in
                               ((2, 2), (w - 3, 2), (2, h - 3), (w - 3, h - 3))]
                    assert all(luminance(c) > 0.95 for c in corners), (name, i, corners)
                pg.close()
        finally:
            ctx.close()
