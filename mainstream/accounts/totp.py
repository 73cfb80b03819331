"""Time-based one-time passwords (RFC 6238, HMAC-SHA-1, 30-second steps, 6 digits): the optional second factor."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote

STEP = 30


def secret_new() -> str:
    """A new 160-bit secret in base32 (what authenticator apps take)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def secret_bytes(secret: str) -> bytes:
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def code_at(key: bytes, when: float, *, digits: int = 6) -> str:
    """The code for the 30-second step that holds ``when`` (RFC 4226 dynamic truncation)."""
    counter = int(when // STEP)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def code_step(secret: str, code: str, when: float, *, last_step: int = -1, window: int = 1) -> int | None:
    """The step a code belongs to (±``window`` steps for clock drift), or None; a step at or before ``last_step``
    is refused so that a code cannot be used twice."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return None
    key = secret_bytes(secret)
    now_step = int(when // STEP)
    for step in range(now_step - window, now_step + window + 1):
        if step > last_step and hmac.compare_digest(code_at(key, step * STEP), code):
            return step
    return None


def provisioning_uri(secret: str, username: str, issuer: str = "性別主流化管考系統") -> str:
    return f"otpauth://totp/{quote(issuer)}:{quote(username)}?secret={secret}&issuer={quote(issuer)}"
