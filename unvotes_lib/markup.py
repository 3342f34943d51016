r"""Text from data files, made safe to show in a report's Markdown or HTML.

Titles, names and symbols come from files downloaded from the internet; shown through
``IPython.display.Markdown`` they would reach the exported page as markup (an
``<img onerror=...>`` title runs script). Every data-derived string goes through
:func:`escape` where Markdown or HTML is composed; the report's own markup stays as written.

Examples
--------
>>> escape('<img src=x onerror="alert(1)">')
'&lt;img src=x onerror=&quot;alert\\(1\\)&quot;&gt;'
>>> print(escape("**Ukraine** [1]"))
\*\*Ukraine\*\* \[1\]
"""

from __future__ import annotations

import html
import re

__all__ = ["escape"]

# Characters that start Markdown syntax inline: emphasis, code, links, images, headings,
# lists, tables, HTML entities (the & is escaped by html.escape first).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def escape(text: object) -> str:
    """``text`` as literal text inside Markdown or HTML: no markup, no entities, no links.

    Parameters
    ----------
    text : object
        Any value; ``None`` gives ``""``, other values their ``str``.

    Returns
    -------
    str
        The text with ``& < > "`` as HTML entities and Markdown's special characters
        backslash-escaped, so that it displays exactly as written. Apostrophes stay as they
        are: they are not markup in Markdown or HTML text, and an entity such as ``&#x27;``
        would need its ``#`` escaped for Markdown, which then shows the entity literally.

    Examples
    --------
    >>> escape("A/RES/ES-11/7"), escape(None), escape(93), escape("Côte d'Ivoire")
    ('A/RES/ES-11/7', '', '93', "Côte d'Ivoire")
    """
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False).replace('"', "&quot;"))
