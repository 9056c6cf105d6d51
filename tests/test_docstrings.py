"""Every public object of dlref is documented with a runnable example (doctests run in CI)."""

import importlib
import inspect
import pkgutil

import pytest

import dlref

MODULES = sorted(m.name for m in pkgutil.iter_modules(dlref.__path__) if not m.name.startswith("_"))


@pytest.mark.parametrize("module_name", MODULES)
def test_module_declares_its_public_names(module_name):
    module = importlib.import_module(f"dlref.{module_name}")
    assert module.__doc__, f"dlref.{module_name} has no module docstring"
    assert hasattr(module, "__all__"), f"dlref.{module_name} has no __all__"
    for name in module.__all__:
        assert hasattr(module, name), f"dlref.{module_name}.__all__ names {name!r}, which is missing"


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_object_has_an_example(module_name):
    module = importlib.import_module(f"dlref.{module_name}")
    for name in module.__all__:
        obj = getattr(module, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        doc = inspect.getdoc(obj) or ""
        assert "Examples:" in doc and ">>>" in doc, f"dlref.{module_name}.{name} has no docstring example"
