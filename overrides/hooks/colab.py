"""Every chapter as a Jupyter notebook, and an "Open in Colab" badge on every chapter page.

The in-page cells are the CPU path: they run with numpy when the site is built
(`cells.py`). The GPU path is the same chapter as a notebook: a title cell,
a cell that installs dlref, a cell that selects a GPU backend
(`dlref.use("torch", device="cuda")`, or cupy) or falls back to the CPU with a
notice, and then the page's own text and code cells, in page order. The page
is split into cells by `markup.split_page`, the one parser of chapter cells.

The code cells are the page's, unchanged. The text is the page's, without
what only the site understands (`jupyter_markdown`): cross-references to the
API (`[Linear][dlref.layers.Linear]`) and links to other pages (`cnn.md`,
`#C21`) become links to the published site (`site_url`), heading anchors and
attribute lists (`{ #C05 }`) go, admonitions (`!!! note "Title"`) become a
quote under a bold title and collapsible blocks (`??? note "Title"`) a
`<details>` element, and claims (`<!-- claim: ... -->`) are left out.

The notebooks are generated, never edited: `docs/notebooks/<chapter>.ipynb`,
committed so that Colab can open them from GitHub, and copied into the site
by mkdocs so that they can be downloaded. Regenerate them with

    python overrides/hooks/colab.py

after changing a chapter (tests/test_notebooks.py fails while one is stale).
A chapter is a page of mkdocs.yml's nav under `docs/chapters/`. As a build
hook, this module puts the badge and a download link under each chapter's
title; the badge links to
`https://colab.research.google.com/github/<owner>/<repo>/blob/<branch>/docs/notebooks/<chapter>.ipynb`,
with the repository from `repo_url` and the branch from `extra.colab_branch`
(default `main`).
"""

from __future__ import annotations

import html
import itertools
import posixpath
import re
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

from exercises import KIND_NAMES, checked_name
from markup import find_exercises, mask_code, split_page
from mkdocs.utils import get_relative_url
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOTEBOOKS = DOCS / "notebooks"
COLAB = "https://colab.research.google.com/github"

INSTALL = """\
# Install dlref: the release on PyPI, or the repository's {branch} branch when this version is not on PyPI.
!pip install --quiet "dlref[gpu]=={version}" || pip install --quiet "dlref[gpu] @ git+{repo_url}@{branch}"
"""

BACKEND = """\
# Where dlref computes: on a GPU when this machine has one, otherwise on the CPU.
import importlib.util

import dlref


def gpu_backend():
    \"\"\"The backend and device that reach a GPU here, or None.\"\"\"
    if importlib.util.find_spec("torch"):
        import torch

        if torch.cuda.is_available():
            return "torch", "cuda"
    if importlib.util.find_spec("cupy"):
        import cupy

        if cupy.cuda.is_available():
            return "cupy", "cuda"
    return None


gpu = gpu_backend()
if gpu:
    dlref.use(*gpu)
    print(f"dlref computes with {dlref.backend.name()} on the GPU.")
elif importlib.util.find_spec("torch"):
    dlref.use("torch", device="cpu")
    print("No GPU here: dlref computes with torch on the CPU. "
          "(In Colab: Runtime > Change runtime type > a GPU, then run all cells again.)")
else:
    dlref.use("numpy")
    print("No GPU here: dlref computes with numpy on the CPU.")"""


def load_config(path: Path = ROOT / "mkdocs.yml") -> dict:
    """mkdocs.yml as a dict (its `!ENV` tags resolved as mkdocs resolves them)."""
    with open(path, encoding="utf-8") as file:
        return yaml_load(file)


def chapters(nav) -> list[str]:
    """The pages of the nav under `chapters/` (e.g. `"chapters/neuron.md"`), in nav order."""
    if isinstance(nav, str):
        return [nav] if nav.startswith("chapters/") and nav.endswith(".md") else []
    items = nav.values() if isinstance(nav, dict) else nav or []
    return [page for item in items for page in chapters(item)]


