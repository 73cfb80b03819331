"""`mainstream serve`: a real gunicorn, DEBUG off, static files served, refused without a production key."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
STATIC_FILE = next(p for p in (ROOT / "mainstream" / "static").rglob("*.css")).relative_to(
    ROOT / "mainstream" / "static"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MAINSTREAM_ID_HASH_KEY", None)
    env.pop("MAINSTREAM_ID_HASH_KEY_FILE", None)
    env.update(MAINSTREAM_VAR_DIR=str(tmp_path / "var"), MAINSTREAM_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.update(extra)
    return env


def _mainstream(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    code = "import sys; from mainstream.cli import main; main(['mainstream', *sys.argv[1:]])"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def test_serve_refuses_without_a_key_outside_var(tmp_path):
    done = _mainstream("serve", "--check-only", env=_env(tmp_path))
    assert done.returncode != 0
    assert "MAINSTREAM_ID_HASH_KEY" in done.stderr


def test_serve_runs_gunicorn_with_debug_off_and_static_files(tmp_path):
    env = _env(tmp_path, MAINSTREAM_ID_HASH_KEY="k" * 64, MAINSTREAM_SSL_REDIRECT="0")  # no TLS proxy here
    assert _mainstream("migrate", "--noinput", env=env, timeout=300).returncode == 0
    port = _free_port()
    code = "import sys; from mainstream.cli import main; main(['mainstream', *sys.argv[1:]])"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert body, "the server never answered"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/{STATIC_FILE}", timeout=5) as r:
            assert r.status == 200 and "max-age" in r.headers.get("Cache-Control", "")  # WhiteNoise
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
            assert "Traceback" not in exc.read().decode()  # DEBUG off: no technical 404 page
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "gunicorn" in out.lower() or "Booting worker" in out or "Listening at" in out
    assert '"GET /login/' in out  # access log on stdout
