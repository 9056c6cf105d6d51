"""The GPU path: every chapter is a notebook that is fresh, linked from its page, and runs like the page.

The notebooks run here on torch on the CPU (no GPU on the test machine), with
one harness cell that makes torch refuse, as a CUDA tensor does, to become a
numpy array implicitly: a chapter that hands a backend array to numpy fails
here rather than in Colab.
"""

import itertools
import os
import re
import subprocess
from html.parser import HTMLParser

import nbformat
import pytest
from conftest import ROOT, TIMING, mkdocs_config, printout_differences

import cells  # the build hooks (conftest puts the hooks folder on sys.path)
import colab
import markup

CONFIG = mkdocs_config()
CHAPTERS = colab.chapters(CONFIG["nav"])
REGENERATE = "python overrides/hooks/colab.py"


def test_every_chapter_in_the_nav_has_a_fresh_notebook():
    assert "chapters/introduction.md" in CHAPTERS and len(CHAPTERS) >= 11
    expected = {ROOT / "docs" / colab.notebook_path(chapter): chapter for chapter in CHAPTERS}
    stale = [f"docs/{colab.notebook_path(chapter)}" for path, chapter in expected.items()
             if not path.exists() or path.read_text(encoding="utf-8") != colab.notebook_text(chapter, CONFIG)]
    orphans = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs" / "notebooks").rglob("*.ipynb") if p not in expected)
    assert not stale, f"missing or stale notebooks {stale}: run `{REGENERATE}`"
    assert not orphans, f"notebooks of pages that are no chapter any more {orphans}: run `{REGENERATE}`"


def tags(cell):
    return cell.metadata.get("tags", [])


def test_notebook_is_setup_then_the_page():
    chapter = "chapters/networks.md"
    markdown = (ROOT / "docs" / chapter).read_text(encoding="utf-8")
    notebook = colab.make_notebook(chapter, markdown, CONFIG)
    header, install, backend, *page = notebook.cells
    assert header.cell_type == "markdown" and header.source.startswith("# ")
    assert f"]({CONFIG['site_url']}chapters/networks/)" in header.source
    assert tags(install) == ["install"] and "pip install" in install.source and CONFIG["repo_url"] in install.source
    assert tags(backend) == ["backend"] and 'dlref.use("torch", device="cpu")' in backend.source
    parts = markup.split_page(markdown)
    assert [c.source for c in page if c.cell_type == "code" and "check" not in tags(c)] == \
        [p["code"] for p in parts if p["kind"] == "code"]
    checks = [c.source for c in page if "check" in tags(c)]  # after each implement exercise's cell, its check
    exercises = [p["exercise"] for p in parts if "exercise" in p]
    assert checks == [colab.check_cell(exercise_id) for exercise_id in exercises] and len(exercises) >= 2
    assert all(page[page.index(c) - 1].source == p["code"] for c, p in zip(
        [c for c in page if "check" in tags(c)], [p for p in parts if "exercise" in p]))
    # the prose between two code cells, without its claims (a claim may sit inside a paragraph)
    texts = ["".join(part["text"] for part in group if part["kind"] == "markdown").strip("\n")
             for is_code, group in itertools.groupby(parts, key=lambda part: part["kind"] == "code") if not is_code]
    title = header.source.splitlines()[0]
    assert texts[0].startswith(title + "\n\n")  # the title moved into the header
    texts[0] = texts[0].removeprefix(title).strip("\n")
    prose = [c.source for c in page if c.cell_type == "markdown"]
    assert prose == [colab.jupyter_markdown(colab.exercise_headings(text, markdown), chapter, CONFIG["site_url"])
                     for text in texts if text.strip()]
    assert "\n### Exercise 1: " in "".join(prose) and "<!-- exercise" not in "".join(prose)
    assert all(c.outputs == [] and c.execution_count is None for c in notebook.cells if c.cell_type == "code")
    assert len({c.id for c in notebook.cells}) == len(notebook.cells)