def notebook_path(chapter: str) -> str:
    """The notebook of a chapter, relative to `docs/`: `chapters/neuron.md` -> `notebooks/neuron.ipynb`."""
    return "notebooks/" + chapter.removeprefix("chapters/").removesuffix(".md") + ".ipynb"


def branch(config) -> str:
    """The branch the badges and the install cell point to: `extra.colab_branch`, default `main`."""
    return (config.get("extra") or {}).get("colab_branch", "main")


def colab_url(config, chapter: str) -> str:
    """The link that opens the chapter's notebook, as committed on GitHub, in Colab."""
    owner_repo = urlsplit(config["repo_url"]).path.strip("/").removesuffix(".git")
    return f"{COLAB}/{owner_repo}/blob/{branch(config)}/docs/{notebook_path(chapter)}"


def site_url(config) -> str:
    """Where the site is published (`site_url`), ending with `/`: the notebooks link to it."""
    if not config.get("site_url"):
        raise ValueError("mkdocs.yml needs a site_url: the notebooks link to the published site")
    return config["site_url"].rstrip("/") + "/"


def page_url(path: str, site: str) -> str:
    """The URL on the site of a file of `docs/`: `chapters/cnn.md` -> `<site>chapters/cnn/`, `index.md` -> `<site>`."""
    if path.endswith(".md"):
        path = path.removesuffix(".md")
        path = path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
    return site + path


def api_url(identifier: str, site: str) -> str:
    """The URL of an API object on the site: `dlref.losses.mse` -> `<site>api/losses/#dlref.losses.mse`.

    Each top-level module of dlref has its API page, `docs/api/<module>.md`, on
    which mkdocstrings anchors every object at its path.
    """
    module = identifier.split(".")[1] if identifier.startswith("dlref.") else ""
    if not module:
        raise ValueError(f"[...][{identifier}]: expected a cross-reference to dlref.<module> or an object in it")
    return f"{page_url(f'api/{module}.md', site)}#{identifier}"


CROSS_REFERENCE = re.compile(r"\[(?P<text>[^\[\]]*)\]\[(?P<identifier>dlref(?:\.\w+)*)\]")
RELATIVE_LINK = re.compile(r"\]\((?P<target>(?![A-Za-z][\w+.-]*:|/)[^)\s]*)(?P<title>\s+\"[^\"]*\")?\)")
_ATTRIBUTE = r"(?:[#.][A-Za-z_][\w-]*|[A-Za-z_][\w-]*=(?:\"[^\"]*\"|'[^']*'|[^\s\"'}]+))"
ATTRIBUTES = re.compile(rf"[ \t]*\{{(?::[ \t]*|[ \t]*(?=[#.]))(?:{_ATTRIBUTE}[ \t]*)+\}}")  # attr_list: { #id .class k=v }
BLOCK = re.compile(  # an admonition (!!!) or a collapsible one (???, ???+ open) of pymdownx.details, and its body
    r'^(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*\n'
    r"(?P<body>(?:(?: {4}|\t)[^\n]*\n|[ \t]*\n)*)",
    re.MULTILINE,
)


def _outside_code(pattern: re.Pattern, replace, text: str) -> str:
    """`text` with each match of `pattern` outside code replaced by `replace(groups)`, the match's groups
    as they are in `text` (the match is found where `markup.mask_code` blanked the code)."""
    pieces, last = [], 0
    for match in pattern.finditer(mask_code(text)):
        groups = {name: text[match.start(name):match.end(name)] if match.start(name) >= 0 else None
                  for name in pattern.groupindex}
        pieces += [text[last:match.start()], replace(groups)]
        last = match.end()
    return "".join(pieces) + text[last:]


