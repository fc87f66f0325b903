"""Small framework and data builders for the index-engine tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from youthcity.engines.index import Dataset, Framework, dataset_from_arrays, load_framework


def flat_framework(
    n: int,
    *,
    normalisation: str = "minmax",
    aggregation: str = "arithmetic",
    polarities: Sequence[str] | None = None,
    order: Sequence[int] | None = None,
    extra: str = "",
) -> Framework:
    """One index node over ``n`` indicators x0..x{n-1} (listed in ``order``)."""
    order = list(order) if order is not None else list(range(n))
    pol = list(polarities) if polarities is not None else ["+"] * n
    kids = ", ".join(f"x{k}" for k in order)
    inds = "\n".join(
        f"  - {{code: x{k}, name: {{en: x{k}}}, polarity: '{pol[k]}', normalisation: {{method: {normalisation}, min: 0, max: 100}}}}"
        for k in order
    )
    text = f"""
framework:
  code: flat
  output: {{scale: [0, 100], precision: 4}}
  defaults: {{aggregation: {aggregation}}}
{extra}
nodes:
  - {{code: index, children: [{kids}]}}
indicators:
{inds}
"""
    return load_framework(text)


def two_level_text(imputation: str = "none", outliers: str = "none", coverage: float = 0.0) -> str:
    return f"""
framework:
  code: two_level
  output: {{scale: [0, 100], precision: 3}}
  defaults:
    normalisation: minmax
    imputation: {imputation}
    outliers: {{method: {outliers}, limit: 3}}
    coverage: {coverage}
nodes:
  - code: index
    children: [a, b]
  - code: a
    children: [a1, a2, a3]
  - code: b
    children: [b1, b2, b3]
indicators:
  - {{code: a1, polarity: '+'}}
  - {{code: a2, polarity: '-'}}
  - {{code: a3, polarity: '+', normalisation: {{method: goalposts, min: 0, max: 200, log: false}}}}
  - {{code: b1, polarity: '+'}}
  - {{code: b2, polarity: target, normalisation: {{method: target, target: 50}}}}
  - {{code: b3, polarity: '+', normalisation: rank}}
"""


def random_dataset(fw: Framework, units: int, periods: int, seed: int, missing: int = 0) -> Dataset:
    rng = np.random.default_rng(seed)
    values = rng.lognormal(3.5, 0.6, size=(periods, units, len(fw.indicators)))
    if missing:
        flat = values.reshape(-1)
        idx = rng.choice(flat.size, size=missing, replace=False)
        flat[idx] = np.nan
    return dataset_from_arrays(fw, [f"u{i}" for i in range(units)], [str(2020 + p) for p in range(periods)], values)
