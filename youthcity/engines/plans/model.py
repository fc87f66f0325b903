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
TargetKind = Literal["quantity", "coverage", "ratio"]
DeadlineKind = Literal["date", "recurring", "ongoing", "other"]
Every = Literal["year", "half_year", "quarter", "month"]

JsonNumber = int | float


def _json_number(value: Decimal) -> JsonNumber:
    """Integral values become ``int`` (13000, not 13000.0); others ``float``."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _optional_number(value: Decimal | None) -> JsonNumber | None:
    return None if value is None else _json_number(value)


def _optional_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True, slots=True)
class Target:
    """A quantitative commitment found in a measure's text.

    ``value`` is exact (``Decimal``) with Chinese magnitudes applied; money is in 元.
    ``kind`` tells a plain quantity from a coverage target (实现…全覆盖: 100 % of ``scope``)
    and a ratio (每个社区至少配备1名: ``value`` per ``scope``); ``written`` is the quantity
    as the plan wrote it (``2.75万名``, ``全覆盖``).
    """

    text: str
    subject: str
    value: Decimal
    unit: str
    comparator: Comparator = ">="
    per: Per | None = None
    deadline: str | None = None
    kind: TargetKind = "quantity"
    scope: str | None = None
    written: str = ""

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
            "kind": self.kind,
            "scope": self.scope,
            "written": self.written,
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
            kind=data.get("kind") or "quantity",
            scope=data.get("scope"),
            written=str(data.get("written") or ""),
        )


@dataclass(frozen=True, slots=True)
class Benefit:
    """A policy amount a measure promises to people or firms (给予10万元~20万元补贴,
    不低于本地最低工资标准80%的生活补贴, 最长3年的租金减免): not a target a unit reports on,
    but a clause the coordinator links to a policy.

    ``low``/``high`` bound the amount (equal for a single amount; ``high`` only for 最高…);
    ``basis`` is what a percentage is of (``本地最低工资标准``); ``measure`` is the number of
    the measure that states it.
    """

    kind: str
    text: str
    unit: str
    low: Decimal | None = None
    high: Decimal | None = None
    basis: str | None = None
    measure: str | None = None
    written: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The benefit clause in the documented JSON shape."""
        return {
            "kind": self.kind,
            "text": self.text,
            "unit": self.unit,
            "low": _optional_number(self.low),
            "high": _optional_number(self.high),
            "basis": self.basis,
            "measure": self.measure,
            "written": self.written,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Benefit:
        """Inverse of :meth:`to_dict`."""
        return cls(
            kind=str(data["kind"]),
            text=str(data["text"]),
            unit=str(data["unit"]),
            low=_optional_decimal(data.get("low")),
            high=_optional_decimal(data.get("high")),
            basis=data.get("basis"),
            measure=data.get("measure"),
            written=str(data.get("written") or ""),
        )


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a measure is due: a date (到2025年底 → 2025-12-31, 年内), a recurring date
    (每年12月底前: ``every="year"``, ``month=12``), ongoing work (长期坚持), or ``other``
    (a 完成时限 the parser could not read; ``text`` keeps it)."""

    kind: DeadlineKind
    text: str
    date: str | None = None
    every: Every | None = None
    month: int | None = None
    day: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The deadline in the documented JSON shape."""
        return {
            "kind": self.kind,
            "text": self.text,
            "date": self.date,
            "every": self.every,
            "month": self.month,
            "day": self.day,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Deadline:
        """Inverse of :meth:`to_dict`."""
        return cls(
            kind=data["kind"],
            text=str(data.get("text") or ""),
            date=data.get("date"),
            every=data.get("every"),
            month=data.get("month"),
            day=data.get("day"),
        )


@dataclass(frozen=True, slots=True)
class Period:
    """The years a plan covers (a title's ``2025—2027年`` → 2025-01-01 … 2027-12-31)."""

    start: str
    end: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The period in the documented JSON shape."""
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Period:
        """Inverse of :meth:`to_dict`."""
        return cls(start=str(data["start"]), end=str(data["end"]), text=str(data.get("text") or ""))


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A row of a task table (重点任务分工表) that matched no measure of the body."""

    number: str | None
    task: str
    units: tuple[str, ...] = ()
    deadline: Deadline | None = None
    project: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The row in the documented JSON shape."""
        return {
            "number": self.number,
            "task": self.task,
            "units": list(self.units),
            "deadline": self.deadline.to_dict() if self.deadline else None,
            "project": self.project,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TaskRow:
        """Inverse of :meth:`to_dict`."""
        deadline = data.get("deadline")
        return cls(
            number=data.get("number"),
            task=str(data["task"]),
            units=tuple(str(u) for u in data.get("units", ())),
            deadline=Deadline.from_dict(deadline) if deadline else None,
            project=data.get("project"),
        )


@dataclass(frozen=True, slots=True)
class Measure:
    """One numbered (or, in unnumbered documents, one paragraph) commitment of a project."""

    number: str | None
    title: str | None
    text: str
    responsible_units: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    deadline: Deadline | None = None
    benefits: tuple[Benefit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The measure in the documented JSON shape."""
        return {
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "responsible_units": list(self.responsible_units),
            "targets": [t.to_dict() for t in self.targets],
            "deadline": self.deadline.to_dict() if self.deadline else None,
            "benefits": [b.to_dict() for b in self.benefits],
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
            deadline=Deadline.from_dict(data["deadline"]) if data.get("deadline") else None,
            benefits=tuple(Benefit.from_dict(b) for b in data.get("benefits", ())),
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
    """A parsed plan document. ``date`` is ISO ``YYYY-MM-DD`` or None.

    ``metadata`` is a web page's metadata table (索引号, 发布机构, 成文日期 …) as written;
    ``notice`` the covering notice's text; ``unmatched_tasks`` the task-table rows that
    matched no measure of the body (for the reviewer, never silently turned into measures);
    ``goals`` the figures of the plan's goal section (工作目标: 到2025年…达到…), which belong to
    no measure and are not in :meth:`targets`.
    """

    title: str | None
    issuer: str | None
    date: str | None
    projects: tuple[Project, ...] = ()
    period: Period | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    notice: str | None = None
    unmatched_tasks: tuple[TaskRow, ...] = ()
    goals: tuple[Target, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The plan in the documented JSON shape (see ``docs/plan-format.md``)."""
        return {
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date,
            "projects": [p.to_dict() for p in self.projects],
            "period": self.period.to_dict() if self.period else None,
            "metadata": dict(self.metadata),
            "notice": self.notice,
            "unmatched_tasks": [t.to_dict() for t in self.unmatched_tasks],
            "goals": [t.to_dict() for t in self.goals],
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
            period=Period.from_dict(data["period"]) if data.get("period") else None,
            metadata=tuple((str(k), str(v)) for k, v in (data.get("metadata") or {}).items()),
            notice=data.get("notice"),
            unmatched_tasks=tuple(TaskRow.from_dict(t) for t in data.get("unmatched_tasks", ())),
            goals=tuple(Target.from_dict(t) for t in data.get("goals", ())),
        )

    def measures(self) -> Iterator[Measure]:
        """All measures of all projects, in document order."""
        for project in self.projects:
            yield from project.measures

    def targets(self) -> Iterator[Target]:
        """All targets of all measures, in document order."""
        for measure in self.measures():
            yield from measure.targets

    def benefits(self) -> Iterator[Benefit]:
        """All benefit clauses of all measures, in document order."""
        for measure in self.measures():
            yield from measure.benefits
