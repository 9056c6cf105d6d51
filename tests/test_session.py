"""The site's Python session (overrides/hooks/session.py) and how the build runs pages with it (cells.py).

The browser runs the same file (tests/test_live_cells.py); here it runs in this
interpreter, and in a process of its own for each page, as the build runs them.
"""

import json
import os
import runpy

import pytest
from conftest import ROOT

import cells  # the build hooks (conftest puts the hooks folder on sys.path)

SESSION = runpy.run_path(str(ROOT / "overrides" / "hooks" / "session.py"))  # as the browser's worker runs it


def claim(expression, **namespace):
    return SESSION["check_claim"](expression, namespace)


def test_a_true_claim_holds():
    assert claim("a < b", a=1, b=2) == {"holds": True, "values": [], "error": None}


def test_a_false_comparison_gives_the_value_of_each_side():
    assert claim("mse[-1] < mse[0] / 50", mse=[0.5, 0.02]) == {
        "holds": False, "values": [["mse[-1]", "0.02"], ["mse[0] / 50", "0.01"]], "error": None}
    assert claim("1 < x <= 3", x=5)["values"] == [["1", "1"], ["x", "5"], ["3", "3"]]


def test_a_false_and_gives_each_term_and_its_sides():
    result = claim("a > 0 and not b == 2", a=1, b=2)
    assert result["values"] == [["a > 0", "True"], ["a", "1"], ["0", "0"],
                                ["not b == 2", "False"], ["b", "2"], ["2", "2"]]


def test_a_term_that_and_would_not_reach_says_what_it_raises():
    result = claim("model is not None and model.depth > 2", model=None)
    assert result["values"][-2:] == [["model.depth", "raised AttributeError: 'NoneType' object has no attribute 'depth'"],
                                     ["2", "2"]]


def test_another_false_claim_gives_its_value_and_the_data_it_uses():
    import math

    result = claim("math.isclose(total, expected)", math=math, total=3.0, expected=3.5, unused=1)
    assert result["values"] == [["math.isclose(total, expected)", "False"], ["total", "3.0"], ["expected", "3.5"]]


def test_long_values_are_cut():
    xs = list(range(1000))
    assert claim("xs == []", xs=xs)["values"][0] == ["xs", repr(xs)[:300] + " ..."]


def test_a_claim_that_raises_fails_with_its_traceback():
    result = claim("accuracy > 0.9")
    assert result["holds"] is False and result["values"] == []
    assert result["error"].startswith("Traceback (most recent call last):\n")
    assert 'File "<claim>", line 1, in <module>\n    accuracy > 0.9' in result["error"]
    assert result["error"].rstrip().endswith("NameError: name 'accuracy' is not defined")
    assert "check_claim" not in result["error"]  # the runner's frames are left out
    assert "ValueError: The truth value of an array" in claim("x > 0", x=__import__("numpy").arange(3))["error"]
    assert "SyntaxError" in claim("x = 1")["error"]


def test_a_page_runs_its_cells_and_claims_in_order_in_one_namespace():
    steps = [{"claim": "'x' not in globals()"}, {"cell": "x = 2\nprint('x is', x)\nx * 21"},
             {"claim": "x == 2"}, {"cell": "import sys\nprint('err', file=sys.stderr)\nx = 3;"}, {"claim": "x == 2"}]
    first, cell, holds, second, fails = SESSION["run_page"](steps)
    assert first["holds"] and holds["holds"] and not fails["holds"]
    assert cell == {"text": "x is 2\n42\n", "figures": []} and second == {"text": "err\n", "figures": []}


def test_a_page_stops_at_the_cell_that_raises():
    with pytest.raises(SESSION["CellError"]) as raised:
        SESSION["run_page"]([{"cell": "x = 1"}, {"cell": "print('before')\n1 / 0"}, {"cell": "print('never')"}])
    message = str(raised.value)
    assert message.startswith("cell 2 raised:\nbefore\nTraceback (most recent call last):\n")
    assert 'File "<cell 2>", line 2, in <module>\n    1 / 0' in message
    assert message.rstrip().endswith("ZeroDivisionError: division by zero")


# ------------------------------------------------------------- a page in a process of its own (cells.py)

def test_a_page_runs_in_a_process_of_its_own_and_names_the_files_it_used():
    answer = cells.run_isolated([{"cell": "import dlref\nfrom dlref import metrics\nimport os\nos.getcwd()"},
                                 {"claim": "'dlref.layers' not in __import__('sys').modules"}])
    assert answer["results"][1]["holds"]  # `import dlref` loads what the cells use, not every module
    assert {"dlref/__init__.py", "dlref/metrics.py", "overrides/hooks/session.py",
            "overrides/hooks/page_process.py"} <= set(answer["files"])
    assert not any(path.startswith("dlref/layers") for path in answer["files"]) and all(len(digest) == 64 for digest in answer["files"].values())
    assert str(ROOT) not in answer["results"][0]["text"]  # the cells' working folder is a temporary one


