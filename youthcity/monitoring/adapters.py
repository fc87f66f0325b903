"""ORM rows ↔ index-engine types. The engine never sees Django; this is the only bridge."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import numpy as np

from youthcity.engines.index import Dataset, Framework, dataset_from_arrays, load_framework

_Q = Decimal("0.000001")


@lru_cache(maxsize=16)
def framework_from_text(source_text: str) -> Framework:
    """Parse (and cache) a framework file's text. Raises FrameworkError on bad input."""
    if "\n" not in source_text:
        source_text += "\n"  # the engine reads a short single line as a file path
    return load_framework(source_text)


def live_mappings(source_text: str) -> dict[str, tuple[str, str]]:
    """Indicator code → (live measure code, how it is aggregated per district and year) from the
    framework file's ``live_measure:`` keys (``{code, aggregation}`` or just the code). The engine
    ignores the key; the monitoring app proposes the platform's figures for these indicators."""
    import yaml

    doc = yaml.safe_load(source_text) if "\n" in source_text else None
    found: dict[str, tuple[str, str]] = {}
    for raw in (doc or {}).get("indicators", []) if isinstance(doc, dict) else []:
        live = raw.get("live_measure") if isinstance(raw, dict) else None
        if isinstance(live, dict) and live.get("code"):
            found[str(raw["code"])] = (str(live["code"]), str(live.get("aggregation", "")))
        elif isinstance(live, str) and live:
            found[str(raw["code"])] = (live, "")
    return found


def engine_framework(version) -> Framework:
    """The engine framework of a stored :class:`FrameworkVersion`."""
    return framework_from_text(version.source_text)


def framework_hash(framework: Framework) -> str:
    """SHA-256 of the framework's content (comments and formatting do not change it)."""
    doc = json.dumps(framework.source, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()


def top_dimension(framework: Framework, code: str) -> str | None:
    """The child of the root on the path from the root down to ``code``."""
    parent = framework.parent_of(code)
    while parent is not None and parent != framework.root:
        code, parent = parent, framework.parent_of(parent)
    return code if parent == framework.root else None


def dimensions(framework: Framework) -> list[dict]:
    """The root's children in framework order: code and names."""
    out = []
    for child in framework.node(framework.root).children:
        try:
            node = framework.node(child.code)
            out.append({"code": node.code, "name_zh": node.name_zh, "name_en": node.name_en})
        except KeyError:  # an indicator directly under the root
            ind = framework.indicator(child.code)
            out.append({"code": ind.code, "name_zh": ind.name_zh, "name_en": ind.name_en})
    return out


def decimal_text(value: Decimal) -> str:
    """Canonical text of a stored value (the same on SQLite and PostgreSQL)."""
    return format(Decimal(value).quantize(_Q), "f")


@dataclass(frozen=True)
class SnapshotRow:
    """One approved value used by an index run."""

    district: str  # region name (the engine's unit label)
    region_code: str
    period: str
    indicator: str
    value: str  # canonical decimal text
    value_id: int
    revision: int

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def snapshot_hash(rows: list[SnapshotRow] | list[dict]) -> str:
    """SHA-256 over the values only (ids and revisions do not change the data)."""
    items = sorted(
        (r["region_code"], r["period"], r["indicator"], r["value"])
        for r in (x.as_dict() if isinstance(x, SnapshotRow) else x for x in rows)
    )
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode("utf-8")).hexdigest()


def dataset_from_snapshot(framework: Framework, rows: list[dict], district_order: list[str]) -> Dataset:
    """Build the engine's (periods × units × indicators) panel; absent cells are NaN."""

    districts = [d for d in district_order if any(r["district"] == d for r in rows)]
    periods = sorted({r["period"] for r in rows})
    codes = framework.indicator_codes
    values = np.full((len(periods), len(districts), len(codes)), np.nan)
    p_idx = {p: i for i, p in enumerate(periods)}
    u_idx = {u: i for i, u in enumerate(districts)}
    c_idx = {c: i for i, c in enumerate(codes)}
    for r in rows:
        if r["indicator"] in c_idx and r["district"] in u_idx:
            values[p_idx[r["period"]], u_idx[r["district"]], c_idx[r["indicator"]]] = float(r["value"])
    return dataset_from_arrays(framework, districts, periods, values)
