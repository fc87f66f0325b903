"""Loading a policy directory into a compiled `PolicySet` — all or nothing.

A directory holds ``*.yaml`` policy files (one policy each), an optional shared
``parameters.yaml``, an optional ``facts.yaml`` (otherwise the engine's default facts file) and a
``tests/`` folder of policy tests.  Every file is validated against a strict schema, every
expression is parsed and type-checked, and the policy dependency graph is sorted topologically;
the first problem raises `PolicyError` with file, line and column and nothing is returned.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import date
from pathlib import Path

import yaml

from .errors import ExpressionError, PolicyError
from .expressions import (
    FactRef,
    IfElse,
    InList,
    ListLiteral,
    Literal,
    Node,
    ParamRef,
    PolicyRef,
    Type,
    check,
    first_policy_ref,
    parse,
    references,
    walk,
)
from .model import (
    Amount,
    Citation,
    Condition,
    FactSpec,
    ParameterSpec,
    ParamValue,
    Policy,
    RequiredDocument,
    Text,
    Validity,
)
from .policyset import PolicySet
from .yamlnodes import YamlFile

DEFAULT_FACTS_FILE = Path(__file__).with_name("facts.yaml")

FACT_TYPES = ("bool", "int", "number", "date", "enum", "string")
PARAM_TYPES = ("bool", "int", "number", "date", "string")
KINDS = ("cash", "in_kind", "waiver", "service")
AUDIENCES = ("youth", "employer")  # who applies: a young person, or an employer (an enterprise)
PERIODS = ("once", "month", "year", "stay")
_RESERVED_FILES = frozenset({"facts.yaml", "parameters.yaml"})
_ENTRY_POINT = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")


# ---------------------------------------------------------------------------------------------
# Facts


def load_facts(path: Path | str = DEFAULT_FACTS_FILE) -> dict[str, FactSpec]:
    """Read a facts file into {name: FactSpec}, in declaration order."""
    f = YamlFile(Path(path))
    top = f.mapping(f.root, "facts file", required=("facts",))
    entries = f.mapping(top["facts"][1], "facts")
    out: dict[str, FactSpec] = {}
    derived: dict[str, yaml.Node] = {}
    for order, (name, (knode, vnode)) in enumerate(entries.items()):
        if not name.isidentifier() or name in ("param", "policy", "today"):
            raise f.error(knode, f"invalid fact name {name!r}")
        m = f.mapping(
            vnode,
            f"fact {name}",
            required=("type", "label", "question"),
            optional=("values", "validation", "derived"),
        )
        ftype = f.string(m["type"][1], f"fact {name} type")
        if ftype not in FACT_TYPES:
            raise f.error(m["type"][1], f"unknown fact type {ftype!r} (allowed: {', '.join(FACT_TYPES)})")
        values, labels = _fact_values(f, name, ftype, m, vnode)
        minimum, maximum, not_after_today = _fact_validation(f, name, ftype, m)
        out[name] = FactSpec(
            name=name,
            type=ftype,
            label=f.text(m["label"][1], f"fact {name} label"),
            question=f.text(m["question"][1], f"fact {name} question"),
            values=values,
            value_labels=labels,
            minimum=minimum,
            maximum=maximum,
            not_after_today=not_after_today,
            order=order,
        )
        if "derived" in m:
            if ftype not in ("bool", "int", "number", "date"):
                raise f.error(m["derived"][0], f"only bool, int, number and date facts can be derived ({name} is {ftype})")
            derived[name] = m["derived"][1]
    _derive(f, out, derived)
    return out


_Entries = dict[str, tuple[yaml.Node, yaml.Node]]


def _fact_values(f: YamlFile, name: str, ftype: str, m: _Entries, vnode: yaml.Node) -> tuple[tuple[str, ...], tuple[Text, ...]]:
    """An enum fact's values and their labels (only enum facts take values)."""
    if ftype != "enum":
        if "values" in m:
            raise f.error(m["values"][0], f"only enum facts take 'values' ({name} is {ftype})")
        return (), ()
    if "values" not in m:
        raise f.error(vnode, f"enum fact {name} needs 'values'")
    vm = f.mapping(m["values"][1], f"fact {name} values")
    values = tuple(vm)
    labels = tuple(f.text(v, f"fact {name} value {k}") for k, (_, v) in vm.items())
    if not values:
        raise f.error(m["values"][1], f"enum fact {name} has no values")
    return values, labels


