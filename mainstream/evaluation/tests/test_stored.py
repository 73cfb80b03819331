"""Stored findings never lag a committed write (issue 13, Done when): after every step of seeded random sequences
of writes — services, admin-style ORM edits and deletes, a registry change — the stored verdicts the pages read
equal the verdicts ``mainstream evaluate`` computes fresh."""

from __future__ import annotations

import random
from datetime import date

import pytest

from mainstream.evaluation.models import FindingSet, ToolMark
from mainstream.evaluation.services import findings_evaluate
from mainstream.evaluation.stored import findings_stored

YEAR = 111
DAYS = (date(2022, 6, 30), date(2023, 1, 15))  # inside the year's window, and after it closed


@pytest.fixture
def demo(registry):
    from mainstream.analysis.demo import demo_load as analysis
    from mainstream.budget.demo import demo_load as budget
    from mainstream.impact.demo import demo_load as impact
    from mainstream.measures.demo import demo_load as measures
    from mainstream.mechanism.demo import demo_load as mechanism
    from mainstream.statistics.demo import demo_load as statistics

    for load in (mechanism, measures, statistics, analysis, impact, budget):
        load()
    return registry


def agree(unit: str | None = None) -> None:
    for day in DAYS:
        fresh = findings_evaluate(year=YEAR, as_of=day)
        assert findings_stored(year=YEAR, as_of=day) == fresh
        if unit:
            assert findings_stored(year=YEAR, as_of=day, unit=unit) == [f for f in fresh if unit in f.units]


def _tool_models():
    from mainstream.analysis.models import Analysis
    from mainstream.budget.models import BudgetLine
    from mainstream.impact.models import Assessment
    from mainstream.measures.models import Measure
    from mainstream.mechanism.models import Liaison, Meeting
    from mainstream.statistics.models import Indicator

    return [Measure, Indicator, Analysis, Assessment, BudgetLine, Liaison, Meeting]


def _step(rng: random.Random, units: list) -> str:
    from mainstream.measures.models import Measure
    from mainstream.measures.services import MeasureData, measure_delete, measure_record

    kind = rng.choice(["record", "record", "service_delete", "orm_delete", "orm_edit", "registry"])
    if kind == "record":
        unit = rng.choice(units)
        measure_record(
            data=MeasureData(
                unit=unit,
                year=YEAR,
                title=f"隨機措施 {rng.randrange(10**6)}",
                category=rng.randint(1, 5),
                item=rng.randint(1, 3),
                date=date(2022, rng.randint(1, 12), 1),
            )
        )
    elif kind == "service_delete":
        measure = Measure.objects.filter(year=YEAR).order_by("?").first()
        if measure:
            measure_delete(measure=measure)
    elif kind in ("orm_delete", "orm_edit"):  # as the admin does: save()/delete() without a service
        model = rng.choice(_tool_models())
        obj = (
            model.objects.order_by("pk")[rng.randrange(max(model.objects.count(), 1))]
            if model.objects.exists()
            else None
        )
        if obj is not None:
            if kind == "orm_delete":
                obj.delete()
            else:
                obj.save()
    else:  # the registry: a unit's full name changes (every tool's context)
        unit = rng.choice(units)
        unit.full_name = unit.full_name + "＊"
        unit.save()
    return kind


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_and_fresh_agree_after_random_writes(demo, seed):
    rng = random.Random(seed)
    units = sorted(demo.values(), key=lambda u: u.short_name)
    agree()
    for _ in range(12):
        _step(rng, units)
        agree(unit=rng.choice(units).short_name)


def test_a_write_marks_only_its_tool_and_reads_recompute_only_that_tool(demo):
    from mainstream.measures.services import MeasureData, measure_record

    day = DAYS[0]
    findings_stored(year=YEAR, as_of=day)
    before = {s.tool: (s.pk, s.version) for s in FindingSet.objects.filter(year=YEAR, as_of=day)}
    unit = demo["勞動局"] if "勞動局" in demo else next(iter(demo.values()))
    measure_record(data=MeasureData(unit=unit, year=YEAR, title="新措施", category=1, item=1, date=date(2022, 3, 1)))
    assert ToolMark.objects.get(tool="measures").version > before["measures"][1]
    stored = findings_stored(year=YEAR, as_of=day)
    assert stored == findings_evaluate(year=YEAR, as_of=day)
    after = {s.tool: (s.pk, s.version) for s in FindingSet.objects.filter(year=YEAR, as_of=day)}
    assert after["measures"] != before["measures"]  # recomputed
    assert {t: v for t, v in after.items() if t != "measures"} == {t: v for t, v in before.items() if t != "measures"}


def test_a_rolled_back_write_leaves_stored_findings_valid(demo):
    from django.db import transaction

    from mainstream.measures.models import Measure

    day = DAYS[0]
    findings_stored(year=YEAR, as_of=day)
    with pytest.raises(RuntimeError), transaction.atomic():
        Measure.objects.filter(year=YEAR).first().delete()
        raise RuntimeError
    assert findings_stored(year=YEAR, as_of=day) == findings_evaluate(year=YEAR, as_of=day)


@pytest.mark.parametrize("seed", [4])
def test_the_cached_scorecard_and_to_do_page_never_lag_a_write(demo, seed, client, make_user):
    """Each server process keeps rendered scorecards and to-do pages; after every random write the page it serves
    equals the page rendered from scratch (the cache emptied), for the office and for a liaison."""
    from django.core.cache import cache

    from mainstream.units.models import Unit

    rng = random.Random(seed)
    units = list(Unit.objects.filter(kind="executing").order_by("id"))
    users = [make_user("admin"), make_user("liaison", "勞動局")]
    query = {"year": str(YEAR), "as_of": "111/06/30"}

    def pages() -> list[str]:
        out = []
        for user in users:
            client.force_login(user)
            for url in ("/scorecard/", "/todo/勞動局/"):
                out.append(client.get(url, query).content.decode().split("<main", 1)[1])
        return out

    pages()  # fill the cache
    hits = 0
    for _ in range(8):
        _step(rng, units)
        served = pages()
        hits += served == pages()  # the second read came from the cache
        cache.clear()
        assert served == pages()
    assert hits == 8
    assert served[0] != served[2]  # the liaison's scorecard is its own, not the office's
