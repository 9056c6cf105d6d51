"""What the site adds to a page's Markdown: code cells and claims; the one parser of both.

The build runs a page's cells and checks its claims (`cells.py`); the
notebooks keep the cells and drop the claims (`colab.py`).

## Cells

A cell is a fenced block whose info string is `python exec`; `python exec fold`
puts the code in a collapsed box, for figure code a reader may skip:

    ```python exec
    print(1 + 1)
    ```

The cells of a page run in page order in one Python session, as in a notebook,
by the rules of `session.py`; their output goes on the page.

## Claims

A sentence that describes a computed result (a comparison, a trend, a count,
"from about 16 units on", "the CNN has fewer parameters") carries its check,
a Python expression in an HTML comment right after it, inside its paragraph:

    The widest network's error is over 50 times smaller than width 1's. <!-- claim: mse[-1] < mse[0] / 50 -->

- The expression is evaluated in the page's session at that point of the
  page: after the cells above it ran, before those below. It must be one
  expression (no statement, no assignment); it holds when its value is true.
- When it does not hold, or raises, the build fails, naming the page, the
  sentence, the expression and the values of its parts: both sides of a
  comparison, each term of `and`/`or`, or else the variables it uses. So
  write the claim as the comparison the sentence makes, with the page's own
  variables: `acc_cnn > acc_mlp`, not `acc_cnn - acc_mlp > 0`. Claim what
  the sentence says, with its own margin: "about 0.94" is
  `abs(accuracy - 0.94) < 0.005`, never `accuracy == 0.94`.
- A claim runs with the page's cells, and is cached with them: editing its
  expression reruns the page, editing the sentence does not.
- The sentence is the text from the previous sentence's end (or the
  paragraph's start) to the comment. Several claims may follow one sentence.
- The reader sees the sentence only. Where the check teaches, write
  `<!-- claim shown: EXPRESSION -->`: the page then shows it after the
  sentence, as a small "checked" note.
- The live cells in the browser and the notebooks do not show claims.
- Claims in code (fenced blocks, code spans) are text, not claims. Any other
  HTML comment that starts with `claim` must be a claim: a misspelt one
  stops the build rather than go unchecked.

## Exercises

A chapter ends with a section `## Exercises` whose `###` headings are its
exercises, each marked with its ID and kind in a comment at the heading's end:

    ### The sigmoid's backward <!-- exercise: backprop/sigmoid-backward, implement -->

- The ID is `chapter/slug`: the page's file name without `.md`, and a slug of
  lowercase letters, digits and hyphens; it never changes once published.
  The kind is `predict` (predict, then run), `implement`, `explore` or
  `pen-and-paper`. The exercises are numbered 1, 2, ... in page order.
- Every exercise has a worked solution, collapsed: a block
  `??? success "Solution"` with the text indented by four spaces.
- An `implement` exercise has exactly one `python exec` cell, the starting
  code, and its solution block holds a `python` code block that defines the
  function or class named by its checker (`dlref/exercises/<chapter>.py`).
  The solution's code is self-contained (its own imports): the tests run it
  alone and check that it passes.
- `find_exercises` is the parser; `split_page` marks the starting cell of an
  implement exercise with its ID (`"exercise"`). The build hook `exercises.py`
  numbers the exercises, builds the index page and fails on a malformed one.
"""

from __future__ import annotations

import ast
import re

FENCE = re.compile(r"^```python exec(?P<fold> fold)?[ \t]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
CODE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=indent)(?P=fence)[ \t]*$"  # a fenced block
    r"|(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)",  # a code span
    re.MULTILINE | re.DOTALL,
)
# A claim with the line break or spaces before it, which go with it when it is removed.
CLAIM = re.compile(r"(?:[ \t]*\n)?[ \t]*(?P<comment><!--\s*claim(?P<body>.*?)-->)", re.DOTALL)
CLAIM_BODY = re.compile(r"\s*(?P<shown>shown\s*)?:\s*(?P<expression>.*?)\s*", re.DOTALL)
SENTENCE_END = re.compile(r"[.!?][\"')\]*_]*\s")
LINE_MARK = re.compile(r"^(?:#+|[-*+]|\d+\.|>)\s+")  # a heading's, a list item's or a quote's
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<text>.*?)[ \t]*$", re.MULTILINE)
EXERCISE_MARK = re.compile(r"<!--\s*exercise\b(?P<body>.*?)-->", re.DOTALL)
EXERCISE_BODY = re.compile(r"\s*:\s*(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*)\s*,\s*"
                           r"(?P<kind>[a-z-]+)\s*", re.DOTALL)
