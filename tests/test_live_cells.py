"""Live cells: the site's examples run in the page through Pyodide, tested in headless chromium.

The browser may reach only 127.0.0.1; requests to the configured Pyodide base URL
are answered from a local folder. CI has the core Pyodide runtime only (the npm
package, fetched by tests/run.sh into .cache/pyodide-<version>/), so no numpy,
and the chapters' cells import dlref and numpy: these tests build a small site
of their own, with the repository's theme overrides and hooks and four pages of
pure-Python cells (a session's cells, another page, a figure that needs a
package, an exercise with a stand-in check). `test_every_chapter_cell_prints_what_the_build_printed` runs
the chapters themselves when env DLREF_PYODIDE_DIST names a full local
distribution (core + numpy + micropip), and is skipped otherwise, as are the
test of every chapter's width and layout shift and the test of one exercise per
chapter judged by its real checker. The speed figures are benchmarks/bench_live.py's.
"""

import html
import importlib.util
import json
import os
import re
import runpy
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import markup  # overrides/hooks/, on the path (conftest)
import pytest
import yaml
from conftest import CORE, ROOT, TIMING, mkdocs_config, open_page, printout_differences, serve_pyodide

pytestmark = pytest.mark.timeout(600)  # a boot is 5-40 s on two busy cores; a test boots at most three times

PYODIDE = mkdocs_config()["extra"]["pyodide"]
READY = 60_000  # ms: booting Pyodide takes 4-10 s on this machine's two slow cores

CELLS = {  # the test site's first page: cell number -> code (4 is folded)
    1: "counter = 0",
    2: 'counter += 1\nprint("counter", counter)',
    3: 'import sys\n\nprint("to stdout")\nprint("to stderr", file=sys.stderr)\ncounter * 10',
    4: 'text = "folded"\ntext.upper()',
    5: 'print("edit me")',
    6: 'wide = ", ".join(str(n) for n in range(100))  # a line of code and a printed line far wider than a phone\nprint(wide)',
}
BUILT = {1: "", 2: "counter 1\n", 3: "to stdout\nto stderr\n10\n", 4: "'FOLDED'\n", 5: "edit me\n",
         6: ", ".join(str(n) for n in range(100)) + "\n"}


STAND_IN_PYPLOT = """\
import sys, types

class Figure:
    def savefig(self, buffer, **options):
        buffer.write("<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'>"
                     "<script>alert(1)</script><rect width='40' height='20'/></svg>")

figures = {1: Figure()}
plt = types.ModuleType("matplotlib.pyplot")
plt.get_fignums, plt.figure, plt.close = lambda: sorted(figures), figures.get, lambda figure: figures.clear()
sys.modules["matplotlib.pyplot"] = plt
print("drawn")"""


def build_test_site(folder: Path, url: str, **pyodide) -> Path:
    """A two-page site with the repository's overrides and hooks, to be served at `url`, built into `folder / "site"`."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    fence = "\n\n".join(f"```python exec{' fold' if n == 4 else ''}\n{code}\n```" for n, code in CELLS.items())
    (docs / "index.md").write_text(f"# Cells\n\n{fence}\n\n[Another page](other.md)\n")
    (docs / "other.md").write_text("# Other\n\n```python exec\nprint(sum(range(10)))\n```\n")
    (docs / "failures.md").write_text(f"# A cell that needs a package\n\n```python exec\n{NEEDS_A_PACKAGE}\n```\n")
    (docs / "exercise.md").write_text(f"# An exercise\n\n```python exec\n{EXERCISE}\n```\n")
    config = {
        "site_name": "Live cells",
        "site_url": url,  # material's instant navigation follows only the links that its sitemap.xml lists
        "theme": {"name": "material", "font": False, "custom_dir": str(ROOT / "overrides"),
                  "features": ["navigation.instant"]},
        "markdown_extensions": ["pymdownx.superfences", "pymdownx.highlight", "pymdownx.details", "md_in_html",
                                "attr_list"],
        "hooks": [str(ROOT / "overrides" / "hooks" / name) for name in ("cells.py", "pyodide.py")],
        "plugins": [],
        "extra": {"pyodide": {**PYODIDE, **pyodide}},
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DLREF_CELL_CACHE=str(folder / "cache"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    # the exercise's cell as the build marks it up for the Check button (the exercises contract), with a stand-in check
    page = folder / "site" / "exercise" / "index.html"
    marks = f'data-cell="1" data-exercise="{EXERCISE_ID}" data-check="{html.escape(STAND_IN_CHECK)}"'
    page.write_text(page.read_text().replace('data-cell="1"', marks, 1))
    return folder / "site"


# A figure (from a stand-in pyplot: the core distribution has no matplotlib) and a package the lock file lists.
NEEDS_A_PACKAGE = STAND_IN_PYPLOT + """
try:
    import tinypkg
