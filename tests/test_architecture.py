"""The package's shape: a concept per file, no reaching into another module's private names,
and imports that only run down the layers backend → autograd → blocks → learning → the notes."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "dlref"
MAX_LINES = 800

# The layers of the package, lowest first: a module may import from its own layer and the ones below.
LAYERS = {
    "backend": 0,
    "autograd": 1, "checks": 1, "finite_differences": 1, "joining": 1, "serialization": 1,
    "activations": 2, "functional": 2, "init": 2, "layers": 2, "losses": 2, "optimizers": 2, "schedules": 2,
    "callbacks": 2, "regularizers": 2, "metrics": 2, "data": 2,
    "training": 3,
    "neuron": 4, "models": 4, "clustering": 4, "scratch": 4, "experiments": 4,
    "exercises": 5,  # the checkers of the chapters' exercises: references from the whole package
}
SITE = {"cells", "colab", "pyodide", "mathjax", "session", "mkdocs", "material"}  # the site's hooks and tools


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def dlref_imports(tree: ast.AST, module: str):
    """`(imported module, names)` for every import of a dlref module, relative ones resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: len(module.split(".")) - node.level + 1]
                base = ".".join(package + ([base] if base else []))
            yield base, [alias.name for alias in node.names]


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if parts[0] == "dlref" and len(parts) > 1 else None


def test_every_module_has_a_layer():
    top = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in modules()} - {"__init__"}
    assert top == set(LAYERS), "give every top-level module of dlref its layer in LAYERS"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_concept_per_file(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES}): split it by concept"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_down_the_layers_and_never_reach_private_names(path):
    module = dotted(path)
    tree = ast.parse(path.read_text())
    problems = []
    for imported, names in dlref_imports(tree, module):
        top = imported.split(".")[0]
        if top in SITE:
            problems.append(f"imports the site's {imported}")
        if top != "dlref":
            continue
        if any(part.startswith("_") for part in imported.split(".")[1:]):
            problems.append(f"imports the private module {imported}")
        private = [name for name in names if name.startswith("_")]
        if private:
            problems.append(f"imports private names {private} from {imported}")
        for name in names:  # `from dlref import layers` imports the module dlref.layers
            target = f"{imported}.{name}" if imported == "dlref" else imported
            mine, theirs = layer_of(module), layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                problems.append(f"imports {target} (layer {theirs}) from layer {mine}: upward")
        if not names:
            mine, theirs = layer_of(module), layer_of(imported)
            if mine is not None and theirs is not None and theirs > mine:
                problems.append(f"imports {imported} (layer {theirs}) from layer {mine}: upward")
    aliases = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               and (node.module or "").startswith("dlref") for alias in node.names}
    for node in ast.walk(tree):  # `layers._check_size(...)`: another module's private name
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in aliases
                and node.value.id[0].islower()):
            problems.append(f"line {node.lineno}: {node.value.id}.{node.attr} is private to {node.value.id}")
    assert not problems, f"{module}: " + "; ".join(problems)


def test_import_dlref_loads_only_the_tensors():
    """`import dlref` is cheap: the other modules load on first use (a page, a browser, a test pay for what they use);
    `dlref.save` and `dlref.load` need only their module and its checks."""
    code = "import sys, dlref; print(sorted(m for m in sys.modules if m.startswith('dlref')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout
    assert loaded.strip() == ("['dlref', 'dlref.autograd', 'dlref.backend', 'dlref.checks', "
                              "'dlref.finite_differences', 'dlref.joining', 'dlref.serialization']")
    code = "import dlref; print(dlref.layers.Linear.__module__, dlref.SUBMODULES == tuple(sorted(dlref.SUBMODULES)))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.split() == ["dlref.layers.linear", "True"]


def test_an_unknown_attribute_of_dlref_is_an_attribute_error():
    import dlref

    with pytest.raises(AttributeError, match="module 'dlref' has no attribute 'layer'"):
        dlref.layer  # noqa: B018
