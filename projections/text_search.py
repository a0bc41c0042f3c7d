"""Accent- and case-insensitive substring search on PostgreSQL's built-in full-text index.

Text is folded in Python (case-folded, accents stripped: "Bankdrücken" -> "bankdrucken") both
when a row is written and when a query is read, so both sides agree without any database
extension. Each word is stored with all its suffixes as lexemes, so a prefix query (`druck:*`)
finds the word anywhere inside a longer one ("bankdrucken"), as German compounds need.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

CONFIG = "simple"
MAX_QUERY_WORDS = 8
MAX_WORD = 60
# Far below PostgreSQL's 1 MB tsvector limit; real exercises need a few kB.
MAX_LEXEME_CHARS = 200_000
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case without accents: NFKD, combining marks dropped, case-folded (ß -> ss)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.casefold())


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def lexemes(texts: Iterable[str]) -> str:
    """Every suffix of every word of `texts`, space separated, for `to_tsvector('simple', …)`.

    Words are cut at MAX_WORD characters; whole words come first, and suffixes stop once
    MAX_LEXEME_CHARS are reached, so no input can overflow the index.
    """
    whole = list(dict.fromkeys(word[:MAX_WORD] for text in texts for word in words(text)))
    found, size = set(), 0
    for lexeme in whole + [word[start:] for word in whole for start in range(1, len(word))]:
        if lexeme not in found:
            size += len(lexeme) + 1
            if size > MAX_LEXEME_CHARS:
                break
            found.add(lexeme)
    return " ".join(sorted(found))


def tsquery(text: str) -> str | None:
    """A raw tsquery matching rows that contain every word of `text` (None: no words)."""
    terms = [word[:MAX_WORD] for word in words(text)][:MAX_QUERY_WORDS]
    if not terms:
        return None
    return " & ".join(f"'{term}':*" for term in dict.fromkeys(terms))
