"""Letters a worker types differently from how a name is written.

FTS5's ``unicode61`` tokenizer with ``remove_diacritics`` finds "Şükran" as
"sukran", because Ş and ü are S and u with a mark. Some letters are letters
of their own, not a letter with a mark, so it leaves them alone: the Turkish
dotless ı, the Polish ł, the Danish and Norwegian ø, … On a Dutch keyboard
"Yılmaz" is typed "yilmaz". The index holds such text twice (as written, and
with plain letters) and the search looks for the plain letters, so both ways
of typing find it and the snippet shows the name as written.
"""

from __future__ import annotations

_PLAIN = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
})


def plain_letters(text: str) -> str:
    """``text`` with those letters as a Dutch keyboard types them."""
    return text.translate(_PLAIN)


def indexable(text: str | None) -> str | None:
    """What the search index holds of ``text``: the text, followed by the
    same with plain letters when that differs. Registered as the SQL
    function ``search_text`` on every connection (``database.connect``)."""
    if text is None:
        return None
    plain = plain_letters(text)
    return text if plain == text else f"{text} {plain}"