def _fact_validation(
    f: YamlFile, name: str, ftype: str, m: _Entries
) -> tuple[float | date | None, float | date | None, bool]:
    """A fact's bounds (numbers and dates) and whether a date may not be after today."""
    bounds: dict[str, float | date | None] = {"min": None, "max": None}
    not_after_today = False
    if "validation" not in m:
        return None, None, False
    vm = f.mapping(m["validation"][1], f"fact {name} validation", optional=("min", "max", "not_after_today"))
    for key in ("min", "max"):
        if key in vm:
            node = vm[key][1]
            if ftype == "date":
                bounds[key] = f.date_value(node, f"fact {name} {key}")
            elif ftype in ("int", "number"):
                bounds[key] = f.number(node, f"fact {name} {key}")
            else:
                raise f.error(node, f"{key} only applies to number and date facts")
    if "not_after_today" in vm:
        if ftype != "date":
            raise f.error(vm["not_after_today"][0], "not_after_today only applies to dates")
        not_after_today = f.boolean(vm["not_after_today"][1], "not_after_today")
    return bounds["min"], bounds["max"], not_after_today


def _derive(f: YamlFile, out: dict[str, FactSpec], derived: dict[str, yaml.Node]) -> None:
    """Compile derived facts' definitions into `out`.  They read plain facts only (no parameters,
    no policies, no other derived fact), so completing a person's facts is one pass."""
    scope = _Scope(out, {}, set())
    for name, node in derived.items():
        spec = out[name]
        text = f.string(node, f"fact {name} derived")
        want = ("number",) if spec.type in ("int", "number") else (spec.type,)
        ast = _compile(f, text, node, scope, want, f"fact {name} derived")
        reads, _, _ = references(ast)
        chained = sorted(r for r in reads if r in derived)
        if chained:
            raise f.error(node, f"derived fact {name} cannot read derived fact {chained[0]}")
        out[name] = replace(spec, derived=ast, derived_text=text, derived_from=tuple(sorted(reads)))


# ---------------------------------------------------------------------------------------------
# Parameters


def _param_value(f: YamlFile, node: yaml.Node, ptype: str, what: str) -> ParamValue:
    if ptype == "number":
        return f.number(node, what)
    if ptype == "int":
        v = f.number(node, what)
        if not isinstance(v, int):
            raise f.error(node, f"{what} must be a whole number")
        return v
    if ptype == "bool":
        return f.boolean(node, what)
    if ptype == "date":
        return f.date_value(node, what)
    return f.string(node, what)


def _load_parameters(f: YamlFile, node: yaml.Node, where: str) -> dict[str, tuple[ParameterSpec, yaml.Node]]:
    entries = f.mapping(node, where)
    out: dict[str, tuple[ParameterSpec, yaml.Node]] = {}
    for name, (knode, vnode) in entries.items():
        parts = name.split(".")
        if not all(p.isidentifier() for p in parts):
            raise f.error(knode, f"invalid parameter name {name!r}")
        m = f.mapping(
            vnode,
            f"parameter {name}",
            required=("description", "type", "values"),
            optional=("label", "unit", "reference", "to_be_set_by_city", "by", "regions"),
        )
        ptype = f.string(m["type"][1], f"parameter {name} type")
        if ptype not in PARAM_TYPES:
            raise f.error(m["type"][1], f"unknown parameter type {ptype!r} (allowed: {', '.join(PARAM_TYPES)})")
        if "by" in m or "regions" in m:
            out.update(_regional_parameter(f, name, knode, vnode, m, ptype))
            continue
        to_be_set = f.boolean(m["to_be_set_by_city"][1], "to_be_set_by_city") if "to_be_set_by_city" in m else False
        out[name] = (_parameter_spec(f, name, knode, m, ptype, m["values"][1], to_be_set), knode)
    return out