except ImportError:  # at build time
    tinypkg = None
print("tinypkg", getattr(tinypkg, "VALUE", None))"""

EXERCISE_ID = "test/double"
EXERCISE = 'def double(x):\n    """Twice x."""\n    raise NotImplementedError'
STAND_IN_CHECK = """\
class ExerciseFailed(Exception):
    pass

for x in (0, 1, 5):
    if double(x) != 2 * x:
        raise ExerciseFailed(f"double({x}) returned {double(x)!r}, expected {2 * x}: multiply x by 2")
print("✓ double: matches 2·x on 3 inputs")"""


@pytest.fixture(scope="module")
def core():
    if not (CORE / "pyodide.js").is_file():
        pytest.fail(f"{CORE} is missing: tests/run.sh fetches the npm package pyodide@{PYODIDE['version']} there")
    return CORE


@pytest.fixture(scope="module")
def small_site(tmp_path_factory, serve):
    """The test site, built and served: (its folder, its URL)."""
    folder = tmp_path_factory.mktemp("live")
    url = serve(folder / "site")
    return build_test_site(folder, url), url


def wait_ready(page):
    page.wait_for_selector('.dlref-live[data-state="ready"]', timeout=READY)


def wait_idle(page, timeout=READY):
    """Until no run is queued or running on the page (every Stop button disabled)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.dlref-live button[aria-label^=\"Stop cell\"]')].every(b => b.disabled)",
        timeout=timeout,
    )


def output(page, number) -> str:
    return page.locator(f'.dlref-output[data-cell="{number}"]').text_content()


def note(page, number) -> str:
    """The one-line note under cell `number`'s output (a package that did not load, a stopped cell)."""
    return page.locator(f'.dlref-output[data-cell="{number}"] .dlref-note').text_content()


def status(page, number) -> str:
    return page.locator(f'.dlref-live[data-cell="{number}"] .dlref-status').text_content()


def state(page, number) -> str:
    return page.locator(f'.dlref-live[data-cell="{number}"]').get_attribute("data-state")


def editor(page, number):
    return page.locator(f'.dlref-cell[data-cell="{number}"] textarea')


def click(page, label):
    page.get_by_role("button", name=label, exact=True).click()


def run(page, number, code=None) -> str:
    """Run cell `number` (after putting `code` in its editor); its output once the page is idle."""
    if code is not None:
        editor(page, number).fill(code)
    click(page, f"Run cell {number} (Shift+Enter)")
    wait_idle(page)
    return output(page, number)


def fresh_session(page):
    """Reset every cell: code and output as built, a fresh Python session."""
    for number in CELLS:
        click(page, f"Reset cell {number}: code and output as built, fresh Python session")
    wait_ready(page)


@pytest.fixture(scope="module")
def live(browser, small_site, core):
    """The test site's first page, booted once for the tests that follow; dialogs are recorded."""
    page = open_page(browser, core)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(small_site[1])
    wait_ready(page)
    yield page
    page.context.close()


# --- without a browser -------------------------------------------------------------------------

def load_hook():
    """overrides/hooks/pyodide.py, loaded as mkdocs loads a hook."""
    spec = importlib.util.spec_from_file_location("dlref_pyodide_hook", ROOT / "overrides" / "hooks" / "pyodide.py")
    hook = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    return hook


def test_session_runs_a_cell_by_the_build_rules_and_shows_only_the_cells_frames():
    namespace = runpy.run_path(str(ROOT / "overrides" / "hooks" / "session.py"))  # what the worker runs
    cells, printed = {"__name__": "__main__"}, []
    result = namespace["run_cell"]('import sys\nprint("a")\nprint("b", file=sys.stderr)\n6 * 7', 1, cells, printed.append)
    assert "".join(printed) == "a\nb\n42\n" and result == {"error": None, "figures": [], "module": None}
    assert namespace["run_cell"]("x = 1;\nx;", 2, cells, printed.append)["error"] is None and cells["x"] == 1
    error = namespace["run_cell"]("def f(x):\n    return 1 / x\n\nf(0)", 3, cells, printed.append)["error"]
    assert error.startswith("Traceback (most recent call last):\n")
    assert 'File "<cell 3>", line 4, in <module>\n    f(0)' in error
    assert 'File "<cell 3>", line 2, in f\n    return 1 / x' in error
    assert error.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "_exec_cell" not in error and "run_cell" not in error  # the runner's own frames are left out
    assert "SyntaxError" in namespace["run_cell"]("x = (", 4, cells, printed.append)["error"]
    assert namespace["run_cell"]("import no_such_package.sub", 5, cells, printed.append)["module"] == "no_such_package"


