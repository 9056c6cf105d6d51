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
  of the worker: `session.py` of this folder, the module that runs the cells at
  build time too, copied as it is. The worker calls its `run_cell`, so a cell
  prints the same text in the browser as on the built page.
- **Where Pyodide lives.** `extra.pyodide` in mkdocs.yml pins `version` and
  `base_url` (the CDN, or env `DLREF_PYODIDE_URL`). Setting `self_host` (env
  `DLREF_PYODIDE_DIR`) to a local Pyodide distribution folder copies it to
  `assets/pyodide/` and points the base URL there: the site then makes no
  third-party request for its cells.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
SESSION = Path(__file__).with_name("session.py")
ASSETS = "assets/dlref"
SELF_HOST_DIR = "assets/pyodide"
DISTRIBUTION_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


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
    files.append(File.generated(config, f"{ASSETS}/session.py", abs_src_path=str(SESSION)))
    return files


def on_post_build(config):
    folder = config.extra["pyodide"].get("self_host")
    if folder:  # not as mkdocs files: its README.md is no page of the site
        # its demo consoles (*.html) load their scripts from CDNs; the site needs none of them, nor the docs
        skip = shutil.ignore_patterns("*.html", "*.md", "*.d.ts")
        shutil.copytree(folder, Path(config.site_dir) / SELF_HOST_DIR, ignore=skip, dirs_exist_ok=True)
