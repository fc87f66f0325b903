"""Immutable result types of the plan parser and their JSON shape.

The JSON shape produced by ``to_dict()`` is documented in ``docs/plan-format.md`` and is
a stable contract with the ledger app and the public API: add nothing to it casually.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

Comparator = Literal[">=", ">", "=", "<="]
Per = Literal["year"]

JsonNumber = int | float


def _json_number(value: Decimal) -> JsonNumber:
    """Integral values become ``int`` (13000, not 13000.0); others ``float``."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class Target:
    """A quantitative commitment found in a measure's text.

    ``value`` is exact (``Decimal``) with Chinese magnitudes applied; money is in 元.
    """

    text: str
    subject: str
    value: Decimal
    unit: str
    comparator: Comparator = ">="
    per: Per | None = None
    deadline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The target in the documented JSON shape."""
        return {
            "text": self.text,
            "subject": self.subject,
            "value": _json_number(self.value),
            "unit": self.unit,
            "comparator": self.comparator,
            "per": self.per,
            "deadline": self.deadline,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Target:
        """Inverse of :meth:`to_dict`."""
        return cls(
            text=str(data["text"]),
            subject=str(data["subject"]),
            value=Decimal(str(data["value"])),
            unit=str(data["unit"]),
            comparator=data["comparator"],
            per=data.get("per"),
            deadline=data.get("deadline"),
        )


@dataclass(frozen=True, slots=True)
class Measure:
    """One numbered (or, in unnumbered documents, one paragraph) commitment of a project."""

    number: str | None
    title: str | None
    text: str
    responsible_units: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The measure in the documented JSON shape."""
        return {
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "responsible_units": list(self.responsible_units),
            "targets": [t.to_dict() for t in self.targets],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Measure:
        """Inverse of :meth:`to_dict`."""
        return cls(
            number=data.get("number"),
            title=data.get("title"),
            text=str(data["text"]),
            responsible_units=tuple(str(u) for u in data.get("responsible_units", ())),
            targets=tuple(Target.from_dict(t) for t in data.get("targets", ())),
        )


@dataclass(frozen=True, slots=True)
class Project:
    """A top-level strand of a plan (工程/行动); ``title`` is None when the plan has no headings."""

    title: str | None
    lead_units: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The project in the documented JSON shape."""
        return {
            "title": self.title,
            "lead_units": list(self.lead_units),
            "measures": [m.to_dict() for m in self.measures],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Project:
        """Inverse of :meth:`to_dict`."""
        return cls(
            title=data.get("title"),
            lead_units=tuple(str(u) for u in data.get("lead_units", ())),
            measures=tuple(Measure.from_dict(m) for m in data.get("measures", ())),
        )


@dataclass(frozen=True, slots=True)
class Plan:
    """A parsed plan document. ``date`` is ISO ``YYYY-MM-DD`` or None."""

    title: str | None
    issuer: str | None
    date: str | None
    projects: tuple[Project, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The plan in the documented JSON shape (see ``docs/plan-format.md``)."""
        return {
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date,
            "projects": [p.to_dict() for p in self.projects],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Inverse of :meth:`to_dict` (for plans stored as JSON)."""
        projects: Sequence[Mapping[str, Any]] = data.get("projects", ())
        return cls(
            title=data.get("title"),
            issuer=data.get("issuer"),
            date=data.get("date"),
            projects=tuple(Project.from_dict(p) for p in projects),
        )

    def measures(self) -> Iterator[Measure]:
        """All measures of all projects, in document order."""
        for project in self.projects:
            yield from project.measures

    def targets(self) -> Iterator[Target]:
        """All targets of all measures, in document order."""
        for measure in self.measures():
            yield from measure.targets
