"""Build hook: the chapters' code cells run at build time, and their output goes on the page.

A cell is a fenced block whose info string is `python exec` (`python exec fold`
puts the code in a collapsed box, for figure code a reader may skip):

    ```python exec
    print(1 + 1)
    ```

The cells of a page run in page order in one Python session, as in a notebook.
What a cell prints (stdout and stderr) is shown under it as text, followed by
the value of its last line when that is an expression (not None, and not
ended by `;`), and every matplotlib figure left open at its end is shown as
an image and closed: the rules of a notebook. A
cell that raises stops the build with the page, the cell number and the
traceback. The same cells are the live cells of the browser (`overrides/`)
and the Colab notebooks, so this parser is the only one.

Results are cached by the page's code and the package's source, so
`mkdocs serve` reruns a page only when either changed; the cache folder is
`DLREF_CELL_CACHE` (default `.cache/cells`).
"""

from __future__ import annotations

import ast
import base64
import contextlib
import hashlib
import html
import io
import json
import os
import re
import sys
import traceback
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```python exec(?P<fold> fold)?[ \t]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def split_cells(markdown: str) -> list[dict]:
    """The page as a list of parts: `{"kind": "markdown", "text"}` and `{"kind": "code", "code", "fold"}`."""
    parts, start = [], 0
    for match in FENCE.finditer(markdown):
        if match.start() > start:
            parts.append({"kind": "markdown", "text": markdown[start:match.start()]})
        parts.append({"kind": "code", "code": match["code"].rstrip("\n"), "fold": bool(match["fold"])})
        start = match.end()
    if start < len(markdown):
        parts.append({"kind": "markdown", "text": markdown[start:]})
    return parts


def _open_figures() -> list[str]:
    """Every open matplotlib figure as an SVG string; the figures are closed."""
    if "matplotlib.pyplot" not in sys.modules:
        return []
    plt = sys.modules["matplotlib.pyplot"]
    svgs = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight")
        plt.close(figure)
        svgs.append(buffer.getvalue())
    return svgs


def _exec_cell(code: str, filename: str, namespace: dict) -> None:
    """Execute a cell; print the repr of its last line if that is an expression."""
    body = ast.parse(code, filename).body
    last = body.pop() if body and isinstance(body[-1], ast.Expr) and not code.rstrip().endswith(";") else None
    exec(compile(ast.Module(body, type_ignores=[]), filename, "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
        if value is not None:
            print(repr(value))


def run_cells(codes: list[str], name: str) -> list[dict]:
    """Run the cells in order in one fresh namespace; each result is `{"text", "figures"}`.

    Raises:
        RuntimeError: a cell raised; the message gives its number and traceback.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        pass
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # the cells import the dlref of this working tree
    namespace = {"__name__": "__main__"}
    results = []
    for number, code in enumerate(codes, start=1):
        stream = io.StringIO()
        filename = f"<{name}, cell {number}>"
        try:
            with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
                _exec_cell(code, filename, namespace)
        except Exception as error:
            lines = traceback.format_exception(error)
            raise RuntimeError(f"{filename} raised:\n{''.join(lines)}\n{stream.getvalue()}") from error
        results.append({"text": stream.getvalue(), "figures": _open_figures()})
    return results


def _source_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "dlref").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def cached_run(codes: list[str], name: str) -> list[dict]:
    """`run_cells`, remembered by the cells' code and the package's source."""
    key = hashlib.sha256(json.dumps([name, codes, _source_digest()]).encode()).hexdigest()
    cache = Path(os.environ.get("DLREF_CELL_CACHE", ROOT / ".cache" / "cells")) / f"{key}.json"
    if cache.exists():
        return json.loads(cache.read_text())
    results = run_cells(codes, name)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(results))
    return results


def render_cell(number: int, code: str, fold: bool, result: dict) -> str:
    """Markdown for one cell: its code (a fenced block marked for the live runner) and its output."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
    block = f'{fence}{{.python .dlref-cell data-cell="{number}"}}\n{code}\n{fence}\n'
    if fold:
        block = f'<details class="dlref-fold" markdown>\n<summary>Code</summary>\n\n{block}\n</details>\n'
    images = "".join(
        f'<img class="dlref-figure" alt="Figure drawn by cell {number}" '
        f'src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}">'
        for svg in result["figures"]
    )
    text = f"<pre>{html.escape(result['text'])}</pre>" if result["text"] else ""
    return f'{block}\n<div class="dlref-output" data-cell="{number}">{text}{images}</div>\n'


def on_page_markdown(markdown: str, page, config, files) -> str:
    parts = split_cells(markdown)
    codes = [part["code"] for part in parts if part["kind"] == "code"]
    if not codes:
        return markdown
    try:
        results = iter(cached_run(codes, page.file.src_uri))
    except RuntimeError as error:
        raise PluginError(str(error)) from error
    pieces, number = [], 0
    for part in parts:
        if part["kind"] == "markdown":
            pieces.append(part["text"])
        else:
            number += 1
            pieces.append(render_cell(number, part["code"], part["fold"], next(results)))
    return "".join(pieces)
