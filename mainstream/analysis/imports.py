"""Import kind ``analyses`` (伍、四): 年度, 機關, 題目, 撰擬方式, 性別面向, 交織因素, 資料來源為12區公所,
僅描述統計, 性平小組報告日期 — all or nothing.

Intersecting factors the plan does not name are kept as free text (其他交織因素); gender dimensions must be
the plan's four.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy

from mainstream.imports.checks import yearly_rows_validate
from mainstream.imports.schema import Column, ImportKind, register
from mainstream.imports.values import Cells
from mainstream.plan.selectors import plan_in_force, plan_year_default, plan_years

from .services import AnalysisData, analyses_import_write, plan_list

METHOD_ALIASES = {
    "自撰": "自行撰擬",
    "委託": "委託研究",
    "補助": "補助研究",
    "專章": "研究專章",
    "性別分析專章": "研究專章",
}


def _district_help() -> str:
    """「D1組：以 12 區公所資料撰擬填 是」 with the plan's district group."""
    plan = plan_in_force(plan_year_default())
    code = plan.district_group()
    return f"{plan.groups[code].name}：以 {plan.group_called(code)}資料撰擬填 是" if code else "以區公所資料撰擬填 是"


def parse(cells: Cells) -> AnalysisData | None:
    year = cells.year("年度")
    unit = cells.unit("機關")
    title = cells.text("題目", max_length=200)
    methods = {m: m for m in plan_list("methods")} | METHOD_ALIASES
    method = cells.choice("撰擬方式", methods)
    dimensions = cells.listing("性別面向")
    known = plan_list("dimensions")
    bad = [d for d in dimensions if d not in known]
    if bad:
        cells.error("性別面向", f"「{'、'.join(bad)}」不是 {'、'.join(known)} 之一")
    factors = cells.listing("交織因素")
    named = [f for f in factors if f in plan_list("factors")]
    other = "、".join(f for f in factors if f not in named)
    if len(other) > 200:
        cells.error("交織因素", "其他交織因素超過 200 字")
    district = cells.yes_no("資料來源為12區公所")
    if district and unit is not None:
        plan = plan_in_force(year if year in plan_years() else plan_year_default())
        if unit.group is None or unit.group.code != plan.district_group():
            cells.error("資料來源為12區公所", f"僅 {plan.district_label() or '區公所組別'} 適用")
    descriptive = cells.yes_no("僅描述統計")
    reported_on = cells.date("性平小組報告日期", required=False)
    indicators = _indicators(cells, unit)
    if cells.errors:
        return None
    assert year and unit and method
    return AnalysisData(
        unit=unit,
        year=year,
        title=title,
        method=method,
        dimensions=list(dict.fromkeys(dimensions)),
        factors=list(dict.fromkeys(named)),
        factors_other=other,
        district_data=bool(district),
        descriptive_only=bool(descriptive),
        reported_on=reported_on,
        indicators=indicators,
    )


def _indicators(cells: Cells, unit: Any) -> list[Any] | None:
    """統計指標: indicator names separated by ； (names may hold 、 or ，); ``機關：名稱`` names another unit's.
    A bare name is looked up first among the report's unit's indicators, then among all (it must be unique).
    An empty cell leaves the report's links as they are."""
    import re

    from django.db.models import Q

    from mainstream.statistics.models import Indicator

    names = [p.strip() for p in re.split(r"[;；\n]", cells.raw("統計指標")) if p.strip()]
    if not names:
        return None
    found = []
    base = Indicator.objects.filter(kind=Indicator.Kind.INDICATOR).select_related("unit")
    for name in names:
        owner, sep, rest = re.sub(r"：", ":", name).partition(":")
        if sep:
            owner, rest = owner.strip(), rest.strip()
            hits = list(base.filter(Q(unit__short_name=owner) | Q(unit__full_name=owner), name=rest))
        else:
            hits = list(base.filter(unit=unit, name=name)) if unit is not None else []
            hits = hits or list(base.filter(name=name))
        if len(hits) == 1:
            found.append(hits[0])
        elif not hits:
            cells.error("統計指標", f"查無性別統計指標「{name}」")
        else:
            units_named = "、".join(h.unit.short_name for h in hits)
            cells.error("統計指標", f"「{name}」有多個機關的指標（{units_named}），請寫成「機關：指標名稱」")
    return found


KIND = register(
    ImportKind(
        name="analyses",
        title="性別分析",
        tool="analysis",
        columns=(
            Column("年度", help="民國年，例如 110", example="110"),
            Column("機關", help="機關全銜或簡稱", example="勞動局"),
            Column("題目", help="同機關同年度題目不可重複", example="中高齡女性再就業之性別分析"),
            Column("撰擬方式", help="自行撰擬、委託研究、補助研究或研究專章", example="自行撰擬"),
            Column("性別面向", help="性別、性傾向、性別特質、性別認同，以逗號分隔", example="性別,性別認同"),
            Column(
                "交織因素",
                required=False,
                help="年齡、種族、族群、地區、階級、文化、信仰、教育程度、障礙情形、移民、移工或其他，以逗號分隔",
                example="年齡,障礙情形",
            ),
            Column("資料來源為12區公所", required=False, help=lazy(_district_help, str)(), example="否"),
            Column("僅描述統計", required=False, help="僅依統計資料撰寫描述統計者填 是（不列計）", example="否"),
            Column(
                "性平小組報告日期", required=False, help="提報性平小組專題報告之日期；未提報請留空", example="110/06/15"
            ),
            Column(
                "統計指標",
                required=False,
                help="分析所據之性別統計指標名稱，以分號（；）分隔；他機關之指標寫成「機關：指標名稱」；留空則不變更",
                example="",
            ),
        ),
        parse=parse,
        key=lambda r: (r.unit.id, r.year, r.title),
        validate=yearly_rows_validate,
        write=analyses_import_write,
        unit_of=lambda r: r.unit,
    )
)
