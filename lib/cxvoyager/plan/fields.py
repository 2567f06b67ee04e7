"""Read one field (or one list cell) of the workbook into the draft."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from cxvoyager.plan import layout
from cxvoyager.plan.draft import Draft, Entry
from cxvoyager.plan.findings import FindingSink, Severity
from cxvoyager.plan.model import CellRef
from cxvoyager.plan.values import TEXT, Kind, ParseError, cell_text, normalize, split_list
from cxvoyager.plan.workbook import CellReader, header_text


class FieldReader:
    """Read cells into ``Draft`` entries and record a finding for every bad value."""

    def __init__(self, cells: CellReader, draft: Draft, sink: FindingSink) -> None:
        self.cells = cells
        self.draft = draft
        self.sink = sink

    def text(self, sheet: str, coordinate: str) -> str | None:
        """Return a cell's text without storing it (to decide whether a row is planned)."""
        raw, readable = self.cells.value(sheet, coordinate)
        return cell_text(raw) if readable else None

    def read(
        self,
        key: str,
        sheet: str,
        coordinate: str,
        kind: Kind = TEXT,
        *,
        required: bool = False,
    ) -> Any:
        """Read ``sheet!coordinate`` as ``kind`` into the entry ``key`` and return its value.

        Returns:
            The typed value (a tuple for list cells), or None when the cell is
            empty or invalid. An empty required cell records ``value.required``.
        """
        ref = CellRef(sheet=sheet, cell=coordinate)
        entry = Entry(key=key, ref=ref, secret=kind.secret)
        self.draft.add(entry)
        text = self._text(ref, kind, entry)
        if text is None:
            if required and not entry.invalid:
                self.sink.error("value.required", ref, None, field=label_of(self.cells, ref))
            return None

        entry.text = text
        items = split_list(text) if kind.listed else [text]
        values = [self._parse(ref, item, kind) for item in items]
        if any(value is None for value in values):
            entry.invalid = True
            return None
        entry.value = tuple(values) if kind.listed else values[0]
        return entry.value

    def read_items(self, prefix: str, sheet: str, coordinates: tuple[str, ...], kind: Kind) -> None:
        """Read list cells into one entry per item (``prefix.0``, ``prefix.1``, ...)."""
        index = 0
        for coordinate in coordinates:
            ref = CellRef(sheet=sheet, cell=coordinate)
            holder = Entry(key=prefix, ref=ref)
            text = self._text(ref, kind, holder)
            for item in split_list(text) if text else []:
                value = self._parse(ref, item, kind)
                entry = Entry(key=f"{prefix}.{index}", ref=ref, value=value, text=item)
                entry.invalid = value is None
                self.draft.add(entry)
                index += 1

    def _text(self, ref: CellRef, kind: Kind, entry: Entry) -> str | None:
        raw, readable = self.cells.value(ref.sheet, ref.cell)
        if not readable:
            entry.invalid = True
            entry.text = ""
            return None
        text = cell_text(raw)
        if text is None or (kind.placeholder and text.casefold() == kind.placeholder.casefold()):
            return None
        if not kind.machine:
            return text

        folded = normalize(text, compact=kind.compact)
        if folded != text:
            self.sink.warning("cell.normalized", ref, text, normalized=folded)
        return folded

    def _parse(self, ref: CellRef, text: str, kind: Kind) -> Any:
        try:
            value = kind.parse(text)
        except ParseError as exc:
            self.sink.add(exc.rule, Severity.ERROR, ref, text, secret=kind.secret, **exc.fields)
            return None
        return SecretStr(value) if kind.secret else value


def label_of(cells: CellReader, ref: CellRef) -> str:
    """Return a human label for a cell: its column header, or the label cell left of it."""
    row = int("".join(char for char in ref.cell if char.isdigit()))
    column = "".join(char for char in ref.cell if char.isalpha())
    label_cell = layout.FIELD_LABELS.get((ref.sheet, ref.cell))
    if label_cell is None and 3 <= row <= 18:
        label_cell = f"{column}2"
    if label_cell is None:
        return ref.cell
    raw, _ = cells.value(ref.sheet, label_cell)
    return header_text(raw) or ref.cell
