"""Build hook: every page's cells run and its claims are checked; the cells' output goes on the page.

What a cell and a claim are is in `markup.py`; how a cell runs (output,
last value, figures, tracebacks) is in `session.py`, the same rules as in the
reader's browser. This hook runs the pages:

- **Each page in a process of its own** (a copy of a server that loaded
  numpy and matplotlib, `page_process.py`): `session.run_page` runs its
  cells and claims in page order in one namespace; pages cannot change each
  other (seeds, default dtype, matplotlib state). The runs start as soon as
  the build knows its pages (`on_files`), as many at a time as there are
  cores; mkdocs then renders each page when its run is done.
- **Progress.** The log names each page as its run ends, with its time and
  its number of claims, then the slowest pages.
- **Failures.** A cell that raises stops the build with the page, the cell's
  number, its output and its traceback. Claims that do not hold fail the
  build once every page ran, all of them in one message: each with its page,
  its sentence, its expression and the values of its parts.
- **Cache.** A page's results are kept in `DLREF_CELL_CACHE` (default
  `.cache/cells/`), under its name and its steps (the cells' code and the
  claims' expressions), with the files of the working tree that its session
  imported or opened (`session.py`, the dlref modules it used, data files)
  and their sha256. They are used again while the steps and those files are
  unchanged: a prose edit reruns nothing, and an edit of `dlref/metrics.py`
  reruns the pages whose session imported it. A page keeps its last three
  runs, so that undoing an edit finds its run again. The cache also keeps
  how long each page last took (`seconds.json`): the next build starts the
  slowest pages first, and those it has never run before them.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import html
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from exercises import cell_attributes  # the hooks folder is on sys.path while mkdocs loads a hook
from markup import split_page
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parents[2]
HOOKS = Path(__file__).resolve().parent
SECONDS = "seconds.json"  # in the cache: how long each page last took to run, to start the slowest first
RUNS_KEPT = 3  # a page's last runs, each with the files it used: an edit of dlref undone finds its run again
log = get_plugin_logger("cells")


def session_steps(parts: list[dict]) -> list[dict]:
    """What a page's session runs, as `session.run_page` takes it: its cells and claims, in page order."""
    return [{"cell": part["code"]} if part["kind"] == "code" else {"claim": part["expression"]}
            for part in parts if part["kind"] != "markdown"]


_servers: set[subprocess.Popen] = set()  # the page servers (page_process.py) of this process
_thread = threading.local()  # each thread that runs pages has a server of its own


def _server() -> subprocess.Popen:
    """This thread's page server, started on first use."""
    server = getattr(_thread, "server", None)
    if server is None or server.poll() is not None:
        server = subprocess.Popen([sys.executable, str(HOOKS / "page_process.py")], text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        _thread.server = server
        _servers.add(server)
    return server


def close_servers() -> None:
    """End every page server, and the page each is running."""
    for server in list(_servers):
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        _servers.discard(server)


atexit.register(close_servers)


def run_isolated(steps: list[dict], root: Path = ROOT) -> dict:
    """`session.run_page(steps)` in a process of its own (see `page_process.py`), importing from the working tree `root`.

    Returns:
        `{"results": one per step, "files": {path under root: sha256}}`, the files
        being those the session imported or opened.

    Raises:
        RuntimeError: a cell raised (the message says which, with its output and
            traceback), or the process itself failed.
    """
    with tempfile.TemporaryDirectory() as folder:  # the cells' working folder: what they write goes with it
        server = _server()
        server.stdin.write(json.dumps({"root": str(root), "steps": steps, "folder": folder}) + "\n")
        server.stdin.flush()
        status = server.stdout.readline().strip() or "unknown (its server ended)"
        reply, output = Path(folder, "reply.json"), Path(folder, "output.txt")
        if status != "0" or not reply.is_file():
            printed = output.read_text(errors="replace") if output.is_file() else ""
            raise RuntimeError(f"its Python process ended with exit status {status}:\n{printed[-3000:]}")
        answer = json.loads(reply.read_text())
    if "error" in answer:
        raise RuntimeError(answer["error"])
    return answer


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def cached_run(name: str, steps: list[dict], root: Path = ROOT) -> dict:
    """`run_isolated`, remembered while the steps and the files the session used are as they were.

    Returns:
        `{"results", "files", "seconds": how long the run took, "cached": whether it is a past run}`.
    """
    key = hashlib.sha256(json.dumps([name, steps]).encode()).hexdigest()
    path = _cache_folder() / f"{key}.json"
    runs = json.loads(path.read_text()) if path.is_file() else []
    for entry in runs:
        if all(_sha256(root / file) == digest for file, digest in entry["files"].items()):
            return {**entry, "cached": True}
    start = time.perf_counter()
    entry = {**run_isolated(steps, root), "seconds": round(time.perf_counter() - start, 2)}
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, [entry, *runs][:RUNS_KEPT])
    return {**entry, "cached": False}


def _cache_folder() -> Path:
    return Path(os.environ.get("DLREF_CELL_CACHE", ROOT / ".cache" / "cells"))


def _write(path: Path, value) -> None:
    """`value` as JSON in `path`, written to another file and then renamed: a build reading it sees it whole."""
    written = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}")
    written.write_text(json.dumps(value))
    written.replace(path)


def _fence(code: str, least: int) -> str:
    """A run of backticks longer than any in `code`, and at least `least` long."""
    return "`" * max(least, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))


