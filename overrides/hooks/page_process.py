"""Build only: the processes in which the site's pages run (`cells.py` sends it the pages).

A page runs in a process of its own, so that pages cannot change each other
(seeds, the default dtype, matplotlib's state). Starting a new interpreter
for each page, though, spent a fifth of a cold build's time importing numpy
and matplotlib (0.7 s, and 15 of the 18 pages draw). So `python
page_process.py` is a *page server*: it imports them once, then reads pages
on stdin, one JSON line each, `{"root": working tree, "steps": [...],
"folder": a working folder}`, and for each forks a copy of itself, which
runs the page (`run`) and ends, while the server waits and answers the
copy's exit status on stdout. Every page thus starts from the same state,
numpy and matplotlib loaded and nothing else done, whatever the pages before
it did. The build keeps one server per page it runs at a time; a server that
receives SIGTERM ends the page it is running, and itself.

A page's replies go to `folder/reply.json`; what its process itself prints,
to `folder/output.txt`, which the build shows if the process dies. POSIX
only (`os.fork`).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import traceback
from pathlib import Path

# In the server, before numpy loads (its BLAS reads them once): one thread, so that pages run side by
# side, one per core, and a page's numbers do not depend on the machine's cores (a sum split over
# threads rounds differently); figures are drawn off screen.
os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MPLBACKEND="Agg")

import matplotlib.pyplot  # noqa: F401 (loaded once, in the server)
import numpy  # noqa: F401

HOOKS = Path(__file__).resolve().parent


def files_used(root: Path, opened: set[str]) -> dict[str, str]:
    """The files under `root` that this process imported or opened, each with its sha256."""
    paths = {getattr(module, "__file__", None) for module in list(sys.modules.values())} | opened
    used = {}
    for path in filter(None, paths):
        path = Path(path).resolve()
        if path.is_relative_to(root) and "__pycache__" not in path.parts and path.is_file():
            used[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(used.items()))


def run(root: str, steps: list[dict], folder: str) -> None:
    """Run one page in this process; write `{"results"}` or `{"error"}`, and `{"files"}`, to `folder/reply.json`."""
    os.chdir(folder)  # the cells' working folder: what they write goes with it
    nothing = os.open(os.devnull, os.O_RDONLY)  # the server's stdin holds the next pages, not the cells'
    output = os.open("output.txt", os.O_WRONLY | os.O_CREAT)  # what this process prints
    for fd, replaced in [(nothing, 0), (output, 1), (output, 2)]:
        os.dup2(fd, replaced)
    root_path = Path(root).resolve()
    sys.path[:0] = [str(root_path), str(HOOKS)]  # the cells import the dlref of this working tree
    sys.dont_write_bytecode = True  # and write nothing into it (`mkdocs serve` would see a change)
    opened = set()
    sys.addaudithook(lambda event, args: event == "open" and isinstance(args[0], str) and opened.add(args[0]))
    import session

    try:
        reply = {"results": session.run_page(steps)}
    except session.CellError as error:
        reply = {"error": str(error)}
    reply["files"] = files_used(root_path, set(opened))
    Path(folder, "reply.json").write_text(json.dumps(reply))


def serve() -> None:
    """Answer each page on stdin with the exit status of the copy of this process that ran it."""
    running = {"child": 0}

    def stop(signum, frame):  # the build ends early: so do the page and the server
        if running["child"]:
            os.kill(running["child"], signal.SIGKILL)
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    for line in sys.stdin:
        running["child"] = os.fork()
        if running["child"] == 0:  # the copy: run the page, then end without returning into this loop
            status = 1
            try:
                run(**json.loads(line))
                status = 0
            except BaseException:  # noqa: BLE001 (whatever ends the page, its traceback goes to output.txt)
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        _, status = os.waitpid(running["child"], 0)
        running["child"] = 0
        print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    serve()
