"""Exercises that check themselves (dlref.exercises): the chapters' solutions pass, plausible wrong ones fail
with the hint aimed at their mistake, and every bad input to check() gets a clear message.

The reference solutions live only in the chapter pages (each implement
exercise's `??? success "Solution"` block); they are extracted here with the
site's own parser (overrides/hooks/markup.py). The wrong solutions live in
tests/wrong_solutions/<chapter>.py, as `WRONG = {"chapter/slug": [(solution,
"fragment of the expected message"), ...]}`.
"""

import importlib.util
import re

import numpy as np
import pytest
from conftest import ROOT

import markup  # the build hooks (conftest puts the hooks folder on sys.path)
from dlref.exercises import ExerciseFailed, Result, check, checking

CHAPTERS = sorted(path.stem for path in (ROOT / "docs" / "chapters").glob("*.md"))
EXERCISES = {chapter: markup.find_exercises((ROOT / "docs" / "chapters" / f"{chapter}.md").read_text())
             for chapter in CHAPTERS}
IMPLEMENT = {exercise["id"]: exercise for exercises in EXERCISES.values() for exercise in exercises
             if exercise["kind"] == "implement"}


def wrong_solutions(chapter: str) -> dict:
    """The WRONG table of tests/wrong_solutions/<chapter>.py ({} when the chapter has none yet)."""
    path = ROOT / "tests" / "wrong_solutions" / f"{chapter.replace('-', '_')}.py"
    if not path.is_file():
        return {}
    spec = importlib.util.spec_from_file_location(f"wrong_solutions_{chapter.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG


WRONG = {exercise_id: cases for chapter in CHAPTERS for exercise_id, cases in wrong_solutions(chapter).items()}
WRONG_CASES = [(exercise_id, i) for exercise_id, cases in WRONG.items() for i in range(len(cases))]


def solution(exercise_id: str):
    """The reference solution of an implement exercise: its page's solution code, run alone."""
    namespace = {}
    exec(compile(IMPLEMENT[exercise_id]["solution_code"], f"<solution of {exercise_id}>", "exec"), namespace)
    checking.load_chapter(exercise_id.split("/")[0])
    name = checking.REGISTRY[exercise_id].name
    assert name in namespace, f"{exercise_id}: the solution does not define {name}, the name its checker checks"
    return namespace[name]


def registered() -> set:
    for chapter in checking.chapters():
        checking.load_chapter(chapter)
    return set(checking.REGISTRY)


# ------------------------------------------------------------------ the chapters
@pytest.mark.parametrize("exercise_id", sorted(IMPLEMENT))
def test_each_reference_solution_passes_its_checker(exercise_id):
    result = check(exercise_id, solution(exercise_id))
    assert result.passed, result.message
    assert result.message.startswith(f"✓ {checking.REGISTRY[exercise_id].name}: ")


@pytest.mark.parametrize("exercise_id, index", WRONG_CASES, ids=[f"{e}-{i}" for e, i in WRONG_CASES])
def test_each_wrong_solution_fails_with_the_hint_aimed_at_its_mistake(exercise_id, index):
    wrong, fragment = WRONG[exercise_id][index]
    result = check(exercise_id, wrong)
    assert not result.passed, f"{exercise_id}: wrong solution {index} passed: {result.message}"
    assert fragment in result.message, f"{exercise_id}: wrong solution {index}: {fragment!r} not in\n{result.message}"
    assert result.message.startswith("✗ ")
    if exercise_id in IMPLEMENT:  # a failure message never gives the solution away
        lines = {line.strip() for line in IMPLEMENT[exercise_id]["solution_code"].splitlines()}
        given = [line for line in lines if len(line) > 12 and line.startswith(("return", "s =")) and
                 line in result.message]
        assert not given, f"{exercise_id}: the message shows the solution's {given}"


def _nudged(value):
    """`value` with every float array or number in it moved by about 1%, and every integer by 1."""
    if isinstance(value, (np.ndarray, float, np.floating)) and np.asarray(value).dtype.kind == "f":
        return value * 1.01 + 1e-3
    if isinstance(value, (np.ndarray, int, np.integer)) and np.asarray(value).dtype.kind in "iu" \
            and not isinstance(value, bool):
        return value + 1
    if isinstance(value, (tuple, list)):
        return type(value)(_nudged(v) for v in value)
    if isinstance(value, dict):
        return {k: _nudged(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("exercise_id", sorted(IMPLEMENT))
def test_no_checker_passes_an_answer_of_the_right_shape_that_is_slightly_off(exercise_id):
    reference = solution(exercise_id)
    if isinstance(reference, type):
        pytest.skip("a class: its checker is held by its wrong solutions")
    result = check(exercise_id, lambda *args, **kwargs: _nudged(reference(*args, **kwargs)))
    assert not result.passed, f"{exercise_id}: a 1% error passed: {result.message}"


def test_every_implement_exercise_has_a_checker_and_three_wrong_solutions_and_every_checker_an_exercise():
    checkers = registered()
    assert sorted(set(IMPLEMENT) - checkers) == [], "implement exercises without a checker"
    assert sorted(checkers - set(IMPLEMENT)) == [], "checkers without an implement exercise in a page"
    assert sorted(set(WRONG) - set(IMPLEMENT)) == [], "wrong solutions for no implement exercise"
    few = sorted(exercise_id for exercise_id in IMPLEMENT if len(WRONG.get(exercise_id, [])) < 3)
    assert few == [], "implement exercises with fewer than three wrong solutions"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_ends_with_four_exercises_two_of_them_implement(chapter):
    exercises = EXERCISES[chapter]
    assert len(exercises) >= 4, f"{chapter}: {len(exercises)} exercises"
    assert sum(e["kind"] == "implement" for e in exercises) >= 2, f"{chapter}: fewer than two implement exercises"
    assert all(e["id"].startswith(f"{chapter}/") for e in exercises), f"{chapter}: an ID of another chapter"
    text = (ROOT / "docs" / "chapters" / f"{chapter}.md").read_text()
    last = [h for h in re.findall(r"^## (.*)$", markup.mask_code(text), re.MULTILINE)][-1]
    assert last.startswith("Exercises"), f"{chapter}: the last section is {last!r}, not Exercises"


def test_the_course_has_sixty_exercises_thirty_to_implement_and_every_kind():
    everything = [e for exercises in EXERCISES.values() for e in exercises]
    assert len(everything) >= 60 and len(IMPLEMENT) >= 30, (len(everything), len(IMPLEMENT))
    assert {e["kind"] for e in everything} == set(markup.KINDS)


# ------------------------------------------------------------------ check() and Result
def sigmoid_backward(z, grad_out):
    s = 1 / (1 + np.exp(-z))
    return grad_out * s * (1 - s)


def test_a_result_is_its_message_and_its_truth():
    passed, failed = check("backprop/sigmoid-backward", sigmoid_backward), check("backprop/sigmoid-backward", 3)
    assert isinstance(passed, Result) and bool(passed) and not bool(failed)
    assert str(passed) == repr(passed) == passed.message
    assert passed.message == ("✓ sigmoid_backward: matches dlref on 4 random shapes; finite differences agree "
                              "to " + passed.message.split("agree to ")[1].split(";")[0] +
                              "; z = 0 and z = ±40 handled")
    assert float(passed.message.split("agree to ")[1].split(";")[0]) < 1e-7


def test_report_prints_a_pass_and_raises_a_failure(capsys):
    assert check("backprop/sigmoid-backward", sigmoid_backward).report() is None
    assert capsys.readouterr().out.startswith("✓ sigmoid_backward: matches dlref")
    with pytest.raises(ExerciseFailed) as error:
        check("backprop/sigmoid-backward", lambda z, grad_out: grad_out * z).report()
    assert str(error.value).startswith("✗ sigmoid_backward(z, grad_out) is wrong for shape (5,)\n  input:    z = [")


@pytest.mark.parametrize("exercise_id, message", [
    ("backprop/sigmoid-backwards", r"^check\(\): expected exercise_id to be one of .*'backprop/sigmoid-backward'.*, "
                                   r"got 'backprop/sigmoid-backwards'$"),
    ("backpropagation/sigmoid-backward", r"^check\(\): expected the chapter of exercise_id to be one of .*'backprop'.*"
                                         r", got 'backpropagation'$"),
    ("sigmoid-backward", r"^check\(\): expected exercise_id to be a string 'chapter/exercise'.*, got str "),
    (None, r"^check\(\): expected exercise_id to be a string 'chapter/exercise'.*, got None$"),
    (3, r"^check\(\): expected exercise_id to be .*, got int 3$"),
])
def test_an_unknown_exercise_is_a_value_error_naming_the_known_ones(exercise_id, message):
    with pytest.raises(ValueError, match=message):
        check(exercise_id, sigmoid_backward)


def failure(solution) -> str:
    result = check("backprop/sigmoid-backward", solution)
    assert not result.passed
    return result.message


def test_a_solution_that_is_not_callable_is_told_to_pass_the_function():
    assert failure("sigmoid_backward") == ("✗ sigmoid_backward: expected the function sigmoid_backward you defined, "
                                           "got str 'sigmoid_backward'; pass the function itself: "
                                           "check('backprop/sigmoid-backward', sigmoid_backward)")
    assert "got None" in failure(None)


def test_a_wrong_signature_shows_the_readers_definition():
    message = failure(lambda z: z)
    assert message.startswith("✗ sigmoid_backward(z, grad_out) cannot be called as the checker calls it: ")
    assert "Your definition is <lambda>(z); keep the signature of the exercise's starting code" in message


def test_a_solution_that_raises_gets_the_error_its_line_and_the_input():
    def raises(z, grad_out):
        return z[7] * grad_out

    message = failure(raises)
    assert message.startswith("✗ sigmoid_backward(z, grad_out) raised IndexError: index 7 is out of bounds")
    assert "(line " in message and "return z[7] * grad_out)" in message
    assert "\n  input:    z = [" in message and "\n            grad_out = [" in message


def test_the_starting_code_is_told_to_replace_its_placeholder():
    def starting(z, grad_out):
        raise NotImplementedError("compute the sigmoid")

    assert "still raises NotImplementedError: replace the placeholder body" in failure(starting)


def test_none_a_list_a_string_and_a_wrong_shape_are_each_named():
    assert "returned None: a `return` is missing" in failure(lambda z, grad_out: None)
    assert "returned the wrong type" in failure(lambda z, grad_out: list(z))
    assert "got:      list [" in failure(lambda z, grad_out: list(z))
    assert "got:      str 'z'" in failure(lambda z, grad_out: "z")
    message = failure(lambda z, grad_out: grad_out.sum(keepdims=True))
    assert "returned the wrong shape for shape (5,)" in message
    assert "expected: shape (5,)\n  got:      shape (1,)" in message


def test_an_endless_loop_is_stopped_by_the_time_limit(monkeypatch):
    monkeypatch.setattr(checking, "TIME_LIMIT", 0.3)

    def one_line(z, grad_out):
        while True: pass  # noqa: E701 (one line, no line event: stopped all the same)

    def counting(z, grad_out):
        i = 0
        while i >= 0:
            i += 1

    def swallowing(z, grad_out):
        while True:
            try:
                z = z + 1
            except Exception:  # noqa: BLE001 (the limit is not an Exception: it cannot be swallowed)
                pass

    for solution in (one_line, counting, swallowing):
        message = failure(solution)
        assert message.startswith("✗ sigmoid_backward(z, grad_out) ran for more than 0.3 s and was stopped"), message
        assert "hint:     an endless loop?" in message


def test_the_time_limit_leaves_a_tracer_in_place_and_library_code_untraced():
    import sys

    seen = []

    def tracer(frame, event, arg):
        seen.append(event)

    sys.settrace(tracer)
    try:
        assert check("backprop/sigmoid-backward", sigmoid_backward).passed
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)
    assert checking._library_frame(np.__file__) and checking._library_frame(checking.__file__)
    assert not checking._library_frame("<solution of backprop/sigmoid-backward>")


def test_a_solution_that_writes_into_its_input_cannot_change_the_expected_value():
    def in_place(z, grad_out):
        s = 1 / (1 + np.exp(-z))
        grad_out *= s * (1 - s)  # correct, but writes into grad_out
        return grad_out

    assert check("backprop/sigmoid-backward", in_place).passed


def test_nan_where_dlref_is_finite_is_said():
    message = failure(lambda z, grad_out: grad_out * np.exp(-z) / (1 + np.exp(-z)) ** 2 * np.nan)
    assert "NaN or inf where dlref's is finite" in message


def test_registering_an_id_twice_is_refused_unless_it_is_the_same_checker_again():
    checking.load_chapter("backprop")
    with pytest.raises(ValueError, match=r"^exercise\(\): the ID 'backprop/sigmoid-backward' is registered twice$"):
        checking.exercise("backprop/sigmoid-backward", name="f")(lambda solution: [])
    registered = checking.REGISTRY["backprop/sigmoid-backward"]
    try:  # the module run anew (contributing.md shows the checker's code, and the site's tests run it)
        checking.exercise("backprop/sigmoid-backward", name="sigmoid_backward")(registered.checker)
        assert checking.REGISTRY["backprop/sigmoid-backward"].checker is registered.checker
    finally:
        checking.REGISTRY["backprop/sigmoid-backward"] = registered


# ------------------------------------------------------------------ the page syntax
PAGE = """# A chapter

Text.

## Exercises

### Predict <!-- exercise: demo/predict, predict -->

What does `print(1 + 1)` print?

??? success "Solution"

    It prints 2.

### Double <!-- exercise: demo/double, implement -->

```python exec
def double(x):
    raise NotImplementedError
```

??? success "Solution"

    Multiply by two:

    ```python
    def double(x):
        return 2 * x
    ```
"""


def test_the_parser_finds_numbers_titles_kinds_cells_and_solutions():
    first, second = markup.find_exercises(PAGE)
    assert (first["number"], first["id"], first["kind"], first["title"]) == (1, "demo/predict", "predict", "Predict")
    assert first["solution"].strip() == "It prints 2." and "code" not in first
    assert (second["number"], second["kind"], second["title"]) == (2, "implement", "Double")
    assert second["code"] == "def double(x):\n    raise NotImplementedError"
    assert second["solution_code"] == "def double(x):\n    return 2 * x\n"
    cells = [part for part in markup.split_page(PAGE) if part["kind"] == "code"]
    assert [cell.get("exercise") for cell in cells] == ["demo/double"]


@pytest.mark.parametrize("change, message", [
    (("demo/predict, predict", "demo/Predict, predict"), "expected <!-- exercise: chapter/slug, kind -->"),
    (("demo/predict, predict", "demo/predict"), "expected <!-- exercise: chapter/slug, kind -->"),
    (("predict -->", "guess -->"), "expected its kind to be one of predict, implement, explore, pen-and-paper, "
                                   "got 'guess'"),
    (("demo/double,", "demo/predict,"), "exercise demo/predict: this ID is used twice on the page"),
    (("## Exercises", "## More"), "exercise demo/predict: an exercise is a ### heading under the page's ## Exercises"),
    (("### Predict", "#### Predict"), "an exercise is a ### heading under the page's ## Exercises section"),
    (("### Double <!-- exercise: demo/double, implement -->", "### Double"),
     "every ### heading under ## Exercises is an exercise"),
    (('??? success "Solution"\n\n    It', "It"), "exercise demo/predict: expected a worked solution"),
    (("```python exec\ndef double(x):\n    raise NotImplementedError\n```\n", ""),
     "exercise demo/double: an implement exercise has exactly one python exec cell, its starting code; it has 0"),
    (("```python exec\n", "```python exec\nx = 1\n```\n\n```python exec\n"), "it has 2"),
    (("    ```python\n", "    ```text\n"), "exercise demo/double: its solution block holds no ```python code block"),
])
def test_a_malformed_exercise_is_refused_with_what_is_wrong(change, message):
    old, new = change
    assert old in PAGE
    with pytest.raises(ValueError, match=re.escape(message)):
        markup.find_exercises(PAGE.replace(old, new, 1))


def test_exercise_marks_in_code_are_text():
    page = "# P\n\n```markdown\n### X <!-- exercise: demo/x, implement -->\n```\n"
    assert markup.find_exercises(page) == []


def test_a_check_in_a_torch_session_computes_on_numpy_and_leaves_the_session_on_torch():
    pytest.importorskip("torch")
    import dlref

    dlref.use("torch")
    try:
        result = check("backprop/network-backward", solution("backprop/network-backward"))
        assert result.passed, result.message
        assert dlref.backend.name() == "torch" and str(dlref.backend.device()) == "cpu"
    finally:
        dlref.use("numpy")