SYNTHETIC = """\
# Synthetic

Intro with [`Linear`][dlref.layers.Linear], [the CNN chapter](cnn.md#C15),
[below](#part "a title") and ![a figure](../assets/x.svg), but not [this](https://example.org/a.md).

## Part { #part }

A claim. <!-- claim: 1 + 1 == 2 --> The end of the paragraph, $\\sum_{i=1}^n x_i$.

!!! note "Why it works"
    The body, with **bold** and [`mse`][dlref.losses.mse].

    ```python
    x = [1][0]  # code: [a][dlref.b], (other.md) and { #not-an-anchor } stay
    ```

???+ tip "Try it"
    Open by default.

??? warning
    Collapsed, titled by its type.

    !!! danger ""
        Nested, untitled.

A paragraph with a class.
{: .lead }

```python exec
print("cell")
```

`[code][dlref.x]` after the cell.
"""

SYNTHETIC_PROSE = ["""\
Intro with [`Linear`](SITE/api/layers/#dlref.layers.Linear), [the CNN chapter](SITE/chapters/cnn/#C15),
[below](SITE/chapters/synthetic/#part "a title") and ![a figure](SITE/assets/x.svg), but not [this](https://example.org/a.md).

## Part

A claim. The end of the paragraph, $\\sum_{i=1}^n x_i$.

> **Why it works**
>
> The body, with **bold** and [`mse`](SITE/api/losses/#dlref.losses.mse).
>
> ```python
> x = [1][0]  # code: [a][dlref.b], (other.md) and { #not-an-anchor } stay
> ```

<details open>
<summary>Try it</summary>

Open by default.

</details>

<details>
<summary>Warning</summary>

Collapsed, titled by its type.

> Nested, untitled.

</details>

A paragraph with a class.""", "`[code][dlref.x]` after the cell."]


def test_the_sites_own_markdown_becomes_markdown_that_jupyter_shows():
    notebook = colab.make_notebook("chapters/synthetic.md", SYNTHETIC, CONFIG)
    prose = [cell.source for cell in notebook.cells[3:] if cell.cell_type == "markdown"]
    assert prose == [text.replace("SITE/", CONFIG["site_url"]) for text in SYNTHETIC_PROSE]
    assert [cell.source for cell in notebook.cells[3:] if cell.cell_type == "code"] == ['print("cell")']


def test_links_to_the_site_follow_one_rule_each():
    site = "https://example.org/course/"
    assert colab.page_url("chapters/cnn.md", site) == "https://example.org/course/chapters/cnn/"
    assert colab.page_url("index.md", site) == site and colab.page_url("api/index.md", site) == site + "api/"
    assert colab.page_url("assets/x.svg", site) == site + "assets/x.svg"
    assert colab.api_url("dlref.losses.mse", site) == site + "api/losses/#dlref.losses.mse"
    assert colab.api_url("dlref.activations", site) == site + "api/activations/#dlref.activations"
    for identifier in ["dlref", "numpy.mean"]:
        with pytest.raises(ValueError, match=rf"\[\.\.\.\]\[{identifier}\]: expected a cross-reference to dlref"):
            colab.api_url(identifier, site)
    with pytest.raises(ValueError, match="mkdocs.yml needs a site_url"):
        colab.make_notebook("chapters/x.md", "# X\n", {**CONFIG, "site_url": None})


def test_every_api_cross_reference_of_the_docs_is_an_anchor_of_the_built_site(built_site):
    site = CONFIG["site_url"]
    identifiers = {identifier for page in (ROOT / "docs").rglob("*.md")
                   for identifier in re.findall(r"\]\[(dlref(?:\.\w+)*)\]", markup.mask_code(page.read_text()))}
    assert len(identifiers) > 50
    missing = []
    for identifier in sorted(identifiers):
        path, _, anchor = colab.api_url(identifier, site).removeprefix(site).partition("#")
        page = built_site / path / "index.html"
        if not page.is_file() or f'id="{anchor}"' not in page.read_text():
            missing.append(f"{identifier}: no id {anchor!r} in {path}index.html")
    assert not missing, "\n".join(missing)


