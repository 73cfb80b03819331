"""Who may see and change what: scoping is written once, here, and used everywhere.

- office administrator (性平辦): everything;
- oversight unit (主責管考單位): reads every unit, writes the records of its own tools;
- unit liaison: its own unit; in a composite group, also the group's joint records (its task force, meetings and
  group analyses, scoped through ``taskforce__units``), never the partner unit's own records;
- auditor: reads everything, writes nothing.

Views, commands and selectors call these functions; none of them decides access on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Role, Unit


@dataclass(frozen=True)
class Access:
    """What one user may do, computed once per request."""

    read_all: bool
    write_all: bool
    read_units: frozenset[int]
    write_units: frozenset[int]
    write_tools: frozenset[str]  # tools an oversight unit may write for every unit
    is_admin: bool
    is_authenticated: bool

    @property
    def confirms_publication(self) -> bool:
        """The office or an oversight unit confirms what a unit puts on the public zone (issue 14)."""
        return self.is_admin or (self.read_all and bool(self.write_tools))

    @property
    def writes_anything(self) -> bool:
        """False for read-only roles (the auditor): pages show them no write buttons."""
        return self.write_all or bool(self.write_units) or bool(self.write_tools)

    def can_read_unit(self, unit_id: int | None) -> bool:
        return self.read_all or (unit_id is not None and unit_id in self.read_units)

    def can_write_unit(self, unit_id: int | None, tool: str | None = None) -> bool:
        if self.write_all:
            return True
        if tool is not None and tool in self.write_tools:
            return True
        return unit_id is not None and unit_id in self.write_units


NOBODY = Access(False, False, frozenset(), frozenset(), frozenset(), False, False)


def access_for(user) -> Access:  # type: ignore[no-untyped-def]
    """The user's access; cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, "_mainstream_access", None)
    if cached is not None:
        return cached
    roles = list(Role.objects.filter(user=user).select_related("unit__group"))
    read_all = write_all = is_admin = user.is_superuser
    read_units: set[int] = set()
    write_units: set[int] = set()
    write_tools: set[str] = set()
    for role in roles:
        if role.kind == Role.Kind.ADMIN:
            read_all = write_all = is_admin = True
        elif role.kind == Role.Kind.AUDITOR:
            read_all = True
        elif role.kind == Role.Kind.OVERSIGHT:
            read_all = True
            write_tools.update(role.tools or [])
            if role.unit_id:
                write_units.add(role.unit_id)
        elif role.kind == Role.Kind.LIAISON and role.unit_id:
            # a composite group's partner shares the group's joint records through the task force they belong to
            # (selectors scope those by ``taskforce__units``), never the other unit's own records (issue 16, item 9)
            read_units.add(role.unit_id)
            write_units.add(role.unit_id)
    access = Access(
        read_all=read_all,
        write_all=write_all,
        read_units=frozenset(read_units | write_units),
        write_units=frozenset(write_units),
        write_tools=frozenset(write_tools),
        is_admin=is_admin,
        is_authenticated=True,
    )
    user._mainstream_access = access
    return access


def units_visible_to(user) -> QuerySet[Unit]:  # type: ignore[no-untyped-def]
    access = access_for(user)
    qs = Unit.objects.select_related("group")
    return qs if access.read_all else qs.filter(id__in=access.read_units)


def unit_records_visible_to(user, qs: QuerySet, unit_field: str = "unit") -> QuerySet:  # type: ignore[no-untyped-def]
    """Filter any queryset of unit-owned records to what ``user`` may read.

    ``unit_field`` is the path to the owning unit (``"unit"``, ``"taskforce__units"``…).
    """
    access = access_for(user)
    if access.read_all:
        return qs
    return qs.filter(Q(**{f"{unit_field}__in": access.read_units})).distinct()


def access_unit(user, unit: Unit, *, write: bool = False, tool: str | None = None) -> Unit:  # type: ignore[no-untyped-def]
    """Return ``unit`` if the user may read it (or write it); else raise PermissionDenied."""
    access = access_for(user)
    allowed = access.can_write_unit(unit.id, tool) if write else access.can_read_unit(unit.id)
    if not allowed:
        raise PermissionDenied("您沒有此機關資料的權限")
    return unit


def require_write(user, unit: Unit | None, tool: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Services call this before writing unit data on behalf of ``user`` (None: a system write)."""
    if user is None:
        return
    unit_id = unit.id if unit is not None else None
    if not access_for(user).can_write_unit(unit_id, tool):
        raise PermissionDenied(f"您沒有修改{unit or '此'}資料的權限")


def require_writer(user) -> None:  # type: ignore[no-untyped-def]
    """Any write at all (a read receipt, an import job, a stored upload): refused for a read-only role (the auditor,
    a user without a role). Services call it where no unit decides (``require_write`` already refuses them)."""
    if user is not None and not access_for(user).writes_anything:
        raise PermissionDenied("唯讀角色不能新增或修改資料")


def require_publication_confirmer(user) -> None:  # type: ignore[no-untyped-def]
    """Publishing to the public zone: the office or an oversight unit confirms (None: a system write)."""
    if user is not None and not access_for(user).confirms_publication:
        raise PermissionDenied("公告須經性平辦或管考單位確認；請按「申請公告」")


def require_admin(user) -> None:  # type: ignore[no-untyped-def]
    if user is not None and not access_for(user).is_admin:
        raise PermissionDenied("僅性平辦管理者可執行")