def test_config_pins_the_version_and_the_env_moves_the_base_url(monkeypatch):
    assert PYODIDE["version"] == "0.29.0"
    monkeypatch.delenv("DLREF_PYODIDE_URL", raising=False)
    assert mkdocs_config()["extra"]["pyodide"]["base_url"] == "https://cdn.jsdelivr.net/pyodide/v0.29.0/full/"
    monkeypatch.setenv("DLREF_PYODIDE_URL", "https://example.org/pyodide/")
    assert mkdocs_config()["extra"]["pyodide"]["base_url"] == "https://example.org/pyodide/"


def test_self_host_wants_a_pyodide_distribution(tmp_path):
    from mkdocs.exceptions import PluginError

    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), extra={
        "pyodide": {"version": "0.29.0", "base_url": "https://cdn/", "self_host": str(tmp_path)}})
    with pytest.raises(PluginError, match=r"self_host \(DLREF_PYODIDE_DIR\) must name a Pyodide distribution.*lacks pyodide.js"):
        load_hook().on_config(config)


def test_site_ships_this_builds_wheel_with_its_lock_entry(small_site):
    site = small_site[0]
    page = (site / "index.html").read_text()
    config = json.loads(re.search(r'<script id="dlref-live-config" type="application/json">(.*?)</script>', page, re.DOTALL)[1])
    entry = config["package"]
    wheel = site / entry["file_name"]
    assert (config["wheel"], config["base_url"]) == (entry["file_name"], PYODIDE["base_url"])
    assert entry["sha256"] == __import__("hashlib").sha256(wheel.read_bytes()).hexdigest()
    assert (entry["name"], entry["imports"], entry["depends"]) == ("dlref", ["dlref"], ["numpy"])
    modules = {name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("dlref/") and name.endswith(".py")}
    assert modules == {path.relative_to(ROOT).as_posix() for path in (ROOT / "dlref").rglob("*.py")}  # the working tree's
    shipped = (site / "assets" / "dlref" / "session.py").read_bytes()
    assert shipped == (ROOT / "overrides" / "hooks" / "session.py").read_bytes()  # the build's, as it is


def test_runner_js_and_css_stay_under_50_kb():
    folder = ROOT / "overrides" / "assets" / "dlref"
    size = sum(path.stat().st_size for path in folder.iterdir() if path.suffix in {".js", ".css"})
    assert size <= 50_000, f"{size} bytes"


# --- in the browser, core Pyodide (CI) --------------------------------------------------------

def test_boots_to_ready_reaching_nothing_but_this_machine(live):
    assert live.locator(".dlref-live").count() == len(CELLS)
    assert live.locator(".dlref-status").first.text_content() == "Python ready"
    assert live.aborted == [] and live.console_errors == []


def test_running_cell_3_first_runs_cells_1_and_2_and_prints_as_the_build(live):
    assert [output(live, n) for n in CELLS] == [BUILT[n] for n in CELLS]  # as built, before any run
    assert run(live, 3) == "to stdout\nto stderr\n10\n"  # stdout and stderr in order, then the last expression
    assert output(live, 2) == "counter 1\n"  # cells 1 and 2 ran first, once
    assert run(live, 4) == "'FOLDED'\n"  # a folded cell runs too


def test_cells_share_one_session(live):
    fresh_session(live)
    assert run(live, 2) == "counter 1\n"
    assert run(live, 2) == "counter 2\n"
    assert run(live, 3) == "to stdout\nto stderr\n20\n"
    assert run(live, 5, "counter = 'seen by cell 2'") == ""
    assert run(live, 2, "print(counter)") == "seen by cell 2\n"


def test_output_streams_while_the_cell_runs(live):
    fresh_session(live)
    editor(live, 5).fill("import time\nprint('first')\nstart = time.time()\nwhile time.time() - start < 1.5:\n    pass\nprint('last')")
    click(live, "Run cell 5 (Shift+Enter)")
    live.wait_for_function("document.querySelector('.dlref-output[data-cell=\"5\"]').textContent == 'first\\n'")
    assert live.locator('.dlref-live[aria-label="Cell 5"]').get_attribute("data-state") == "running"
    wait_idle(live)
    assert output(live, 5) == "first\nlast\n"


