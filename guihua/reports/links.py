"""Which links may be rendered as links: only absolute http(s) addresses with a host.

Sources of actual values and evidence are text people type or import ("javascript:alert(1)",
"data:text/html,...", "file:///etc/passwd", a relative path): rendered as an href, some of them run
script or open local files. `safe_href` returns the address to put in an href, or None, in which case
the text is shown, escaped, without a link. The HTML report uses it; so do the web pages.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

SCHEMES = ("http", "https")


def safe_href(url: str | None) -> str | None:
    """`url` stripped of surrounding spaces when it is an absolute http:// or https:// address with a
    host and nothing hidden in it (no control character, space or line break); None otherwise.

    The result still has to be escaped for the attribute it goes in.
    """
    if not url:
        return None
    u = url.strip()
    if not u or any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in u):
        return None
    try:
        parts = urlsplit(u)
    except ValueError:  # e.g. an unbalanced [ in the host
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None
    return u