def _regional_parameter(
    f: YamlFile, name: str, knode: yaml.Node, vnode: yaml.Node, m: dict[str, tuple[yaml.Node, yaml.Node]], ptype: str
) -> dict[str, tuple[ParameterSpec, yaml.Node]]:
    """A parameter whose value depends on the place (`by`: a string fact such as work_district):
    `regions` maps each group (a wage tier, a county) to the fact's values in it, and `values`
    maps each group to its dated values (all null: the city has yet to set that group).  Each
    group becomes the parameter `<name>.<group>`; `<name>.unassigned` answers for places in no
    group (open).  Expressions read `param.<name>` (the loader expands it by place)."""
    if "by" not in m or "regions" not in m:
        raise f.error(vnode, f"regional parameter {name} needs both 'by' (the fact) and 'regions'")
    if "to_be_set_by_city" in m:
        raise f.error(m["to_be_set_by_city"][0], "a regional parameter marks each group open by null values")
    if ptype not in ("number", "int"):
        raise f.error(m["type"][1], f"regional parameter {name} must be a number or int")
    by = f.string(m["by"][1], f"parameter {name} by")
    regions = f.mapping(m["regions"][1], f"parameter {name} regions")
    values = f.mapping(m["values"][1], f"parameter {name} values")
    if not regions:
        raise f.error(m["regions"][1], f"regional parameter {name} has no regions")
    if set(values) != set(regions):
        missing = sorted(set(regions) ^ set(values))
        raise f.error(m["values"][1], f"parameter {name}: regions and values must name the same groups ({', '.join(missing)})")
    out: dict[str, tuple[ParameterSpec, yaml.Node]] = {}
    seen: dict[str, str] = {}
    first_dates: list[date] = []
    for group, (gk, gv) in regions.items():
        if not group.isidentifier() or group == "unassigned":
            raise f.error(gk, f"invalid group name {group!r}")
        codes = tuple(f.string(c, f"parameter {name} region") for c in f.sequence(gv, f"parameter {name} regions.{group}"))
        for code in codes:
            if code in seen:
                raise f.error(gv, f"{code!r} is in both {seen[code]} and {group}")
            seen[code] = group
        vnode_g = values[group][1]
        nulls = [f.is_null(v) for _, v in f.mapping(vnode_g, f"parameter {name} values.{group}").values()]
        spec = _parameter_spec(f, f"{name}.{group}", knode, m, ptype, vnode_g, bool(nulls) and all(nulls))
        spec = replace(spec, regional=name, group=group, region_fact=by, region_values=codes)
        first_dates.append(spec.values[0][0])
        out[spec.name] = (spec, knode)
    unassigned = ParameterSpec(
        name=f"{name}.unassigned", type=ptype, description=f.text(m["description"][1], f"parameter {name} description"),
        unit=f.string(m["unit"][1], "unit") if "unit" in m else None, values=((min(first_dates), None),),
        reference=None, to_be_set_by_city=True, file=f.name, line=knode.start_mark.line + 1,
        regional=name, group="unassigned", region_fact=by,
        label=f.text(m["label"][1], f"parameter {name} label") if "label" in m else None,
    )
    out[unassigned.name] = (unassigned, knode)
    return out


def _parameter_spec(
    f: YamlFile, name: str, knode: yaml.Node, m: dict[str, tuple[yaml.Node, yaml.Node]], ptype: str,
    values_node: yaml.Node, to_be_set: bool,
) -> ParameterSpec:
    """One dated parameter from its `values` mapping (null values only when `to_be_set`)."""
    vmap = f.mapping(values_node, f"parameter {name} values")
    if not vmap:
        raise f.error(m["values"][1], f"parameter {name} has no values")
    dated: list[tuple[date, ParamValue | None]] = []
    for key, (dk, dv) in vmap.items():
        start = f.date_value(dk, f"parameter {name} value date {key!r}")
        if f.is_null(dv):
            if not to_be_set:
                raise f.error(
                    dv,
                    f"parameter {name} has no value on {key}; if the plan leaves it open, "
                    "mark it to_be_set_by_city: true",
                )
            dated.append((start, None))
        else:
            if to_be_set:
                raise f.error(dv, f"parameter {name} is to_be_set_by_city, so its values must be null")
            dated.append((start, _param_value(f, dv, ptype, f"parameter {name} value on {key}")))
    dated.sort(key=lambda item: item[0])
    reference = f.citation(m["reference"][1], f"parameter {name} reference") if "reference" in m else None
    return ParameterSpec(
        name=name,
        type=ptype,
        description=f.text(m["description"][1], f"parameter {name} description"),
        unit=f.string(m["unit"][1], "unit") if "unit" in m else None,
        values=tuple(dated),
        reference=reference,
        to_be_set_by_city=to_be_set,
        file=f.name,
        line=knode.start_mark.line + 1,
        label=f.text(m["label"][1], f"parameter {name} label") if "label" in m else None,
    )


# ---------------------------------------------------------------------------------------------
# Policies (raw form: expressions still as text with their YAML nodes)


@dataclass(slots=True)
class _RawCondition:
    id: str
    text: str
    node: yaml.Node
    clause: str
    reason_pass: Text
    reason_fail: Text
    provisional: Text | None = None
    ast: Node | None = None


