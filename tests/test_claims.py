"""Claims: a sentence's check, run at build time in the page's session (overrides/hooks/markup.py, cells.py).

Small sites of their own, built with the repository's cells hook, plant true,
false, raising and shown claims, and cells that raise.
"""

import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, mkdocs_config

import cells  # the hooks (conftest puts the hooks folder on sys.path)
import colab
import markup


def build(folder, pages):
    """Build a site of `pages` ({path: Markdown}) with the cells hook; the finished process."""
    for path, text in pages.items():
        (folder / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / path).write_text(text)
    config = {"site_name": "Claims", "theme": {"name": "material", "font": False}, "plugins": [],
              "markdown_extensions": ["pymdownx.superfences", "md_in_html", "attr_list"],
              "hooks": [str(ROOT / "overrides" / "hooks" / "cells.py")]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DLREF_CELL_CACHE=str(folder / "cache"))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


GOOD = """# Good

A claim above a cell sees none of its names. <!-- claim: "widths" not in globals() -->

```python exec
widths = [1, 4, 16]
errors = [0.9, 0.2, 0.01]
```

The widest net's error is over 50 times smaller than width 1's. <!-- claim: errors[-1] < errors[0] / 50 -->
It falls with every width.
<!-- claim shown: all(a > b for a, b in zip(errors, errors[1:])) -->

```python exec
errors.append(1.0)
```

Now it does not. <!-- claim: errors[-1] > errors[-2] --> <!-- claim: len(errors) == 4 -->
"""


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("claims")
    result = build(folder, {"index.md": GOOD})
    assert result.returncode == 0, result.stderr
    return folder, result.stderr


def test_true_claims_pass_and_the_log_counts_them(good_site):
    _, log = good_site
    assert re.search(r"INFO    -  cells: index.md: 2 cells in \d+\.\d s, 5 claims checked\n", log), log
    assert re.search(r"INFO    -  cells: 1 page, 1 run and 0 from the cache, in \d+\.\d s; slowest: index.md", log), log


def test_a_claim_is_hidden_and_a_shown_claim_is_a_small_note_after_its_sentence(good_site):
    page = (good_site[0] / "site" / "index.html").read_text()
    for hidden in ['"widths" not in globals()', "errors[0] / 50", "errors[-2]", "len(errors)"]:
        assert hidden not in page.replace("&quot;", '"')
    assert "<p>The widest net's error is over 50 times smaller than width 1's.\nIt falls with every width. " \
           '<span class="dlref-claim" title="Checked when this page was built: the build fails if it stops holding">' \
           '<span aria-hidden="true">✓</span> checked: ' \
           "<code>all(a &gt; b for a, b in zip(errors, errors[1:]))</code></span></p>" in page
    assert "<p>Now it does not.</p>" in page


def test_false_and_raising_claims_fail_the_build_with_page_sentence_and_values(tmp_path):
    result = build(tmp_path, {
        "index.md": GOOD.replace("errors[-1] < errors[0] / 50", "errors[-1] < errors[0] / 500"),
        "other.md": "# Other\n\n```python exec\nacc = 0.5\n```\n\nA list item:\n\n- It is *accurate*. "
                    "<!-- claim: accuracy > 0.9 -->\n",
        "before.md": "# Before\n\nThe count is 3. <!-- claim: count == 3 -->\n\n```python exec\ncount = 3\n```\n",
    })
    assert result.returncode != 0
    message = result.stderr[result.stderr.index("claims that do not hold"):]
    assert message.startswith("claims that do not hold: 3\n\n")
    assert ("index.md: The widest net's error is over 50 times smaller than width 1's.\n"
            "    claim: errors[-1] < errors[0] / 500\n"
            "    errors[-1] = 0.01\n"
            "    errors[0] / 500 = 0.0018\n") in message
    assert ("other.md: It is *accurate*.\n    claim: accuracy > 0.9\n    raised:\n"
            "        Traceback (most recent call last):\n"
            '          File "<claim>", line 1, in <module>\n') in message
    assert "        NameError: name 'accuracy' is not defined" in message
    # a claim before a cell sees only the cells above it
    assert "before.md: The count is 3.\n    claim: count == 3\n    raised:" in message and "name 'count' is not defined" in message


def test_a_cell_that_raises_stops_the_build_with_the_page_cell_and_traceback(tmp_path):
    result = build(tmp_path, {"index.md": "# Cells\n\n```python exec\nx = 1\n```\n\n```python exec\nprint('so far')\n"
                                          "x / 0\n```\n"})
    assert result.returncode != 0
    assert "index.md: cell 2 raised:\nso far\nTraceback (most recent call last):\n" in result.stderr
    assert 'File "<cell 2>", line 2, in <module>\n    x / 0' in result.stderr and "ZeroDivisionError" in result.stderr


