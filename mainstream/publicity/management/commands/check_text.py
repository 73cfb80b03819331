"""``mainstream check-text FILE [--per-line] --format json|text``: the reader's findings for other tools.

FILE is TXT (UTF-8 or CP950), DOCX or ODT, or ``-`` for standard input. In JSON: one array of objects with
``start``, ``end`` (character offsets into the text read), ``text``, ``kind``, ``item``, ``explanation``,
``suggestions``; with ``--per-line`` each line is read on its own, each finding carries its ``line`` (from 1) and
``start``/``end`` count from the start of that line. ``--advice`` adds the terms the office decided to give as
advice only; those findings also carry ``decision`` ("advice") and ``decision_reason``. It also adds the statistical
model's signals, as the reading page lists them (ADR 0014): one a sentence and kind, spanning the sentence, with
``decision`` "possible" and an explanation naming the words that weighed most; a signal is left out where a rule found
the same kind in that sentence.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from mainstream.publicity.documents import text_extract
from mainstream.publicity.model import shipped_model
from mainstream.publicity.reader import Reader, shipped_reader


def _reader() -> Reader:
    """The office's lexicon from the database; the shipped lexicon when there is no database yet."""
    try:
        from mainstream.publicity.selectors import current_reader

        return current_reader()
    except DatabaseError:
        return shipped_reader()


class Command(BaseCommand):
    help = "檢視中文文字中可能的性別刻板、偏見、歧視或排除性用語"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", help="TXT、DOCX 或 ODT 檔（- 為標準輸入）")
        parser.add_argument("--per-line", action="store_true", help="逐行檢視，結果附行號")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument("--advice", action="store_true", help="也列出性平辦決定僅供參考的用語")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        name = options["file"]
        try:
            if name == "-":
                text = sys.stdin.read()
            else:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(f"找不到檔案：{name}")
                text = text_extract(path.name, path.read_bytes())
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        reader = _reader()
        advice = options["advice"]
        per_line = options["per_line"]
        findings = reader.read_lines(text, advice=advice) if per_line else reader.read(text, advice=advice)
        model = shipped_model() if advice else None
        if model is not None:  # the model's signals, as the reading page lists them (issue 12 §2, ADR 14)
            findings += model.beside_lines(text, findings) if per_line else model.beside(text, findings)
        if options["format"] == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=1))
            return
        if not findings:
            self.stdout.write("未發現需注意的用語。")
        for f in findings:
            where = f"第 {f.line} 行 " if f.line else ""
            note = f"（僅供參考：{f.decision_reason}）" if f.decision != "flagged" else ""
            self.stdout.write(
                f"{where}{f.start}-{f.end}「{f.text}」{f.kind_label}（檢核項目 {f.item}）：{f.explanation}"
                + (f" 建議：{'、'.join(f.suggestions)}" if f.suggestions else "")
                + note
            )
