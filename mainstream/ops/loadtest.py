"""`make loadtest` (issue 13, item 7): `mainstream serve` on 127.0.0.1 over a year of training rows (1,000,000 by
default), 50 concurrent clients (wrk, a Debian package installed by scripts/system-deps) for a bounded time on the
scorecard, the unit to-do page and a trivial page; prints requests/s, p95 and errors, and the ratios to the targets.

Environment: LOADTEST_ROWS (training rows, default 1,000,000), LOADTEST_SECONDS (per page, default 20),
LOADTEST_CLIENTS (default 50), LOADTEST_WORKERS (gunicorn workers, default 2×cores+1).
Everything lives in a temporary folder (its own SQLite database); nothing touches var/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

TARGET_RATIO = 0.25
MARKS = {"trivial": "<form", "scorecard": "<table", "todo": "待辦事項"}  # the page itself, not a redirect
LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("RESULT %d %.3f %d %d\\n", summary.requests, latency:percentile(95) / 1000.0, errors,
    summary.duration))
end
"""
SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from mainstream.units.models import Role
user, _ = get_user_model().objects.get_or_create(username="loadtest")
Role.objects.get_or_create(user=user, kind="admin")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.save()
print(settings.SESSION_COOKIE_NAME + "=" + store.session_key)
"""


def _mainstream(args: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    code = "import sys; from mainstream.cli import main; main(['mainstream', *sys.argv[1:]])"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, text=True, **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk(url: str, cookie: str, *, clients: int, seconds: int, script: Path) -> tuple[float, float, int, int]:
    """(requests/s, p95 seconds, errors, requests)."""
    out = subprocess.run(
        ["wrk", "-t", str(min(4, clients)), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s"]
        + ["-H", f"Cookie: {cookie}", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"RESULT (\d+) ([\d.]+) (\d+) (\d+)", out)
    if not found:
        raise SystemExit(f"wrk 輸出無法解讀：\n{out}")
    requests, p95, errors, micros = int(found[1]), float(found[2]), int(found[3]), int(found[4])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx[1]) if non_2xx else 0
    return requests / (micros / 1e6), p95 / 1000.0, errors, requests


def _drain(base: str, *, quick: float = 0.5, limit: float = 120.0) -> None:
    """Wait until the server answers the trivial page quickly again (its queue is empty)."""
    give_up = time.perf_counter() + limit
    while time.perf_counter() < give_up:
        started = time.perf_counter()
        urllib.request.urlopen(base + "/login/", timeout=limit).close()
        if time.perf_counter() - started < quick:
            return
        time.sleep(1)


def main() -> int:
    if not shutil.which("wrk"):
        print("缺少 wrk：請執行 scripts/system-deps（以 root）", file=sys.stderr)
        return 1
    rows = int(os.environ.get("LOADTEST_ROWS", "1000000"))
    seconds = int(os.environ.get("LOADTEST_SECONDS", "20"))
    clients = int(os.environ.get("LOADTEST_CLIENTS", "50"))
    workers = int(os.environ.get("LOADTEST_WORKERS", "0")) or (os.cpu_count() or 1) * 2 + 1
    tmp = Path(tempfile.mkdtemp(prefix="mainstream-loadtest-"))
    env = dict(os.environ)
    env.update(
        MAINSTREAM_VAR_DIR=str(tmp / "var"),
        MAINSTREAM_DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        MAINSTREAM_ID_HASH_KEY="loadtest-" + "k" * 56,
        MAINSTREAM_SSL_REDIRECT="0",  # no TLS proxy in front here
        MAINSTREAM_AS_OF=env.get("MAINSTREAM_AS_OF", "111/10/31"),
    )
    env.pop("MAINSTREAM_ID_HASH_KEY_FILE", None)
    server = None
    try:
        print(f"準備資料（{tmp}）……", flush=True)
        _mainstream(["setup", "--demo"], env, stdout=subprocess.DEVNULL)
        if rows:
            import django

            os.environ.update(env, DJANGO_SETTINGS_MODULE="mainstream.settings")
            django.setup()
            from mainstream.training.bench import generate

            csv = tmp / "training.csv"
            generate(csv, rows=rows)
            started = time.perf_counter()
            _mainstream(["import", "training", str(csv)], env, stdout=subprocess.DEVNULL)
            print(f"匯入訓練紀錄 {rows:,} 列：{time.perf_counter() - started:.0f} 秒", flush=True)
        cookie = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + SESSION],
            env={**env, "DJANGO_SETTINGS_MODULE": "mainstream.settings", "MAINSTREAM_DEBUG": "0"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        port = _free_port()
        code = "import sys; from mainstream.cli import main; main(['mainstream', *sys.argv[1:]])"
        server = subprocess.Popen(
            [sys.executable, "-c", code, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=(tmp / "serve.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/login/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.5)
        script = tmp / "p95.lua"
        script.write_text(LUA)
        pages = {
            "trivial": "/login/",
            "scorecard": "/scorecard/?year=111",
            "todo": "/todo/" + urllib.parse.quote("勞動局") + "/?year=111",
        }

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return None

        opener = urllib.request.build_opener(NoRedirect)
        for name, path in pages.items():  # warm up (the first read stores the verdicts); a redirect is a failure
            req = urllib.request.Request(base + path, headers={"Cookie": cookie})
            try:
                r = opener.open(req, timeout=120)
            except urllib.error.HTTPError as exc:
                raise SystemExit(f"{path} 回應 {exc.code} → {exc.headers.get('Location')}，不是已登入的頁面") from exc
            with r:
                body = r.read().decode()
                if r.status != 200 or MARKS[name] not in body:
                    raise SystemExit(f"{path} 回應 {r.status}，不是已登入的頁面")
        results = {}
        for name, path in pages.items():
            results[name] = _wrk(base + path, cookie, clients=clients, seconds=seconds, script=script)
            _drain(base)  # requests still queued from this page must not count against the next one
        trivial = results["trivial"][0]
        print(
            f"\n{clients} 個並行用戶，每頁 {seconds} 秒，{workers} 個 gunicorn worker，訓練紀錄 {rows:,} 列（自產資料）"
        )
        print(f"{'頁面':<10}{'請求/秒':>10}{'p95 秒':>10}{'錯誤':>8}{'相對簡單頁':>12}  目標")
        ok = True
        for name, (rps, p95, errors, _) in results.items():
            ratio = rps / trivial if trivial else 0.0
            target = "" if name == "trivial" else f"≥{TARGET_RATIO:.0%} 且 0 錯誤"
            met = name == "trivial" or (ratio >= TARGET_RATIO and errors == 0)
            ok = ok and met and errors == 0
            mark = "" if name == "trivial" else ("達成" if met else "未達成")
            print(f"{name:<12}{rps:>10.1f}{p95:>10.3f}{errors:>8}{ratio:>12.2f}  {target} {mark}")
        return 0 if ok else 2
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
