"""Import kinds of the mechanism: ``liaisons`` (機關, 姓名, 性別, 職稱, 角色, 加入聯繫圈日期, 退出日期)."""

from __future__ import annotations

from mainstream.imports.schema import Column, ImportKind, register
from mainstream.imports.values import Cells

from .models import Liaison
from .services import LiaisonData, liaisons_import_write

SEXES = {"男": "男", "女": "女", "其他": "其他", "M": "男", "F": "女"}
ROLES = {
    "承辦人": Liaison.Role.STAFF,
    "主管": Liaison.Role.SUPERVISOR,
    "staff": Liaison.Role.STAFF,
    "supervisor": Liaison.Role.SUPERVISOR,
}


def parse_liaison(cells: Cells) -> LiaisonData | None:
    unit = cells.unit("機關")
    name = cells.text("姓名", max_length=60)
    sex = cells.choice("性別", SEXES)
    title = cells.text("職稱", required=False, max_length=60)
    role = cells.choice("角色", ROLES)
    joined = cells.date("加入聯繫圈日期", required=False)
    left = cells.date("退出日期", required=False)
    if joined and left and left < joined:
        cells.error("退出日期", "退出日期早於加入聯繫圈日期")
    if cells.errors:
        return None
    assert unit and sex and role
    return LiaisonData(unit, name, sex, title, role, joined, left)


LIAISONS = register(
    ImportKind(
        name="liaisons",
        title="性平聯絡人",
        tool="mechanism",
        columns=(
            Column("機關", help="機關全銜或簡稱", example="勞動局"),
            Column("姓名", example="王小明"),
            Column("性別", help="男、女、其他", example="女"),
            Column("職稱", required=False, example="科員"),
            Column("角色", help="承辦人 或 主管", example="承辦人"),
            Column("加入聯繫圈日期", required=False, help="未加入者留空", example="109/01/15"),
            Column("退出日期", required=False, help="仍在任者留空"),
        ),
        parse=parse_liaison,
        key=lambda r: (r.unit.id, r.name),
        write=liaisons_import_write,
        unit_of=lambda r: r.unit,
    )
)
