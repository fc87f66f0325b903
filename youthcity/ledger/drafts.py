"""Edits on a draft import: the parser's JSON plus review choices. Pure functions, no Django.

A draft is the parser's dict (``docs/plan-format.md``) with three additions:

- ``settings``: ``{"schedule", "starts_on", "ends_on"}`` chosen by the coordinator;
- ``units``: ``{name: {"unit": id | None, "not_unit": bool, "auto": bool}}`` — one entry per
  distinct unit name found anywhere in the plan, so no name is ever silently dropped;
- each measure may carry ``lists`` (codes of the four lists).

Every function returns a new dict and never mutates its input.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

Draft = dict[str, Any]

SPLIT_MARKER = re.compile(r"^\s*-{3,}\s*$", re.MULTILINE)


def unit_names(draft: Draft) -> list[str]:
    """Every distinct unit name in the plan, in document order."""
    seen: dict[str, None] = {}
    for project in draft.get("projects", []):
        for name in project.get("lead_units", []):
            seen.setdefault(name, None)
        for measure in project.get("measures", []):
            for name in measure.get("responsible_units", []):
                seen.setdefault(name, None)
    return list(seen)


def unmapped_names(draft: Draft) -> list[str]:
    """Names still needing a decision: neither mapped to a unit nor marked "not a unit"."""
    units = draft.get("units", {})
    return [n for n in unit_names(draft)
            if not (units.get(n, {}).get("unit") or units.get(n, {}).get("not_unit"))]


def counts(draft: Draft) -> dict[str, int]:
    projects = draft.get("projects", [])
    measures = [m for p in projects for m in p.get("measures", [])]
    return {"projects": len(projects), "measures": len(measures),
            "targets": sum(len(m.get("targets", [])) for m in measures)}


def _measure(draft: Draft, p: int, m: int) -> dict:
    try:
        return draft["projects"][p]["measures"][m]
    except (IndexError, KeyError) as exc:
        raise LookupError(f"no measure {p}/{m}") from exc


def set_unit_choices(draft: Draft, choices: dict[str, dict]) -> Draft:
    new = copy.deepcopy(draft)
    units = new.setdefault("units", {})
    for name, choice in choices.items():
        units[name] = {"unit": choice.get("unit"), "not_unit": bool(choice.get("not_unit")) and not choice.get("unit"),
                       "auto": bool(choice.get("auto"))}
    return new


def update_project(draft: Draft, p: int, *, title: str | None) -> Draft:
    new = copy.deepcopy(draft)
    new["projects"][p]["title"] = title or None
    return new


def update_measure(draft: Draft, p: int, m: int, *, number: str | None, title: str | None, text: str,
                   responsible_units: Iterable[str], lists: Iterable[str], targets: list[dict]) -> Draft:
    new = copy.deepcopy(draft)
    measure = _measure(new, p, m)
    measure.update(number=number or None, title=title or None, text=text,
                   responsible_units=list(dict.fromkeys(u.strip() for u in responsible_units if u.strip())),
                   lists=list(dict.fromkeys(lists)), targets=targets)
    return new


def merge_with_next(draft: Draft, p: int, m: int) -> Draft:
    """Merge measure ``m`` with the one after it: texts joined, units and targets combined."""
    new = copy.deepcopy(draft)
    measures = new["projects"][p]["measures"]
    if not 0 <= m < len(measures) - 1:
        raise LookupError("there is no next measure to merge with")
    first, second = measures[m], measures.pop(m + 1)
    first["text"] = f"{first['text']}\n{second['text']}".strip()
    first["title"] = first.get("title") or second.get("title")
    first["responsible_units"] = list(dict.fromkeys(first.get("responsible_units", []) +
                                                    second.get("responsible_units", [])))
    first["targets"] = first.get("targets", []) + second.get("targets", [])
    first["lists"] = list(dict.fromkeys(first.get("lists", []) + second.get("lists", [])))
    return new


def split_measure(draft: Draft, p: int, m: int, text_with_markers: str) -> Draft:
    """Split a measure where the coordinator put a line of ``---``. Each target goes to the part
    whose text contains it (the first part otherwise); units and lists are copied to every part."""
    parts = [part.strip() for part in SPLIT_MARKER.split(text_with_markers) if part.strip()]
    if len(parts) < 2:
        raise ValueError("no split marker")
    new = copy.deepcopy(draft)
    measures = new["projects"][p]["measures"]
    original = _measure(new, p, m)
    pieces = []
    for k, text in enumerate(parts):
        number = original.get("number")
        pieces.append({
            "number": (f"{number}{chr(ord('a') + k)}" if number else None),
            "title": original.get("title") if k == 0 else None,
            "text": text,
            "responsible_units": list(original.get("responsible_units", [])),
            "lists": list(original.get("lists", [])),
            "targets": [],
        })
    for target in original.get("targets", []):
        home = next((piece for piece in pieces if target.get("text") and target["text"] in piece["text"]), pieces[0])
        home["targets"].append(target)
    measures[m:m + 1] = pieces
    return new


def delete_measure(draft: Draft, p: int, m: int) -> Draft:
    """Drop measure ``m`` of project ``p`` (text the reader took for a measure). A project left
    without measures is dropped too; unit names only that measure used leave the name list."""
    new = copy.deepcopy(draft)
    _measure(new, p, m)
    measures = new["projects"][p]["measures"]
    measures.pop(m)
    if not measures:
        new["projects"].pop(p)
    still = set(unit_names(new))
    new["units"] = {n: c for n, c in new.get("units", {}).items() if n in still}
    return new


def measures_without_units(draft: Draft) -> list[dict]:
    """Measures nobody would report on: no named unit mapped to a real unit and no project lead
    mapped to one. Each as ``{"p", "m", "number", "label"}``."""
    units = draft.get("units", {})

    def mapped(names) -> bool:
        return any(units.get(n, {}).get("unit") for n in names)

    found = []
    for p, project in enumerate(draft.get("projects", [])):
        for m, measure in enumerate(project.get("measures", [])):
            if not mapped(measure.get("responsible_units", [])) and not mapped(project.get("lead_units", [])):
                label = measure.get("title") or (measure.get("text") or "")[:40]
                found.append({"p": p, "m": m, "number": measure.get("number") or "", "label": label})
    return found


def normalised_text(text: str) -> str:
    """Text used to recognise the same document re-imported in another format or encoding."""
    return re.sub(r"\s+", "", text).replace("\u3000", "")
