"""The built site in headless Chromium, at its published address (mkdocs.yml's site_url).

The browser asks for the site's own URLs and gets the built files (no server:
Playwright answers them); MathJax's CDN URL is answered from the npm package
that tests/run.sh unpacks into .cache/, and Pyodide's from the npm package
beside it. Every other request is blocked. The landing page and a chapter
render with math typeset in both palettes, and material's instant navigation
works (it follows only the links of the sitemap, whose URLs are site_url's).
Screenshots land in .cache/screenshots/ for a person to look at.
"""

from urllib.parse import urlsplit

import pytest
from conftest import ROOT, mkdocs_config, route_folder

MATHJAX = ROOT / ".cache" / "mathjax-3.2.2" / "es5"
SCREENSHOTS = ROOT / ".cache" / "screenshots"
PAGES = {"landing": "", "chapter": "chapters/networks/"}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> mkdocs-material's palette


SITE_URL = mkdocs_config()["site_url"]


@pytest.fixture
def local_page(new_page, built_site):
    if not MATHJAX.is_dir():
        pytest.skip("MathJax's npm package is not in .cache/ (tests/run.sh unpacks it)")
    pyodide = ROOT / ".cache" / f"pyodide-{mkdocs_config()['extra']['pyodide']['version']}"
    page = new_page(pyodide if pyodide.is_dir() else None)
    mathjax = next(str(s) for s in mkdocs_config()["extra_javascript"] if "/mathjax@" in str(s))
    route_folder(page.context, mathjax.rsplit("/", 1)[0] + "/", MATHJAX)
    route_folder(page.context, SITE_URL, built_site)
    return page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_page_renders_with_math_and_no_console_error(local_page, name, scheme):
    page = local_page
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(SITE_URL + PAGES[name], wait_until="load")
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    math = page.locator(".arithmatex")
    if name == "chapter":
        assert math.count() > 20
        page.wait_for_function(
            "() => [...document.querySelectorAll('.arithmatex')].every(e => e.querySelector('mjx-container'))",
            timeout=15_000,
        )
        page.locator("#C09").scroll_into_view_if_needed()  # a figure and a display formula in view
    assert page.locator(".dlref-cell").count() >= 1       # the code cells are on the page
    page.wait_for_timeout(500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{scheme}.png")
    assert page.console_errors == []
    listed = set(mkdocs_config()["extra"]["third_party_hosts"])
    assert {urlsplit(url).hostname for url in page.aborted} <= listed, page.aborted



def test_instant_navigation_changes_page_without_reload_and_typesets_math(local_page):
    page = local_page
    page.goto(SITE_URL, wait_until="load")
    page.evaluate("window.loadedOnce = true")  # gone if the browser loads a whole new document
    page.locator(".md-nav__link[href$='chapters/networks/']").first.click()
    page.wait_for_url("**/chapters/networks/")
    page.wait_for_function(
        "() => document.querySelectorAll('.arithmatex').length > 20 && "
        "[...document.querySelectorAll('.arithmatex')].every(e => e.querySelector('mjx-container'))",
        timeout=15_000,
    )
    assert page.evaluate("window.loadedOnce") is True, "material's instant navigation did not take the link"
    assert page.locator(".dlref-cell").count() >= 1
    assert page.console_errors == []
