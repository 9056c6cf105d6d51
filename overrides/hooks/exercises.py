"""Build hook: the chapters' exercises, numbered, checked, and listed on an index page.

What an exercise is in a page's Markdown is in `markup.py` ("Exercises"); its
checker is in `dlref/exercises/<chapter>.py`. This hook (listed after
`cells.py`, which marks an implement exercise's cell for the Check button
with `cell_attributes`):

- **Fails the build** on an exercise that is malformed, has an ID of another
  chapter, or is an implement exercise whose checker is missing or whose
  starting cell does not define the name the checker checks; and on a
  checker that no exercise of a page uses (`on_files`).
- **Numbers the exercises** of a page: each heading becomes
  `N. Title`, with its kind and ID under it and the attributes
  `overrides/assets/dlref/exercises.js` reads (`data-exercise`, `data-kind`).
- **Makes the index page** `exercises.md` (in the nav): every exercise by
  chapter, with its number, ID, kind and title, and the reader's progress.

The checkers are imported from this working tree's `dlref`, whatever else is
installed, so that the build checks the checkers it ships.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from markup import find_exercises  # the hooks folder is on sys.path while mkdocs loads a hook
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parents[2]
INDEX = "exercises.md"
KIND_NAMES = {"predict": "Predict, then run", "implement": "Implement", "explore": "Explore",
              "pen-and-paper": "Pen and paper"}


def _checking():
    """`dlref.exercises.checking`, from this working tree."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from dlref.exercises import checking

    return checking


def chapter_of(src_uri: str) -> str | None:
    """The chapter slug of a page (`chapters/gradient-descent.md` → `gradient-descent`), None if no chapter."""
    path = Path(src_uri)
    return path.stem if path.parent.as_posix() == "chapters" and path.suffix == ".md" else None


def checked_name(exercise_id: str) -> str:
    """The name an implement exercise's code defines and its checker checks."""
    checking = _checking()
    checking.load_chapter(exercise_id.split("/")[0])
    return checking.REGISTRY[exercise_id].name


def check_code(exercise_id: str) -> str:
    """The Python the Check button runs after the cell: the checker, on the name the cell defined."""
    return f"import dlref.exercises; dlref.exercises.check('{exercise_id}', {checked_name(exercise_id)}).report()"


def cell_attributes(exercise_id: str) -> str:
    """The attributes of an implement exercise's cell, for runner.js's Check button (the exercises contract)."""
    return f' data-exercise="{exercise_id}" data-check="{check_code(exercise_id)}"'  # no " in the code


def defines(code: str, name: str) -> bool:
    """Whether `code` defines `name` at its top level (a function, a class or an assignment)."""
    for node in ast.parse(code).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return True
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return True
    return False


def page_exercises(src_uri: str, markdown: str) -> list[dict]:
    """The exercises of a page, each checked against its chapter and its checker.

    Raises:
        ValueError: naming the exercise and its problem (see the module docstring).
    """
    exercises = find_exercises(markdown)
    chapter = chapter_of(src_uri)
    if exercises and chapter is None:
        raise ValueError(f"exercise {exercises[0]['id']}: exercises belong at the end of a chapter "
                         f"(docs/chapters/), not on {src_uri}")
    checking = _checking()
    for exercise in exercises:
        where = f"exercise {exercise['id']}"
        if exercise["id"].split("/")[0] != chapter:
            raise ValueError(f"{where}: an unknown ID for this page: its IDs start with {chapter}/")
        if exercise["kind"] != "implement":
            continue
        if chapter not in checking.chapters() or exercise["id"] not in checking.load_chapter(chapter):
            raise ValueError(f"{where}: an implement exercise without a checker: register one with "
                             f"@exercise({exercise['id']!r}, name=...) in dlref/exercises/{chapter.replace('-', '_')}.py")
        name = checked_name(exercise["id"])
        if not defines(exercise["code"], name):
            raise ValueError(f"{where}: its starting cell does not define {name}, the name its checker checks")
    return exercises


def unused_checkers(chapters: set, used: set) -> list[str]:
    """The checkers of these chapters that no implement exercise of theirs uses (a checker module without a
    chapter page is tests/test_exercises.py's to find: a test site builds some chapters only)."""
    checking = _checking()
    registered = {i for chapter in sorted(chapters & set(checking.chapters())) for i in checking.load_chapter(chapter)}
    return sorted(registered - used)