def test_a_malformed_claim_stops_the_build_before_any_cell_runs(tmp_path):
    result = build(tmp_path, {"index.md": "# A\n\n```python exec\nprint(1)\n```\n\nOne. <!-- claim x > 1 -->\n"})
    assert result.returncode != 0 and "cells: index.md: 1 cells" not in result.stderr
    assert "index.md: <!-- claim x > 1 -->: expected <!-- claim: EXPRESSION --> or <!-- claim shown: EXPRESSION -->" \
        in result.stderr


def test_a_notebook_leaves_claims_out_and_keeps_their_paragraph_whole():
    markdown = "# T\n\nIt is. <!-- claim: x == 1 --> And more.\n<!-- claim shown: x -->\n\n```python exec\nx = 1\n```\n"
    notebook = colab.make_notebook("chapters/t.md", markdown, mkdocs_config())
    assert [(cell.cell_type, cell.source) for cell in notebook.cells[3:]] == [("markdown", "It is. And more."),
                                                                             ("code", "x = 1")]


# ------------------------------------------------------------------------------- the parser

def claims(markdown):
    return [part for part in markup.split_page(markdown) if part["kind"] == "claim"]


def test_a_claim_is_a_part_between_the_prose_around_it():
    parts = markup.split_page("Para one.\n\nIt is big. <!-- claim: x > 1 --> And more.\n")
    assert parts == [{"kind": "markdown", "text": "Para one.\n\nIt is big."},
                     {"kind": "claim", "expression": "x > 1", "shown": False, "sentence": "It is big."},
                     {"kind": "markdown", "text": " And more.\n"}]
    on_its_line = markup.split_page("It is big, as\nshown.\n<!--claim shown :x>1-->\nNext.\n")
    assert [part.get("text") for part in on_its_line] == ["It is big, as\nshown.", None, "\nNext.\n"]
    assert on_its_line[1] == {"kind": "claim", "expression": "x>1", "shown": True, "sentence": "It is big, as shown."}


def test_the_sentence_runs_from_the_previous_sentence_end_or_the_paragraph_start():
    text = ("# Title\n\nA first one! Then (a second.) And the\nthird, $x = 1.5$ *here*. <!-- claim: a -->\n\n"
            "## A heading with a claim <!-- claim: b -->\n\n1. An item? <!-- claim: c --> <!-- claim: d -->")
    assert [claim["sentence"] for claim in claims(text)] == [
        "And the third, $x = 1.5$ *here*.", "A heading with a claim", "An item?", "An item?"]


def test_claims_in_code_are_text():
    text = "Shown as code: `<!-- claim: x -->`.\n\n```markdown\nIt is. <!-- claim: y -->\n```\n\n    ~~~\n    <!-- claim: z -->\n    ~~~\n"
    assert claims(text) == [] and markup.split_page(text) == [{"kind": "markdown", "text": text}]


@pytest.mark.parametrize("text, error", [
    ("It is. <!-- claim x > 1 -->", "<!-- claim x > 1 -->: expected <!-- claim: EXPRESSION --> or <!-- claim shown"),
    ("It is. <!-- claims: x -->", "expected <!-- claim: EXPRESSION -->"),
    ("It is. <!-- claim: -->", "expected <!-- claim: EXPRESSION -->"),
    ("It is. <!-- claim: x = 1 -->", "<!-- claim: x = 1 -->: a claim is one Python expression, with no statement"),
    ("It is. <!-- claim: import os -->", "a claim is one Python expression"),
    ("It is.\n\n<!-- claim: x -->", "<!-- claim: x --> follows no sentence: put it right after the sentence"),
    ("```python exec\nx = 1\n```\n<!-- claim: x -->", "follows no sentence"),
])
def test_a_malformed_claim_is_refused(text, error):
    with pytest.raises(ValueError, match=re.escape(error)):
        markup.split_page(text)


def test_pages_start_slowest_first_after_those_never_run():
    seconds = {"fast.md": 0.5, "slow.md": 9.0, "gone.md": 1.0}
    assert cells.start_order(["fast.md", "new.md", "slow.md", "newer.md"], seconds) == [
        "new.md", "newer.md", "slow.md", "fast.md"]


def test_the_build_records_how_long_each_page_took(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "seconds.json").write_text('{"gone.md": 1.0, "index.md": 99.0}')
    result = build(tmp_path, {"index.md": "# One\n\n```python exec\nx = 1\n```\n",
                              "two.md": "# Two\n\n```python exec\ny = 2\n```\n"})
    assert result.returncode == 0, result.stderr
    seconds = json.loads((tmp_path / "cache" / "seconds.json").read_text())
    assert set(seconds) == {"gone.md", "index.md", "two.md"} and seconds["gone.md"] == 1.0
    assert 0 < seconds["index.md"] < 60 and 0 < seconds["two.md"] < 60  # this build's, not the 99 s before