@dataclass(slots=True)
class _RawPolicy:
    file: YamlFile
    id: str
    id_node: yaml.Node
    name: Text
    sources: tuple[Citation, ...]
    responsible_unit: str
    effective_from: date | None
    effective_to: date | None
    kind: str
    audience: str
    conditions: list[_RawCondition]
    amount: tuple[str, yaml.Node, str | None, yaml.Node | None, str, str, Text | None] | None
    application_required: bool
    documents: tuple[RequiredDocument, ...]
    how_to_apply: Text
    parameters: tuple[str, ...]
    validity: Validity | None = None
    apply_via: str | None = None
    apply_via_node: yaml.Node | None = None
    to_be_set_by_city: tuple[Text, ...] = ()
    amount_ast: Node | None = None
    amount_max_ast: Node | None = None


_POLICY_KEYS_REQUIRED = (
    "id", "name", "source", "responsible_unit", "effective", "kind", "eligibility", "application",
)
_POLICY_KEYS_OPTIONAL = ("amount", "parameters", "audience", "validity", "to_be_set_by_city")


def _load_policy(f: YamlFile, params: dict[str, tuple[ParameterSpec, yaml.Node]]) -> _RawPolicy:
    m = f.mapping(f.root, "policy", required=_POLICY_KEYS_REQUIRED, optional=_POLICY_KEYS_OPTIONAL)
    pid = f.string(m["id"][1], "id")
    if not pid.isidentifier():
        raise f.error(m["id"][1], f"policy id {pid!r} must be a lower_snake_case identifier")
    if pid != f.path.stem:
        raise f.error(m["id"][1], f"policy id {pid!r} must match the file name {f.path.stem!r}")
    # Read in the file's order, so the first of several errors is the one reported.
    sources = _sources(f, m["source"][1])
    eff = f.mapping(m["effective"][1], "effective", required=("from",), optional=("to",))
    eff_from = f.optional_date(eff["from"][1], "effective.from")
    eff_to = f.optional_date(eff["to"][1], "effective.to") if "to" in eff else None
    if eff_from and eff_to and eff_to < eff_from:
        raise f.error(eff["to"][1], "effective.to is before effective.from")
    validity = _validity(f, m["validity"][1], eff_from) if "validity" in m else None
    kind = _choice(f, m["kind"][1], "kind", KINDS)
    audience = _choice(f, m["audience"][1], "audience", AUDIENCES) if "audience" in m else "youth"
    conditions = _conditions(f, m["eligibility"][1])
    amount = _amount(f, m["amount"][1]) if "amount" in m else None
    ap = f.mapping(m["application"][1], "application", required=("required", "how_to_apply"),
                   optional=("documents", "apply_via"))
    required = f.boolean(ap["required"][1], "application.required")
    apply_via = _apply_via(f, ap["apply_via"][1], required) if "apply_via" in ap else None
    documents = _documents(f, ap["documents"][1]) if "documents" in ap else ()
    local = _local_parameters(f, m["parameters"][1], pid, params) if "parameters" in m else ()
    open_parts = _open_parts(f, m["to_be_set_by_city"][1]) if "to_be_set_by_city" in m else ()
    return _RawPolicy(
        file=f,
        id=pid,
        id_node=m["id"][1],
        name=f.text(m["name"][1], "name"),
        sources=sources,
        responsible_unit=f.string(m["responsible_unit"][1], "responsible_unit"),
        effective_from=eff_from,
        effective_to=eff_to,
        kind=kind,
        audience=audience,
        conditions=conditions,
        amount=amount,
        application_required=required,
        documents=documents,
        how_to_apply=f.text(ap["how_to_apply"][1], "application.how_to_apply"),
        parameters=local,
        validity=validity,
        apply_via=apply_via,
        apply_via_node=ap["apply_via"][1] if "apply_via" in ap else None,
        to_be_set_by_city=open_parts,
    )


def _apply_via(f: YamlFile, node: yaml.Node, required: bool) -> str:
    """`application.apply_via: <domain>.<entry>`: another domain's own flow is the application
    (a youth-station booking, a housing application).  Its form is checked here; whether the entry
    point exists is checked against the caller's registry (`load_policy_set(entry_points=…)`)."""
    value = f.string(node, "application.apply_via")
    if not _ENTRY_POINT.fullmatch(value):
        raise f.error(node, f"application.apply_via {value!r} must name a domain entry point as domain.entry "
                            "(e.g. stations.booking)")
    if not required:
        raise f.error(node, "application.apply_via needs application.required: true (a policy without an "
                            "application has nowhere to send one)")
    return value


