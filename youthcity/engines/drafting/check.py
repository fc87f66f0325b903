"""Does a draft load?  It is loaded with the rules engine, next to the city pack's own policies
(so a draft that reads ``param.city.code`` finds it), in a scratch directory."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from youthcity.engines.rules import PolicySet, load_policy_set

from .drafter import Draft


def known_parameters(policy_dir: Path | str | None) -> frozenset[str]:
    """The parameters a city pack's policy directory declares (empty without one)."""
    if policy_dir is None or not Path(policy_dir).is_dir():
        return frozenset()
    specs = load_policy_set(policy_dir).parameters
    # A parameter by place (minimum_wage.monthly) is read under its own name, not its groups'.
    return frozenset(specs) | frozenset(s.regional for s in specs.values() if s.regional)


def check_drafts_load(drafts: Iterable[Draft], policy_dir: Path | str | None = None) -> PolicySet:
    """Load the drafts (with the pack's policies, if given); raises `PolicyError` on the first
    problem.  Returns the loaded set."""
    with tempfile.TemporaryDirectory(prefix="drafts-") as tmp:
        root = Path(tmp)
        if policy_dir is not None:
            src = Path(policy_dir)
            for path in src.glob("*.yaml"):
                shutil.copy(path, root / path.name)
            for name in ("facts.yaml",):
                if (src / name).exists():
                    shutil.copy(src / name, root / name)
        for draft in drafts:
            (root / f"{draft.id}.yaml").write_text(draft.yaml_text, encoding="utf-8")
        return load_policy_set(root)