def test_a_page_reading_a_data_file_depends_on_it(tmp_path):
    (tmp_path / "table.txt").write_text("3\n")
    answer = cells.run_isolated([{"cell": f"int(open({str(tmp_path / 'table.txt')!r}).read())"}], root=tmp_path)
    assert answer["results"][0]["text"] == "3\n" and set(answer["files"]) == {"table.txt"}


def test_pages_do_not_share_state():
    cells.run_isolated([{"cell": "import numpy as np\nnp.set_printoptions(precision=1)"}])
    (result,) = cells.run_isolated([{"cell": "import numpy as np\nnp.array([1 / 3])"}])["results"]
    assert result["text"] == "array([0.33333333])\n"


def test_a_page_starts_with_numpy_and_matplotlib_loaded_and_nothing_of_another_page():
    cells.run_isolated([{"cell": "import sys\nimport dlref\nsys.modules['matplotlib.pyplot'].rcParams['lines.linewidth'] = 9"}])
    (loaded, other) = cells.run_isolated([{"claim": "{'numpy', 'matplotlib.pyplot'} <= set(__import__('sys').modules)"},
                                         {"claim": "'dlref' not in __import__('sys').modules and "
                                                   "__import__('matplotlib').rcParams['lines.linewidth'] != 9"}])["results"]
    assert loaded["holds"] and other["holds"]
    # loaded once, by the page server, whose copy the page's process is (not a child of this one)
    (parent,) = cells.run_isolated([{"cell": "import os\nos.getppid()"}])["results"]
    assert int(parent["text"]) not in (os.getpid(), 1)


@pytest.mark.timeout(60)  # a cell reading the server's stdin would wait for ever
def test_a_cell_reading_stdin_reads_nothing_not_the_next_page():
    (result,) = cells.run_isolated([{"cell": "import sys\nsys.stdin.read()"}])["results"]
    assert result["text"] == "''\n"
    (after,) = cells.run_isolated([{"cell": "1 + 1"}])["results"]  # the server's next page is whole
    assert after["text"] == "2\n"


def test_numpy_computes_on_one_thread_in_a_page():
    (result,) = cells.run_isolated([{"cell": "import os\nos.environ['OMP_NUM_THREADS']"}])["results"]
    assert result["text"] == "'1'\n"


def test_a_cell_that_raises_or_a_process_that_dies_is_a_runtime_error():
    with pytest.raises(RuntimeError, match=r"(?s)^cell 1 raised:\nTraceback.*ZeroDivisionError"):
        cells.run_isolated([{"cell": "1 / 0"}])
    with pytest.raises(RuntimeError, match=r"(?s)^its Python process ended with exit status 3:\nlast words"):
        cells.run_isolated([{"cell": "import os, sys\nsys.__stdout__.write('last words')\nsys.__stdout__.flush()\n"
                                     "os._exit(3)"}])


def test_the_cache_reruns_a_page_when_a_file_it_used_changed_and_only_then(tmp_path, monkeypatch):
    monkeypatch.setenv("DLREF_CELL_CACHE", str(tmp_path / "cache"))
    package = tmp_path / "tree" / "toy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "used.py").write_text("VALUE = 1\n")
    (package / "unused.py").write_text("")
    steps = [{"cell": "from toy.used import VALUE\nprint(VALUE)"}, {"claim": "VALUE == 1"}]

    def run(name="page.md", page_steps=steps):
        return cells.cached_run(name, page_steps, root=tmp_path / "tree")

    first = run()
    assert not first["cached"] and first["results"][0]["text"] == "1\n" and first["results"][1]["holds"]
    assert set(first["files"]) == {"toy/__init__.py", "toy/used.py"} and run()["cached"]
    (package / "unused.py").write_text("CHANGED = True\n")
    assert run()["cached"]
    assert not run(page_steps=[*steps, {"claim": "VALUE > 0"}])["cached"]  # other steps: another page run
    assert not run(name="other.md")["cached"]
    (package / "used.py").write_text("VALUE = 2\n")
    again = run()
    assert not again["cached"] and again["results"][0]["text"] == "2\n" and not again["results"][1]["holds"]
    assert run()["cached"]
    (package / "used.py").write_text("VALUE = 1\n")  # the edit undone: the first run again
    assert run()["cached"] and run()["results"] == first["results"]
    for value in (3, 4, 1):  # three more runs: the first is no longer kept
        (package / "used.py").write_text(f"VALUE = {value}\n")
        assert not run()["cached"]
    (package / "used.py").unlink()
    with pytest.raises(RuntimeError, match="No module named 'toy.used'"):
        run()
    kept = [json.loads(path.read_text()) for path in (tmp_path / "cache").iterdir()]
    assert sorted(len(runs) for runs in kept) == [1, 1, 3] and all(run["seconds"] >= 0 for run in kept[0])
