"""National ID numbers (身分證字號, resident certificate numbers): check digit, keyed hash, mask.

Only :func:`id_hash` and :func:`id_mask` leave this module; the number itself is never stored, logged
or shown. Error messages name the column, never the value.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

# letter → two-digit code (內政部編碼: I, O, W, X, Y, Z are out of alphabetical order)
LETTER_CODES = {
    "A": 10,
    "B": 11,
    "C": 12,
    "D": 13,
    "E": 14,
    "F": 15,
    "G": 16,
    "H": 17,
    "I": 34,
    "J": 18,
    "K": 19,
    "L": 20,
    "M": 21,
    "N": 22,
    "O": 35,
    "P": 23,
    "Q": 24,
    "R": 25,
    "S": 26,
    "T": 27,
    "U": 28,
    "V": 29,
    "W": 32,
    "X": 30,
    "Y": 31,
    "Z": 33,
}
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1)
NATIONAL = re.compile(r"^[A-Z][12]\d{8}$")  # 身分證字號
RESIDENT_NEW = re.compile(r"^[A-Z][89]\d{8}$")  # 新式居留證號（110 年起）
RESIDENT_OLD = re.compile(r"^[A-Z][A-D]\d{8}$")  # 舊式居留證號
# what a DB dump must never contain (tests grep for it)
PATTERN = re.compile(r"[A-Z][12890ABCD]\d{8}")


def normalise(value: str) -> str:
    return value.strip().upper().replace(" ", "").replace("\u3000", "")


def id_valid(value: str) -> bool:
    """Whether ``value`` is a well-formed ID number whose check digit is right."""
    value = normalise(value)
    if NATIONAL.match(value) or RESIDENT_NEW.match(value):
        second = int(value[1])
    elif RESIDENT_OLD.match(value):
        second = LETTER_CODES[value[1]] % 10
    else:
        return False
    code = LETTER_CODES[value[0]]
    digits = [second, *(int(c) for c in value[2:9])]
    total = code // 10 + (code % 10) * 9 + sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) + int(value[9])
    return total % 10 == 0


def id_problem(value: str) -> str | None:
    """Why ``value`` is not an ID number (a reason that never repeats the value), or None."""
    value = normalise(value)
    if not value:
        return "必填欄位空白"
    if not (NATIONAL.match(value) or RESIDENT_NEW.match(value) or RESIDENT_OLD.match(value)):
        return "格式不符（應為 1 個英文字母加 9 碼數字，或居留證號）"
    if not id_valid(value):
        return "檢查碼錯誤"
    return None


def id_hash(value: str, key: str | None = None) -> str:
    """HMAC-SHA256 of the normalised number with the deployment's secret (settings.MAINSTREAM_ID_HASH_KEY)."""
    secret = (key or settings.MAINSTREAM_ID_HASH_KEY).encode()
    return hmac.new(secret, normalise(value).encode("ascii"), hashlib.sha256).hexdigest()


def id_mask(value: str) -> str:
    """A12345**** — the last four hidden."""
    value = normalise(value)
    return value[:6] + "****"


def check_digit(prefix: str) -> str:
    """The check digit that completes a 9-character prefix (for demo data and tests)."""
    for digit in "0123456789":
        if id_valid(prefix + digit):
            return prefix + digit
    raise ValueError("no check digit")