def test_last_expression_follows_the_notebook_rules(live):
    fresh_session(live)
    assert run(live, 5, "[1, 2] + [3]") == "[1, 2, 3]\n"
    assert run(live, 5, "[1, 2] + [3];") == ""  # ended by `;`
    assert run(live, 5, "None") == ""
    assert run(live, 5, "x = 2\nx") == "2\n"


def test_traceback_names_the_cell_and_its_own_lines(live):
    fresh_session(live)
    text = run(live, 5, "def f(x):\n    return 1 / x\n\nprint('before')\nf(0)")
    assert text.startswith("before\nTraceback (most recent call last):\n")
    assert 'File "<cell 5>", line 5, in <module>' in text and 'File "<cell 5>", line 2, in f' in text
    assert text.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "session.py" not in text and "_exec_cell" not in text


def test_output_is_text_never_html(live):
    fresh_session(live)
    payload = "<img src=x onerror=alert(1)>"
    assert run(live, 5, f"print({payload!r})") == payload + "\n"
    assert live.locator('.dlref-output[data-cell="5"] img').count() == 0
    assert live.dialogs == []


def test_figures_left_open_show_as_images(live):
    fresh_session(live)  # a stand-in for pyplot: Pyodide's matplotlib is not in the core distribution
    assert run(live, 5, STAND_IN_PYPLOT) == "drawn\n"
    image = live.locator('.dlref-output[data-cell="5"] img.dlref-figure')
    assert image.get_attribute("src").startswith("data:image/svg+xml") and image.get_attribute("alt") == "Figure drawn by cell 5"
    assert image.evaluate("image => image.decode().then(() => image.naturalWidth)") == 40
    assert run(live, 5, "del sys.modules['matplotlib.pyplot']") == ""  # closed: shown once
    assert live.locator('.dlref-output[data-cell="5"] img').count() == 0 and live.dialogs == []


def test_shift_enter_runs_the_cell_from_the_keyboard(live):
    fresh_session(live)
    area = editor(live, 5)
    area.fill("")
    area.press_sequentially("for i in range(2):\nprint(i)")  # Enter indents after the colon
    assert area.input_value() == "for i in range(2):\n    print(i)"
    area.press("Shift+Enter")
    wait_idle(live)
    assert output(live, 5) == "0\n1\n"


def test_a_package_that_cannot_load_is_said_plainly_with_a_retry(live):
    fresh_session(live)  # the core distribution has no numpy
    text = run(live, 5, "import numpy")
    assert text == BUILT[5] + note(live, 5)  # the build's output stays, with one line under it
    assert note(live, 5) == "Could not load numpy, so this cell did not run; the output shown is the build's. Retry"
    assert live.get_by_role("button", name="Run cell 5 again").is_visible()
    # an import the cell's code does not show (as in dlref's plots, which import matplotlib): loaded on demand
    text = run(live, 5, "import importlib\n\nprint('once')\nimportlib.import_module('numpy')")
    assert text == BUILT[5] + note(live, 5) and note(live, 5).startswith("Could not load numpy")


def test_dlref_wheel_loads_where_its_sha256_matches(live):
    fresh_session(live)
    run(live, 5, "import dlref")  # dlref's wheel loads; numpy, which it needs, is not in the core distribution
    assert note(live, 5).startswith("Could not load numpy,")
    details = live.locator('.dlref-output[data-cell="5"] .dlref-note').get_attribute("title")  # Pyodide's own words
    assert "loading numpy" in details and "loading dlref" not in details


def test_reset_restores_the_code_the_output_and_a_fresh_session(live):
    fresh_session(live)
    assert run(live, 2) == "counter 1\n"
    assert run(live, 2, "counter += 100\nprint(counter)") == "101\n"
    click(live, "Reset cell 2: code and output as built, fresh Python session")
    assert editor(live, 2).input_value() == CELLS[2] and output(live, 2) == BUILT[2]
    assert run(live, 2) == "counter 1\n"  # cell 1 ran again: the session was fresh


def stop_a_runaway_loop(page) -> float:
    """Run `while True: pass` in cell 5 and press its Stop well into the loop; the seconds until it stopped."""
    editor(page, 5).fill("while True:\n    pass")
    click(page, "Run cell 5 (Shift+Enter)")
    page.wait_for_selector('.dlref-live[aria-label="Cell 5"][data-state="running"]', timeout=READY)
    time.sleep(0.3)
    started = time.monotonic()
    click(page, "Stop cell 5")
    wait_idle(page, timeout=5000)
    return time.monotonic() - started


