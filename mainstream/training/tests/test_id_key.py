"""Custody of the key that hashes national ID numbers (issue 14, item 9).

The masked form (A12345****) and the check digit leave about 1,000 candidates per person, so the keyed hash is the
only protection and its key must not travel with the data: in production it comes from the environment
(MAINSTREAM_ID_HASH_KEY) or a file outside var/ (MAINSTREAM_ID_HASH_KEY_FILE); a key generated into var/ is for demos
and refused by ``require_production_key`` (which ``serve`` calls) and by ``check --deploy``. Backups skip the key
files. Rotation re-keys every stored hash from the clear numbers in the source systems' rosters
(``mainstream ids rekey``), all or nothing.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from mainstream import keys
from mainstream.training.ids import check_digit, id_hash, id_mask, require_production_key
from mainstream.training.models import Person

STRONG = "k" * 48


def test_the_key_comes_from_the_environment_a_file_or_var(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    assert keys.id_key_resolve({"MAINSTREAM_ID_HASH_KEY": STRONG}, var) == (STRONG, "env")
    keyfile = tmp_path / "etc" / "id_hash_key"
    keyfile.parent.mkdir()
    keyfile.write_text(STRONG + "\n", encoding="ascii")
    assert keys.id_key_resolve({"MAINSTREAM_ID_HASH_KEY_FILE": str(keyfile)}, var) == (STRONG, f"file:{keyfile}")
    generated, source = keys.id_key_resolve({}, var)
    assert source == "var" and (var / ".id_hash_key").read_text().strip() == generated and len(generated) >= 43
    with pytest.raises(ImproperlyConfigured):
        keys.id_key_resolve({"MAINSTREAM_ID_HASH_KEY_FILE": str(tmp_path / "missing")}, var)


@pytest.mark.parametrize(
    "source, key, problem",
    [
        ("var", STRONG, "var/"),
        ("file:{var}/keys/id", STRONG, "var/"),
        ("file:{data}/id", STRONG, "資料"),
        ("env", "short", "32"),
        ("env", STRONG, None),
        ("file:{etc}/id", STRONG, None),
    ],
)
def test_what_production_refuses(tmp_path, source, key, problem):
    var, data, etc = tmp_path / "var", tmp_path / "data", tmp_path / "etc"
    source = source.format(var=var, data=data, etc=etc)
    found = keys.id_key_problem(key, source, var_dir=var, data_dirs=[data])
    assert (found is None) if problem is None else (problem in found)


def test_require_production_key_refuses_a_key_kept_in_var(settings):
    settings.MAINSTREAM_ID_HASH_KEY_SOURCE = "var"
    with pytest.raises(ImproperlyConfigured, match="MAINSTREAM_ID_HASH_KEY"):
        require_production_key()
    settings.MAINSTREAM_ID_HASH_KEY_SOURCE = "env"
    settings.MAINSTREAM_ID_HASH_KEY = STRONG
    require_production_key()


def test_check_deploy_names_a_key_kept_in_var(settings):
    from django.core import checks

    settings.MAINSTREAM_ID_HASH_KEY_SOURCE = "var"
    ids = [m.id for m in checks.run_checks(include_deployment_checks=True)]
    assert "mainstream.E014" in ids
    settings.MAINSTREAM_ID_HASH_KEY_SOURCE = "env"
    settings.MAINSTREAM_ID_HASH_KEY = STRONG
    assert "mainstream.E014" not in [m.id for m in checks.run_checks(include_deployment_checks=True)]


def test_backups_never_hold_the_key_files(tmp_path):
    for name in (".id_hash_key", ".secret_key"):
        assert keys.backup_excluded(tmp_path / "var" / name)
    assert not keys.backup_excluded(tmp_path / "var" / "mainstream.sqlite3")
    assert not keys.backup_excluded(tmp_path / "var" / "files" / "minutes.odt")


# -- rotation ---------------------------------------------------------------------------------------------------
NUMBERS = [check_digit(f"A1{n:07d}") for n in range(1, 6)]


@pytest.fixture
def people(db, settings):
    settings.MAINSTREAM_ID_HASH_KEY = "old-" + STRONG
    return [
        Person.objects.create(id_hash=id_hash(n), id_masked=id_mask(n), name=f"人{i}") for i, n in enumerate(NUMBERS)
    ]


def _roster(path: Path, numbers: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["身分證字號", "姓名", "服務機關"])
        writer.writerows([[n, "某", "勞動局"] for n in numbers])
    return path


def test_rekey_rewrites_every_stored_hash_from_the_rosters(people, tmp_path, settings):
    new_key = tmp_path / "new_key"
    new_key.write_text("new-" + STRONG, encoding="ascii")
    out = io.StringIO()
    call_command(
        "ids",
        "rekey",
        "--new-key-file",
        str(new_key),
        str(_roster(tmp_path / "a.csv", NUMBERS[:3])),
        str(_roster(tmp_path / "b.csv", NUMBERS[2:])),
        stdout=out,
    )
    for person, number in zip(people, NUMBERS, strict=True):
        person.refresh_from_db()
        assert person.id_hash == id_hash(number, key="new-" + STRONG)
    assert "5" in out.getvalue()
    assert not any(n in out.getvalue() for n in NUMBERS)


def test_rekey_is_all_or_nothing_and_names_who_is_missing_by_mask(people, tmp_path):
    new_key = tmp_path / "new_key"
    new_key.write_text("new-" + STRONG, encoding="ascii")
    before = list(Person.objects.values_list("id_hash", flat=True))
    with pytest.raises(CommandError) as refused:
        call_command("ids", "rekey", "--new-key-file", str(new_key), str(_roster(tmp_path / "a.csv", NUMBERS[:4])))
    message = str(refused.value)
    assert "1" in message and id_mask(NUMBERS[4]) in message and NUMBERS[4] not in message
    assert list(Person.objects.values_list("id_hash", flat=True)) == before


def test_rekey_refuses_a_new_key_equal_to_the_old_or_weak(people, tmp_path, settings):
    same = tmp_path / "same"
    same.write_text(settings.MAINSTREAM_ID_HASH_KEY, encoding="ascii")
    with pytest.raises(CommandError):
        call_command("ids", "rekey", "--new-key-file", str(same), str(_roster(tmp_path / "a.csv", NUMBERS)))
    weak = tmp_path / "weak"
    weak.write_text("short", encoding="ascii")
    with pytest.raises(CommandError):
        call_command("ids", "rekey", "--new-key-file", str(weak), str(_roster(tmp_path / "a.csv", NUMBERS)))


def test_ids_status_says_where_the_key_lives(db, settings):
    settings.MAINSTREAM_ID_HASH_KEY_SOURCE = "var"
    out = io.StringIO()
    call_command("ids", "status", stdout=out)
    assert "var/" in out.getvalue() and "不可用於正式環境" in out.getvalue()
