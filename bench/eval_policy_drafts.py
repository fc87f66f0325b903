"""How many of the encoded policies do drafts from the plans' own words reproduce?

Drafts every plan in ../shared/seeds/, youthcity/cities/luoyang/plans and tests/fixtures/plans,
matches each encoded Luoyang/pilot policy (youthcity/cities/luoyang/policies) to the draft whose
quoted clause shares the most text with the policy's quoted source, and reports per policy
whether the draft reproduces

- the amount: the set of figures its amount parameters hold (years counted as months; an
  amount the city left open matches a draft that leaves it open too),
- the audience (youth / employer),
- each condition, by what it asks (the facts it reads: education, out-of-town, age, …) and,
  for education, age and the graduation window, also by value.

Usage: .venv/bin/python bench/eval_policy_drafts.py [--verbose]
Nothing here is tuned to a policy: the matching reads only the pack's own quotes.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from youthcity.engines.drafting import Draft, check_drafts_load, draft_plan, known_parameters  # noqa: E402
from youthcity.engines.plans import parse_all_file  # noqa: E402
from youthcity.engines.plans.errors import PlanParseError  # noqa: E402
from youthcity.engines.rules import Policy, PolicySet, load_policy_set  # noqa: E402

PACK = ROOT / "youthcity" / "cities" / "luoyang" / "policies"
SEEDS = ROOT.parent.parent / "shared" / "seeds"
PLAN_DIRS = (SEEDS, ROOT / "youthcity" / "cities" / "luoyang" / "plans", ROOT / "tests" / "fixtures" / "plans")
_PUNCT = re.compile(r"[\s，,。；;：:、“”\"‘’'（）()〔〕\[\]！!？?…·—\-~～]")

# What a condition asks, by the facts it reads (first match wins).
_KINDS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"education_level"}), "education"),
    (frozenset({"hukou_city", "home_city"}), "out_of_town"),
    (frozenset({"hukou_city"}), "local_hukou"),
    (frozenset({"current_city"}), "works_in_city"),
    (frozenset({"work_district"}), "works_in_city"),
    (frozenset({"age"}), "age"),
    (frozenset({"graduation_date"}), "graduation_window"),
    (frozenset({"employment_status"}), "unemployed"),
    (frozenset({"is_startup_founder"}), "founder"),
    (frozenset({"uses_incubator"}), "in_incubator"),
    (frozenset({"is_intern"}), "interning"),
    (frozenset({"is_job_seeking"}), "job_seeking"),
    (frozenset({"has_interview_invitation"}), "interview"),
    (frozenset({"rents_guaranteed_housing"}), "tenant"),
    (frozenset({"enterprise_in_city"}), "in_city"),
    (frozenset({"enterprise_is_private"}), "private"),
    (frozenset({"enterprise_hired_graduates"}), "hired_graduates"),
    (frozenset({"enterprise_has_university_base"}), "university_base"),
)
_DRAFT_KIND = {"youth_age": "age"}


def _norm(text: str) -> str:
    return _PUNCT.sub("", text)


def _lcs(a: str, b: str) -> int:
    """Length of the longest common substring."""
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def condition_kind(facts: frozenset[str]) -> str:
    for needed, kind in _KINDS:
        if needed <= facts:
            return kind
    return "other:" + ",".join(sorted(facts))


def _months(value: Decimal, unit: str | None) -> Decimal:
    return value * 12 if unit in ("years", "year") else value


def encoded_figures(policy: Policy, ps: PolicySet) -> set[Decimal] | None:
    """Figures of the amount's own parameters (shared place-dependent ones left out); None: no amount."""
    if policy.amount is None:
        return None
    refs = set(re.findall(r"param\.([a-z0-9_.]+)", policy.amount.text + " " + (policy.amount.max_text or "")))
    out: set[Decimal] = set()
    for name in refs:
        spec = ps.parameters.get(name)
        if spec is None:  # a regional parameter (minimum wage by county): the basis, not the figure
            continue
        values = [v for _, v in spec.values if v is not None]
        if values and isinstance(values[-1], (int, float, Decimal)) and not isinstance(values[-1], bool):
            out.add(_months(Decimal(str(values[-1])), spec.unit))
    return out