def test_stop_ends_a_runaway_loop_within_2_s_and_python_works_after(live):
    fresh_session(live)
    assert stop_a_runaway_loop(live) < 2.0
    assert note(live, 5).startswith("Stopped: this cell did not finish")
    assert "Python was restarted" in note(live, 5) and "not cross-origin isolated" in note(live, 5)  # no COOP/COEP here
    assert (state(live, 5), status(live, 5)) == ("stopped", "Stopped: this cell did not finish")
    wait_ready(live)
    assert run(live, 2) == "counter 1\n"


def test_a_stopped_cell_is_not_run_again_by_a_later_cells_run_and_says_so(live):
    fresh_session(live)
    editor(live, 1).fill("counter = 0\nwhile True:\n    pass")
    click(live, "Run cell 1 (Shift+Enter)")
    live.wait_for_selector('.dlref-live[data-cell="1"][data-state="running"]', timeout=READY)
    click(live, "Stop cell 1")
    wait_idle(live, timeout=5000)
    click(live, "Run cell 2 (Shift+Enter)")  # cell 1 above it has not finished: it is skipped, not run again
    wait_idle(live)  # (were cell 1 run again, its loop would hold Python past this wait)
    assert output(live, 2).rstrip().endswith("NameError: name 'counter' is not defined")
    assert (state(live, 1), status(live, 1)) == ("stopped", "Stopped: this cell did not finish")
    assert note(live, 1).startswith("Stopped: this cell did not finish, and a later cell's run does not run it again.")
    assert run(live, 1, "counter = 0") == "" and status(live, 1) == "Python ready"  # run when asked, it is done
    assert run(live, 2) == "counter 1\n"


def test_results_are_announced_politely_and_the_output_says_whose_run_it_is(live):
    fresh_session(live)
    region = live.locator(".dlref-announce")
    label = "element => getComputedStyle(element, '::before').content"
    assert region.get_attribute("aria-live") == "polite"
    assert live.locator('.dlref-output[data-cell="2"]').evaluate(label) == '"Output, built with the page"'
    run(live, 2)
    assert region.text_content() == "Cell 2 ran: counter 1"
    assert live.locator('.dlref-output[data-cell="2"]').evaluate(label) == '"Output of your run"'
    run(live, 5, "1 / 0")
    assert region.text_content() == "Cell 5 raised ZeroDivisionError: division by zero"
    run(live, 5, "x = 1")
    assert region.text_content() == "Cell 5 ran, no output"
    assert live.locator('.dlref-output[data-cell="5"]').evaluate(label) == "none"  # no output, no label
    click(live, "Reset cell 2: code and output as built, fresh Python session")
    assert live.locator('.dlref-output[data-cell="2"]').evaluate(label) == '"Output, built with the page"'
    sizes = live.evaluate("""() => ['.dlref-output[data-cell="2"] pre', '.dlref-cell[data-cell="2"] code']
        .map(selector => getComputedStyle(document.querySelector(selector)).fontSize)""")
    assert sizes[0] == sizes[1]  # output and code share a type size


def test_instant_navigation_keeps_python_and_the_next_page_runs(live):
    live.evaluate("window.stillTheSameDocument = true")
    live.get_by_role("link", name="Another page").click()
    live.wait_for_url("**/other/")
    wait_ready(live)
    assert live.evaluate("window.stillTheSameDocument") is True  # no reload: the worker lived on
    assert run(live, 1) == "45\n"
    assert live.aborted == []


def tampered_sha256(route):
    """The page with a wrong sha256 for the dlref wheel in its live-cell config."""
    response = route.fetch()
    route.fulfill(response=response, body=re.sub(r'"sha256": "\w{64}"', f'"sha256": "{"0" * 64}"', response.text()))


