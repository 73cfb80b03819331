"""The documented production configuration, as an operator's shell or a systemd unit loads it, passes Django's
deployment checklist and keeps the ID hash key out of the data (issue 14, items 4 and 9).

``deploy/systemd/mainstream.env.example`` is read line by line; only what cannot hold outside a real server is
replaced (the database, the data folder, the key file's place and the CHANGE-ME secrets). Every other value — and
every variable the file leaves out — is what production gets. The web unit, the reminder unit and any
``mainstream …`` command an operator runs with this file must hash ID numbers with the same key.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ENV_EXAMPLE = ROOT / "deploy" / "systemd" / "mainstream.env.example"


def _documented() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def _production_env(tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    documented = _documented()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAINSTREAM_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(documented)
    env["DJANGO_SETTINGS_MODULE"] = "mainstream.settings"
    env["MAINSTREAM_SECRET_KEY"] = secrets.token_urlsafe(48)
    (tmp_path / "db").mkdir()
    env["MAINSTREAM_DATABASE_URL"] = f"sqlite:///{tmp_path / 'db' / 'mainstream.sqlite3'}"  # stands in for PostgreSQL
    env["MAINSTREAM_VAR_DIR"] = str(tmp_path / "srv" / "var")
    if "MAINSTREAM_ID_HASH_KEY_FILE" in documented:
        key_file = tmp_path / "etc" / Path(documented["MAINSTREAM_ID_HASH_KEY_FILE"]).name
        key_file.parent.mkdir()
        key_file.write_text(secrets.token_urlsafe(48), encoding="ascii")
        env["MAINSTREAM_ID_HASH_KEY_FILE"] = str(key_file)
    return documented, env


def _mainstream(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    code = "import sys; from mainstream.cli import main; main(['mainstream', *sys.argv[1:]])"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
    )


def test_the_documented_env_file_turns_debug_off_and_keeps_the_key_outside_the_data():
    documented = _documented()
    assert documented.get("MAINSTREAM_DEBUG") == "0"
    key_file = documented.get("MAINSTREAM_ID_HASH_KEY_FILE", "")
    var_dir = documented["MAINSTREAM_VAR_DIR"]
    assert key_file.startswith("/") and not key_file.startswith(var_dir.rstrip("/") + "/")
    for unit in ("mainstream.service", "mainstream-remind.service"):
        text = (ENV_EXAMPLE.parent / unit).read_text(encoding="utf-8")
        assert "EnvironmentFile=/etc/mainstream/mainstream.env" in text
        settings_lines = [line for line in text.splitlines() if not line.startswith("#")]
        assert not any("MAINSTREAM_ID_HASH_KEY" in line for line in settings_lines)  # one place: the env file


def test_check_deploy_is_clean_with_the_documented_env_file(tmp_path):
    _, env = _production_env(tmp_path)
    done = _mainstream("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (tmp_path / "srv" / "var" / ".id_hash_key").exists()  # no demo key was made beside the data


def test_serve_accepts_the_documented_env_file_and_refuses_it_without_the_key(tmp_path):
    _, env = _production_env(tmp_path)
    assert _mainstream("serve", "--check-only", env=env).returncode == 0
    env.pop("MAINSTREAM_ID_HASH_KEY_FILE")
    refused = _mainstream("serve", "--check-only", env=env)
    assert refused.returncode != 0 and "MAINSTREAM_ID_HASH_KEY" in refused.stderr
