"""Live cells: when and how Python boots, in headless chromium with the core Pyodide (CI).

Python starts with the page (not at idle), the wheels are asked for while
Pyodide starts, a reader who asks for less data (Save-Data) downloads nothing
before the first Run, and a second visit starts Python from the memory
snapshot the first one kept (a refused snapshot falls back to a fresh start).
The figures of the issue are measured by benchmarks/bench_live.py.
"""

import time

import pytest
from conftest import open_page
from test_live_cells import PYODIDE, READY, core, run, small_site, wait_ready  # noqa: F401 (fixtures)

SAVE_DATA = "Object.defineProperty(navigator, 'connection', {value: {saveData: true}})"
SNAPSHOT_KEY = f"{PYODIDE['base_url']}dlref-memory-snapshot"


def logged_page(context):
    """A new page of `context` (the fixture's) whose requests, the worker's too, are logged as (URL, epoch ms)
    in `page.requests`; `page.aborted` lists the non-local requests of the profile, `page.console_errors` its own."""
    page = context.new_page()
    page.requests, page.aborted, page.console_errors = [], context.aborted, []
    context.on("request", lambda request: page.requests.append((request.url, time.time() * 1000)))
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def boot_mark(page, name):
    """The performance mark `dlref-<name>`: (ms since navigation, its detail)."""
    return page.evaluate(f"(({{startTime, detail}}) => [startTime, detail])"
                         f"(performance.getEntriesByName('dlref-{name}')[0])")


@pytest.fixture
def context(browser, core):
    """A fresh profile that reaches only 127.0.0.1, with Pyodide's base URL answered from the core distribution."""
    opener = open_page(browser, core)
    opener.context.aborted = opener.aborted
    opener.close()
    yield opener.context
    opener.context.close()


def test_python_starts_with_the_page_and_fetches_the_wheels_while_pyodide_starts(context, small_site):
    page = logged_page(context)
    page.goto(small_site[1])
    wait_ready(page)
    started, _ = boot_mark(page, "python-loading")
    parsed = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    assert 0 < started <= parsed + 50  # with the page, not when it is idle
    origin = page.evaluate("performance.timeOrigin")
    pyodide_loaded = origin + boot_mark(page, "boot-pyodide")[0]
    asked = {url.rsplit("/", 1)[-1]: at for url, at in page.requests}
    wheel = next(name for name in asked if name.startswith("dlref-") and name.endswith(".whl"))
    assert asked[wheel] < pyodide_loaded and asked["pyodide-lock.json"] < pyodide_loaded
    numpy = next(name for name in asked if name.startswith("numpy-"))  # asked for, though the core has no numpy
    assert asked[numpy] < pyodide_loaded and asked["python_stdlib.zip"] < pyodide_loaded
    assert sum(name == wheel for name in (url.rsplit("/", 1)[-1] for url, _ in page.requests)) == 1  # fetched once
    assert page.aborted == [] and page.console_errors == []


def test_save_data_downloads_nothing_before_the_first_run(context, small_site):
    context.add_init_script(SAVE_DATA)
    page = logged_page(context)
    page.goto(small_site[1])
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)  # time enough for a boot to have started
    pythons = ("worker.js", "session.py", "pyodide", "python_stdlib.zip", ".whl")  # Python's files, none fetched
    assert [url for url, _ in page.requests if any(name in url for name in pythons)] == []
    assert page.locator('.dlref-live[data-state="off"]').count() == page.locator(".dlref-live").count() > 0
    assert "first Run" in page.locator(".dlref-status").first.text_content()
    assert run(page, 2) == "counter 1\n"  # the first Run boots Python, then runs cells 1 and 2
    assert any(url.endswith("pyodide.asm.wasm") for url, _ in page.requests)
    assert page.aborted == [] and page.console_errors == []


def test_a_second_visit_starts_python_from_the_snapshot_of_the_first(context, small_site):
    first = logged_page(context)
    first.goto(small_site[1])
    wait_ready(first)
    assert boot_mark(first, "boot-pyodide")[1] == {"snapshot": False}
    stored = f"caches.open('dlref-live').then(c => c.match('{SNAPSHOT_KEY}')).then(r => r ? r.arrayBuffer() : null)" \
             ".then(b => b && b.byteLength)"
    first.wait_for_function(stored, timeout=READY)  # kept in the background once Python started
    assert first.evaluate(stored) > 10_000_000
    first.close()
    second = logged_page(context)
    second.goto(small_site[1])
    wait_ready(second)
    assert boot_mark(second, "boot-pyodide")[1] == {"snapshot": True}
    assert run(second, 3) == "to stdout\nto stderr\n10\n"  # Python from the snapshot runs the cells as built
    assert run(second, 5, "import sys\nsys.version_info[:2]") == "(3, 13)\n"
    assert second.aborted == [] and second.console_errors == []


DAMAGE = {  # what is put in place of the snapshot: (how, JS that makes the Response from the good one's bytes)
    "not whole": "bytes => new Response(bytes.slice(0, 1000), {headers: {'dlref-snapshot-bytes': String(bytes.length)}})",
    "its magic number broken": "bytes => { const copy = bytes.slice(); copy.fill(0, 0, 4); "
                               "return new Response(copy, {headers: {'dlref-snapshot-bytes': String(copy.length)}}); }",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_refused_snapshot_is_replaced_and_python_starts_afresh(context, small_site, damage):
    page = logged_page(context)
    page.goto(small_site[1])
    wait_ready(page)
    key = f"'{SNAPSHOT_KEY}'"
    stored = f"caches.open('dlref-live').then(c => c.match({key})).then(r => r ? r.arrayBuffer() : null)"
    page.wait_for_function(f"{stored}.then(b => b !== null)", timeout=READY)
    page.evaluate(f"{stored}.then(b => new Uint8Array(b)).then({DAMAGE[damage]})"
                  f".then(response => caches.open('dlref-live').then(c => c.put({key}, response)))")
    page.close()
    warnings = []
    page = logged_page(context)
    page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
    page.goto(small_site[1])
    wait_ready(page)
    assert boot_mark(page, "boot-pyodide")[1] == {"snapshot": False}
    assert any("the memory snapshot was refused, Python starts afresh" in text for text in warnings)
    assert run(page, 2) == "counter 1\n"
    page.wait_for_function(f"{stored}.then(b => b.byteLength > 10000000)", timeout=READY)  # a good one replaced it
    assert page.aborted == [] and page.console_errors == []