# What only the site understands, and Jupyter or Colab would show as raw text.
SITE_ONLY = {
    "an API cross-reference": r"\]\[[\w.]*\]",
    "a relative link": r"\]\((?![a-z][\w+.-]*:)[^)]*\)",
    "an attribute list or heading anchor": r"\{:?[ \t]*[#.][A-Za-z]",
    "an admonition or a collapsible block": r"(?m)^[ \t>]*(?:!!!|\?\?\?)",
    "a content tab": r'(?m)^[ \t>]*=== "',
    "a claim": r"<!--\s*claim",
    "Markdown inside HTML": r"<[^>]*\smarkdown\b",
    "a key (pymdownx.keys)": r"\+\+\w+(?:\+\w+)*\+\+",
}


def site_only_syntax(markdown: str) -> list[str]:
    """What of `markdown`, outside code, only the site understands: 'what: the text'."""
    prose = markup.mask_code(markdown)
    return [f"{what}: {markdown[match.start():match.end()]!r}"
            for what, pattern in SITE_ONLY.items() for match in re.finditer(pattern, prose)]


def test_the_check_for_site_only_syntax_finds_it():
    found = {line.partition(":")[0] for line in site_only_syntax(SYNTHETIC + '=== "Tab"\n++ctrl+c++ <div markdown>')}
    assert found == set(SITE_ONLY)
    assert site_only_syntax("`[a][dlref.b]` and\n\n```\n!!! note\n```\n$x_{i=1}$ [a](https://b.org/c.md)") == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_notebook_holds_site_only_syntax(chapter):
    notebook = nbformat.read(ROOT / "docs" / colab.notebook_path(chapter), as_version=4)
    found = [f"cell {number}: {what}" for number, cell in enumerate(notebook.cells) if cell.cell_type == "markdown"
             for what in site_only_syntax(cell.source)]
    assert not found, "\n".join(found)


