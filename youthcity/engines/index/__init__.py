"""YouthCity composite-index engine (pure Python + NumPy; never imports Django).

Public API::

    fw = load_framework("framework.yaml")          # -> Framework (FrameworkError on bad input)
    ds = read_data_csv("data.csv", fw)              # -> Dataset   (DataError naming row/column)
    res = compute(fw, ds, base_period="2022")       # -> IndexResult
    ua = uncertainty(fw, ds, n=1000, seed=1)        # -> UncertaintyResult (median rank, 5–95%)
    sa = sensitivity(fw, ds, n=500, seed=1)         # -> SensitivityResult (Sobol S1 / ST)
    an = analyse(fw, ds)                            # -> AnalysisResult (correlations, alpha, PCA)

Every result has ``to_dict()`` returning JSON-able data. See ``docs/index-format.md``.
"""

from .analysis import AnalysisResult, analyse
from .data import Dataset, dataset_from_arrays, read_data_csv
from .errors import DataError, FrameworkError, IndexEngineError
from .framework import Framework, Indicator, Node, load_framework
from .pipeline import ENGINE_VERSION, Exclusion, ImputedCell, IndexResult, compute
from .uncertainty import (
    SensitivityResult,
    UncertaintyResult,
    UncertaintySpec,
    sensitivity,
    sobol_indices,
    uncertainty,
)

__all__ = [
    "ENGINE_VERSION",
    "AnalysisResult",
    "DataError",
    "Dataset",
    "Exclusion",
    "Framework",
    "FrameworkError",
    "ImputedCell",
    "IndexEngineError",
    "IndexResult",
    "Indicator",
    "Node",
    "SensitivityResult",
    "UncertaintyResult",
    "UncertaintySpec",
    "analyse",
    "compute",
    "dataset_from_arrays",
    "load_framework",
    "read_data_csv",
    "sensitivity",
    "sobol_indices",
    "uncertainty",
]
