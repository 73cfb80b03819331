"""Stored findings (issue 13): the one selector pages read verdicts through.

``findings_stored`` answers exactly what ``services.findings_evaluate`` answers (same arguments, same order), but
from the findings stored for (plan id, plan version, year, as-of day, tool). Before answering it compares each tool's
stored set with the tool's staleness mark (``staleness.py``) and recomputes only the rules of the tools whose records
changed since — so a page never shows a verdict older than the last committed write. ``mainstream evaluate`` keeps
computing fresh.
"""

from __future__ import annotations

import logging
import pickle
from collections import OrderedDict, defaultdict
from datetime import date

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from .engine import Finding, Rule, discover_rules, run_rules, sort_key
from .services import context_build
from .staleness import tool_versions

log = logging.getLogger(__name__)


def findings_stored(
    *, year: int, as_of: date | None = None, unit: str | None = None, rules: list[str] | None = None
) -> list[Finding]:
    """Every finding of every registered rule for ``year`` as judged on ``as_of`` (one unit's with ``unit``),
    recomputing first the tools whose records changed since their findings were stored."""
    from .models import FindingSet

    ctx = context_build(year=year, as_of=as_of)
    registry = discover_rules()
    selected = [registry[r] for r in (rules or registry)]
    by_tool: dict[str, list[Rule]] = defaultdict(list)
    for r in registry.values():
        by_tool[r.tool].append(r)
    wanted_tools = {r.tool for r in selected}
    versions = tool_versions()  # read before the sets: a write committing after this makes them stale again
    key = {"plan_code": ctx.plan.id, "plan_version": ctx.plan.version, "year": year, "as_of": ctx.as_of}
    sets = {s.tool: s for s in FindingSet.objects.filter(**key, tool__in=wanted_tools)}
    findings: list[Finding] = []
    fresh_sets = [s for t, s in sets.items() if s.version == versions.get(t, 0)]
    if fresh_sets:
        try:
            findings.extend(_sets_read(fresh_sets))
        except (pickle.UnpicklingError, AttributeError, TypeError, ValueError):  # stored by an older release
            findings, fresh_sets = [], []
    for tool in sorted(wanted_tools - {s.tool for s in fresh_sets}):
        computed = run_rules(ctx, by_tool[tool])  # the whole tool: the set serves every later question
        _store(key, tool, versions.get(tool, 0), computed)
        findings.extend(computed)
    chosen = {r.id for r in selected}
    findings = [f for f in findings if f.rule in chosen and (unit is None or unit in f.units)]
    order = {u.short: i for i, u in enumerate(ctx.units)}
    return sorted(findings, key=sort_key(ctx.plan, order))


# Unpickled findings of stored sets, per process: a set is never changed once written (a recomputation writes a new
# set, with a new id and time), so id and time name its content for good (the time too: a rolled-back transaction
# may hand the same id out again). Findings are frozen dataclasses, safe to share between requests.
_READ: OrderedDict[tuple, list[Finding]] = OrderedDict()
_READ_SIZE = 32


def _sets_read(fresh_sets: list) -> list[Finding]:  # type: ignore[type-arg]
    """The findings of these stored sets, in set and position order (read once per process)."""
    from .models import StoredFinding

    names = tuple(sorted((s.id, s.computed.isoformat()) for s in fresh_sets))
    found = _READ.get(names)
    if found is not None:
        _READ.move_to_end(names)
        return found
    rows = StoredFinding.objects.filter(set_id__in=[i for i, _ in names]).order_by("set_id", "position")
    found = [pickle.loads(bytes(p)) for p in rows.values_list("payload", flat=True)]
    _READ[names] = found
    while len(_READ) > _READ_SIZE:
        _READ.popitem(last=False)
    return found


def _store(key: dict, tool: str, version: int, findings: list[Finding]) -> None:
    """Replace the tool's stored set. A database busy with a long write (SQLite during an import) only means the
    set is computed again next time: the page still gets these fresh findings."""
    from .models import FindingSet, StoredFinding

    try:
        with transaction.atomic():
            FindingSet.objects.filter(**key, tool=tool).delete()
            fs = FindingSet.objects.create(**key, tool=tool, version=version, computed=timezone.now())
            StoredFinding.objects.bulk_create(
                [
                    StoredFinding(
                        set=fs,
                        position=i,
                        rule=f.rule,
                        subject=f.subject,
                        subject_type=f.subject_type,
                        units=list(f.units),
                        status=f.status,
                        payload=pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL),
                    )
                    for i, f in enumerate(findings)
                ],
                batch_size=500,
            )
    except (IntegrityError, DatabaseError) as exc:  # a concurrent reader stored it, or the database is busy
        log.info("stored findings for %s %s not saved: %s", tool, key, exc)
