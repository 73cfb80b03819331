"""Sex ratio and gap (伍、三、(二)、1、C: the query system compares women and men), read off the dense array wherever
the sex dimension stands: first, in the middle, last. Readable cases, no database."""

from __future__ import annotations

from mainstream.statistics.derived import derived_jsonstat, sex_derived
from mainstream.statistics.px.cube import Category, Cube, Dimension


def _dim(code, labels, role=""):  # type: ignore[no-untyped-def]
    return Dimension(code, code, [Category(label, label) for label in labels], role=role)


YEARS = _dim("年別", ["111", "112"], "time")
SEX = _dim("性別", ["計", "男", "女"], "sex")
AREAS = _dim("區域", ["中正區", "大安區"], "area")


def test_sex_in_the_middle_gives_one_row_per_year_and_area_in_the_cubes_order():
    # 年別 × 性別 × 區域, row-major: for each year, 計 (two areas), 男 (two areas), 女 (two areas)
    cube = Cube(
        "T1",
        "就業人數",
        [YEARS, SEX, AREAS],
        [
            *(30, 20, 14, 12, 16, 8),  # 111: 計, 男 中正 14 大安 12, 女 中正 16 大安 8
            *(31, 21, 15, None, 16, 0),  # 112: 男 大安 missing, 女 大安 0
        ],
        units="人",
    )
    d = sex_derived(cube)
    assert d is not None
    got = [([c.label for c in r.categories], r.female, r.male, r.ratio, r.gap) for r in d.rows]
    assert got == [
        (["111", "中正區"], 16, 14, 87.5, 2),  # 14 men per 16 women: 87.5 men per 100 women
        (["111", "大安區"], 8, 12, 150.0, -4),
        (["112", "中正區"], 16, 15, 93.8, 1),
        (["112", "大安區"], 0, None, None, None),  # a missing value gives no figure; nor does a woman count of 0
    ]
    assert d.gap_unit == "人"


def test_sex_first_or_last_reads_the_same_figures():
    middle = Cube("T", "t", [YEARS, SEX, AREAS], [0, 0, 14, 12, 16, 8, 0, 0, 15, 9, 16, 10])
    first = Cube("T", "t", [SEX, YEARS, AREAS], [0, 0, 0, 0, 14, 12, 15, 9, 16, 8, 16, 10])
    last = Cube("T", "t", [YEARS, AREAS, SEX], [0, 14, 16, 0, 12, 8, 0, 15, 16, 0, 9, 10])
    figures = [
        [(r.female, r.male, r.ratio, r.gap) for r in sex_derived(cube).rows]  # type: ignore[union-attr]
        for cube in (middle, first, last)
    ]
    assert (
        figures[0]
        == figures[1]
        == figures[2]
        == [(16, 14, 87.5, 2), (8, 12, 150.0, -4), (16, 15, 93.8, 1), (10, 9, 90.0, 1)]
    )


def test_json_stat_carries_the_same_columns_and_percentages_give_percentage_points():
    cube = Cube("T", "勞動力參與率", [YEARS, SEX], [58.0, 66.9, 51.4, 58.4, 67.0, 52.0], units="%", decimals=1)
    ext = derived_jsonstat(cube)
    assert ext is not None
    assert ext["id"] == ["年別"] and ext["size"] == [2]
    assert ext["sex_ratio"]["value"] == [130.2, 128.8]
    assert ext["gap"]["value"] == [-15.5, -15.0]
    assert ext["gap"]["unit"] == "百分點"


def test_no_sex_dimension_or_no_female_category_gives_nothing():
    assert sex_derived(Cube("T", "t", [YEARS, AREAS], [1, 2, 3, 4])) is None
    only_total = _dim("性別", ["計"], "sex")
    assert sex_derived(Cube("T", "t", [YEARS, only_total], [1, 2])) is None


def test_values_are_stored_as_little_endian_float64_with_nan_for_a_missing_cell():
    """A revision's dense array (ADR 0009): 8 bytes a cell, little-endian, NaN where PX marks a cell missing."""
    import struct

    from mainstream.statistics.tables import values_pack, values_unpack

    values = [1.5, None, 0.0, -2.25, 1e12]
    data = values_pack(values)
    assert len(data) == 8 * len(values)
    assert struct.unpack("<5d", data)[0] == 1.5 and struct.unpack("<5d", data)[3] == -2.25
    assert values_unpack(data) == values
