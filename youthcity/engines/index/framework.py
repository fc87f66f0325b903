"""Framework model and YAML loader.

A framework is a tree: aggregation nodes (index, dimensions, sub-dimensions) whose children are
other nodes or indicators. The file format is documented in ``docs/index-format.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .errors import FrameworkError

__all__ = [
    "AGGREGATIONS",
    "IMPUTATIONS",
    "NORMALISATIONS",
    "OUTLIER_METHODS",
    "POLARITIES",
    "TRANSFORMATIONS",
    "WEIGHTINGS",
    "Child",
    "Framework",
    "Indicator",
    "Node",
    "Normalisation",
    "OutlierTreatment",
    "load_framework",
]

POLARITIES = ("+", "-", "target")
TRANSFORMATIONS = ("none", "log", "capped")
NORMALISATIONS = ("minmax", "goalposts", "zscore", "rank", "target")
AGGREGATIONS = ("arithmetic", "geometric", "harmonic")
WEIGHTINGS = ("explicit", "equal", "pca")
IMPUTATIONS = ("none", "group_mean", "median", "locf")
OUTLIER_METHODS = ("none", "winsorise", "log")

_WEIGHT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Normalisation:
    """How one indicator is rescaled onto the output scale.

    ``min``/``max``/``cap``/``log`` are goalpost parameters; ``target`` and ``span`` belong to
    distance-to-target (``span`` is the distance at which the score reaches the scale minimum;
    when absent it is taken from the data, or from the base period).
    """

    method: str = "minmax"
    min: float | None = None
    max: float | None = None
    cap: bool = True
    log: bool = False
    target: float | None = None
    span: float | None = None


@dataclass(frozen=True)
class OutlierTreatment:
    """Outlier rule (JRC/OECD handbook; COINr ``Treat``).

    ``winsorise``: while |skewness| > ``skew`` and excess kurtosis > ``kurtosis``, winsorise one
    more point on the skewed side, up to ``limit`` points; if the rule still fails, undo and take
    a log transform instead. ``log``: always log-transform.
    """

    method: str = "none"
    limit: int = 5
    skew: float = 2.25
    kurtosis: float = 3.5


@dataclass(frozen=True)
class Indicator:
    """A leaf of the tree: one measured quantity."""

    code: str
    name_zh: str
    name_en: str
    unit: str
    polarity: str
    source_unit: str
    normalisation: Normalisation
    transformation: str = "none"
    cap_min: float | None = None
    cap_max: float | None = None
    weight: float | None = None
    imputation: tuple[str, ...] | None = None
    outlier: OutlierTreatment | None = None
    valid_min: float | None = None
    valid_max: float | None = None
    kind: str = ""
    origin: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class Child:
    """An edge of the tree: a child code with its (explicit or resolved) weight."""

    code: str
    weight: float | None = None


@dataclass(frozen=True)
class Node:
    """An aggregation node (index, dimension or sub-dimension)."""

    code: str
    name_zh: str
    name_en: str
    children: tuple[Child, ...]
    aggregation: str = "arithmetic"
    weights: str = "equal"
    coverage: float = 0.0
    origin: str = ""


@dataclass(frozen=True)
class Framework:
    """A validated framework. Nodes are stored in post-order (children before parents)."""

    code: str
    name_zh: str
    name_en: str
    version: str
    root: str
    nodes: tuple[Node, ...]
    indicators: tuple[Indicator, ...]
    scale: tuple[float, float] = (0.0, 100.0)
    precision: int = 2
    imputation: tuple[str, ...] = ("none",)
    outlier: OutlierTreatment = field(default_factory=OutlierTreatment)
    weights_must_sum_to_one: bool = False
    geometric_floor: float | None = None
    base_period: str | None = None
    source: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    @cached_property
    def node_codes(self) -> tuple[str, ...]:
        return tuple(n.code for n in self.nodes)

    @cached_property
    def _by_code(self) -> dict[str, Indicator | Node]:
        out: dict[str, Indicator | Node] = {i.code: i for i in self.indicators}
        out.update({n.code: n for n in self.nodes})
        return out

    @cached_property
    def _parents(self) -> dict[str, str]:
        return {c.code: n.code for n in self.nodes for c in n.children}

    def indicator(self, code: str) -> Indicator:
        item = self._by_code.get(code)
        if not isinstance(item, Indicator):
            raise KeyError(code)
        return item

    def node(self, code: str) -> Node:
        item = self._by_code.get(code)
        if not isinstance(item, Node):
            raise KeyError(code)
        return item

    @property
    def floor(self) -> float:
        """Lower clamp used by geometric and harmonic means (zeros would collapse the mean)."""
        if self.geometric_floor is not None:
            return self.geometric_floor
        lo, hi = self.scale
        return lo + (hi - lo) / 100.0

    def leaves(self, code: str) -> tuple[str, ...]:
        """Indicator codes below ``code`` (itself if it is an indicator)."""
        item = self._by_code[code]
        if isinstance(item, Indicator):
            return (code,)
        out: list[str] = []
        for child in item.children:
            out.extend(self.leaves(child.code))
        return tuple(out)

    def parent_of(self, code: str) -> str | None:
        return self._parents.get(code)

    def with_overrides(
        self,
        *,
        normalisation: str | None = None,
        aggregation: str | None = None,
        imputation: tuple[str, ...] | None = None,
        winsorisation_limit: int | None = None,
        weights: dict[str, tuple[float, ...]] | None = None,
    ) -> Framework:
        """A copy with one global choice replaced (used by uncertainty analysis and its tests).

        ``weights`` maps a node code to explicit child weights in the node's child order.
        """
        inds = list(self.indicators)
        if normalisation is not None:
            inds = [
                i if i.polarity == "target" else replace(i, normalisation=replace(i.normalisation, method=normalisation))
                for i in inds
            ]
        if imputation is not None:
            inds = [replace(i, imputation=None) for i in inds]
        outlier = self.outlier
        if winsorisation_limit is not None:
            outlier = replace(self.outlier, method="winsorise", limit=winsorisation_limit)
            inds = [replace(i, outlier=None) for i in inds]
        nodes = list(self.nodes)
        if aggregation is not None:
            nodes = [replace(n, aggregation=aggregation) for n in nodes]
        if weights is not None:
            new_nodes = []
            for n in nodes:
                if n.code in weights:
                    w = weights[n.code]
                    kids = tuple(Child(c.code, float(x)) for c, x in zip(n.children, w, strict=True))
                    n = replace(n, children=kids, weights="explicit")
                new_nodes.append(n)
            nodes = new_nodes
        return replace(
            self,
            indicators=tuple(inds),
            nodes=tuple(nodes),
            outlier=outlier,
            imputation=imputation if imputation is not None else self.imputation,
        )


# ---------------------------------------------------------------------------------------------
# Loading


def load_framework(path_or_text: str | Path) -> Framework:
    """Load and validate a framework from a YAML file path or YAML text.

    Raises :class:`FrameworkError` naming the place: unknown child codes, a cycle in the tree,
    duplicate codes, explicit weights not summing to one when ``weights_must_sum_to_one`` is set,
    invalid method names, missing goalposts.
    """
    text = _read_text(path_or_text)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkError(f"framework is not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise FrameworkError("framework: the top level must be a mapping")
    return _build(doc)


def _read_text(path_or_text: str | Path) -> str:
    if isinstance(path_or_text, Path):
        return path_or_text.read_text(encoding="utf-8")
    if "\n" not in path_or_text and len(path_or_text) < 4096:
        p = Path(path_or_text)
        if p.suffix.lower() in (".yaml", ".yml") or p.exists():
            if not p.exists():
                raise FrameworkError(f"framework file not found: {p}")
            return p.read_text(encoding="utf-8")
    return path_or_text


def _names(raw: Any, where: str) -> tuple[str, str]:
    if isinstance(raw, str):
        return raw, raw
    if isinstance(raw, dict):
        zh = str(raw.get("zh", raw.get("en", "")))
        en = str(raw.get("en", raw.get("zh", "")))
        return zh, en
    if raw is None:
        return "", ""
    raise FrameworkError(f"{where}: 'name' must be a string or a mapping with zh/en")


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    v = str(value).strip().lower() if value is not None else ""
    aliases = {"winsorize": "winsorise", "min-max": "minmax", "min_max": "minmax", "z-score": "zscore",
               "z_score": "zscore", "distance_to_target": "target", "mean": "group_mean",
               "last_observation": "locf", "positive": "+", "negative": "-", "t": "target"}
    v = aliases.get(v, v)
    if v not in allowed:
        raise FrameworkError(f"{where}: invalid value {value!r}; expected one of {', '.join(allowed)}")
    return v


def _float(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, str) and "/" in value:
        # Fractions such as "2/3" keep coverage thresholds exact.
        num, _, den = value.partition("/")
        try:
            return float(num) / float(den)
        except (ValueError, ZeroDivisionError) as exc:
            raise FrameworkError(f"{where}: {value!r} is not a number or fraction") from exc
    try:
        out = float(value)
    except (TypeError, ValueError) as exc:
        raise FrameworkError(f"{where}: {value!r} is not a number") from exc
    if math.isnan(out):
        raise FrameworkError(f"{where}: NaN is not allowed")
    return out


def _imputation(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ("none",)
    if isinstance(raw, dict):
        raw = raw.get("methods", raw.get("method", "none"))
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        return ("none",)
    return tuple(_choice(m, IMPUTATIONS, f"{where}.imputation") for m in items)


def _outlier(raw: Any, where: str, default: OutlierTreatment) -> OutlierTreatment:
    if raw is None:
        return default
    if isinstance(raw, str):
        raw = {"method": raw}
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}.outliers: must be a mapping or a method name")
    method = _choice(raw.get("method", default.method), OUTLIER_METHODS, f"{where}.outliers.method")
    limit: Any = raw.get("limit", raw.get("winsorisation_limit", default.limit))
    try:
        limit_i = int(limit)
    except (TypeError, ValueError) as exc:
        raise FrameworkError(f"{where}.outliers.limit: {limit!r} is not an integer") from exc
    if limit_i < 0:
        raise FrameworkError(f"{where}.outliers.limit: must be >= 0")
    skew = _float(raw.get("skew", default.skew), f"{where}.outliers.skew")
    kurt = _float(raw.get("kurtosis", default.kurtosis), f"{where}.outliers.kurtosis")
    assert skew is not None and kurt is not None
    return OutlierTreatment(method=method, limit=limit_i, skew=skew, kurtosis=kurt)


def _normalisation(raw: Any, where: str, default_method: str, polarity: str) -> Normalisation:
    if raw is None:
        raw = {}
    if isinstance(raw, str):
        raw = {"method": raw}
    if not isinstance(raw, dict):
        raise FrameworkError(f"{where}.normalisation: must be a mapping or a method name")
    method = _choice(raw.get("method", default_method), NORMALISATIONS, f"{where}.normalisation.method")
    norm = Normalisation(
        method=method,
        min=_float(raw.get("min"), f"{where}.normalisation.min"),
        max=_float(raw.get("max"), f"{where}.normalisation.max"),
        cap=bool(raw.get("cap", True)),
        log=bool(raw.get("log", False)),
        target=_float(raw.get("target"), f"{where}.normalisation.target"),
        span=_float(raw.get("span"), f"{where}.normalisation.span"),
    )
    if method == "goalposts":
        if norm.min is None or norm.max is None:
            raise FrameworkError(f"{where}.normalisation: goalposts need both 'min' and 'max'")
        if norm.max <= norm.min:
            raise FrameworkError(f"{where}.normalisation: goalpost max must be greater than min")
        if norm.log and norm.min <= 0:
            raise FrameworkError(f"{where}.normalisation: log goalposts need min > 0")
    if method == "target" and norm.target is None:
        raise FrameworkError(f"{where}.normalisation: distance to target needs 'target'")
    if polarity == "target" and method != "target":
        raise FrameworkError(
            f"{where}: polarity 'target' needs normalisation method 'target' (distance to target)"
        )
    if norm.span is not None and norm.span <= 0:
        raise FrameworkError(f"{where}.normalisation.span: must be positive")
    return norm


@dataclass(frozen=True)
class _Defaults:
    """Framework-wide settings that indicators and nodes inherit unless they say otherwise."""

    imputation: tuple[str, ...]
    outlier: OutlierTreatment
    normalisation: str
    aggregation: str
    weights: str
    coverage: float


def _build(doc: dict[str, Any]) -> Framework:
    head = doc.get("framework", {})
    if not isinstance(head, dict):
        raise FrameworkError("framework: 'framework' must be a mapping")
    name_zh, name_en = _names(head.get("name"), "framework")
    defaults_raw = head.get("defaults", {}) or {}
    if not isinstance(defaults_raw, dict):
        raise FrameworkError("framework.defaults: must be a mapping")
    scale, precision, floor = _output(head.get("output") or {})
    must_sum = bool(head.get("weights_must_sum_to_one", False))
    defaults = _defaults(defaults_raw)
    raw_inds, raw_nodes = _sections(doc)

    seen: dict[str, str] = {}  # code -> where it was first defined (codes are unique across both lists)
    indicators = [_indicator(raw, pos, seen, defaults) for pos, raw in enumerate(raw_inds, start=1)]
    ind_by_code = {i.code: i for i in indicators}
    nodes_raw: dict[str, Node] = {}
    for pos, raw in enumerate(raw_nodes, start=1):
        node = _node(raw, pos, seen, defaults)
        nodes_raw[node.code] = node

    parents = _check_tree(nodes_raw, ind_by_code)
    root = _root(head.get("root"), nodes_raw, parents)
    resolved = {n.code: _resolve_weights(n, ind_by_code, must_sum) for n in nodes_raw.values()}
    order = _post_order(resolved, root)
    base_period = head.get("base_period")
    return Framework(
        code=str(head.get("code", "index")),
        name_zh=name_zh,
        name_en=name_en,
        version=str(head.get("version", "1")),
        root=root,
        nodes=tuple(resolved[c] for c in order),
        indicators=tuple(indicators),
        scale=scale,
        precision=precision,
        imputation=defaults.imputation,
        outlier=defaults.outlier,
        weights_must_sum_to_one=must_sum,
        geometric_floor=floor,
        base_period=None if base_period is None else str(base_period),
        source=doc,
    )


def _output(output: Any) -> tuple[tuple[float, float], int, float | None]:
    """The ``output`` block: scale [min, max], precision, geometric floor."""
    if not isinstance(output, dict):
        raise FrameworkError("framework.output: must be a mapping")
    scale_raw = output.get("scale", [0, 100])
    if not isinstance(scale_raw, list) or len(scale_raw) != 2 or None in scale_raw:
        raise FrameworkError("framework.output.scale: must be a list [min, max]")
    lo = _float(scale_raw[0], "framework.output.scale")
    hi = _float(scale_raw[1], "framework.output.scale")
    assert lo is not None and hi is not None
    if hi <= lo:
        raise FrameworkError("framework.output.scale: max must be greater than min")
    precision = output.get("precision", 2)
    # bool is an int subclass: "precision: yes" is a typo, not one decimal.
    if not isinstance(precision, int) or isinstance(precision, bool) or not 0 <= precision <= 12:
        raise FrameworkError(f"framework.output.precision: {precision!r} is not a number of decimals (0–12)")
    floor = _float(output.get("geometric_floor"), "framework.output.geometric_floor")
    return (lo, hi), precision, floor


def _defaults(raw: dict[str, Any]) -> _Defaults:
    return _Defaults(
        imputation=_imputation(raw.get("imputation"), "framework.defaults"),
        outlier=_outlier(raw.get("outliers"), "framework.defaults", OutlierTreatment()),
        # Validated where it is used: an indicator of polarity 'target' never takes the default.
        normalisation=str(raw.get("normalisation", "minmax")),
        aggregation=_choice(raw.get("aggregation", "arithmetic"), AGGREGATIONS, "framework.defaults.aggregation"),
        weights=_choice(raw.get("weights", "equal"), WEIGHTINGS, "framework.defaults.weights"),
        coverage=_float(raw.get("coverage", 0.0), "framework.defaults.coverage") or 0.0,
    )


def _sections(doc: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    raw_inds = doc.get("indicators")
    raw_nodes = doc.get("nodes")
    if not isinstance(raw_inds, list) or not raw_inds:
        raise FrameworkError("indicators: a non-empty list is required")
    if not isinstance(raw_nodes, list) or not raw_nodes:
        raise FrameworkError("nodes: a non-empty list is required")
    return raw_inds, raw_nodes


def _claim(seen: dict[str, str], code: str, where: str, label: str) -> None:
    if code in seen:
        raise FrameworkError(f"{where}: duplicate code (already used by {seen[code]})")
    seen[code] = label


def _indicator(raw: Any, pos: int, seen: dict[str, str], defaults: _Defaults) -> Indicator:
    if not isinstance(raw, dict) or "code" not in raw:
        raise FrameworkError(f"indicators[{pos}]: each indicator needs a 'code'")
    icode = str(raw["code"])
    where = f"indicator '{icode}'"
    _claim(seen, icode, where, f"indicator #{pos}")
    if icode in ("unit", "period", "group"):
        raise FrameworkError(f"{where}: '{icode}' is reserved for a data column")
    zh, en = _names(raw.get("name"), where)
    polarity = _choice(raw.get("polarity", "+"), POLARITIES, f"{where}.polarity")
    transformation, cap_min, cap_max = _transformation(raw.get("transformation", "none"), where)
    vmin, vmax = _valid_range(raw.get("valid_range"), where)
    return Indicator(
        code=icode,
        name_zh=zh,
        name_en=en,
        unit=str(raw.get("unit", "")),
        polarity=polarity,
        source_unit=str(raw.get("source_unit", "")),
        normalisation=_normalisation(raw.get("normalisation"), where, defaults.normalisation, polarity),
        transformation=transformation,
        cap_min=cap_min,
        cap_max=cap_max,
        weight=_float(raw.get("weight"), f"{where}.weight"),
        imputation=_imputation(raw["imputation"], where) if "imputation" in raw else None,
        outlier=_outlier(raw["outliers"], where, defaults.outlier) if "outliers" in raw else None,
        valid_min=vmin,
        valid_max=vmax,
        kind=str(raw.get("kind", "")),
        origin=str(raw.get("origin", raw.get("source", ""))),
        rationale=str(raw.get("rationale", "")),
    )


def _transformation(traw: Any, where: str) -> tuple[str, float | None, float | None]:
    cap_min = cap_max = None
    if isinstance(traw, dict):
        transformation = _choice(traw.get("method", "none"), TRANSFORMATIONS, f"{where}.transformation")
        cap_min = _float(traw.get("min"), f"{where}.transformation.min")
        cap_max = _float(traw.get("max"), f"{where}.transformation.max")
    else:
        transformation = _choice(traw, TRANSFORMATIONS, f"{where}.transformation")
    if transformation == "capped" and cap_min is None and cap_max is None:
        raise FrameworkError(f"{where}.transformation: 'capped' needs 'min' and/or 'max'")
    return transformation, cap_min, cap_max


def _valid_range(vrange: Any, where: str) -> tuple[float | None, float | None]:
    if vrange is None:
        return None, None
    if not isinstance(vrange, list) or len(vrange) != 2:
        raise FrameworkError(f"{where}.valid_range: must be a list [min, max]")
    return _float(vrange[0], f"{where}.valid_range"), _float(vrange[1], f"{where}.valid_range")


def _node(raw: Any, pos: int, seen: dict[str, str], defaults: _Defaults) -> Node:
    if not isinstance(raw, dict) or "code" not in raw:
        raise FrameworkError(f"nodes[{pos}]: each node needs a 'code'")
    ncode = str(raw["code"])
    where = f"node '{ncode}'"
    _claim(seen, ncode, where, f"node #{pos}")
    zh, en = _names(raw.get("name"), where)
    kids = _children(raw.get("children"), where)
    cov = _float(raw.get("coverage", defaults.coverage), f"{where}.coverage")
    assert cov is not None
    if not 0.0 <= cov <= 1.0:
        raise FrameworkError(f"{where}.coverage: must be a share between 0 and 1")
    return Node(
        code=ncode,
        name_zh=zh,
        name_en=en,
        children=kids,
        aggregation=_choice(raw.get("aggregation", defaults.aggregation), AGGREGATIONS, f"{where}.aggregation"),
        weights=_choice(raw.get("weights", defaults.weights), WEIGHTINGS, f"{where}.weights"),
        coverage=cov,
        origin=str(raw.get("origin", raw.get("source", ""))),
    )


def _children(kids_raw: Any, where: str) -> tuple[Child, ...]:
    """A node's ``children``: codes, or mappings with a code and an optional weight."""
    if not isinstance(kids_raw, list) or not kids_raw:
        raise FrameworkError(f"{where}: 'children' must be a non-empty list")
    kids: list[Child] = []
    for k in kids_raw:
        if not isinstance(k, dict):
            kids.append(Child(str(k), None))
            continue
        if "code" not in k:
            raise FrameworkError(f"{where}.children: each mapping needs a 'code'")
        kids.append(Child(str(k["code"]), _float(k.get("weight"), f"{where}.children.{k['code']}.weight")))
    codes = [c.code for c in kids]
    dup = {c for c in codes if codes.count(c) > 1}
    if dup:
        raise FrameworkError(f"{where}: child listed twice: {', '.join(sorted(dup))}")
    return tuple(kids)