def test_python_that_cannot_load_is_one_notice_for_the_page_and_retry_works(new_page, small_site, core):
    page = new_page(core)
    blocked = [True]  # pyodide.asm.wasm answers 404, as from a broken mirror
    page.context.route(PYODIDE["base_url"] + "pyodide.asm.wasm",
                       lambda route: route.fulfill(status=404, body="gone") if blocked else route.fallback())
    page.context.route(small_site[1], tampered_sha256)
    page.goto(small_site[1])
    page.wait_for_selector('.dlref-live[data-state="failed"]', timeout=READY)
    notice = page.locator(".dlref-notice")
    assert notice.count() == 1 and notice.is_visible() and notice.get_attribute("role") == "status"
    assert notice.text_content().startswith("The live cells could not load Python (")
    assert [status(page, n) for n in CELLS] == ["Python could not be loaded"] * len(CELLS)  # a word each, no error
    assert page.locator(".dlref-note").count() == 0
    assert [output(page, n) for n in CELLS] == [BUILT[n] for n in CELLS]  # the page reads as built
    click(page, "Run cell 2 (Shift+Enter)")  # Run answers, on the cell
    page.wait_for_selector('.dlref-live[data-cell="2"] .dlref-status >> text="Not run: Python could not be loaded"')
    assert output(page, 2) == BUILT[2]
    click(page, "Dismiss this notice")
    assert notice.is_hidden()
    click(page, "Run cell 2 (Shift+Enter)")  # the notice comes back when the reader asks again
    notice.wait_for(state="visible")
    blocked.clear()  # back online
    click(page, "Retry loading Python")
    wait_ready(page)
    assert notice.is_hidden() and status(page, 2) == "Python ready"
    assert run(page, 2) == "counter 1\n"
    run(page, 5, "import dlref")  # Pyodide checks each wheel against the sha256 of its lock entry
    assert note(page, 5).startswith("Could not load ") and "dlref" in note(page, 5)


