"""Live cells: how long a reader waits for Python, measured in headless chromium, cold and warm.

A small site (the live-cell tests' own, `build_test_site`) is built with the
Pyodide distribution of env DLREF_PYODIDE_DIST (a full local one: core + numpy +
micropip; else the core npm package in .cache/, which has no numpy, so the
numpy and dlref stages are left out) shipped with it, and served, Pyodide
included, from 127.0.0.1. Over REPEATS fresh browser profiles (cold cache) it
measures, from navigation: the boot's start, Pyodide loaded, numpy loaded, dlref
imported, "Python ready" (and the page's first contentful paint); then the first
Run of a cell that imports dlref and of a trivial cell, and the same stages when
the page is opened again in the same profile (warm: Python from the memory
snapshot that the first visit kept).
The reference, measured in the same run: a bare page of the same site that only
calls loadPyodide on the same files (the floor). Medians in seconds, and the
ratio ready / floor.

    DLREF_PYODIDE_DIST=/path/to/pyodide python benchmarks/bench_live.py
"""

import os
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_folder
from test_live_cells import CORE, build_test_site

REPEATS = 5
TIMEOUT = 120_000  # ms
STAGES = [  # performance marks of the page (runner.js), in the order of a boot
    ("boot start", "dlref-python-loading"),
    ("Pyodide loaded", "dlref-boot-pyodide"),
    ("numpy, dlref loaded", "dlref-boot-packages"),
    ("dlref imported", "dlref-boot-dlref"),
    ("ready", "dlref-python-ready"),
]
FLOOR = """<!doctype html><title>loadPyodide only</title>
<script src="assets/pyodide/pyodide.js"></script>
<script>loadPyodide({indexURL: new URL("assets/pyodide/", location.href).href})
  .then(() => performance.mark("floor-ready"));</script>
"""
TIMED_RUN = """([number, code]) => new Promise(resolve => {
    const output = document.querySelector(`.dlref-output[data-cell="${number}"]`);
    const area = document.querySelector(`.dlref-cell[data-cell="${number}"] textarea`);
    area.value = code;
    area.dispatchEvent(new Event("input"));
    output.replaceChildren();
    const start = performance.now();
    new MutationObserver((_, observer) => {
        if (output.textContent.trim()) resolve([performance.now() - start, output.textContent], observer.disconnect());
    }).observe(output, {childList: true, subtree: true, characterData: true});
    document.querySelector(`button[aria-label="Run cell ${number} (Shift+Enter)"]`).click();
})"""
KEPT = "caches.open('dlref-live').then(store => store.keys()).then(keys => keys.length > 0)"
IDLE = "() => [...document.querySelectorAll('.dlref-live button[aria-label^=\"Stop cell\"]')].every(b => b.disabled)"


def marks(page) -> dict:
    """The page's performance marks, in seconds from navigation."""
    entries = page.evaluate("performance.getEntriesByType('mark').map(m => [m.name, m.startTime])")
    return {name: start / 1000 for name, start in entries}


def timed_run(page, code) -> float:
    """Run `code` in cell 1; the seconds until its output appears (the output must say `'ok'`)."""
    seconds, text = page.evaluate(TIMED_RUN, [1, code])
    page.wait_for_function(IDLE, timeout=TIMEOUT)
    if "'ok'" not in text:
        raise RuntimeError(f"the cell {code!r} printed {text!r}")
    return seconds / 1000


def visit(context, url, prefix=""):
    """Open `url` in `context` and wait until Python is ready: the page, and the seconds of each stage
    from navigation, the labels prefixed by `prefix`."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('.dlref-live[data-state="ready"]', timeout=TIMEOUT)
    found = marks(page)
    snapshot = page.evaluate("(performance.getEntriesByName('dlref-boot-pyodide')[0] || {}).detail")
    if prefix and not (snapshot or {}).get("snapshot"):
        raise RuntimeError("the warm visit did not start Python from the memory snapshot")
    return page, {prefix + label: found[name] for label, name in STAGES if name in found}


def floor(context, url) -> float:
    """The seconds from navigation until the bare page of loadPyodide has Python, in `context`."""
    page = context.new_page()
    page.goto(url + "floor.html")
    page.wait_for_function("performance.getEntriesByName('floor-ready').length", timeout=TIMEOUT)
    return marks(page)["floor-ready"]


def profile(browser, url, full) -> dict:
    """One fresh profile: a cold visit (stages, first runs), then a warm one; seconds by name."""
    context = browser.new_context()
    page, times = visit(context, url)
    times["first contentful paint"] = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime") / 1000
    if full:
        times["first Run: import dlref"] = timed_run(page, "import dlref\n'ok'")
    times["a trivial cell"] = timed_run(page, "'o' + 'k'")
    page.wait_for_function(KEPT, timeout=TIMEOUT)  # the worker keeps the memory snapshot in the background
    page.close()
    page, warm = visit(context, url, "warm: ")
    page.close()
    times.update(warm)
    times["warm floor: loadPyodide only"] = floor(context, url)  # its files are cached now, as ours were
    context.close()
    context = browser.new_context()
    times["floor: loadPyodide only"] = floor(context, url)
    context.close()
    return times


def main():
    from playwright.sync_api import sync_playwright

    dist = Path(os.environ.get("DLREF_PYODIDE_DIST") or CORE)
    full = bool(os.environ.get("DLREF_PYODIDE_DIST"))
    with tempfile.TemporaryDirectory() as folder:
        server = serve_folder(Path(folder) / "site")
        url = f"http://127.0.0.1:{server.server_port}/"
        site = build_test_site(Path(folder), url, self_host=str(dist))
        (site / "floor.html").write_text(FLOOR)
        def measure():
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                return [profile(browser, url, full) for _ in range(REPEATS)]

        # in a thread of its own: Playwright's sync API refuses a thread that runs an event loop
        # (a test session whose browser fixture is open, as tests/test_benchmarks.py may run this)
        with ThreadPoolExecutor(1) as thread:
            runs = thread.submit(measure).result()
        server.shutdown()
        server.server_close()
    print(f"live cells, {dist} served from 127.0.0.1, headless chromium, median of {REPEATS} fresh profiles"
          + ("" if full else " (core Pyodide: no numpy, so no dlref stages)"))
    print(f"  {'seconds from navigation':<34} {'at':>6}  {'step':>6}")
    for prefix in ("", "warm: "):
        previous = 0.0
        for label, _ in STAGES:
            values = [run[prefix + label] for run in runs if prefix + label in run]
            if values:
                at = statistics.median(values)
                print(f"  {prefix + label:<34} {at:6.2f}  {at - previous:+6.2f}")
                previous = at
    staged = {prefix + label for prefix in ("", "warm: ") for label, _ in STAGES}
    for label in runs[0]:
        if label not in staged:
            print(f"  {label:<34} {statistics.median(run[label] for run in runs):6.2f}")
    ready = statistics.median(run["ready"] for run in runs)
    floor = statistics.median(run["floor: loadPyodide only"] for run in runs)
    warm = statistics.median(run["warm: ready"] for run in runs)
    warm_floor = statistics.median(run["warm floor: loadPyodide only"] for run in runs)
    print(f"  ratio ready / floor: cold {ready / floor:.2f}, warm {warm / warm_floor:.2f}  "
          f"(targets: ready <= 4 s cold, <= 2 s warm; a dlref cell's first Run <= 0.3 s)")


if __name__ == "__main__":
    main()
