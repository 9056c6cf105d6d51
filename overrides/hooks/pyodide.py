"""Build hook: what the live cells need to run in the reader's browser, shipped with the site.

The live cells (`overrides/assets/dlref/`) run the chapters' cells in Pyodide, in
a Web Worker. This hook gives them three things:

- **The dlref of this build.** The wheel is built from the working tree with
  hatchling's API (no network) and shipped as `assets/dlref/<wheel>`. Its entry
  for Pyodide's lock file (URL, sha256, imports, dependencies: what
  `pyodide lockfile add-wheels` writes) goes into the page config as
  `extra.pyodide.package`; the worker adds it to the distribution's
  `pyodide-lock.json`, so `import dlref` loads this wheel and numpy, each
  checked against its sha256 by Pyodide.
- **The cell rules of the build.** `assets/dlref/session.py` is the Python side
  of the worker: the functions of `cells.py` that run a cell and collect its
  figures, copied from their source at build time, and `run_cell` below. A cell
  therefore prints the same text in the browser as on the built page.
- **Where Pyodide lives.** `extra.pyodide` in mkdocs.yml pins `version` and
  `base_url` (the CDN, or env `DLREF_PYODIDE_URL`). Setting `self_host` (env
  `DLREF_PYODIDE_DIR`) to a local Pyodide distribution folder copies it to
  `assets/pyodide/` and points the base URL there: the site then makes no
  third-party request for its cells.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import json
import linecache
import shutil
import tempfile
import traceback
import zipfile
from pathlib import Path

from cells import (  # the hooks folder is on sys.path while mkdocs loads a hook
    _exec_cell,
    _open_figures,
)
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
ASSETS = "assets/dlref"
SELF_HOST_DIR = "assets/pyodide"
DISTRIBUTION_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


class _Stream(io.TextIOBase):
    """A text stream that hands every write to `write` (in the browser, the worker's output channel)."""

    def __init__(self, write):
        self._write = write

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._write(text)
        return len(text)


def _cell_traceback(error: BaseException, filename: str) -> str:
    """The traceback of `error` from the cell's own frame on (the runner's frames left out)."""
    frames = error.__traceback__
    while frames is not None and frames.tb_frame.f_code.co_filename != filename:
        frames = frames.tb_next
    return "".join(traceback.format_exception(type(error), error, frames))


def run_cell(code: str, number: int, namespace: dict, write) -> dict:
    """Run one cell in the browser by the build's rules; this function runs inside Pyodide.

    What the cell prints (stdout and stderr, in order) and the repr of its last
    expression go to `write` as they come; the traceback names the cell and its
    own line numbers, e.g. `File "<cell 3>", line 2`.

    Returns:
        `{"error": traceback text or None, "figures": [svg, ...], "module": name or None}`,
        the figures being the matplotlib figures the cell left open (now closed), and
        the module the top-level package of which was not found when the error is a
        ModuleNotFoundError (the worker may load it and run the cell again).
    """
    filename = f"<cell {number}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    stream = _Stream(write)
    error = module = None
    try:
        with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
            _exec_cell(code, filename, namespace)
    except BaseException as raised:  # noqa: BLE001 (KeyboardInterrupt too: Stop ends a cell like an error)
        error = _cell_traceback(raised, filename)
        if isinstance(raised, ModuleNotFoundError) and raised.name:
            module = raised.name.partition(".")[0]
    return {"error": error, "figures": _open_figures(), "module": module}


def session_source() -> str:
    """The source of `assets/dlref/session.py`, the Python the worker runs once after loading Pyodide."""
    header = (
        '"""The live cells\' Python side, written by overrides/hooks/pyodide.py from cells.py and itself."""\n\n'
        "import ast\nimport contextlib\nimport io\nimport linecache\nimport sys\nimport traceback\n"
    )
    functions = [_open_figures, _exec_cell, _Stream, _cell_traceback, run_cell]
    return "\n\n".join([header] + [inspect.getsource(function) for function in functions])


def build_wheel(directory: Path) -> Path:
    """The dlref wheel of the working tree, built into `directory` by hatchling; its path."""
    from hatchling.builders.wheel import WheelBuilder

    (path,) = WheelBuilder(str(ROOT)).build(directory=str(directory), versions=["standard"])
    return Path(path)


def lock_entry(wheel: Path, url: str) -> dict:
    """The wheel's entry in a Pyodide lock file, as `pyodide lockfile add-wheels` writes it."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename

    name, version, _, _ = parse_wheel_filename(wheel.name)
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"{name.replace('-', '_')}-{version}.dist-info/METADATA").decode()
    requirements = [Requirement(line.split(":", 1)[1]) for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    return {
        "name": str(name),
        "version": str(version),
        "file_name": url,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": [str(name).replace("-", "_")],
        "depends": [str(canonicalize_name(r.name)) for r in requirements if r.marker is None],
        "unvendored_tests": False,
    }


def on_config(config):
    settings = config.extra.get("pyodide")
    if not isinstance(settings, dict) or not settings.get("version") or not settings.get("base_url"):
        raise PluginError(f"mkdocs.yml needs extra.pyodide with version and base_url for the live cells, got {settings!r}")
    if settings.get("self_host"):
        folder = Path(config.config_file_path).parent / settings["self_host"]
        settings["self_host"] = str(folder)
        missing = [name for name in DISTRIBUTION_FILES if not (folder / name).is_file()]
        if missing:
            raise PluginError(
                f"extra.pyodide.self_host (DLREF_PYODIDE_DIR) must name a Pyodide distribution folder "
                f"holding {', '.join(DISTRIBUTION_FILES)}; {folder} lacks {', '.join(missing)}"
            )
        package = folder / "package.json"
        found = json.loads(package.read_text())["version"] if package.is_file() else str(settings["version"])
        if found != str(settings["version"]):
            raise PluginError(
                f"extra.pyodide.self_host must hold Pyodide {settings['version']} (extra.pyodide.version), "
                f"got {found} in {folder}"
            )
        settings["base_url"] = f"{SELF_HOST_DIR}/"
    return config


def on_files(files, config):
    settings = config.extra["pyodide"]
    with tempfile.TemporaryDirectory() as directory:
        wheel = build_wheel(Path(directory))
        files.append(File.generated(config, f"{ASSETS}/{wheel.name}", content=wheel.read_bytes()))
        settings["package"] = lock_entry(wheel, f"{ASSETS}/{wheel.name}")
    files.append(File.generated(config, f"{ASSETS}/session.py", content=session_source()))
    return files


def on_post_build(config):
    folder = config.extra["pyodide"].get("self_host")
    if folder:  # not as mkdocs files: its README.md is no page of the site
        # its demo consoles (*.html) load their scripts from CDNs; the site needs none of them, nor the docs
        skip = shutil.ignore_patterns("*.html", "*.md", "*.d.ts")
        shutil.copytree(folder, Path(config.site_dir) / SELF_HOST_DIR, ignore=skip, dirs_exist_ok=True)