def _link(target: str, chapter: str, site: str) -> str:
    """A link of the page `chapter` (`other.md#x`, `#x`, `../api/x.md`) as a URL on the site."""
    path, _, fragment = target.partition("#")
    url = page_url(posixpath.normpath(posixpath.join(posixpath.dirname(chapter), path or posixpath.basename(chapter))), site)
    return url + (f"#{fragment}" if fragment else "")


def _blocks(text: str) -> str:
    """Admonitions as a quote under a bold title, collapsible ones as `<details>`; nested ones too."""
    def block(groups):
        title = groups["type"].capitalize() if groups["title"] is None else groups["title"]
        body = _blocks(textwrap.dedent(groups["body"])).strip("\n")
        if groups["marker"] == "!!!":
            lines = ([f"**{title}**", ""] if title else []) + body.split("\n")
            return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"
        opened = " open" if groups["marker"].endswith("+") else ""
        return f"<details{opened}>\n<summary>{html.escape(title)}</summary>\n\n{body}\n\n</details>\n\n"

    return _outside_code(BLOCK, block, text)


def jupyter_markdown(text: str, chapter: str, site: str) -> str:
    """The prose of the page `chapter` as Jupyter and Colab show it: links to the site `site` instead of
    cross-references and relative links, no attribute lists, admonitions as plain Markdown."""
    text = _outside_code(CROSS_REFERENCE, lambda g: f"[{g['text']}]({api_url(g['identifier'], site)})", text)
    text = _outside_code(RELATIVE_LINK, lambda g: f"]({_link(g['target'], chapter, site)}{g['title'] or ''})", text)
    text = _outside_code(ATTRIBUTES, lambda g: "", text)
    return _blocks(text + "\n").rstrip("\n")


def check_cell(exercise_id: str) -> str:
    """The notebook cell after an implement exercise's cell: its check, whose result the cell shows."""
    return f'from dlref.exercises import check\n\ncheck("{exercise_id}", {checked_name(exercise_id)})'


def exercise_headings(text: str, page: str) -> str:
    """`text` (a part of the page `page`) with its exercises' headings as a notebook shows them: number,
    title, then kind and ID."""
    for exercise in find_exercises(page):
        text = text.replace(exercise["heading"], f"### Exercise {exercise['number']}: {exercise['title']}\n\n"
                                                 f"*{KIND_NAMES[exercise['kind']]}* · `{exercise['id']}`")
    return text


def _cell_id(chapter: str, number: int) -> str:
    """A stable cell id (nbformat: 1-64 letters, digits, `-` or `_`): the chapter's name and the cell's number."""
    name = re.sub(r"[^A-Za-z0-9_-]", "-", chapter.removeprefix("chapters/").removesuffix(".md"))
    return f"{name[:58]}-{number:03d}"


