"""What the site adds to a page's Markdown: code cells; their one parser.

The build runs a page's cells (`cells.py`); the notebooks are made of them (`colab.py`).

## Cells

A cell is a fenced block whose info string is `python exec`; `python exec fold`
puts the code in a collapsed box, for figure code a reader may skip:

    ```python exec
    print(1 + 1)
    ```

The cells of a page run in page order in one Python session, as in a notebook,
by the rules of `session.py`; their output goes on the page.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^```python exec(?P<fold> fold)?[ \t]*\n(?P<code>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def split_page(markdown: str) -> list[dict]:
    """The page as a list of parts, `{"kind": "markdown", "text"}` and `{"kind": "code", "code", "fold"}`, in page order."""
    parts, start = [], 0
    for match in FENCE.finditer(markdown):
        if match.start() > start:
            parts.append({"kind": "markdown", "text": markdown[start:match.start()]})
        parts.append({"kind": "code", "code": match["code"].rstrip("\n"), "fold": bool(match["fold"])})
        start = match.end()
    if start < len(markdown):
        parts.append({"kind": "markdown", "text": markdown[start:]})
    return parts