def draft_figures(draft: Draft) -> set[Decimal] | None:
    if draft.amount is None:
        return set()
    a = draft.amount
    vals = {v for v in (a.low, a.high) if v is not None}
    if a.kind == "percent":
        vals = {v / 100 for v in vals}
    return {Decimal(str(v)).normalize() for v in vals}


def _education_set(expression: str) -> frozenset[str]:
    m = re.search(r"education_level in \[([^\]]*)\]", expression)
    return frozenset(re.findall(r"'(\w+)'", m.group(1))) if m else frozenset()


def _param_value(expression: str, ps: PolicySet) -> Decimal | None:
    for name in re.findall(r"param\.([a-z0-9_.]+)", expression):
        spec = ps.parameters.get(name)
        if spec is not None and spec.values and spec.values[-1][1] is not None and not isinstance(spec.values[-1][1], (bool, str)):
            return Decimal(str(spec.values[-1][1]))
    return None


def by_number(policy: Policy, drafts: list[Draft]) -> Draft | None:
    """For a translation: the draft of the measure the policy cites (二、（二）4 ↔ （二）4), the one
    whose amount has the policy's unit first."""
    unit = policy.amount.unit if policy.amount else None
    same = [d for d in drafts if any(s.clause.endswith(d.label) and d.label[-1].isdigit() for s in policy.sources)]
    same.sort(key=lambda d: (d.kind != policy.kind, d.amount is None or d.amount.unit != unit and not (
        unit in ("nights", "days") and d.amount.unit in ("nights", "days"))))
    return same[0] if same else None


def best_draft(policy: Policy, drafts: list[Draft]) -> Draft | None:
    sources = [_norm(s.text) for s in policy.sources]
    best: tuple[int, int, int] | None = None
    chosen = None
    unit = policy.amount.unit if policy.amount else None
    for d in drafts:
        clause = _norm(d.clause)
        overlap = max(_lcs(clause, s) for s in sources)
        if overlap < 8:
            continue
        own = max(_lcs(_norm(d.own), s) for s in sources)
        if own < 4:  # the same measure, but another benefit of it
            continue
        unit_ok = int(d.amount is not None and unit is not None and (d.amount.unit == unit or (
            unit in ("nights", "days") and d.amount.unit in ("nights", "days"))))
        rank = (own + 4 * unit_ok, overlap, -len(d.id))
        if best is None or rank > best:
            best, chosen = rank, d
    return chosen


