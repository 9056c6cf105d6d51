"""The package as users get it: a wheel and an sdist that pass `twine check`, and a wheel that
installs and runs in a fresh virtual environment with numpy alone."""

import os
import re
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, mkdocs_config

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The wheel and the sdist of the working tree, built offline with the installed backend."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", str(out),
                    str(ROOT)], check=True, capture_output=True, text=True, timeout=300)
    (wheel,), (sdist,) = out.glob("*.whl"), out.glob("*.tar.gz")
    return wheel, sdist


def test_twine_accepts_both(dist):
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.count("PASSED") == 2, result.stdout + result.stderr


def test_the_wheel_holds_the_package_and_its_data_only(dist):
    names = zipfile.ZipFile(dist[0]).namelist()
    outside = [n for n in names if not n.startswith(("dlref/", "dlref-"))]
    assert not outside, f"the wheel holds files outside the package: {outside}"
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "dlref").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert {n for n in names if n.startswith("dlref/")} == expected
    assert {"dlref/py.typed", "dlref/datasets/digits.npz"} <= expected
    license_file = [n for n in names if n.endswith("licenses/LICENSE")]
    assert license_file and "MIT License" in zipfile.ZipFile(dist[0]).read(license_file[0]).decode()


def test_the_sdist_holds_the_tests_docs_and_license(dist):
    names = {n.split("/", 1)[1] for n in tarfile.open(dist[1]).getnames() if "/" in n}
    for needed in ["LICENSE", "PYPI.md", "README.md", "pyproject.toml", "tests/conftest.py", "tests/run.sh",
                   "docs/index.md", "mkdocs.yml", "dlref/autograd.py", "benchmarks/bench_engine.py"]:
        assert needed in names, f"the sdist lacks {needed}"


def test_metadata_is_written_for_users(dist):
    metadata = zipfile.ZipFile(dist[0]).read(
        next(n for n in zipfile.ZipFile(dist[0]).namelist() if n.endswith("METADATA"))).decode()
    description = metadata.split("\n\n", 1)[1]
    assert description.strip() == (ROOT / "PYPI.md").read_text().strip()
    assert "pip install dlref" in description and "tests/run.sh" not in description  # users', not contributors'
    assert re.search(r"^License-Expression: MIT$", metadata, re.M)
    assert re.search(r"^Requires-Dist: numpy>=2$", metadata, re.M)
    assert "Typing :: Typed" in metadata


def test_project_urls_are_those_of_the_site():
    config, urls = mkdocs_config(), PYPROJECT["project"]["urls"]
    assert urls["Homepage"] == urls["Documentation"] == config["site_url"]
    assert urls["Source"] == config["repo_url"] and urls["Issues"] == config["repo_url"] + "/issues"


def test_the_pypi_example_runs_and_learns_xor():
    (example,) = re.findall(r"```python\n(.*?)```", (ROOT / "PYPI.md").read_text(), re.S)
    assert len(example.strip().splitlines()) <= 16
    namespace = {}
    exec(compile(example, "PYPI.md", "exec"), namespace)
    assert namespace["loss"].item() < 0.1


def numpy_alone(folder: Path) -> Path:
    """A folder holding only numpy (links to the installed one), for a .pth file: no network needed."""
    folder.mkdir()
    site = Path(np.__file__).parent.parent
    for entry in site.iterdir():
        if entry.name == "numpy" or re.fullmatch(r"numpy(\.libs|-[\d.]+\.dist-info)", entry.name):
            (folder / entry.name).symlink_to(entry)
    return folder


def test_the_wheel_installs_and_runs_with_numpy_alone(dist, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "numpy-alone.pth").write_text(str(numpy_alone(tmp_path / "numpy-alone")) + "\n")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    install = subprocess.run([python, "-m", "pip", "install", "--no-index", "--disable-pip-version-check",
                              str(dist[0])], capture_output=True, text=True, env=clean, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr  # numpy>=2 satisfied by numpy alone
    readme = (ROOT / "README.md").read_text()
    (example,) = re.findall(r"```python\n(.*?)```", readme, re.S)
    check = example + (
        "\nimport importlib.util, dlref\n"
        "assert all(p.grad is not None for p in model.parameters())\n"
        "assert importlib.util.find_spec('torch') is None and importlib.util.find_spec('matplotlib') is None\n"
        "print(dlref.__file__)\n")
    run = subprocess.run([python, "-c", check], capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().startswith(str(site))  # the installed wheel, not the working tree


@pytest.mark.parametrize("backend, module", [("torch", "torch"), ("cupy", "cupy")])
def test_a_missing_backend_says_what_to_install(backend, module):
    code = (f"import sys; sys.modules[{module!r}] = None\nimport dlref\n"
            f"try:\n    dlref.use({backend!r})\nexcept ImportError as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.startswith(f"use({backend!r}) needs the {module} package, which is not installed: pip install ")