def _check_entry_points(raws: dict[str, _RawPolicy], entry_points: Collection[str]) -> None:
    """Every `apply_via` names a registered entry point: a typo is refused at load time."""
    known = ", ".join(sorted(entry_points)) or "none registered"
    for raw in raws.values():
        if raw.apply_via is not None and raw.apply_via not in entry_points:
            assert raw.apply_via_node is not None
            raise raw.file.error(raw.apply_via_node,
                                 f"unknown application.apply_via {raw.apply_via!r} (entry points: {known})")


def _open_parts(f: YamlFile, node: yaml.Node) -> tuple[Text, ...]:
    """`to_be_set_by_city: [{zh, en}, ...]`: what the policy's text leaves to the city (at least
    one item; remove the key once the city has set everything)."""
    parts = tuple(f.text(item, "to_be_set_by_city item") for item in f.sequence(node, "to_be_set_by_city"))
    if not parts:
        raise f.error(node, "to_be_set_by_city lists what the city still has to set (remove the key when nothing is left)")
    return parts


def _validity(f: YamlFile, node: yaml.Node, eff_from: date | None) -> Validity:
    """`validity: {period, until, review, confirmed_until?, confirmed_by?}`: the plan's period in
    its own words, its end (null when the plan names none), the review date, and the city's
    confirmation (a date and the notice that gave it, together)."""
    vm = f.mapping(
        node, "validity", required=("period", "until", "review"), optional=("confirmed_until", "confirmed_by")
    )
    until = f.optional_date(vm["until"][1], "validity.until")
    review = f.date_value(vm["review"][1], "validity.review")
    if eff_from is not None and until is not None and until < eff_from:
        raise f.error(vm["until"][1], "validity.until is before effective.from")
    if until is not None and review > until:
        raise f.error(vm["review"][1], "validity.review is after validity.until (review the policy before its period ends)")
    confirmed_until = f.optional_date(vm["confirmed_until"][1], "validity.confirmed_until") if "confirmed_until" in vm else None
    confirmed_by = f.string(vm["confirmed_by"][1], "validity.confirmed_by") if "confirmed_by" in vm else None
    if (confirmed_until is None) != (confirmed_by is None):
        raise f.error(node, "validity.confirmed_until and validity.confirmed_by go together (the date and the notice)")
    return Validity(
        period=f.text(vm["period"][1], "validity.period"),
        until=until,
        review=review,
        confirmed_until=confirmed_until,
        confirmed_by=confirmed_by,
    )


def _choice(f: YamlFile, node: yaml.Node, what: str, allowed: tuple[str, ...]) -> str:
    value = f.string(node, what)
    if value not in allowed:
        raise f.error(node, f"unknown {what} {value!r} (allowed: {', '.join(allowed)})")
    return value


def _sources(f: YamlFile, node: yaml.Node) -> tuple[Citation, ...]:
    """One citation, or a list of at least one."""
    if not isinstance(node, yaml.SequenceNode):
        return (f.citation(node, "source"),)
    sources = tuple(f.citation(s, "source") for s in f.sequence(node, "source"))
    if not sources:
        raise f.error(node, "source must cite at least one document")
    return sources


def _conditions(f: YamlFile, node: yaml.Node) -> list[_RawCondition]:
    conditions: list[_RawCondition] = []
    seen: set[str] = set()
    for cnode in f.sequence(node, "eligibility"):
        cm = f.mapping(cnode, "condition", required=("id", "expression", "clause", "reason"), optional=("provisional",))
        cid = f.string(cm["id"][1], "condition id")
        if cid in seen:
            raise f.error(cm["id"][1], f"duplicate condition id {cid!r}")
        seen.add(cid)
        rm = f.mapping(cm["reason"][1], f"condition {cid} reason", required=("pass", "fail"))
        conditions.append(
            _RawCondition(
                id=cid,
                text=f.string(cm["expression"][1], f"condition {cid} expression"),
                node=cm["expression"][1],
                clause=f.string(cm["clause"][1], f"condition {cid} clause"),
                reason_pass=f.text(rm["pass"][1], f"condition {cid} reason.pass"),
                reason_fail=f.text(rm["fail"][1], f"condition {cid} reason.fail"),
                provisional=f.text(cm["provisional"][1], f"condition {cid} provisional") if "provisional" in cm else None,
            )
        )
    return conditions