class _Rendered(HTMLParser):
    """The text of rendered HTML outside code, and its links."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self.code = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.code += tag in ("code", "pre")
        if tag in ("a", "img"):
            self.links.append(dict(attrs).get("href") or dict(attrs).get("src"))

    def handle_endtag(self, tag):
        self.code -= tag in ("code", "pre")

    def handle_data(self, data):
        if not self.code:
            self.text.append(data)


@pytest.mark.parametrize("chapter, markdown", [
    ("chapters/introduction.md", None),  # the chapter with the most cross-references, links and anchors
    ("chapters/synthetic.md", SYNTHETIC),  # every construct the site has that chapters do not use yet
])
def test_a_notebook_renders_in_nbconvert_without_raw_syntax(chapter, markdown):
    from nbconvert import HTMLExporter

    if markdown is None:
        notebook = nbformat.read(ROOT / "docs" / colab.notebook_path(chapter), as_version=4)
        assert site_only_syntax((ROOT / "docs" / chapter).read_text())  # the page itself has some
    else:
        notebook = colab.make_notebook(chapter, markdown, CONFIG)
    notebook.cells = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    page = _Rendered()
    page.feed(HTMLExporter(template_name="basic").from_notebook_node(notebook)[0])
    text = "".join(page.text)
    raw = [token for token in ["][", "{ #", "{:", "!!!", "???", "<!--", "claim:", ".md)"] if token in text]
    assert not raw, f"raw site syntax in the rendered notebook: {raw}"
    assert notebook.cells[0].source.splitlines()[0].removeprefix("# ") in text  # the title: it did render
    outside = [link for link in page.links if not link.startswith(("https://", "#"))]
    assert not outside and len(page.links) > 5, outside


def test_a_page_without_a_title_is_refused():
    with pytest.raises(ValueError, match="expected the page to start with a '# Title' line"):
        colab.make_notebook("chapters/untitled.md", "Some text.\n", CONFIG)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])


def test_every_badge_points_to_a_notebook_in_the_repository(built_site):
    repo = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)/?", CONFIG["repo_url"])[1]
    branch = (CONFIG.get("extra") or {}).get("colab_branch", "main")
    for chapter in CHAPTERS:
        page = built_site / chapter.removesuffix(".md") / "index.html"
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        badges = [url for url in parser.links if url.startswith("https://colab.research.google.com/")]
        assert len(badges) == 1, f"{chapter}: expected one Colab badge, found {badges}"
        match = re.fullmatch(r"https://colab\.research\.google\.com/github/([^/]+/[^/]+)/blob/([^/]+)/(.+)", badges[0])
        assert match and match[1] == repo and match[2] == branch, badges[0]
        notebook = ROOT / match[3]
        assert notebook.is_file(), f"{chapter}: the badge points to {match[3]}, which does not exist"
        ignored = subprocess.run(["git", "check-ignore", "-q", match[3]], cwd=ROOT, check=False).returncode == 0
        assert not ignored, f"{match[3]} is ignored by git, so it cannot be on GitHub"
        (download,) = [url for url in parser.links if url.endswith(".ipynb") and "://" not in url]
        assert (page.parent / download).resolve().read_bytes() == notebook.read_bytes()


# ---------------------------------------------------------------- running the notebooks

GPU_LIKE = '''\
# Test harness (not in the notebook): a tensor refuses to become a numpy array implicitly, as on a GPU.
import torch

get_ipython().run_line_magic("colors", "nocolor")  # tracebacks without terminal colour codes


def _no_implicit_numpy(self, *args, **kwargs):
    raise TypeError("numpy(tensor): a GPU tensor cannot become a numpy array implicitly; "
                    "use Tensor.numpy() or dlref.backend.to_numpy()")


torch.Tensor.__array__ = _no_implicit_numpy'''

# The notebook's printed numbers must equal the page's (numpy, float32) within
# RTOL, plus one unit in the last printed digit for numbers printed with two or
# more decimals (`unit_in_last_place`); integers must be equal. Measured: every
# number of every cell not in LOOSER agrees within that unit; RTOL is a margin
# for other CPUs and BLAS libraries.
RTOL = 1e-4

# The cells that need more, found by a piece of their code: (rtol, atol, why).
LOOSER = {
    ("chapters/networks.md", "universal_approximation("): (
        0.5, 0.0, ("1000 Adam steps down to errors of ~0.003, where float32 rounding decides the digits: on numpy "
                   "alone, lr 0.02 * (1 + 1e-6) moves the width-32 error from 0.00398 to 0.00545; torch gives "
                   "0.00268 and 0.00406 for widths 16 and 32, numpy 0.00251 and 0.00398")),
    ("chapters/backprop.md", "max |autograd - scratch|"): (
        RTOL, 1e-12, "differences at float64 rounding level (~1e-17), where numpy and torch kernels differ"),
    ("chapters/backprop.md", "finite differences"): (
        RTOL, 1e-9, "finite-difference noise (~1e-10), which depends on each library's last bits"),
    ("chapters/regularization.md", "EarlyStopping("): (
        0.1, 0.0, ("150 epochs that overfit: float32 rounding grows into the final validation loss "
                   "(0.837 numpy, 0.779 torch); the early-stopped run agrees")),
    ("chapters/vanishing-gradients.md", "initialization_depth("): (
        0.25, 0.0, ("ten epochs of SGD from the too-large start (losses near 1e5, gradients always clipped) amplify "
                    "float32 rounding: final loss 1.57e+03 and accuracy 0.28 on numpy, 1.29e+03 and 0.34 on torch; "
                    "every other number of the cell agrees to its last digit")),
    ("chapters/optimizers.md", "RecordLR("): (
        0.02, 0.0, ("the constant-rate row: 12 epochs at lr 0.2 with momentum 0.9 never settle, and float32 rounding "
                    "moves its last digits on some CPUs: train and validation loss 0.0404 and 0.1703 on numpy, "
                    "0.0399 and 0.1694 on torch (equal on another machine); the scheduled rows agree to the digit")),
    ("chapters/generalization.md", "flat_vs_sharp("): (
        0.1, 0.0, ("1000 full-batch steps amplify float32 rounding into another minimum of the same loss: the large "
                   "batch's sharpness is 1.75 on numpy, 1.63 on torch on some CPUs (equal on others), measured in "
                   "float64 too; losses and accuracies agree to the digit")),
    ("chapters/rnn.md", "Seq2Seq("): (
        0.1, 0.0, ("20 epochs of a sequence-to-sequence RNN amplify rounding: numpy alone gives digit and "
                   "sequence accuracies 0.9945 and 0.978 with its default threads, 0.9985 and 0.994 with one; "
                   "torch 0.9845 and 0.938")),
}


def test_every_looser_rule_names_a_chapter():
    assert {chapter for chapter, _ in LOOSER} <= set(CHAPTERS)


def test_printouts_compare_text_and_numbers_up_to_the_last_digit():
    assert printout_differences("loss 0.4030 at 3", "loss  0.4031 at 3", RTOL) == []   # one unit in the last digit
    assert printout_differences("loss 0.4030", "loss 0.4032", RTOL) == ["expected 0.4030, got 0.4032"]
    assert printout_differences("26 epochs", "27 epochs", RTOL) == ["expected 26, got 27"]
    assert printout_differences("[0. 1.]", "[0. 0.]", RTOL) == ["expected 1., got 0."]   # numpy's short form: exact
    assert printout_differences("f = 0.0000", "f = 0.0001", RTOL) == []
    assert printout_differences("1.19e-07", "5.96e-08", RTOL, 1e-6) == []
    assert printout_differences("2.5e-05", "2.6e-05") == [] and printout_differences("2.5e-05", "2.5e-04")
    assert printout_differences("a [1. 2.]", "a tensor([1., 2.])", RTOL)[0].startswith("the text differs")
    assert printout_differences("loss: 0.1", "loss 0.1")[0].startswith("the text differs")
    assert printout_differences("  time    3.1 ms", "  time   10.2 ms", timing=True) == []
    assert printout_differences("3.1", "10.2") == ["expected 3.1, got 10.2"]


def text_outputs(cell) -> str:
    """What a cell printed and the value of its last line, as `session.run_page` records them."""
    pieces = [out.text for out in cell.outputs if out.output_type == "stream"]
    pieces += [out.data["text/plain"] + "\n" for out in cell.outputs if out.output_type == "execute_result"]
    return "".join(pieces)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_notebook_runs_on_torch_cpu_like_the_page(chapter, built_site, tmp_path, monkeypatch):
    pytest.importorskip("torch")
    from nbclient import NotebookClient

    notebook = nbformat.read(ROOT / "docs" / colab.notebook_path(chapter), as_version=4)
    notebook.cells = [cell for cell in notebook.cells if "install" not in tags(cell)]
    backend = next(i for i, cell in enumerate(notebook.cells) if "backend" in tags(cell))
    notebook.cells.insert(backend + 1, nbformat.v4.new_code_cell(GPU_LIKE))
    notebook.cells.append(nbformat.v4.new_code_cell("print(dlref.backend.name(), dlref.backend.device())"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # small tensors: threads only wait for each other on a busy machine
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    assert text_outputs(notebook.cells[backend]).startswith("No GPU here: dlref computes with torch on the CPU.")
    assert text_outputs(notebook.cells[-1]) == "torch cpu\n"
    page = [cell for cell in notebook.cells[backend + 2:-1] if cell.cell_type == "code" and "check" not in tags(cell)]
    checks = [text_outputs(cell) for cell in notebook.cells if "check" in tags(cell)]
    assert all(check.startswith("✗ ") for check in checks), checks  # the starting code fails its check
    monkeypatch.setenv("DLREF_CELL_CACHE", str(built_site.parent / "cell-cache"))  # the build's numpy outputs
    steps = cells.session_steps(markup.split_page((ROOT / "docs" / chapter).read_text(encoding="utf-8")))
    expected = [result for result in cells.cached_run(chapter, steps)["results"] if "text" in result]  # the cells'
    assert len(expected) == len(page)
    rules = {marker: rule for (name, marker), rule in LOOSER.items() if name == chapter}
    for marker in rules:
        assert any(marker in cell.source for cell in page), f"LOOSER names {marker!r}, in no cell of {chapter}"
    failures = []
    for number, (cell, result) in enumerate(zip(page, expected), start=1):
        rtol, atol, _ = next((rule for marker, rule in rules.items() if marker in cell.source), (RTOL, 0.0, ""))
        failures += [f"cell {number}: {d}" for d in printout_differences(
            result["text"], text_outputs(cell), rtol, atol, timing=TIMING in cell.source)]
    assert not failures, f"{chapter}, torch on the CPU (got) vs the page, numpy (expected):\n" + "\n".join(failures)