def make_notebook(chapter: str, markdown: str, config):
    """The notebook of a chapter page: title, install, backend, then the page's own cells.

    Args:
        chapter: the page's path under `docs/`, e.g. `"chapters/neuron.md"`.
        markdown: the page's source.
        config: mkdocs.yml as a dict (`repo_url`, `site_url` and optional
            `extra.colab_branch`).

    Returns:
        An nbformat v4 notebook without outputs. The install cell is tagged
        `install` and the backend cell `backend`; the page's cells follow in
        order, its code unchanged and its prose as Jupyter shows it
        (`jupyter_markdown`), without its claims (the title line moves into
        the first cell).

    Raises:
        ValueError: the page does not start with a `# Title` line, a claim
            is malformed, a cross-reference points outside dlref, or the
            config has no `site_url`.
    """
    import nbformat  # only here: the build hook (the badges) needs no nbformat

    parts = split_page(markdown)
    title = re.match(r"\s*# (.+)\n", parts[0]["text"]) if parts and parts[0]["kind"] == "markdown" else None
    if title is None:
        raise ValueError(f"{chapter}: expected the page to start with a '# Title' line")
    parts[0] = {"kind": "markdown", "text": parts[0]["text"][title.end():]}
    version = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)[1]
    header = (
        f"# {title[1]}\n\n"
        f"The chapter [{title[1]}]({page_url(chapter, site_url(config))}) of the dlref course as a notebook, "
        "to run its code on a GPU. The first two cells install dlref and select the GPU when this "
        "machine has one (in Colab: Runtime > Change runtime type), or else the CPU; every cell "
        "after them is the page's own text and code, which ran on the CPU, with numpy, for the site.\n\n"
        f"*Generated from `docs/{chapter}` by `overrides/hooks/colab.py`.*"
    )
    cells = [
        nbformat.v4.new_markdown_cell(header),
        nbformat.v4.new_code_cell(
            INSTALL.format(version=version, repo_url=config["repo_url"].rstrip("/"), branch=branch(config)).rstrip(),
            metadata={"tags": ["install"]},
        ),
        nbformat.v4.new_code_cell(BACKEND, metadata={"tags": ["backend"]}),
    ]
    # the page's code cells, and between them its text (without the claims, which may split a paragraph);
    # an implement exercise's cell is followed by a cell that checks it
    for is_code, group in itertools.groupby(parts, key=lambda part: part["kind"] == "code"):
        if is_code:
            for part in group:
                metadata = {"jupyter": {"source_hidden": True}} if part["fold"] else {}
                cells.append(nbformat.v4.new_code_cell(part["code"], metadata=metadata))
                if "exercise" in part:
                    cells.append(nbformat.v4.new_code_cell(check_cell(part["exercise"]), metadata={"tags": ["check"]}))
            continue
        text = "".join(part["text"] for part in group if part["kind"] == "markdown").strip("\n")
        if text.strip():
            text = exercise_headings(text, markdown)
            cells.append(nbformat.v4.new_markdown_cell(jupyter_markdown(text, chapter, site_url(config))))
    for number, cell in enumerate(cells):
        cell["id"] = _cell_id(chapter, number)
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "accelerator": "GPU",  # Colab opens the notebook on a GPU runtime
        "colab": {"provenance": []},
    })
    nbformat.validate(notebook)
    return notebook


def notebook_text(chapter: str, config) -> str:
    """The file contents of a chapter's notebook, generated from its page now (the same bytes every time)."""
    import nbformat

    markdown = (DOCS / chapter).read_text(encoding="utf-8")
    return nbformat.writes(make_notebook(chapter, markdown, config)) + "\n"


def main() -> None:
    """Write every chapter's notebook to `docs/notebooks/`, and remove notebooks of pages no longer chapters."""
    config = load_config()
    written = set()
    for chapter in chapters(config["nav"]):
        path = DOCS / notebook_path(chapter)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = notebook_text(chapter, config)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
        written.add(path)
    for path in sorted(set(NOTEBOOKS.rglob("*.ipynb")) - written):
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")


def badges(config, chapter: str, page_url: str) -> str:
    """The HTML under a chapter's title: "Open in Colab" and "Download notebook", as text buttons."""
    download = get_relative_url(notebook_path(chapter), page_url)
    return (
        '<p class="dlref-notebook" style="font-size: 0.65rem">'  # the theme's buttons, badge-sized
        f'<a class="md-button md-button--primary" href="{html.escape(colab_url(config, chapter))}" '
        'title="Run this chapter on a GPU in Google Colab">Open in Colab</a> '
        f'<a class="md-button" href="{html.escape(download)}" download '
        'title="This chapter as a Jupyter notebook">Download notebook</a></p>\n'
    )


def on_page_content(content: str, page, config, files) -> str:
    chapter = page.file.src_uri
    if chapter not in chapters(config["nav"]):
        return content
    row = badges(config, chapter, page.url)
    title_end = content.find("</h1>")
    if title_end < 0:
        return row + content
    title_end += len("</h1>")
    return content[:title_end] + "\n" + row + content[title_end:]


if __name__ == "__main__":
    main()
