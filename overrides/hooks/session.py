"""The site's Python session: how a chapter's cell runs, wherever it runs.

This one file holds the rules of a cell, and it is shipped to the reader's
browser as it is (`overrides/hooks/pyodide.py` copies it to
`assets/dlref/session.py`, where the live cells' worker runs it in Pyodide).
It needs nothing beyond the standard library and never imports the site's
hooks, nor dlref.

The rules of a cell, those of a notebook:

- the cell runs in the page's namespace, shared by the cells of the page;
- what it prints, on stdout and stderr, is its output, in the order printed;
- the repr of its last line follows, when that line is an expression whose
  value is not None and the cell does not end with `;`;
- every matplotlib figure left open at its end is an SVG image, then closed;
- an exception is shown as its traceback from the cell's own frame on, with
  the cell's lines: `File "<cell 3>", line 2, in <module>`.

Three entry points:

- `run_cell(code, number, namespace, write)`, one cell: what it prints goes
  to `write` as it comes (the browser streams it); returns its error, figures
  and the module whose import failed.
- `check_claim(expression, namespace)`, one claim of a page (see `markup.py`):
  the expression evaluated in the page's namespace, and when it does not hold,
  the values of its parts.
- `run_page(steps)`, a page: its cells and claims in page order in one fresh
  namespace (`overrides/hooks/cells.py` runs every page of the site so, each
  in a process of its own, several at a time: `page_process.py`).
"""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import sys
import traceback
from types import BuiltinFunctionType, FunctionType, ModuleType


class CellError(RuntimeError):
    """A cell of a page raised; the message has the cell's number, its output and its traceback."""


class _Stream(io.TextIOBase):
    """A text stream that hands every write to `write` (in the browser, the worker's output channel)."""

    def __init__(self, write):
        self._write = write

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._write(text)
        return len(text)


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


def _traceback(error: BaseException, filename: str) -> str:
    """The traceback of `error` from the frame of `filename` on (the runner's frames left out)."""
    frames = error.__traceback__
    while frames is not None and frames.tb_frame.f_code.co_filename != filename:
        frames = frames.tb_next
    return "".join(traceback.format_exception(type(error), error, frames))


def _remember(filename: str, code: str) -> None:
    """Let tracebacks show the lines of `code` under `filename`, as they show a file's."""
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)


def run_cell(code: str, number: int, namespace: dict, write) -> dict:
    """Run one cell in `namespace` by the rules above; what it prints goes to `write` as it comes.

    Returns:
        `{"error": traceback text or None, "figures": [svg, ...], "module": name or None}`,
        the figures being the matplotlib figures the cell left open (now closed), and
        the module the top-level package of which was not found when the error is a
        ModuleNotFoundError (the browser's worker may load it and run the cell again).
    """
    filename = f"<cell {number}>"
    _remember(filename, code)
    stream = _Stream(write)
    error = module = None
    try:
        with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
            _exec_cell(code, filename, namespace)
    except BaseException as raised:  # noqa: BLE001 (KeyboardInterrupt too: Stop ends a cell like an error)
        error = _traceback(raised, filename)
        if isinstance(raised, ModuleNotFoundError) and raised.name:
            module = raised.name.partition(".")[0]
    return {"error": error, "figures": _open_figures(), "module": module}


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 300 else text[:300] + " ..."


def _parts(node: ast.expr) -> list[ast.expr]:
    """The parts of a claim worth showing when it fails: both sides of a comparison, each term of
    `and`/`or` followed by its own parts, the operand of `not`."""
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    if isinstance(node, ast.BoolOp):
        return [part for value in node.values for part in (value, *_parts(value))]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _parts(node.operand)
    return []


def check_claim(expression: str, namespace: dict) -> dict:
    """Evaluate a claim, a Python expression, in `namespace`; whether it holds and, if not, why.

    Returns:
        `{"holds": bool, "values": [[source, repr], ...], "error": traceback or None}`.
        When the claim does not hold, `values` gives the value of each of its
        parts (`_parts`), or, when it has none, its own value and that of each
        name it uses that the namespace binds to data (not to a module, function
        or class). A claim that raises does not hold; `error` is its traceback.
    """
    filename = "<claim>"
    _remember(filename, expression)
    try:
        tree = ast.parse(expression, filename, mode="eval")
        value = eval(compile(tree, filename, "eval"), namespace)
        if value:
            return {"holds": True, "values": [], "error": None}
    except Exception as raised:  # noqa: BLE001 (a claim that raises is a claim that fails)
        return {"holds": False, "values": [], "error": _traceback(raised, filename)}
    parts, values = _parts(tree.body), []
    if not parts:
        names = {}  # each name at its first use
        for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Name)),
                           key=lambda n: (n.lineno, n.col_offset)):
            names.setdefault(node.id, node)
        code = (ModuleType, FunctionType, BuiltinFunctionType, type)
        parts = [node for name, node in names.items() if name in namespace and not isinstance(namespace[name], code)]
        values.append([expression, _shown(value)])
    for part in parts:
        try:
            shown = _shown(eval(compile(ast.Expression(part), filename, "eval"), namespace))
        except Exception as raised:  # noqa: BLE001 (a part `and` would not have reached)
            shown = f"raised {type(raised).__name__}: {raised}"
        values.append([ast.get_source_segment(expression, part), shown])
    return {"holds": False, "values": values, "error": None}


def run_page(steps: list[dict]) -> list[dict]:
    """Run a page's steps, `{"cell": code}` and `{"claim": expression}`, in page order in one fresh namespace.

    Returns:
        One result per step: `{"text", "figures"}` for a cell (its output and
        its figures as SVG), `check_claim`'s result for a claim.

    Raises:
        CellError: a cell raised; the page stops there.
    """
    namespace, results, number = {"__name__": "__main__"}, [], 0
    for step in steps:
        if "claim" in step:
            results.append(check_claim(step["claim"], namespace))
            continue
        number += 1
        printed = []
        result = run_cell(step["cell"], number, namespace, printed.append)
        if result["error"]:
            raise CellError(f"cell {number} raised:\n{''.join(printed)}{result['error']}")
        results.append({"text": "".join(printed), "figures": result["figures"]})
    return results
