"""Checking output in the pseudo-locale: what is left in English was not translated."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A pseudo-translated string: "[" ... at least one "~" "]" (innermost first; they nest when a
# translated sentence carries another, e.g. an error inside a message).
PSEUDO_TEXT = re.compile(r"\[[^\[\]]*~\]")
# Words that are names, not sentences: paths, keys, ids, options, numbers, ALL-CAPS metavars.
NAME_TOKEN = re.compile(r"\S*[/._=`{}\d-]\S*|\b[A-Z][A-Z|]+\b")


def english_left(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The lines of ``text`` that hold English words outside pseudo-translated parts (words in
    ``allowed`` are names the user or the files wrote, and may stay)."""
    keep = set(allowed)
    bad = []
    for line in text.splitlines():
        rest = line
        while True:
            shorter = PSEUDO_TEXT.sub(" ", rest)
            if shorter == rest:
                break
            rest = shorter
        rest = NAME_TOKEN.sub(" ", rest)
        words = [w for w in re.findall(r"[A-Za-z]+", rest) if w not in keep]
        if words:
            bad.append(f"{line!r} (English: {' '.join(words)})")
    return bad