def _check_tree(nodes: dict[str, Node], indicators: dict[str, Indicator]) -> dict[str, str]:
    """Every child exists, the tree has no cycle, every item has at most one parent and every
    indicator exactly one. Returns child code -> parent code."""
    for n in nodes.values():
        for c in n.children:
            if c.code not in nodes and c.code not in indicators:
                raise FrameworkError(f"node '{n.code}': unknown child '{c.code}' (no such indicator or node)")
    _check_cycles(nodes)
    parents: dict[str, str] = {}
    for n in nodes.values():
        for c in n.children:
            if c.code in parents:
                raise FrameworkError(
                    f"node '{n.code}': child '{c.code}' already belongs to node '{parents[c.code]}'"
                )
            parents[c.code] = n.code
    for code in indicators:
        if code not in parents:
            raise FrameworkError(f"indicator '{code}': not attached to any node")
    return parents


def _root(declared: Any, nodes: dict[str, Node], parents: dict[str, str]) -> str:
    """The one node without a parent; ``framework.root``, when given, must name it."""
    roots = [c for c in nodes if c not in parents]
    if declared is not None:
        declared = str(declared)
        if declared not in nodes:
            raise FrameworkError(f"framework.root: unknown node '{declared}'")
        if declared in parents:
            raise FrameworkError(f"framework.root: node '{declared}' has a parent ('{parents[declared]}')")
    if len(roots) != 1:
        raise FrameworkError(f"nodes: the tree must have exactly one root; found {', '.join(roots) or 'none'}")
    if declared is not None and declared != roots[0]:
        raise FrameworkError(f"framework.root: '{declared}' is not the top of the tree ('{roots[0]}' is)")
    return roots[0]


