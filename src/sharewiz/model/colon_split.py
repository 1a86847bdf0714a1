"""A typed line split at its colon: "Priya Raman: Director of Resources" in two parts.

One place for the rule, used by the wizard's lines and split answers and by the
organisation profile's signatories, so a line is read the same way wherever it is typed.
"""

from __future__ import annotations

import re

# A web address (scheme, "://", then no space): its colons ("https:", a port, a path's)
# are part of it, not the colon an answer is split at.
_WEB_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://\S*", re.IGNORECASE)


def split_at_colon(text: str) -> tuple[str, str | None]:
    """ "Contact details: name, address" -> the name and the rest (None without a colon).

    Nothing before the colon (": more") keeps the text whole, as typed. A colon inside a
    web address is part of it: "https://www.trust.nhs.uk/privacy: at booking" is split
    after the address, where a colon ends it (a space or the end of the text next).
    """
    index = _splitting_colon(text)
    name, rest = text[:index], text[index + 1 :]
    if index < 0 or not name.strip():
        return text.strip(), None
    return name.strip(), rest.strip()


def _splitting_colon(text: str) -> int:
    """The index of the first colon that is not inside a web address (-1 if none)."""
    inside = [range(m.start(), m.end() - 1) for m in _WEB_ADDRESS.finditer(text)]
    return next(
        (
            index
            for index, char in enumerate(text)
            if char == ":" and not any(index in span for span in inside)
        ),
        -1,
    )
