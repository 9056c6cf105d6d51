"""The course site: it builds cleanly, every concept has its section, every module its API page."""

import json
import os
import pkgutil
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import dlref

import cells  # the build hooks (conftest puts the hooks folder on sys.path)
import markup
from conftest import ROOT, TIMING, mkdocs_config, printout_differences


def public_modules():
    return sorted(m.name for m in pkgutil.iter_modules(dlref.__path__) if not m.name.startswith("_"))


def test_every_module_has_an_api_page_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text()
    for module in public_modules():
        page = ROOT / "docs" / "api" / f"{module}.md"
        assert page.exists(), f"dlref.{module} has no API page docs/api/{module}.md"
        assert f"::: dlref.{module}" in page.read_text()
        assert f"api/{module}.md" in nav, f"docs/api/{module}.md is not in mkdocs.yml's nav"


def test_mkdocs_build_strict_has_no_warnings(built_site):
    # the fixture fails the test when `mkdocs build --strict` warns or a cell raises
    for page in ["index.html", "api/autograd/index.html", "chapters/neuron/index.html"]:
        assert (built_site / page).exists(), page


def test_no_google_fonts():
    assert mkdocs_config()["theme"]["font"] is False


def readme_blocks(language):
    text = (ROOT / "README.md").read_text()
    return [block.split("\n", 1)[1] for block in text.split("```")[1::2] if block.startswith(language)]


def test_readme_python_example_runs():
    (example,) = readme_blocks("python")
    namespace = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert namespace["loss"].item() > 0
    assert all(p.grad is not None for p in namespace["model"].parameters())  # as its comment says


def test_readme_installs_into_a_virtual_environment():
    (serve,) = [block for block in readme_blocks("\n") if "mkdocs serve" in block]
    lines = serve.strip().splitlines()
    assert lines[0] == "python3 -m venv .venv && . .venv/bin/activate"  # a system Python refuses `pip install`
    assert "pip install" in lines[1]


def test_mkdocs_serve_rebuilds_when_the_package_or_the_overrides_change():
    assert {"dlref", "overrides"} <= set(mkdocs_config()["watch"])


def test_ci_runs_exactly_the_readme_test_command():
    commands = [block.strip() for block in readme_blocks("\n") if "test" in block]
    assert commands == ["bash tests/run.sh"]
    assert commands[0] in (ROOT / ".ci" / "run").read_text().splitlines()


def concept_ids():
    table = (ROOT.parent / "shared" / "CONCEPTS.md").read_text()
    return [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| C")]


def sections():
    """The concept IDs that have a section anchored `{ #Cxx }` somewhere in docs/."""
    found = set()
    for page in (ROOT / "docs").rglob("*.md"):
        found.update(re.findall(r"\{ #(C\d\d) \}", page.read_text()))
    return found


def test_every_concept_has_its_section():
    ids = concept_ids()
    assert len(ids) == 35
    missing = sorted(set(ids) - sections())
    assert not missing, f"concept IDs without a section in docs/: {missing}"


class _Refs(HTMLParser):
    """The URLs a page requests (scripts, styles, images, frames) and links to (its canonical URL too), and its ids."""

    REQUESTED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "link": "href"}

    def __init__(self):
        super().__init__()
        self.requested, self.links, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if (tag == "a" or attrs.get("rel") == "canonical") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag in self.REQUESTED and attrs.get(self.REQUESTED[tag]):
            self.requested.append(attrs[self.REQUESTED[tag]])


def parse_pages(site):
    pages = {}
    for path in site.rglob("*.html"):
        parser = _Refs()
        parser.feed(path.read_text())
        pages[path] = parser
    return pages


def third_party(url):
    host = urlsplit(url).hostname
    return host if host and host not in ("127.0.0.1", "localhost") else None


LIVE_CONFIG = re.compile(r'<script id="dlref-live-config" type="application/json">(.*?)</script>', re.DOTALL)


def requested_hosts(site):
    """Every third-party host that a page, a style sheet or the live cells' Pyodide would request."""
    hosts = {third_party(url) for page in parse_pages(site).values() for url in page.requested}
    for page in site.rglob("*.html"):
        hosts.update(third_party(json.loads(config)["base_url"]) for config in LIVE_CONFIG.findall(page.read_text()))
    for css in site.rglob("*.css"):
        hosts.update(third_party(url) for url in re.findall(r"url\(\s*['\"]?(https?://[^'\")]+)", css.read_text()))
    return hosts - {None}


def test_pages_request_only_the_listed_third_party_hosts(built_site):
    listed = set(mkdocs_config()["extra"]["third_party_hosts"])
    hosts = requested_hosts(built_site)
    assert hosts <= listed, f"hosts requested but not in mkdocs.yml's extra.third_party_hosts: {hosts - listed}"
    assert "cdn.jsdelivr.net" in hosts  # the check sees the CDN scripts it should


def test_no_internal_link_is_broken(built_site):
    pages = parse_pages(built_site)
    site = urlsplit(mkdocs_config()["site_url"])  # its canonical links are absolute URLs, 404.html's root-relative
    origin, root = f"{site.scheme}://{site.netloc}", site.path
    broken = []
    for path, page in pages.items():
        for url in page.links + page.requested:
            parts = urlsplit(url.removeprefix(origin))
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:")):
                continue
            if parts.path.startswith("/"):
                assert parts.path.startswith(root), f"{path.relative_to(built_site)} -> {url} leaves the site's {root}"
                target = built_site / unquote(parts.path).removeprefix(root)
            else:
                target = path.parent / unquote(parts.path) if parts.path else path
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(built_site)} -> {url} (no such file)")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(built_site)} -> {url} (no such anchor)")
    assert not broken, "\n".join(broken[:50])