def heading(exercise: dict) -> str:
    """An exercise's heading on the site: its number and title, its kind and ID under it."""
    slug = exercise["id"].split("/")[1]
    return (f'### {exercise["number"]}. {exercise["title"]} {{: #exercise-{slug} .dlref-exercise '
            f'data-exercise="{exercise["id"]}" data-kind="{exercise["kind"]}" }}\n\n'
            f'<p class="dlref-exercise-meta"><span class="dlref-exercise-kind">{KIND_NAMES[exercise["kind"]]}'
            f'</span> · <code>{exercise["id"]}</code></p>')


def index_page(chapters: list[tuple[str, str, list[dict]]]) -> str:
    """The Markdown of the index page: `chapters` is `(page path, page title, exercises)` in nav order."""
    total = sum(len(exercises) for _, _, exercises in chapters)
    implement = sum(e["kind"] == "implement" for _, _, exercises in chapters for e in exercises)
    lines = ["# Exercises", "",
             f"Every chapter ends with exercises: {total} in all, {implement} of them to implement and checked "
             "by the page itself (the **Check** button runs a checker of "
             "[`dlref.exercises`][dlref.exercises] in your browser; in a notebook or a script, "
             "`dlref.exercises.check(ID, your_function)` does the same). Assign them by chapter and number "
             "(\"backprop 3\") or by ID, which never changes.", "",
             "Your progress is kept in this browser only (its local storage): an implement exercise counts as "
             "solved when its check passes, the others when you mark them done.", "",
             '<p class="dlref-exercise-progress" data-exercise-progress></p>', ""]
    for path, title, exercises in chapters:
        if not exercises:
            continue
        lines += [f"## [{title}]({path})", "", "| | ID | kind | exercise | |", "|---|---|---|---|---|"]
        for e in exercises:
            slug = e["id"].split("/")[1]
            lines.append(f'| {e["number"]} | `{e["id"]}` | {KIND_NAMES[e["kind"]]} | '
                         f'[{e["title"]}]({path}#exercise-{slug}) | '
                         f'<span class="dlref-exercise-state" data-exercise="{e["id"]}"></span> |')
        lines.append("")
    return "\n".join(lines)


def _title(markdown: str, src_uri: str) -> str:
    first = next((line for line in markdown.splitlines() if line.startswith("# ")), None)
    return first[2:].strip() if first else src_uri


def on_files(files, config):
    pages, used = [], set()
    for file in files.documentation_pages():
        markdown = get_data(file.content_string)[0]
        try:
            exercises = page_exercises(file.src_uri, markdown)
        except ValueError as error:
            raise PluginError(f"{file.src_uri}: {error}") from None
        used |= {e["id"] for e in exercises if e["kind"] == "implement"}
        pages.append((file.src_uri, _title(markdown, file.src_uri), exercises))
    unused = unused_checkers({chapter_of(path) for path, _, _ in pages} - {None}, used)
    if unused:
        raise PluginError(f"checkers without an implement exercise in a page: {', '.join(unused)}: write the "
                          f"exercise (docs/contributing.md, An exercise) or remove the checker")
    order = [page for page in _nav_pages(config["nav"] or [])]
    pages.sort(key=lambda page: order.index(page[0]) if page[0] in order else len(order))
    files.append(File.generated(config, INDEX, content=index_page(pages)))
    return files


def _nav_pages(nav) -> list[str]:
    """The page paths of mkdocs.yml's nav, in order."""
    found = []
    for item in nav if isinstance(nav, list) else [nav]:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found += _nav_pages(value) if isinstance(value, (list, dict)) else [value]
    return found


def on_page_markdown(markdown: str, page, config, files) -> str:
    # the exercises of the page's source (checked in on_files); `markdown` has its cells rendered by cells.py
    exercises = find_exercises(get_data(page.file.content_string)[0]) if page.file.src_uri != INDEX else []
    for exercise in exercises:
        markdown = markdown.replace(exercise["heading"], heading(exercise), 1)
    return markdown