def _amount(f: YamlFile, node: yaml.Node) -> tuple[str, yaml.Node, str | None, yaml.Node | None, str, str, Text | None]:
    am = f.mapping(node, "amount", required=("expression", "unit", "period"), optional=("max", "basis"))
    period = f.string(am["period"][1], "amount.period")
    if period not in PERIODS:
        raise f.error(am["period"][1], f"unknown period {period!r} (allowed: {', '.join(PERIODS)})")
    return (
        f.string(am["expression"][1], "amount.expression"),
        am["expression"][1],
        f.string(am["max"][1], "amount.max") if "max" in am else None,
        am["max"][1] if "max" in am else None,
        f.string(am["unit"][1], "amount.unit"),
        period,
        f.text(am["basis"][1], "amount.basis") if "basis" in am else None,
    )


def _documents(f: YamlFile, node: yaml.Node) -> tuple[RequiredDocument, ...]:
    documents: list[RequiredDocument] = []
    for dnode in f.sequence(node, "application.documents"):
        dm = f.mapping(dnode, "document", required=("id", "label"))
        documents.append(RequiredDocument(f.string(dm["id"][1], "document id"), f.text(dm["label"][1], "document label")))
    return tuple(documents)


def _local_parameters(
    f: YamlFile, node: yaml.Node, pid: str, params: dict[str, tuple[ParameterSpec, yaml.Node]]
) -> tuple[str, ...]:
    """Parameters declared in a policy's own file, added to `params` (a name is declared once)."""
    loaded = _load_parameters(f, node, f"parameters of {pid}")
    for name, (spec, knode) in loaded.items():
        if name in params:
            other = params[name][0]
            raise f.error(knode, f"parameter {name!r} is already declared in {other.file}:{other.line}")
        params[name] = (spec, knode)
    return tuple(loaded)


class _Scope:
    def __init__(self, facts: dict[str, FactSpec], params: dict[str, ParameterSpec], policies: set[str]) -> None:
        # regional parameter name → (the fact that picks the group, [(group, the fact's values)])
        self.regional: dict[str, tuple[str, list[tuple[str, tuple[str, ...]]]]] = {}
        for spec in params.values():
            if spec.regional is not None and spec.region_fact is not None and spec.group != "unassigned":
                self.regional.setdefault(spec.regional, (spec.region_fact, []))[1].append((spec.group or "", spec.region_values))
        self.facts = facts
        self.params = params
        self.policies = policies

    def fact_type(self, name: str) -> Type | None:
        spec = self.facts.get(name)
        return None if spec is None else spec.expr_type

    def param_type(self, name: str) -> Type | None:
        spec = self.params.get(name)
        if spec is None and name in self.regional:
            spec = self.params.get(f"{name}.unassigned")
        return None if spec is None else spec.expr_type

    def policy_exists(self, policy_id: str) -> bool:
        return policy_id in self.policies


def _compile(f: YamlFile, text: str, node: yaml.Node, scope: _Scope, want: tuple[str, ...], what: str) -> Node:
    try:
        ast = _expand_regional(parse(text), scope)
        t = check(ast, scope)
        if t.kind not in want:
            raise ExpressionError(f"{what} must be {' or '.join(want)}, not {t.describe()}", 0)
    except ExpressionError as exc:
        line, col = f.expression_position(node, exc.offset)
        raise PolicyError(f.name, line, col, f"{what}: {exc.message}") from None
    return ast


def _expand_regional(ast: Node, scope: _Scope) -> Node:
    """Replace each read of a regional parameter (`param.minimum_wage.monthly`) by the choice of
    its group by place: `if work_district in [...] then param.minimum_wage.monthly.tier1 else ...
    else param.minimum_wage.monthly.unassigned`, so both evaluators need nothing new."""
    if not scope.regional:
        return ast

    def chain(ref: ParamRef) -> Node:
        by, groups = scope.regional[ref.name]
        pos = ref.pos
        node: Node = ParamRef(pos, f"{ref.name}.unassigned")
        for group, codes in reversed(groups):
            cond = InList(pos, FactRef(pos, by), ListLiteral(pos, [Literal(pos, c) for c in codes]), False)
            node = IfElse(pos, cond, ParamRef(pos, f"{ref.name}.{group}"), node)
        return node

    def visit(node: Node) -> Node:
        if isinstance(node, ParamRef) and node.name in scope.regional:
            return chain(node)
        for fld in dataclass_fields(node):
            value = getattr(node, fld.name)
            if isinstance(value, Node):
                setattr(node, fld.name, visit(value))
            elif isinstance(value, list):
                setattr(node, fld.name, [visit(v) if isinstance(v, Node) else v for v in value])
        return node

    return visit(ast)