def tiny_wheel(folder: Path):
    """A one-module wheel, `tinypkg` (VALUE = 42), and its entry for a Pyodide lock file."""
    wheel = folder / "tinypkg-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("tinypkg/__init__.py", "VALUE = 42\n")
        archive.writestr("tinypkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n")
        archive.writestr("tinypkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        archive.writestr("tinypkg-1.0.dist-info/RECORD", "")
    return wheel, {"name": "tinypkg", "version": "1.0", "file_name": wheel.name, "install_dir": "site",
                   "sha256": __import__("hashlib").sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
                   "imports": ["tinypkg"], "depends": [], "unvendored_tests": False}


def test_a_package_that_cannot_load_keeps_the_figure_names_the_package_and_retry_loads_it(new_page, small_site, core, tmp_path):
    wheel, entry = tiny_wheel(tmp_path)
    lock = json.loads((core / "pyodide-lock.json").read_text())
    lock["packages"]["tinypkg"] = entry
    cors = {"access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin"}
    page, online = new_page(core), []
    page.context.route(PYODIDE["base_url"] + "pyodide-lock.json",
                       lambda route: route.fulfill(body=json.dumps(lock), content_type="application/json", headers=cors))
    page.context.route(PYODIDE["base_url"] + wheel.name, lambda route: route.fulfill(path=wheel, headers=cors) if online
                       else route.fulfill(status=404, body="not found", headers=cors))
    page.goto(small_site[1] + "failures/")
    wait_ready(page)
    figure = page.locator('.dlref-output[data-cell="1"] img.dlref-figure')
    assert output(page, 1) == "drawn\ntinypkg None\n" and figure.count() == 1  # as built
    click(page, "Run cell 1 (Shift+Enter)")
    wait_idle(page)
    assert figure.count() == 1 and output(page, 1) == "drawn\ntinypkg None\n" + note(page, 1)
    assert note(page, 1) == "Could not load tinypkg, so this cell did not run; the output shown is the build's. Retry"
    online.append(True)
    click(page, "Run cell 1 again")
    wait_idle(page)
    assert output(page, 1) == "drawn\ntinypkg 42\n" and figure.count() == 1  # the reader's run, its own figure
    assert page.locator('.dlref-output[data-cell="1"]').get_attribute("data-origin") == "run"


LAYOUT_SHIFT = """window.layoutShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});"""


def layout(page, url, width):
    """(the page's width, its layout shift summed from navigation until Python is ready) at `width` px."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url)
    wait_ready(page)
    page.wait_for_timeout(300)  # a shift after the ready state would show here
    return page.evaluate("[document.documentElement.scrollWidth, window.layoutShift]")


@pytest.mark.parametrize("width", [390, 1280])
def test_no_sideways_scroll_and_no_layout_shift_until_python_is_ready(new_page, small_site, core, width):
    page = new_page(core)
    page.add_init_script(LAYOUT_SHIFT)
    page_width, shift = layout(page, small_site[1], width)
    assert page_width <= width and shift <= 0.1, (page_width, shift)
    wide = page.locator('.dlref-output[data-cell="6"] pre')  # the long line scrolls inside its box
    assert wide.evaluate("pre => pre.scrollWidth > pre.clientWidth && getComputedStyle(pre).overflowX === 'auto'")
    heights = page.evaluate("[...document.querySelectorAll('.dlref-live')].map(bar => bar.getBoundingClientRect().height)")
    assert len(set(heights)) == 1  # every toolbar one line, whatever its status


def test_check_button_says_why_a_solution_fails_records_a_pass_and_stops_a_loop(new_page, small_site, core):
    page = new_page(core)
    page.goto(small_site[1] + "exercise/")
    wait_ready(page)
    page.evaluate("window.solved = []; document.addEventListener('dlref:exercise-solved', e => solved.push(e.detail.id))")
    verdict = page.locator(".dlref-check")

    def check(code=None):
        if code is not None:
            editor(page, 1).fill(code)
        click(page, f"Check your solution of exercise {EXERCISE_ID}")
        wait_idle(page)
        assert verdict.get_attribute("role") == "status"
        return verdict.text_content(), verdict.get_attribute("data-passed")

    assert check() == ("NotImplementedError", "false")  # the starting code: the check's call of it raised
    assert check("def double(x):\n    return 2 * x\n\n1 / 0") == (
        "Not checked: your code raised ZeroDivisionError: division by zero", "false")  # the cell itself failed
    assert check("def double(x):\n    return x + 2") == ("double(0) returned 2, expected 0: multiply x by 2", "false")
    assert check("def double(x):\n    return None + x") == (
        "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'", "false")  # not the checker's traceback
    assert page.evaluate("localStorage.getItem('dlref:exercises')") is None and page.evaluate("solved") == []
    assert check("def double(x):\n    return 2 * x") == ("✓ double: matches 2·x on 3 inputs", "true")
    assert page.evaluate("solved") == [EXERCISE_ID]
    record = json.loads(page.evaluate("localStorage.getItem('dlref:exercises')"))
    assert list(record) == [EXERCISE_ID] and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", record[EXERCISE_ID])
    assert page.locator(".dlref-solved").is_visible()
    editor(page, 1).fill("def double(x):\n    while True:\n        pass")  # a solution that never returns: Stop ends it
    click(page, f"Check your solution of exercise {EXERCISE_ID}")
    page.wait_for_selector('.dlref-live[data-cell="1"][data-state="running"]', timeout=READY)
    page.wait_for_timeout(300)
    click(page, "Stop cell 1")
    wait_idle(page, timeout=5000)
    assert verdict.text_content().startswith("Stopped: the check did not finish.")
    page.reload()  # the pass is remembered on this device
    page.wait_for_selector(".dlref-solved", state="visible")
    assert page.locator(".dlref-solved").get_attribute("title") == f"Solved on {record[EXERCISE_ID][:10]}, on this device"


def test_self_hosted_site_asks_no_other_host_and_stops_in_place_when_isolated(new_page, serve, tmp_path, core):
    isolated = {"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp"}
    url = serve(tmp_path / "site", isolated)
    site = build_test_site(tmp_path, url, self_host=str(core))
    assert (site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file()
    page = new_page()
    page.goto(url)
    wait_ready(page)
    assert page.evaluate("crossOriginIsolated") is True
    assert run(page, 2) == "counter 1\n"
    assert stop_a_runaway_loop(page) < 2.0  # Pyodide's interrupt buffer: KeyboardInterrupt in the cell
    assert note(page, 5) == "Stopped: this cell did not finish, and a later cell's run does not run it again. " \
                            "The variables of earlier cells are kept."
    # at once, a run that outlasts the second Stop gives the interrupt: it is not the run that was stopped
    slow = "import time\nstart = time.time()\nwhile time.time() - start < 1.5:\n    pass\ncounter += 1\nprint('counter', counter)"
    assert run(page, 2, slow) == "counter 2\n"  # the session survived the interrupt
    assert state(page, 5) == "stopped" and page.locator(".dlref-note").count() == 1
    assert page.aborted == [] and page.console_errors == []


# --- in the browser, a full local distribution (DLREF_PYODIDE_DIST) ----------------------------

DIST = os.environ.get("DLREF_PYODIDE_DIST")
needs_dist = pytest.mark.skipif(
    not DIST, reason="DLREF_PYODIDE_DIST does not name a full local Pyodide distribution (core + numpy + micropip)")
ROUND_OFF = 1e-6  # printed values this small measure floating-point error, which depends on the BLAS
CELL_TIMEOUT = 300_000  # ms: numpy in WebAssembly, without BLAS, on two slow cores


def needs_matplotlib(code: str, live: str, figure_code: str) -> bool:
    """A cell that draws a figure (with pyplot, or through a dlref plot that loads matplotlib on demand),
    or one that uses a name defined by such a cell (`figure_code`): the local distribution has no matplotlib."""
    missing = re.search(r"NameError: name '(\w+)' is not defined", live)
    return ("matplotlib" in code or "plt." in code or ("could not load a package" in live and "matplotlib" in live)
            or bool(missing and re.search(rf"\b{missing[1]}\s*=", figure_code)))


def chapter_urls(built_site):
    return [f"chapters/{path.parent.name}/" for path in sorted((built_site / "chapters").glob("*/index.html"))
            if 'class="dlref-cell' in path.read_text()]


@needs_dist
def test_every_chapter_cell_prints_what_the_build_printed(new_page, site_url, built_site):
    page = new_page(pyodide_dir=DIST)
    counts, mismatches = {"compared": 0, "timing": 0, "needs matplotlib": 0}, []
    for url in chapter_urls(built_site):
        page.goto(site_url + url)
        wait_ready(page)
        cells = page.locator(".dlref-cell[data-cell]").count()
        built = [output(page, n) for n in range(1, cells + 1)]
        figure_code = ""  # the page's cells that need matplotlib, which the local distribution lacks
        for n in range(1, cells + 1):
            code = editor(page, n).input_value()
            click(page, f"Run cell {n} (Shift+Enter)")
            wait_idle(page, timeout=CELL_TIMEOUT)
            live = output(page, n)
            if needs_matplotlib(code, live, figure_code):
                counts["needs matplotlib"] += 1
                figure_code += code
                continue
            timing = TIMING in code
            counts["timing" if timing else "compared"] += 1
            if printout_differences(built[n - 1], live, atol=ROUND_OFF, timing=timing):
                mismatches.append(f"{url} cell {n}:\n--- built\n{built[n - 1]}\n--- live\n{live}")
    print(f"\nchapter cells in the browser: {counts}")
    assert counts["compared"] > 30 and not mismatches, "\n\n".join(mismatches)


@needs_dist
@pytest.mark.parametrize("width", [390, 1280])
def test_no_chapter_scrolls_sideways_or_shifts_until_python_is_ready(new_page, site_url, built_site, width):
    page = new_page(pyodide_dir=DIST)
    page.add_init_script(LAYOUT_SHIFT)
    found = {}
    for url in chapter_urls(built_site):
        page_width, shift = layout(page, site_url + url, width)
        if page_width > width or shift > 0.1:
            found[url] = {"width": page_width, "layout shift": round(shift, 3)}
    assert not found


@needs_dist
@pytest.mark.timeout(3600)  # sixteen pages, each booting Python and checking twice
def test_one_exercise_per_chapter_is_judged_by_its_real_checker_in_the_browser(new_page, site_url, built_site):
    """The first implement exercise of every chapter, judged in the reader's Pyodide by its real checker
    (dlref.exercises, on numpy): its starting code fails with the checker's message, the page's solution passes.

    The code and the exercise cell's own check run in the page's first cell: the Check button runs the cells
    above an exercise first, and those that draw need matplotlib, which the local distribution lacks (the
    button itself is tested above, with a stand-in check).
    """
    page = new_page(pyodide_dir=DIST)
    verdicts = {}
    for markdown in sorted((ROOT / "docs" / "chapters").glob("*.md")):
        exercise = next(e for e in markup.find_exercises(markdown.read_text()) if e["kind"] == "implement")
        page.goto(site_url + f"chapters/{markdown.stem}/")
        wait_ready(page)
        check = page.locator(f'.dlref-cell[data-exercise="{exercise["id"]}"]').get_attribute("data-check")
        found = []
        for code in (exercise["code"], exercise["solution_code"]):
            editor(page, 1).fill(f"{code}\n\n{check}")
            click(page, "Run cell 1 (Shift+Enter)")
            wait_idle(page, timeout=CELL_TIMEOUT)
            found.append(output(page, 1))
        verdicts[exercise["id"]] = found
        print(f"\n{exercise['id']}:\n  starting code: {found[0].strip().splitlines()[-1]}\n  solution: {found[1].strip()}",
              flush=True)
    wrong = {id: found for id, found in verdicts.items()
             if not ("ExerciseFailed: ✗" in found[0] and found[1].startswith("✓"))}
    assert len(verdicts) == 16 and not wrong