def report(ps: PolicySet, seed_drafts: list[Draft], match, verbose: bool) -> None:  # type: ignore[no-untyped-def]
    """Print the per-policy table and the totals for one pool of drafts."""
    totals = {"policies": 0, "drafted": 0, "amount": 0, "amount_of": 0, "audience": 0, "cond": 0, "cond_of": 0,
              "value": 0, "value_of": 0, "open": 0,
              "cond_drafted": 0}
    print(f"{'policy':40} draft  amount    audience  conditions")
    for policy in ps.policies.values() if isinstance(ps.policies, dict) else ps.policies:
        totals["policies"] += 1
        draft = match(policy, seed_drafts)
        kinds = [(c.id, condition_kind(c.facts), c.text) for c in policy.conditions]
        totals["cond_of"] += len(kinds)
        enc_fig = encoded_figures(policy, ps)
        if enc_fig is not None:
            totals["amount_of"] += 1
        if draft is None:
            print(f"{policy.id:40} —      —         —         0/{len(kinds)}   (no draft: no benefit clause read)")
            continue
        totals["drafted"] += 1
        got = draft_figures(draft)
        amount_ok = enc_fig is not None and {f.normalize() for f in enc_fig} == got
        totals["amount"] += int(amount_ok)
        totals["open"] += int(amount_ok and not got)
        totals["cond_drafted"] += len(kinds)
        audience_ok = draft.audience == policy.audience
        totals["audience"] += int(audience_ok)
        dkinds = {_DRAFT_KIND.get(c.id, c.id): c for c in draft.conditions}
        hits, notes = 0, []
        for cid, kind, text in kinds:
            dc = dkinds.get(kind)
            if dc is None:
                notes.append(f"-{cid}")
                continue
            hits += 1
            dexpr = dc.expression.replace("{pid}", draft.id)
            if kind == "education":
                totals["value_of"] += 1
                same = bool(_education_set(text) & _education_set(dexpr)) and \
                    _education_set(text) & {"associate", "bachelor", "master", "doctorate"} == \
                    _education_set(dexpr) & {"associate", "bachelor", "master", "doctorate"}
                totals["value"] += int(same)
                notes.append(f"+{cid}{'' if same else '(levels differ)'}")
            elif kind in ("age", "graduation_window"):
                totals["value_of"] += 1
                enc_v = _param_value(text, ps) or (Decimal(35) if "youth.max_age" in text else None)
                dps = {f"{draft.id}.{p.name}": p.value for p in dc.params}
                d_v = next((Decimal(str(v)) for v in dps.values() if v is not None), None)
                if "youth.max_age" in dexpr:
                    d_v = Decimal(35)
                same = enc_v is not None and d_v is not None and enc_v == d_v
                totals["value"] += int(same)
                notes.append(f"+{cid}{'' if same else f'(value {d_v} vs {enc_v})'}")
            else:
                notes.append(f"+{cid}")
        totals["cond"] += hits
        amount_txt = "n/a" if enc_fig is None else ("yes" if amount_ok else f"no {sorted(got)} vs {sorted(enc_fig)}")
        print(f"{policy.id:40} {draft.label:6} {amount_txt:9} {'yes' if audience_ok else 'no':9} {hits}/{len(kinds)}  "
              f"{' '.join(notes)}")
        if verbose:
            print(f"      draft {draft.id}: {draft.clause[:80]}")
    policies = list(ps.policies.values())
    extra = [d for d in seed_drafts if not any(match(p, [d]) is d for p in policies)]
    print()
    print(f"policies with a draft {totals['drafted']}/{totals['policies']}; "
          f"amounts {totals['amount']}/{totals['amount_of']} (policies with an amount; {totals['open']} of them "
          f"because plan and draft both leave the figure to the city); "
          f"audience {totals['audience']}/{totals['drafted']} (drafted); "
          f"conditions {totals['cond']}/{totals['cond_of']} (what they ask, all policies; "
          f"{totals['cond']}/{totals['cond_drafted']} of the drafted ones); "
          f"condition values {totals['value']}/{totals['value_of']} (education, age, graduation window)")
    print(f"seed drafts {len(seed_drafts)}, quoting the clause of no encoded policy {len(extra)}: " + ", ".join(
        f"{d.label} {d.name}" for d in extra))


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    known = known_parameters(PACK)
    drafts: list[Draft] = []
    per_plan: list[tuple[str, int]] = []
    for directory in PLAN_DIRS:
        for path in sorted(directory.glob("*")):
            if path.suffix not in (".txt", ".docx", ".pdf") or path.name == "README.md":
                continue
            try:
                plans = parse_all_file(path)
            except PlanParseError:
                per_plan.append((str(path.relative_to(ROOT.parent.parent)), -1))
                continue
            n = 0
            for i, plan in enumerate(plans):
                made = draft_plan(plan, known_params=known, plan_tag=f"{path.stem}_{i}")
                n += len(made)
                drafts += made
            per_plan.append((str(path.relative_to(ROOT.parent.parent)), n))
    check_drafts_load([d for d in drafts], PACK)
    ps = load_policy_set(PACK)
    zh = [d for d in drafts if re.match(r"draft_00[12]_", d.id)]
    en = [d for d in drafts if re.match(r"draft_000_", d.id)]
    print("== Chinese seeds (001, 002): drafts matched to each policy by the text they quote")
    report(ps, zh, best_draft, verbose)
    print()
    print("== English translation (seed 000): drafts matched by the clause number the policy cites")
    report(ps, en, by_number, verbose)
    print(f"all drafts {len(drafts)} load in the rules engine (with the Luoyang pack)")
    print("drafts per plan: " + "; ".join(f"{Path(p).name} {n if n >= 0 else 'unparsed'}" for p, n in per_plan))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