def render_cell(number: int, code: str, fold: bool, result: dict, attributes: str = "") -> str:
    """Markdown for one cell: its code (a fenced block marked for the live runner, with `attributes`
    added to it: an exercise's, see exercises.py), its toolbar's place and its output."""
    fence = _fence(code, 3)
    block = f'{fence}{{.python .dlref-cell data-cell="{number}"{attributes}}}\n{code}\n{fence}\n'
    if fold:
        block = f'<details class="dlref-fold" markdown>\n<summary>Code</summary>\n\n{block}\n</details>\n'
    images = "".join(
        f'<img class="dlref-figure" alt="Figure drawn by cell {number}" '
        f'src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}">'
        for svg in result["figures"]
    )
    text = f"<pre>{html.escape(result['text'])}</pre>" if result["text"] else ""
    # The live cells' toolbar (runner.js fills it) has its place in the page from the start, so that
    # nothing moves when the cells attach or Python becomes ready; the output says whose run it shows.
    toolbar = f'<div class="dlref-live" data-cell="{number}" role="group" aria-label="Cell {number}"></div>'
    return f'{block}\n{toolbar}<div class="dlref-output" data-cell="{number}" data-origin="build">{text}{images}</div>\n'


def render_claim(expression: str) -> str:
    """Markdown for a shown claim, after its sentence: a small note with its expression as code."""
    fence = _fence(expression, 1)
    return (' <span class="dlref-claim" title="Checked when this page was built: the build fails if it stops '
            f'holding"><span aria-hidden="true">✓</span> checked: {fence}{expression}{fence}</span>')


def claim_failure(page: str, claim: dict, result: dict) -> str:
    """The build's message for a claim that does not hold: page, sentence, expression, values or traceback."""
    lines = [f"{page}: {claim['sentence']}", f"    claim: {claim['expression']}"]
    if result["error"]:
        lines += ["    raised:", textwrap.indent(result["error"].rstrip(), " " * 8)]
    lines += [f"    {source} = {value}" for source, value in result["values"]]
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


class _Build:
    """The page runs of one build: started in `on_files`, used in `on_page_markdown`, reported in `on_env`."""

    def __init__(self):
        self.workers = os.cpu_count() or 1
        self.pool = ThreadPoolExecutor(max_workers=self.workers)
        self.runs: dict[tuple[str, str], Future] = {}
        self.false_claims: list[str] = []
        self.start = time.perf_counter()

    def run(self, name: str, page_steps: list[dict]) -> Future:
        """The page's run, started now unless it already was."""
        key = (name, json.dumps(page_steps))
        if key not in self.runs:
            self.runs[key] = self.pool.submit(self._run, name, page_steps)
        return self.runs[key]

    @staticmethod
    def _run(name: str, page_steps: list[dict]) -> dict:
        run = cached_run(name, page_steps)
        claims = sum("claim" in step for step in page_steps)
        when = "from the cache" if run["cached"] else f"in {run['seconds']:.1f} s"
        log.info(f"{name}: {_count(len(page_steps) - claims, 'cell')} {when}, {_count(claims, 'claim')} checked")
        return run

    def report(self) -> None:
        ran = [(run.result()["seconds"], name) for (name, _), run in self.runs.items() if not run.result()["cached"]]
        slowest = ", ".join(f"{name} {seconds:.1f} s" for seconds, name in sorted(ran, reverse=True)[:3])
        log.info(f"{_count(len(self.runs), 'page')}, {len(ran)} run and {len(self.runs) - len(ran)} from the cache, "
                 f"in {time.perf_counter() - self.start:.1f} s" + (f"; slowest: {slowest}" if ran else ""))
        if ran:
            _write(_cache_folder() / SECONDS, {**page_seconds(), **{name: seconds for seconds, name in ran}})

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        close_servers()


_build: _Build | None = None


def _parts(name: str, markdown: str) -> list[dict]:
    try:
        return split_page(markdown)
    except ValueError as error:
        raise PluginError(f"{name}: {error}") from None


def page_seconds() -> dict[str, float]:
    """How long each page's last run took, by its name, as the cache recorded it."""
    path = _cache_folder() / SECONDS
    return json.loads(path.read_text()) if path.is_file() else {}


def start_order(names: list[str], seconds: dict[str, float]) -> list[str]:
    """The pages slowest first, so that no long run starts last while the other cores wait; the
    pages whose time is not known (never run here) before those, in their order."""
    return sorted(names, key=lambda name: -seconds.get(name, math.inf))


def on_files(files, config):
    global _build
    _build = _Build()
    pages = [(file.src_uri, session_steps(_parts(file.src_uri, get_data(file.content_string)[0])))
             for file in files.documentation_pages()]
    pages = {name: page_steps for name, page_steps in pages if page_steps}
    log.info(f"running the cells of {_count(len(pages), 'page')}, {_build.workers} at a time")
    for name in start_order(list(pages), page_seconds()):
        _build.run(name, pages[name])
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    name = page.file.src_uri
    parts = _parts(name, markdown)
    page_steps = session_steps(parts)
    if not page_steps:
        return markdown
    try:
        results = iter(_build.run(name, page_steps).result()["results"])
    except RuntimeError as error:
        raise PluginError(f"{name}: {error}") from error
    pieces, number = [], 0
    for part in parts:
        if part["kind"] == "markdown":
            pieces.append(part["text"])
        elif part["kind"] == "code":
            number += 1
            attributes = cell_attributes(part["exercise"]) if "exercise" in part else ""
            pieces.append(render_cell(number, part["code"], part["fold"], next(results), attributes))
        else:
            result = next(results)
            if not result["holds"]:
                _build.false_claims.append(claim_failure(name, part, result))
            pieces.append(render_claim(part["expression"]) if part["shown"] else "")
    return "".join(pieces)


def on_env(env, config, files):
    _build.report()
    if _build.false_claims:
        raise PluginError(f"claims that do not hold: {len(_build.false_claims)}\n\n" + "\n\n".join(_build.false_claims))
    return env


def on_post_build(config):
    _build.close()


def on_build_error(error):
    if _build is not None:
        _build.close()
