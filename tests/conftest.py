"""Shared fixtures: float64 by default, and a `backend` fixture over numpy and torch-cpu."""

import http.server
import mimetypes
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import dlref
from dlref import backend as B

ROOT = Path(__file__).resolve().parent.parent
# The site's build hooks (overrides/hooks/), importable by the tests as mkdocs imports them: `import cells`.
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
from colab import load_config as mkdocs_config

# The core Pyodide runtime (npm, no numpy) that tests/run.sh unpacks: the browser tests answer Pyodide's URL from it.
CORE = ROOT / ".cache" / f"pyodide-{mkdocs_config()['extra']['pyodide']['version']}"


@pytest.fixture(autouse=True)
def one_thread():
    """One BLAS/OpenMP thread: the tests' matrices are tiny, and on a machine with few cores
    extra threads only fight over them (several times slower training)."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(autouse=True)
def float64_numpy():
    """Every test starts on numpy in float64 with a fixed seed, and leaves it that way."""
    dlref.use("numpy")
    dlref.set_default_dtype("float64")
    dlref.manual_seed(0)
    yield
    dlref.use("numpy")
    dlref.set_default_dtype("float32")


@pytest.fixture(params=["numpy", "torch"])
def backend(request):
    """Run the test on each backend; yields the backend's name."""
    if request.param == "torch":
        pytest.importorskip("array_api_compat")
        pytest.importorskip("torch")
    dlref.use(request.param)
    yield request.param
    dlref.use("numpy")


def torch_copy(t):
    """A float64 torch leaf tensor holding the values of a dlref tensor (requires grad)."""
    import torch

    return torch.tensor(np.array(t.numpy(), dtype=np.float64), requires_grad=True)