def test_self_hosted_site_requests_no_third_party_host(built_site, tmp_path):
    mathjax = ROOT / ".cache" / "mathjax-3.2.2" / "es5"
    pyodide = ROOT / ".cache" / f"pyodide-{mkdocs_config()['extra']['pyodide']['version']}"
    if not (mathjax.is_dir() and pyodide.is_dir()):
        pytest.skip("MathJax's or Pyodide's npm package is not in .cache/ (tests/run.sh fetches them)")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DLREF_CELL_CACHE=str(built_site.parent / "cell-cache"),
               DLREF_MATHJAX_DIR=str(mathjax), DLREF_PYODIDE_DIR=str(pyodide))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert requested_hosts(tmp_path / "site") == set()
    assert (tmp_path / "site" / "assets" / "mathjax" / "tex-mml-chtml.js").exists()
    assert (tmp_path / "site" / "assets" / "pyodide" / "pyodide.asm.wasm").exists()


class _Outputs(HTMLParser):
    """The text and the number of figures of each `dlref-output` block of a built page."""

    def __init__(self):
        super().__init__()
        self.outputs, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "div" and "dlref-output" in (dict(attrs).get("class") or ""):
            self.outputs.append({"text": "", "figures": 0})
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        elif self.depth and tag == "img":
            self.outputs[-1]["figures"] += 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.outputs[-1]["text"] += data


def test_every_cell_reruns_in_page_order_to_the_output_on_its_page(built_site):
    """Each page's cells, run again in a fresh interpreter in page order, print what the page shows.

    Cells that print timings say so with the comment "times vary": for them
    only the text around the digits must agree.
    """
    pages = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md") if "```python exec" in p.read_text())
    assert len(pages) >= 11
    def rerun(page):  # as the build runs a page, without its cache
        return cells.run_isolated(cells.session_steps(markup.split_page((ROOT / page).read_text())))

    with ThreadPoolExecutor(os.cpu_count()) as pool:
        reruns = list(pool.map(rerun, pages))
    for page, rerun in zip(pages, reruns):
        source = Path(page).relative_to("docs")
        html_path = built_site / (source.parent if source.stem == "index" else source.with_suffix("")) / "index.html"
        parser = _Outputs()
        parser.feed(html_path.read_text())
        codes = [part["code"] for part in markup.split_page((ROOT / page).read_text()) if part["kind"] == "code"]
        results = [result for result in rerun["results"] if "text" in result]  # the cells' (not the claims')
        assert len(parser.outputs) == len(results) == len(codes), page
        for number, (code, shown, result) in enumerate(zip(codes, parser.outputs, results), start=1):
            result = {"text": result["text"], "figures": len(result["figures"])}
            message = f"{page}, cell {number}: the page shows other output than a fresh run"
            if TIMING in code:  # only the text around the numbers must agree
                assert shown["figures"] == result["figures"], message
                assert not printout_differences(shown["text"], result["text"], timing=True), message
            else:
                assert shown == result, message


# Every ```python block the site shows without running it (not a cell: PyTorch code, say) runs here, in a fresh
# interpreter, after the page's cells and the page's shown blocks before it. A block that no library one can
# install today runs is historical; a block that needs a CUDA GPU runs where there is one.
HISTORICAL = {
    ("docs/chapters/backprop.md", "tf.placeholder"):
        "TensorFlow 1's define-and-run API (placeholders, sessions) is gone from TensorFlow 2, and TensorFlow "
        "is no dependency of dlref: the block shows how such code read",
}
NEEDS_GPU = {
    ("docs/chapters/introduction.md", 'dlref.use("torch", device="cuda")'): "it moves dlref to a CUDA GPU",
}
SHOWN = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def shown_blocks():
    """`(page, number, code)` for every shown Python block of docs/, numbered from 1 on its page."""
    return [(str(page.relative_to(ROOT)), number, code)
            for page in sorted((ROOT / "docs").rglob("*.md"))
            for number, code in enumerate(SHOWN.findall(page.read_text()), start=1)]


def listed(table, page, code):
    return next((reason for (where, snippet), reason in table.items() if where == page and snippet in code), None)


def test_every_historical_or_gpu_block_is_listed_once_and_shown():
    for table in (HISTORICAL, NEEDS_GPU):
        for where, snippet in table:
            assert sum(page == where and snippet in code for page, _, code in shown_blocks()) == 1, (where, snippet)


@pytest.mark.parametrize("page, number", [(page, number) for page, number, code in shown_blocks()
                                          if not listed(HISTORICAL, page, code)])
def test_every_shown_python_block_runs_after_its_pages_cells(page, number):
    pytest.importorskip("torch")
    blocks = [code for where, _, code in shown_blocks() if where == page]
    if listed(NEEDS_GPU, page, blocks[number - 1]):
        import torch

        if not torch.cuda.is_available():
            pytest.skip(f"{page}, block {number} needs a CUDA GPU: {listed(NEEDS_GPU, page, blocks[number - 1])}")
    cells_code = [part["code"] for part in markup.split_page((ROOT / page).read_text()) if part["kind"] == "code"]
    before = [code for code in blocks[:number - 1] if not listed(HISTORICAL, page, code)]
    program = "\n".join([*cells_code, *before, blocks[number - 1]])
    env = dict(os.environ, MPLBACKEND="Agg")  # the cells' figures are drawn off screen
    result = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, f"{page}, shown block {number}:\n{result.stderr[-3000:]}"
