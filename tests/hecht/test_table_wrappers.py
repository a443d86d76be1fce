"""Reflow (WCAG 1.4.10): every data table of a page sits in a ``hecht-table-scroll``
wrapper, which scrolls the table inside it instead of widening the page on a narrow
screen. Checked on the templates so that a new page cannot forget it (the browser check
in ``tests/e2e/test_reflow.py`` covers the pages of the journeys)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

# Templates that are not web pages: PDFs (printed on A4) and e-mails.
NOT_PAGES = {"pdf", "email"}
TABLE = re.compile(r"<table\b")
DIV = re.compile(r"<div\b[^>]*>|</div>")


def _unwrapped_tables(text: str) -> list[int]:
    """Line numbers of tables whose innermost open div is not a ``hecht-table-scroll``."""
    found = []
    for match in TABLE.finditer(text):
        before = text[: match.start()]
        stack: list[str] = []
        for div in DIV.finditer(before):
            if div.group() == "</div>":
                if stack:
                    stack.pop()
            else:
                stack.append(div.group())
        if not stack or "hecht-table-scroll" not in stack[-1]:
            found.append(before.count("\n") + 1)
    return found


def test_the_check_finds_a_bare_table_and_accepts_a_wrapped_one():
    assert _unwrapped_tables("<section>\n<table></table>\n</section>") == [2]
    assert _unwrapped_tables('<div class="hecht-table-scroll">\n<table></table>\n</div>') == []
    assert _unwrapped_tables('<div class="hecht-table-scroll"></div>\n<table></table>') == [2], (
        "a closed wrapper does not count"
    )


def test_every_table_of_a_page_scrolls_inside_its_wrapper():
    root = Path(settings.BASE_DIR) / "templates"
    templates = [p for p in root.rglob("*.html") if not NOT_PAGES & set(p.parts)]
    bare = {
        str(p.relative_to(root)): lines
        for p in templates
        if (lines := _unwrapped_tables(p.read_text(encoding="utf-8")))
    }
    assert len(templates) > 50
    assert not bare, bare