KINDS = ("predict", "implement", "explore", "pen-and-paper")
SOLUTION = re.compile(r'^\?\?\? success "Solution"[ \t]*\n(?P<body>(?:[ \t]*\n|    [^\n]*\n?)*)', re.MULTILINE)
SOLUTION_CODE = re.compile(r"^```python[ \t]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def split_page(markdown: str) -> list[dict]:
    """The page as a list of parts, in page order.

    Returns:
        `{"kind": "markdown", "text"}`, `{"kind": "code", "code", "fold"}` and
        `{"kind": "claim", "expression", "shown", "sentence"}`; the page is the
        concatenation of the markdown parts, the cells' fences and the claims'
        comments (with the spaces or line break before them).

    Raises:
        ValueError: a claim is malformed, is not one expression, or follows no sentence.
    """
    parts, start = [], 0
    starting_cells = {exercise["cell_start"]: exercise["id"] for exercise in find_exercises(markdown)
                      if exercise["kind"] == "implement"}
    for match in FENCE.finditer(markdown):
        parts += _prose(markdown[start:match.start()])
        parts.append({"kind": "code", "code": match["code"].rstrip("\n"), "fold": bool(match["fold"])})
        if match.start() in starting_cells:
            parts[-1]["exercise"] = starting_cells[match.start()]
        start = match.end()
    return parts + _prose(markdown[start:])


def find_exercises(markdown: str) -> list[dict]:
    """The exercises of a page (see "Exercises" above), in page order.

    Returns:
        One dict per exercise: `number` (1, 2, ...), `id`, `kind`, `title`,
        `heading` (the heading's line), `solution` (the solution block's text,
        unindented), and for an implement exercise `code` (its starting cell),
        `cell_start` (the cell's offset in `markdown`) and `solution_code`.

    Raises:
        ValueError: naming the exercise and what is wrong with it: a malformed
            mark, a mark outside `## Exercises` or a heading there without one,
            an unknown kind, a duplicate ID, a missing solution, an implement
            exercise without exactly one cell or without code in its solution.
    """
    masked = mask_code(markdown)
    headings = list(HEADING.finditer(masked))
    section = next((h for h in headings if len(h["level"]) == 2 and re.match(r"Exercises\b", h["text"])), None)
    exercises, seen = [], set()
    for index, heading in enumerate(headings):
        line = markdown[heading.start():heading.end()]
        mark = EXERCISE_MARK.search(line)
        inside = section is not None and heading.start() > section.start() and not any(
            len(h["level"]) <= 2 for h in headings if section.start() < h.start() <= heading.start())
        if mark is None:
            if inside and len(heading["level"]) == 3:
                raise ValueError(f"{line.strip()!r}: every ### heading under ## Exercises is an exercise: end it "
                                 f"with <!-- exercise: chapter/slug, kind -->")
            continue
        body = EXERCISE_BODY.fullmatch(mark["body"])
        if body is None:
            raise ValueError(f"{line.strip()!r}: expected <!-- exercise: chapter/slug, kind --> with a slug of "
                             f"lowercase letters, digits and hyphens")
        where = f"exercise {body['id']}"
        if not (inside and len(heading["level"]) == 3):
            raise ValueError(f"{where}: an exercise is a ### heading under the page's ## Exercises section")
        if body["kind"] not in KINDS:
            raise ValueError(f"{where}: expected its kind to be one of {', '.join(KINDS)}, got {body['kind']!r}")
        if body["id"] in seen:
            raise ValueError(f"{where}: this ID is used twice on the page")
        seen.add(body["id"])
        end = next((h.start() for h in headings[index + 1:] if len(h["level"]) <= 3), len(markdown))
        text = markdown[heading.end():end]
        solution = SOLUTION.search(mask_code(text))
        if solution is None:
            raise ValueError(f"{where}: expected a worked solution, a block ??? success \"Solution\" "
                             f"with its text indented by four spaces")
        solution_text = re.sub(r"^    ", "", text[solution.start("body"):solution.end("body")], flags=re.MULTILINE)
        exercise = {"number": len(exercises) + 1, "id": body["id"], "kind": body["kind"],
                    "title": line[len(heading["level"]):mark.start()].strip(), "heading": line,
                    "solution": solution_text}
        if body["kind"] == "implement":
            cells = [match for match in FENCE.finditer(markdown, heading.end(), end)]
            if len(cells) != 1:
                raise ValueError(f"{where}: an implement exercise has exactly one python exec cell, its "
                                 f"starting code; it has {len(cells)}")
            code = SOLUTION_CODE.search(solution_text)
            if code is None:
                raise ValueError(f"{where}: its solution block holds no ```python code block")
            exercise |= {"code": cells[0]["code"].rstrip("\n"), "cell_start": cells[0].start(),
                         "solution_code": code["code"]}
        exercises.append(exercise)
    return exercises


def mask_code(text: str) -> str:
    """`text` with its fenced code blocks and code spans blanked (every character but white space
    made NUL): what a pattern finds in it is prose, at the same position and indentation as in `text`."""
    return CODE.sub(lambda match: re.sub(r"\S", "\0", match[0]), text)


def _sentence(before: str) -> str:
    """The sentence that ends where `before` ends: from the previous sentence's end, or its paragraph's start."""
    paragraph = " ".join(re.split(r"\n[ \t]*\n", before)[-1].split())
    paragraph = LINE_MARK.sub("", paragraph)
    ends = [match.end() for match in SENTENCE_END.finditer(paragraph)]
    return paragraph[ends[-1] if ends else 0:]


def _prose(text: str) -> list[dict]:
    """Prose as markdown parts, and the claims in it as claim parts between them."""
    parts, start = [], 0
    for match in CLAIM.finditer(mask_code(text)):
        comment = text[match.start("comment"):match.end("comment")]
        body = CLAIM_BODY.fullmatch(text, match.start("body"), match.end("body"))
        if body is None or not body["expression"]:
            raise ValueError(f"{comment}: expected <!-- claim: EXPRESSION --> or <!-- claim shown: EXPRESSION -->")
        try:
            ast.parse(body["expression"], mode="eval")
        except SyntaxError as error:
            raise ValueError(f"{comment}: a claim is one Python expression, with no statement ({error.msg})") from None
        before = text[start:match.start("comment")]
        if not before.strip() and parts and parts[-1]["kind"] == "claim":
            sentence = parts[-1]["sentence"]  # a second claim on the same sentence
        else:
            sentence = _sentence(before)
        if not sentence:
            raise ValueError(f"{comment} follows no sentence: put it right after the sentence it checks, in its paragraph")
        if match.start() > start:
            parts.append({"kind": "markdown", "text": text[start:match.start()]})
        parts.append({"kind": "claim", "expression": body["expression"], "shown": bool(body["shown"]),
                      "sentence": sentence})
        start = match.end()
    if start < len(text):
        parts.append({"kind": "markdown", "text": text[start:]})
    return parts
