"""Issue 14 (smaller): the Jacobian page's points box echoed its text into ``st.error`` without
quoting it, so a typed markdown link or image rendered live in the error.

The text is typed as a hostile student would (set_value: the box's max_chars is the browser's
business); the error must still say what to fix, and nothing of the text may be markdown
outside a code span.
"""

from __future__ import annotations

import re

import pytest

from tests.app.conftest import expect_no_exception, open_page

PAGE = "jacobian"
TEXTS = [
    "` [log in](http://evil.example) `",
    "(1, 2)` ![img](http://evil.example/x.png) `",
    "`` **bold** [a](http://evil.example) ``",
    "(1, x) [link](http://evil.example)",
]


def outside_code(md: str) -> str:
    """Markdown with its code spans removed: what the browser would interpret."""
    return re.sub(r"(`+)(.+?)\1", "", md, flags=re.S)


@pytest.mark.parametrize("text", TEXTS)
def test_points_text_is_quoted_in_the_error(text):
    at = open_page(PAGE)
    at.text_input(key="jac.points").set_value(text).run()
    expect_no_exception(at)
    errors = [e.value for e in at.error]
    assert errors, "unreadable points must give an st.error"
    for msg in errors:
        live = outside_code(msg)
        assert "](" not in live and "**" not in live, (
            f"part of the typed text is live markdown in the error: {msg!r}")
    assert any("points" in m for m in errors), errors
