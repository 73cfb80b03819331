"""A report as neutral blocks (headings, paragraphs, tables with sources, charts), written once and
rendered as HTML (the web page, the public zone), ODT, ODS/XLSX and PDF.

The published version of a report is this structure frozen as JSON (``Report.content``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .sections import Table


@dataclass
class Block:
    type: str  # heading | para | list | table | chart
    text: str = ""
    level: int = 1
    items: list[str] = field(default_factory=list)
    table: Table | None = None
    svg: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.text:
            out["text"] = self.text
        if self.type == "heading":
            out["level"] = self.level
        if self.items:
            out["items"] = list(self.items)
        if self.table is not None:
            out["table"] = self.table.as_json()
        if self.svg:
            out["svg"] = self.svg
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Block:
        return cls(
            type=data["type"],
            text=data.get("text", ""),
            level=data.get("level", 1),
            items=data.get("items", []),
            table=Table.from_json(data["table"]) if data.get("table") else None,
            svg=data.get("svg", ""),
        )


@dataclass
class ReportDocument:
    title: str
    unit: str
    year: int
    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Block("heading", text, level=level))

    def para(self, text: str) -> None:
        self.blocks.append(Block("para", text))

    def bullets(self, items: list[str]) -> None:
        if items:
            self.blocks.append(Block("list", items=list(items)))

    def table(self, table: Table) -> None:
        self.blocks.append(Block("table", table=table))

    def chart(self, title: str, svg: str) -> None:
        self.blocks.append(Block("chart", title, svg=svg))

    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.table is not None]

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "unit": self.unit, "year": self.year, "blocks": [b.as_json() for b in self.blocks]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDocument:
        return cls(data["title"], data["unit"], data["year"], [Block.from_json(b) for b in data["blocks"]])
