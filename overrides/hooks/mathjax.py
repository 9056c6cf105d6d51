"""Build hook: MathJax from the CDN named in mkdocs.yml, or from the site itself.

With `DLREF_MATHJAX_DIR` set to a MathJax 3 `es5/` folder (from the npm package
`mathjax`, e.g. `npm pack mathjax@3.2.2`), that folder is copied into the site
as `assets/mathjax/` and the pages load MathJax from there: with the Pyodide
self-host option, the site then contacts no third-party host at all.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

LOCAL_SCRIPT = "assets/mathjax/tex-mml-chtml.js"


def _local_dir() -> Path | None:
    folder = os.environ.get("DLREF_MATHJAX_DIR")
    if not folder:
        return None
    if not (Path(folder) / "tex-mml-chtml.js").is_file():
        raise PluginError(f"DLREF_MATHJAX_DIR must be MathJax's es5/ folder holding tex-mml-chtml.js, got {folder!r}")
    return Path(folder)


def on_config(config):
    if _local_dir() is None:
        return config
    scripts = config.extra_javascript
    cdn = [i for i, script in enumerate(scripts) if "/mathjax@" in str(script)]
    if len(cdn) != 1:
        raise PluginError(f"mkdocs.yml must load MathJax from one CDN URL in extra_javascript, found {len(cdn)}")
    scripts[cdn[0]] = LOCAL_SCRIPT
    return config


def on_post_build(config):
    folder = _local_dir()
    if folder is not None:
        shutil.copytree(folder, Path(config.site_dir) / "assets" / "mathjax", dirs_exist_ok=True)
