"""The exercises on the site: the build hook (overrides/hooks/exercises.py) and the reader's progress
(overrides/assets/dlref/exercises.js) in Chromium.

A small site holds the real exercises of the backprop chapter; the marks are
read from localStorage (`dlref:exercises`, the exercises contract), so no
Python runs in the browser here: the Check button is runner.js's, tested
with the live cells.
"""

import html as html_module
import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from conftest import CORE, ROOT, mkdocs_config

import exercises as hook  # the build hooks (conftest puts the hooks folder on sys.path)
import markup

BACKPROP = (ROOT / "docs" / "chapters" / "backprop.md").read_text()
SECTION = BACKPROP[BACKPROP.index("\n## Exercises"):]
PAGE = "# Backpropagation\n\n```python exec\nimport dlref\n```\n" + SECTION
IDS = [exercise["id"] for exercise in markup.find_exercises(PAGE)]


def build(folder, pages: dict, nav=None):
    """Build a site of `pages` ({path: Markdown}) with the cells, exercises and pyodide hooks; the finished process."""
    for path, text in pages.items():
        (folder / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / path).write_text(text)
    config = {
        "site_name": "Exercises", "site_url": "http://127.0.0.1/",
        "theme": {"name": "material", "font": False, "custom_dir": str(ROOT / "overrides")},
        "markdown_extensions": ["pymdownx.superfences", "pymdownx.details", "admonition", "md_in_html", "attr_list"],
        "hooks": [str(ROOT / "overrides" / "hooks" / name) for name in ("cells.py", "exercises.py", "pyodide.py")],
        "plugins": [], "nav": nav or [*pages, "exercises.md"],
        "extra": {"pyodide": local_pyodide()},
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DLREF_CELL_CACHE=str(folder / "cache"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def local_pyodide() -> dict:
    """The site's Pyodide (its version and base URL), which the browser tests answer from the local core (CORE)."""
    pyodide = mkdocs_config()["extra"]["pyodide"]
    return {"version": pyodide["version"], "base_url": pyodide["base_url"]}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exercises")
    result = build(folder, {"index.md": "# Home\n", "chapters/backprop.md": PAGE})
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "site"


# ------------------------------------------------------------------ the build
def test_headings_are_numbered_with_kind_id_and_the_attributes_exercises_js_reads(site):
    html = (site / "chapters" / "backprop" / "index.html").read_text()
    for number, exercise in enumerate(markup.find_exercises(PAGE), start=1):
        slug = exercise["id"].split("/")[1]
        heading = re.search(rf'<h3 [^>]*id="exercise-{slug}"[^>]*>(.*?)</h3>', html)
        assert heading, exercise["id"]
        assert f'data-exercise="{exercise["id"]}"' in heading[0] and f'data-kind="{exercise["kind"]}"' in heading[0]
        assert html_module.unescape(re.sub(r"<[^>]+>", "", heading[1])).startswith(f"{number}. {exercise['title']}")
        assert f'{hook.KIND_NAMES[exercise["kind"]]}</span> · <code>{exercise["id"]}</code>' in html
    assert "<!-- exercise" not in html


def test_an_implement_exercise_cell_carries_its_check_and_its_solution_is_collapsed(site):
    html = (site / "chapters" / "backprop" / "index.html").read_text()
    cell = re.search(r'<div class="dlref-cell[^"]*" data-cell="\d+" data-exercise="backprop/sigmoid-backward" '
                     r'data-check="([^"]*)"', html)
    assert cell, "the sigmoid exercise's cell has no data-exercise/data-check"
    assert html_module.unescape(cell[1]) == ("import dlref.exercises; dlref.exercises.check("
                                             "'backprop/sigmoid-backward', sigmoid_backward).report()")
    assert html.count("data-check=") == sum(e["kind"] == "implement" for e in markup.find_exercises(PAGE))
    assert html.count('<details class="success">\n<summary>Solution</summary>') == len(IDS)  # closed: no `open`


def test_the_check_code_passes_for_the_solution_and_raises_for_the_starting_code():
    from dlref.exercises import ExerciseFailed

    exercise = next(e for e in markup.find_exercises(PAGE) if e["id"] == "backprop/sigmoid-backward")
    code = hook.check_code(exercise["id"])
    namespace = {}
    exec(exercise["solution_code"], namespace)
    exec(code, namespace)  # passes: prints, raises nothing
    namespace = {}
    exec(exercise["code"], namespace)
    with pytest.raises(ExerciseFailed, match="still raises NotImplementedError"):
        exec(code, namespace)


def test_the_index_page_lists_every_exercise_by_chapter_with_number_id_kind_and_link(site):
    html = (site / "exercises" / "index.html").read_text()
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>\s*<td><code>([^<]+)</code></td>\s*<td>([^<]+)</td>\s*"
                      r'<td><a href="([^"]+)">', html)
    assert [(int(n), i) for n, i, _, _ in rows] == list(enumerate(IDS, start=1))
    exercises = markup.find_exercises(PAGE)
    assert [kind for _, _, kind, _ in rows] == [hook.KIND_NAMES[e["kind"]] for e in exercises]
    assert [link for *_, link in rows] == [f"../chapters/backprop/#exercise-{i.split('/')[1]}" for i in IDS]
    assert '<a href="../chapters/backprop/">Backpropagation</a>' in html and "data-exercise-progress" in html


def test_the_index_page_counts_and_orders_by_the_nav():
    pages = [("chapters/b.md", "B", [{"number": 1, "id": "b/x", "kind": "implement", "title": "X"}]),
             ("chapters/a.md", "A", [{"number": 1, "id": "a/y", "kind": "predict", "title": "Y"},
                                     {"number": 2, "id": "a/z", "kind": "explore", "title": "Z"}]),
             ("index.md", "Home", [])]
    text = hook.index_page(pages)
    assert "3 in all, 1 of them to implement" in text
    assert text.index("## [B](chapters/b.md)") < text.index("## [A](chapters/a.md)") and "Home" not in text
    assert hook._nav_pages([{"Home": "index.md"}, {"Chapters": ["chapters/a.md", {"B": "chapters/b.md"}]}]) == \
        ["index.md", "chapters/a.md", "chapters/b.md"]


@pytest.mark.parametrize("change, message", [
    (("backprop/sigmoid-backward, implement", "neuron/sigmoid-backward, implement"),
     "exercise neuron/sigmoid-backward: an unknown ID for this page: its IDs start with backprop/"),
    (("backprop/sigmoid-backward, implement", "backprop/sigmoid-backward-2, implement"),
     "exercise backprop/sigmoid-backward-2: an implement exercise without a checker: register one with "
     "@exercise('backprop/sigmoid-backward-2', name=...) in dlref/exercises/backprop.py"),
    (("def sigmoid_backward(z, grad_out):\n    \"\"\"dℓ/dz of a = σ(z), given grad_out = dℓ/da; z and grad_out have "
      "the same shape.\"\"\"\n    raise", "def sigmoid_grad(z, grad_out):\n    raise"),
     "exercise backprop/sigmoid-backward: its starting cell does not define sigmoid_backward, the name its checker"),
    (("backprop/accumulation, predict", "backprop/linear-backward, predict"),
     "exercise backprop/linear-backward: this ID is used twice on the page"),
])
def test_the_hook_refuses_a_bad_exercise(change, message):
    old, new = change
    assert old in PAGE
    with pytest.raises(ValueError, match=re.escape(message)):
        hook.page_exercises("chapters/backprop.md", PAGE.replace(old, new, 1))


def test_exercises_belong_to_chapters_and_every_checker_of_a_chapter_is_used():
    with pytest.raises(ValueError, match=r"exercises belong at the end of a chapter \(docs/chapters/\), not on x\.md"):
        hook.page_exercises("x.md", PAGE)
    assert hook.unused_checkers({"backprop"}, set(IDS)) == []
    assert hook.unused_checkers({"backprop"}, {"backprop/sigmoid-backward"}) == \
        sorted(i for i in IDS if i != "backprop/sigmoid-backward" and i in hook._checking().REGISTRY)
    assert hook.chapter_of("chapters/gradient-descent.md") == "gradient-descent" and hook.chapter_of("index.md") is None


def test_the_build_fails_on_a_checker_without_an_exercise_and_on_a_malformed_exercise(tmp_path):
    without_linear = re.sub(r"### A dense layer's backward pass.*?(?=### Gradients add up)", "", PAGE, flags=re.S)
    result = build(tmp_path / "a", {"index.md": "# Home\n", "chapters/backprop.md": without_linear})
    assert result.returncode != 0
    assert "checkers without an implement exercise in a page: backprop/linear-backward" in result.stderr
    result = build(tmp_path / "b", {"index.md": "# Home\n",
                                    "chapters/backprop.md": PAGE.replace("implement -->", "implemnt -->", 1)})
    assert result.returncode != 0
    assert ("chapters/backprop.md: exercise backprop/sigmoid-backward: expected its kind to be one of predict, "
            "implement, explore, pen-and-paper, got 'implemnt'") in result.stderr


# ------------------------------------------------------------------ the reader's progress, in Chromium
SOLVED = {"backprop/sigmoid-backward": "2026-03-04T10:00:00.000Z"}


def state(page, exercise_id) -> str:
    return page.locator(f'.dlref-exercise[data-exercise="{exercise_id}"] .dlref-exercise-state').text_content()


def store(page, record) -> None:
    page.evaluate("record => localStorage.setItem('dlref:exercises', record)",
                  record if isinstance(record, str) else json.dumps(record))


@pytest.fixture
def chapter(new_page, serve, site):
    url = serve(site)
    page = new_page(CORE)  # Python boots with the page: from the local core, so nothing fails to load
    page.goto(url + "chapters/backprop/")
    page.url_root = url
    return page


def test_a_solved_id_in_local_storage_shows_on_its_heading_and_nowhere_else(chapter):
    store(chapter, SOLVED)
    chapter.reload()
    assert state(chapter, "backprop/sigmoid-backward") == " ✓ solved 2026-03-04"
    assert [state(chapter, i) for i in IDS if i != "backprop/sigmoid-backward"] == [""] * (len(IDS) - 1)
    assert chapter.locator(".dlref-exercise.dlref-solved").count() == 1
    assert chapter.aborted == [] and chapter.console_errors == []


def test_the_solved_event_of_runner_js_marks_the_heading_without_a_reload(chapter):
    assert state(chapter, "backprop/linear-backward") == ""
    chapter.evaluate("""() => {
        localStorage.setItem('dlref:exercises', JSON.stringify({'backprop/linear-backward': '2026-05-06T00:00:00Z'}));
        document.dispatchEvent(new CustomEvent('dlref:exercise-solved', {detail: {id: 'backprop/linear-backward'}}));
    }""")
    assert state(chapter, "backprop/linear-backward") == " ✓ solved 2026-05-06"


def test_mark_done_persists_over_a_reload_and_can_be_undone(chapter):
    implement = [e["id"] for e in markup.find_exercises(PAGE) if e["kind"] == "implement"]
    assert chapter.locator(".dlref-mark-done").count() == len(IDS) - len(implement)  # no control where a check is
    button = chapter.locator('.dlref-exercise[data-exercise="backprop/accumulation"] + .dlref-exercise-meta '
                             '.dlref-mark-done')
    assert button.text_content() == "Mark as done"
    button.click()
    chapter.reload()
    assert state(chapter, "backprop/accumulation").startswith(" ✓ done 20")
    record = json.loads(chapter.evaluate("() => localStorage.getItem('dlref:exercises')"))
    assert list(record) == ["backprop/accumulation"] and re.match(r"\d{4}-\d\d-\d\dT", record["backprop/accumulation"])
    button.click()
    assert button.text_content() == "Mark as done"
    chapter.reload()
    assert state(chapter, "backprop/accumulation") == ""
    assert json.loads(chapter.evaluate("() => localStorage.getItem('dlref:exercises')")) == {}


def test_the_index_page_shows_the_progress_and_the_solved_rows(chapter):
    store(chapter, {**SOLVED, "backprop/by-hand": "2026-03-05T00:00:00Z"})
    chapter.goto(chapter.url_root + "exercises/")
    progress = chapter.locator("[data-exercise-progress]").text_content()
    assert progress == f"Your progress: 2 of {len(IDS)} exercises done."
    solved = chapter.locator("tr.dlref-solved .dlref-exercise-state")
    assert solved.all_text_contents() == ["✓ 2026-03-04", "✓ 2026-03-05"]
    assert chapter.locator("tr.dlref-solved code").all_text_contents() == ["backprop/sigmoid-backward",
                                                                           "backprop/by-hand"]


def test_an_unreadable_record_shows_no_marks_and_breaks_nothing(chapter):
    for bad in ["not json", "[1, 2]", "null"]:
        store(chapter, bad)
        chapter.reload()
        assert chapter.locator(".dlref-exercise.dlref-solved").count() == 0
        assert chapter.locator(".dlref-mark-done").first.text_content() == "Mark as done"
    assert chapter.console_errors == []

