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
NATIONAL = re.compile(r"^[A-Z][12][0-9]{8}$")  # 身分證字號
RESIDENT_NEW = re.compile(r"^[A-Z][89][0-9]{8}$")  # 新式居留證號（110 年起）
RESIDENT_OLD = re.compile(r"^[A-Z][A-D][0-9]{8}$")  # 舊式居留證號
# what a DB dump must never contain (tests grep for it)
PATTERN = re.compile(r"[A-Z][12890ABCD]\d{8}")


def normalise(value: str) -> str:
    return value.strip().upper().replace(" ", "").replace("\u3000", "")


ANY = re.compile(r"^[A-Z][1289A-D][0-9]{8}$")  # 身分證 [12], new resident [89], old resident [A-D] (ASCII digits:
# \d would take a full-width ９, which the check digit cannot weigh)
_FIRST = {letter: code // 10 + (code % 10) * 9 for letter, code in LETTER_CODES.items()}
_SECOND = {**{str(d): d * 8 for d in range(10)}, **{c: (LETTER_CODES[c] % 10) * 8 for c in "ABCD"}}


def _check_ok(value: str) -> bool:
    """The check digit of a normalised value that already matched ``ANY`` (digits 3–9 weigh 7…1, the last 1)."""
    d = value.encode("ascii")
    weighted = d[2] * 7 + d[3] * 6 + d[4] * 5 + d[5] * 4 + d[6] * 3 + d[7] * 2 + d[8] + d[9] - 48 * 29
    return (_FIRST[value[0]] + _SECOND[value[1]] + weighted) % 10 == 0


def id_valid(value: str) -> bool:
    """Whether ``value`` is a well-formed ID number (身分證, new or old resident certificate) whose check digit is right."""
    value = normalise(value)
    return bool(ANY.match(value)) and _check_ok(value)


def id_problem(value: str) -> str | None:
    """Why ``value`` is not an ID number (a reason that never repeats the value), or None."""
    value = normalise(value)
    if not value:
        return "必填欄位空白"
    if not ANY.match(value):
        return "格式不符（應為 1 個英文字母加 9 碼數字，或居留證號）"
    if not _check_ok(value):
        return "檢查碼錯誤"
    return None


_BASES: dict[str, hmac.HMAC] = {}


def _base(secret: str) -> hmac.HMAC:
    """The HMAC state after the key (copied for each number: the key is hashed once per process)."""
    base = _BASES.get(secret)
    if base is None:
        base = _BASES[secret] = hmac.new(secret.encode(), digestmod=hashlib.sha256)
    return base


def id_hash(value: str, key: str | None = None) -> str:
    """HMAC-SHA256 of the normalised number with the deployment's secret (settings.MAINSTREAM_ID_HASH_KEY)."""
    digest = _base(key or settings.MAINSTREAM_ID_HASH_KEY).copy()
    digest.update(normalise(value).encode("ascii"))
    return digest.hexdigest()


def id_hashes(numbers: list[str]) -> list[str]:
    """:func:`id_hash` of many numbers already normalised and found good (ASCII), with the deployment's secret."""
    base = _base(settings.MAINSTREAM_ID_HASH_KEY)
    hashed = []
    for number in numbers:
        digest = base.copy()
        digest.update(number.encode("ascii"))
        hashed.append(digest.hexdigest())
    return hashed


def id_judged(value: str) -> tuple[str | None, str, str]:
    """(problem, hash, masked) of a raw value in one pass — what :func:`id_problem`, :func:`id_hash` and
    :func:`id_mask` give (hash and mask empty when there is a problem)."""
    value = normalise(value)
    if not value:
        return "必填欄位空白", "", ""
    if not ANY.match(value):
        return "格式不符（應為 1 個英文字母加 9 碼數字，或居留證號）", "", ""
    if not _check_ok(value):
        return "檢查碼錯誤", "", ""
    digest = _base(settings.MAINSTREAM_ID_HASH_KEY).copy()
    digest.update(value.encode("ascii"))
    return None, digest.hexdigest(), value[:6] + "****"


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


# -- custody of the key (issue 14, item 9; docs/id-key-custody.md) ----------------------------------------------


def production_key_problem() -> str | None:
    """Why the configured key may not serve production (kept in var/, inside the data, too short), or None."""
    from pathlib import Path

    from mainstream.keys import id_key_problem

    data_dirs = [Path(settings.MEDIA_ROOT)]
    database = settings.DATABASES["default"]
    if "sqlite" in database.get("ENGINE", "") and database.get("NAME"):
        data_dirs.append(Path(str(database["NAME"])).parent)
    return id_key_problem(
        settings.MAINSTREAM_ID_HASH_KEY,
        settings.MAINSTREAM_ID_HASH_KEY_SOURCE,
        var_dir=Path(settings.VAR_DIR),
        data_dirs=data_dirs,
    )


def require_production_key() -> None:
    """``serve`` (production, MAINSTREAM_DEBUG=0) calls this first: no start with a key that travels with the data."""
    from django.core.exceptions import ImproperlyConfigured

    problem = production_key_problem()
    if problem:
        raise ImproperlyConfigured(f"{problem}。請設定 MAINSTREAM_ID_HASH_KEY 或 MAINSTREAM_ID_HASH_KEY_FILE。")


def key_check(app_configs=None, **kwargs):  # type: ignore[no-untyped-def]
    """``check --deploy``: mainstream.E014 when the ID hash key may not serve production."""
    from django.core import checks

    problem = production_key_problem()
    if problem is None:
        return []
    return [
        checks.Error(
            problem,
            hint="設定 MAINSTREAM_ID_HASH_KEY，或 MAINSTREAM_ID_HASH_KEY_FILE 指向 var/ 以外的金鑰檔（docs/id-key-custody.md）",
            id="mainstream.E014",
        )
    ]
