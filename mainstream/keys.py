"""Where the key that hashes national ID numbers comes from, and whether it may serve production (issue 14, item 9).

Read by settings (no Django import here). The key is, in order: ``MAINSTREAM_ID_HASH_KEY`` (environment),
``MAINSTREAM_ID_HASH_KEY_FILE`` (a file the operator keeps outside the data), else one generated once into
``var/.id_hash_key`` — for a demo only: whoever copies ``var/`` then has the hashes and their key, and the masked
form (six characters) with the check digit leaves about 1,000 candidates per person. See docs/id-key-custody.md.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

ID_KEY_FILE = ".id_hash_key"
MIN_KEY_LENGTH = 32
# Files under var/ a backup must never contain: the generated keys (the ID hash key would undo the hashing).
BACKUP_EXCLUDE = (ID_KEY_FILE, ".secret_key")


def _improperly_configured(message: str) -> Exception:
    try:
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:  # pragma: no cover - Django is always installed
        return RuntimeError(message)
    return ImproperlyConfigured(message)


def id_key_resolve(environ: Mapping[str, str], var_dir: Path) -> tuple[str, str]:
    """(key, source): source is ``env``, ``file:<path>`` or ``var`` (generated into var/ for a demo)."""
    value = environ.get("MAINSTREAM_ID_HASH_KEY", "")
    if value:
        return value, "env"
    file_name = environ.get("MAINSTREAM_ID_HASH_KEY_FILE", "")
    if file_name:
        path = Path(file_name).expanduser()
        try:
            value = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise _improperly_configured(f"無法讀取 MAINSTREAM_ID_HASH_KEY_FILE（{path}）：{exc}") from None
        if not value:
            raise _improperly_configured(f"MAINSTREAM_ID_HASH_KEY_FILE（{path}）是空的")
        return value, f"file:{path}"
    path = Path(var_dir) / ID_KEY_FILE
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip(), "var"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


def id_key_problem(key: str, source: str, *, var_dir: Path, data_dirs: Iterable[Path] = ()) -> str | None:
    """Why this key may not serve production (a sentence for the operator), or None."""
    if source == "var":
        return (
            "身分證字號雜湊金鑰是自動產生於 var/ 的示範金鑰，與資料放在一起：請以環境變數 MAINSTREAM_ID_HASH_KEY "
            "或 var/ 以外的金鑰檔 MAINSTREAM_ID_HASH_KEY_FILE 提供（the ID hash key lives in var/ next to the data)"
        )
    if source.startswith("file:"):
        path = Path(source.removeprefix("file:"))
        if _inside(path, var_dir):
            return "MAINSTREAM_ID_HASH_KEY_FILE 位於 var/ 內，會隨資料一起被複製或備份：請放在 var/ 以外"
        for folder in data_dirs:
            if _inside(path, folder):
                return f"MAINSTREAM_ID_HASH_KEY_FILE 位於資料目錄（{folder}）內：請放在資料及備份以外"
    if len(key) < MIN_KEY_LENGTH:
        return f"身分證字號雜湊金鑰太短（至少 {MIN_KEY_LENGTH} 字元；可用 python -c 'import secrets; print(secrets.token_urlsafe(48))' 產生）"
    return None


def backup_excluded(path: Path) -> bool:
    """Whether a backup must skip ``path`` (a key file)."""
    return Path(path).name in BACKUP_EXCLUDE