def _direct_refs(ast: Node) -> tuple[str, ...]:
    facts, params, _ = references(ast)
    refs = sorted(facts) + [f"param.{p}" for p in sorted(params)]
    refs += sorted({f"policy.{n.policy}.{n.attr}" for n in walk(ast) if isinstance(n, PolicyRef)})
    return tuple(refs)


def load_policy_set(
    directory: Path | str, facts_file: Path | str | None = None, *, entry_points: Collection[str] | None = None,
    overlay: Mapping[str, str] | None = None,
) -> PolicySet:
    """Load and compile every policy in `directory`; raise `PolicyError` before returning anything.

    `entry_points`: the domain entry points an `application.apply_via` may name (the platform
    passes its registry); None checks only their form (the command line, without the platform).
    `overlay` maps policy ids to YAML texts that stand in for the files ``<id>.yaml`` (a
    published version, or a draft being checked); an id without a file adds a policy.  Errors in
    a replaced text name the file it stands for.

    The result is immutable; callers keep the previous `PolicySet` in force if this raises.
    """
    root = Path(directory)
    if not root.is_dir():
        raise PolicyError(str(root), 1, 1, "policy directory does not exist")
    if facts_file is None:
        local_facts = root / "facts.yaml"
        facts_file = local_facts if local_facts.exists() else DEFAULT_FACTS_FILE
    facts = load_facts(facts_file)

    params: dict[str, tuple[ParameterSpec, yaml.Node]] = {}
    shared = root / "parameters.yaml"
    if shared.exists():
        pf = YamlFile(shared)
        top = pf.mapping(pf.root, "parameters file", required=("parameters",))
        params.update(_load_parameters(pf, top["parameters"][1], "parameters"))
    raws = _read_policies(root, params, dict(overlay or {}))
    if entry_points is not None:
        _check_entry_points(raws, entry_points)
    param_specs = {name: spec for name, (spec, _) in params.items()}
    _compile_policies(raws, _Scope(facts, param_specs, set(raws)))
    policies: dict[str, Policy] = {}
    for pid in _topological_order(raws):
        policies[pid] = _build_policy(raws[pid], policies)
    return PolicySet(policies=policies, facts=facts, parameters=param_specs, directory=root)


def _read_policies(
    root: Path, params: dict[str, tuple[ParameterSpec, yaml.Node]], overlay: dict[str, str]
) -> dict[str, _RawPolicy]:
    raws: dict[str, _RawPolicy] = {}
    paths = {p.name: p for p in root.glob("*.yaml") if p.name not in _RESERVED_FILES}
    for pid in overlay:
        name = f"{pid}.yaml"
        if name in _RESERVED_FILES:
            raise PolicyError(str(root / name), 1, 1, f"{name} is not a policy file")
        paths.setdefault(name, root / name)
    for name in sorted(paths):
        path = paths[name]
        raw = _load_policy(YamlFile(path, overlay.get(path.stem)), params)
        if raw.id in raws:
            raise raw.file.error(raw.id_node, f"duplicate policy id {raw.id!r}")
        raws[raw.id] = raw
    if not raws:
        raise PolicyError(str(root), 1, 1, "no policy files found")
    return raws


def _compile_policies(raws: dict[str, _RawPolicy], scope: _Scope) -> None:
    """Parse and type-check every condition and amount (errors point into the files)."""
    for raw in raws.values():
        for cond in raw.conditions:
            cond.ast = _compile(raw.file, cond.text, cond.node, scope, ("bool",), f"condition {cond.id}")
        if raw.amount is not None:
            text, node, max_text, max_node, _, _, _ = raw.amount
            raw.amount_ast = _compile(raw.file, text, node, scope, ("number",), "amount")
            if max_text is not None and max_node is not None:
                raw.amount_max_ast = _compile(raw.file, max_text, max_node, scope, ("number",), "amount.max")


