"""The `mainstream` console command: the names users type reach Django's management commands."""

import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "mainstream.cli", *args], capture_output=True, text=True, timeout=120)


def test_hyphenated_commands_reach_their_management_command():
    out = run("demo-logins")
    assert out.returncode == 0, out.stderr
    assert "office" in out.stdout and "demo-2021" in out.stdout


def test_import_lists_the_kinds_when_asked_for_an_unknown_one():
    out = run("import", "nonsense", "x.csv")
    assert out.returncode != 0
    assert "measures" in out.stderr and "liaisons" in out.stderr
