"""Vietnamese text: NFC storage, accent folding, and the Vietnamese sort order."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# combining marks that make a letter (not a tone): breve, circumflex, horn
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# tones in Vietnamese order: none, huyền, hỏi, ngã, sắc, nặng
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: object) -> str:
    """NFC, trimmed, inner runs of white space folded to one space."""
    if text is None:
        return ""
    if text.__class__ is str and text.isascii() and text.isalnum():
        return text  # a code such as NV000842: nothing to normalise, trim or fold
    return re.sub(r"\s+", " ", nfc(str(text))).strip()


def fold(text: str) -> str:
    """Lower case without diacritics, đ → d: 'Nguyễn Văn Đức' → 'nguyen van duc'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


@lru_cache(maxsize=1 << 14)  # a sheet's enum and yes/no cells repeat a few spellings
def fold_code(text: str) -> str:
    """Fold for matching codes and enum spellings: 'Khiển trách' → 'khientrach'."""
    return re.sub(r"[\s_\-./]+", "", fold(clean(text)))


@lru_cache(maxsize=1 << 16)  # names share few words: a sector's sort keys in one pass
def _word_key(word: str) -> tuple[tuple[int, ...], int, str]:
    letters: list[int] = []
    tone = 0
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONE_RANK:
            tone = _TONE_RANK[ch]
        elif ch in _LETTER_MARKS and letters:
            base = _ALPHABET[letters[-1]] if letters[-1] < len(_ALPHABET) else ""
            composed = unicodedata.normalize("NFC", base + ch)
            letters[-1] = _LETTER_RANK.get(composed, letters[-1])
        elif ch == "đ":
            letters.append(_LETTER_RANK["đ"])
        elif ch in _LETTER_RANK:
            letters.append(_LETTER_RANK[ch])
        elif unicodedata.combining(ch):
            continue
        else:
            letters.append(100 + ord(ch))
    return (tuple(letters), tone, word)


@lru_cache(maxsize=1 << 16)  # family and given names repeat: each word sorted once
def sort_key(text: str) -> tuple:
    """Vietnamese order: letters a ă â b c d đ e ê …, then tones, word by word."""
    return tuple(_word_key(w) for w in clean(text).split(" "))


def name_key(full_name: str) -> tuple:
    """People by given name (last word), then family name (first), then middle names."""
    words = clean(full_name).split(" ")
    if len(words) == 1:
        return (sort_key(words[0]),)
    return (sort_key(words[-1]), sort_key(words[0]), sort_key(" ".join(words[1:-1]) or ""))


def matches(query: str, *texts: str) -> bool:
    """Accent-insensitive containment: 'nguyen van an' matches 'Nguyễn Văn Ân'."""
    q = fold(clean(query))
    return any(q in fold(t or "") for t in texts)


def vi_number(value: float | int, decimals: int = 2) -> str:
    """A number in Vietnamese form: 1673 → '1.673', 99.5 → '99,5' (at most `decimals`)."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vi_percent(value: float | int, decimals: int = 1) -> str:
    """A percentage in Vietnamese form: 99.5 → '99,5%'."""
    return vi_number(value, decimals) + "%"


def vi_date(day: object, *, short: bool = False) -> str:
    """A date (or 'YYYY-MM-DD') in Vietnamese: 'ngày 05 tháng 01 năm 2026' in prose,
    '05/01/2026' with short=True (tables). Text that is not a date comes back unchanged."""
    import datetime as dt

    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day.strip()[:10])
        except ValueError:
            return str(day)
    if not isinstance(day, dt.date):
        return str(day)
    if short:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