def _build_policy(raw: _RawPolicy, policies: dict[str, Policy]) -> Policy:
    """The compiled policy; `policies` holds every policy it depends on (topological order)."""
    all_facts: set[str] = set()
    deps: set[str] = set()
    conds: list[Condition] = []
    for rc in raw.conditions:
        assert rc.ast is not None
        cf, cp, cpol = references(rc.ast)
        closure = set(cf).union(*(policies[dep].facts for dep in cpol))
        deps |= cpol
        all_facts |= closure
        conds.append(
            Condition(
                id=rc.id,
                text=rc.text,
                node=rc.ast,
                clause=rc.clause,
                reason_pass=rc.reason_pass,
                reason_fail=rc.reason_fail,
                facts=frozenset(closure),
                params=frozenset(cp),
                policies=frozenset(cpol),
                direct_refs=_direct_refs(rc.ast),
                provisional=rc.provisional,
            )
        )
    amount = _build_amount(raw, policies)
    if amount is not None:
        all_facts |= amount.facts
        deps |= _amount_policies(raw)
    return Policy(
        id=raw.id,
        name=raw.name,
        sources=raw.sources,
        responsible_unit=raw.responsible_unit,
        effective_from=raw.effective_from,
        effective_to=raw.effective_to,
        kind=raw.kind,
        audience=raw.audience,
        conditions=tuple(conds),
        amount=amount,
        application_required=raw.application_required,
        documents=raw.documents,
        how_to_apply=raw.how_to_apply,
        parameters=raw.parameters,
        facts=frozenset(all_facts),
        depends_on=frozenset(deps),
        file=raw.file.name,
        validity=raw.validity,
        apply_via=raw.apply_via,
        to_be_set_by_city=raw.to_be_set_by_city,
    )


def _amount_refs(raw: _RawPolicy) -> tuple[set[str], set[str], set[str]]:
    """Facts, parameters and policies the amount (and its range top) read."""
    assert raw.amount_ast is not None
    af, ap, apol = references(raw.amount_ast)
    if raw.amount_max_ast is not None:
        mf, mp, mpol = references(raw.amount_max_ast)
        af, ap, apol = af | mf, ap | mp, apol | mpol
    return af, ap, apol


def _amount_policies(raw: _RawPolicy) -> set[str]:
    return _amount_refs(raw)[2]


def _build_amount(raw: _RawPolicy, policies: dict[str, Policy]) -> Amount | None:
    if raw.amount is None or raw.amount_ast is None:
        return None
    text, _, max_text, _, unit, period, basis = raw.amount
    af, ap, apol = _amount_refs(raw)
    closure = set(af).union(*(policies[dep].facts for dep in apol))
    return Amount(
        text=text,
        node=raw.amount_ast,
        max_text=max_text,
        max_node=raw.amount_max_ast,
        unit=unit,
        period=period,
        facts=frozenset(closure),
        params=frozenset(ap),
        basis=basis,
    )


def _policy_refs(raw: _RawPolicy) -> list[tuple[str, Node, yaml.Node, str]]:
    """(referenced policy, expression AST, YAML node, text) for every policy reference."""
    out: list[tuple[str, Node, yaml.Node, str]] = []
    exprs: list[tuple[Node | None, yaml.Node, str]] = [(c.ast, c.node, c.text) for c in raw.conditions]
    if raw.amount is not None:
        exprs.append((raw.amount_ast, raw.amount[1], raw.amount[0]))
        if raw.amount[3] is not None and raw.amount[2] is not None:
            exprs.append((raw.amount_max_ast, raw.amount[3], raw.amount[2]))
    for ast, node, text in exprs:
        if ast is None:
            continue
        for dep in sorted(references(ast)[2]):
            out.append((dep, ast, node, text))
    return out


def _topological_order(raws: dict[str, _RawPolicy]) -> list[str]:
    """Depth-first topological sort; a cycle raises at the reference that closes it."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    order: list[str] = []

    def visit(pid: str, path: list[str]) -> None:
        state[pid] = 1
        raw = raws[pid]
        for dep, ast, node, _text in _policy_refs(raw):
            if state.get(dep) == 1:
                cycle = path[path.index(dep):] + [pid, dep] if dep in path else [pid, dep]
                ref = first_policy_ref(ast, dep)
                offset = ref.pos if ref is not None else 0
                line, col = raw.file.expression_position(node, offset)
                raise PolicyError(
                    raw.file.name, line, col, "cycle between policies: " + " -> ".join(_dedupe(cycle))
                )
            if state.get(dep) is None:
                visit(dep, path + [pid])
        state[pid] = 2
        order.append(pid)

    for pid in sorted(raws):
        if state.get(pid) is None:
            visit(pid, [])
    return order


def _dedupe(cycle: list[str]) -> list[str]:
    out: list[str] = []
    for item in cycle:
        if not out or out[-1] != item:
            out.append(item)
    return out