def _resolve_weights(node: Node, indicators: dict[str, Indicator], must_sum: bool) -> Node:
    """Child weights: explicit ones checked (an indicator's own ``weight`` counts), else equal."""
    kids = [
        Child(c.code, indicators[c.code].weight if c.weight is None and c.code in indicators else c.weight)
        for c in node.children
    ]
    if node.weights != "explicit":
        return replace(node, children=tuple(Child(c.code, 1.0 / len(kids)) for c in kids))
    missing = [c.code for c in kids if c.weight is None]
    if missing:
        raise FrameworkError(f"node '{node.code}': explicit weights missing for {', '.join(missing)}")
    if any((c.weight or 0.0) < 0 for c in kids):
        raise FrameworkError(f"node '{node.code}': weights must not be negative")
    total = sum(c.weight or 0.0 for c in kids)
    if total <= 0:
        raise FrameworkError(f"node '{node.code}': weights sum to zero")
    if must_sum and abs(total - 1.0) > _WEIGHT_TOLERANCE:
        raise FrameworkError(
            f"node '{node.code}': weights of its children sum to {total:.6g}, not 1 "
            f"(weights_must_sum_to_one is set)"
        )
    return replace(node, children=tuple(kids))


def _check_cycles(nodes: dict[str, Node]) -> None:
    state: dict[str, int] = {}

    def visit(code: str, path: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            cycle = path[path.index(code):] + [code]
            raise FrameworkError(f"nodes: cycle in the tree: {' -> '.join(cycle)}")
        state[code] = 1
        for c in nodes[code].children:
            if c.code in nodes:
                visit(c.code, path + [code])
        state[code] = 2

    for code in nodes:
        visit(code, [])


def _post_order(nodes: dict[str, Node], root: str) -> list[str]:
    out: list[str] = []

    def visit(code: str) -> None:
        for c in nodes[code].children:
            if c.code in nodes:
                visit(c.code)
        out.append(code)

    visit(root)
    missing = [c for c in nodes if c not in out]
    if missing:
        raise FrameworkError(f"nodes: not reachable from the root '{root}': {', '.join(missing)}")
    return out