def assert_close(actual, expected, rtol=1e-10, atol=1e-12):
    """Compare a dlref tensor/array with a torch tensor or array, in float64."""
    def as_np(v):
        if isinstance(v, dlref.Tensor):
            return v.numpy()
        if hasattr(v, "detach"):  # a torch tensor
            return v.detach().cpu().numpy()
        if isinstance(v, (list, tuple, int, float, np.ndarray, np.generic)):
            return np.asarray(v)
        return B.to_numpy(v)  # a backend array

    np.testing.assert_allclose(as_np(actual), as_np(expected), rtol=rtol, atol=atol)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site, built once per test run by `mkdocs build --strict` with every cell run afresh; its folder."""
    out = tmp_path_factory.mktemp("built")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DLREF_CELL_CACHE=str(out / "cell-cache"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr[-5000:]}")
    return out / "site"


# ---------------------------------------------------------------------------
# Browser fixtures: a folder served on 127.0.0.1, and headless Debian chromium
# that may reach nothing else (tests/test_live_cells.py and the render tests).
# ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def serve_folder(folder, headers=None) -> http.server.ThreadingHTTPServer:
    """A server of `folder` on 127.0.0.1 (a free port, no log), running in a thread; `headers` go with each answer."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def end_headers(self):
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def serve():
    """A factory: `serve(folder, headers=None)` serves `folder` on 127.0.0.1 (`serve_folder`); its URL."""
    servers = []

    def start(folder, headers=None):
        servers.append(serve_folder(folder, headers))
        return f"http://127.0.0.1:{servers[-1].server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(serve, built_site):
    """The URL of `built_site`, served on 127.0.0.1."""
    return serve(built_site)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (never `playwright install`)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (tests/run.sh installs it with apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def route_folder(context, prefix, folder):
    """Answer every request of `context` to a URL under `prefix` from the files of `folder` (404 if absent),
    as a CDN or a static host would: a folder's URL gives its index.html, with CORS and cross-origin
    resource policy headers."""
    def answer(route):
        path = Path(folder) / urlsplit(route.request.url).path.removeprefix(urlsplit(prefix).path)
        if path.is_dir():
            path = path / "index.html"
        headers = {"access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin"}
        if path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(path=path, headers={**headers, "content-type": kind})
        else:
            route.fulfill(status=404, body=f"{path.name} is not in {folder}", headers=headers)

    context.route(f"{prefix}**", answer)


def serve_pyodide(context, folder):
    """Answer every request to the configured Pyodide base URL from `folder`, a local distribution."""
    route_folder(context, mkdocs_config()["extra"]["pyodide"]["base_url"], folder)


def open_page(browser, pyodide_dir=None):
    """A page in a fresh context that reaches only 127.0.0.1, and Pyodide's base URL answered from `pyodide_dir`.

    Every other request is aborted and its URL appended to `page.aborted`;
    console errors and uncaught exceptions go to `page.console_errors`.
    """
    context = browser.new_context()
    page = context.new_page()
    page.aborted, page.console_errors = [], []

    def local_only(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            page.aborted.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    if pyodide_dir is not None:
        serve_pyodide(context, pyodide_dir)  # routes added later are asked first
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


@pytest.fixture
def new_page(browser):
    """A factory: `new_page(pyodide_dir=None)` opens `open_page(browser, pyodide_dir)`; closed after the test."""
    contexts = []

    def make(pyodide_dir=None):
        page = open_page(browser, pyodide_dir)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        context.close()


# ---------------------------------------------------------------------------
# Printouts compared: what a cell printed on the page (numpy, at build time)
# against what the same code printed elsewhere (PyTorch in a notebook, numpy
# in Pyodide), where floating-point rounding may differ in the last digits.
# ---------------------------------------------------------------------------

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
TIMING = "times vary"  # the comment of a cell whose printed numbers are timings


def unit_in_last_place(token: str) -> float:
    """One unit in the last digit of a number printed with two or more decimals or an exponent.

    `0.0123` -> 1e-4, `1.5e-07` -> 1e-8: a rounding of nearly equal values may
    differ there. 0 for the others (`3`, `1.`, `0.5`): numpy prints round
    values that short, and then they are exact.
    """
    mantissa, _, exponent = token.lower().partition("e")
    decimals = mantissa.partition(".")[2]
    if len(decimals) < 2 and not (exponent and decimals):
        return 0.0
    return 10.0 ** (int(exponent or 0) - len(decimals))


def printout_differences(expected: str, actual: str, rtol: float = 0.0, atol: float = 0.0,
                         timing: bool = False) -> list[str]:
    """How the printout `actual` differs from `expected`; empty when they agree.

    The text around the numbers must be the same (runs of spaces count as one,
    since they align numbers); then each number must agree within
    `rtol * |value| + atol` plus one unit in its last printed digit
    (`unit_in_last_place`). A timing cell's numbers are not compared.
    """
    masked = [" ".join(NUMBER.sub("#", text).split()) for text in (expected, actual)]
    if masked[0] != masked[1]:
        return [f"the text differs:\n--- expected\n{expected}\n--- got\n{actual}"]
    if timing:
        return []
    found = []
    for a, b in zip(NUMBER.findall(expected), NUMBER.findall(actual)):
        x, y = float(a), float(b)
        slack = rtol * max(abs(x), abs(y)) + atol + max(unit_in_last_place(a), unit_in_last_place(b))
        if abs(x - y) > slack:
            found.append(f"expected {a}, got {b}")
    return found


# ---------------------------------------------------------------------------
# Optimizers and schedules step dlref and torch.optim on the same loss.
# ---------------------------------------------------------------------------

def loss_of(W, b, X, Y):
    """A small non-quadratic loss written once for both frameworks (only operators)."""
    return ((X @ W.T + b - Y) ** 2).mean() + 0.1 * (W**4).sum()


def start_values():
    rng = np.random.default_rng(1)
    shapes = [(3, 4), (3,), (5, 4), (5, 3)]  # W, b, X, Y
    return tuple(rng.standard_normal(shape) for shape in shapes)


def step_both(ours, theirs, params, torch_params, X, Y):
    """One step of each optimizer on the same loss, computed in its own framework."""
    import torch

    ours.zero_grad()
    loss_of(*params, dlref.tensor(X), dlref.tensor(Y)).backward()
    ours.step()
    theirs.zero_grad()
    loss_of(*torch_params, torch.tensor(X), torch.tensor(Y)).backward()
    theirs.step()
