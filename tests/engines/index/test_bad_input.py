"""Bad input gives clear errors naming the place."""

from __future__ import annotations

import pytest

from youthcity.engines.index import DataError, FrameworkError, compute, load_framework, read_data_csv

from .helpers import two_level_text

BASE = """
framework:
  code: t
  weights_must_sum_to_one: true
nodes:
  - code: index
    weights: explicit
    children: [{code: a, weight: 0.5}, {code: b, weight: 0.5}]
  - {code: a, children: [x1, x2]}
  - {code: b, children: [x3]}
indicators:
  - {code: x1}
  - {code: x2}
  - {code: x3}
"""


def test_base_framework_is_valid():
    fw = load_framework(BASE)
    assert fw.root == "index"
    assert fw.node_codes == ("a", "b", "index")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("children: [x3]", "children: [x3, x9]", "node 'b': unknown child 'x9'"),
        ("children: [x3]", "children: [x3, index]", "cycle in the tree"),
        ("  - {code: x3}", "  - {code: x3}\n  - {code: x1}", "indicator 'x1': duplicate code"),
        ("  - {code: b, children: [x3]}", "  - {code: b, children: [x3]}\n  - {code: x2, children: [x3]}",
         "node 'x2': duplicate code"),
        ("{code: b, weight: 0.5}", "{code: b, weight: 0.6}", "node 'index': weights of its children sum to 1.1, not 1"),
        ("  - {code: a, children: [x1, x2]}", "  - {code: a, aggregation: median, children: [x1, x2]}",
         "node 'a'.aggregation: invalid value 'median'"),
        ("  - {code: x1}", "  - {code: x1, normalisation: {method: minimax}}",
         "indicator 'x1'.normalisation.method: invalid value 'minimax'"),
        ("  - {code: x1}", "  - {code: x1, normalisation: {method: goalposts, min: 0}}",
         "indicator 'x1'.normalisation: goalposts need both 'min' and 'max'"),
        ("  - {code: x1}", "  - {code: x1, polarity: target}", "polarity 'target' needs normalisation method 'target'"),
        ("  - {code: x1}", "  - {code: x1, polarity: up}", "indicator 'x1'.polarity: invalid value 'up'"),
        ("  - {code: x3}", "  - {code: x3}\n  - {code: x4}", "indicator 'x4': not attached to any node"),
        ("  - {code: a, children: [x1, x2]}", "  - {code: a, weights: entropy, children: [x1, x2]}",
         "node 'a'.weights: invalid value 'entropy'"),
        ("  code: t\n", "  code: t\n  output: [0, 100]\n", "framework.output: must be a mapping"),
        ("  code: t\n", "  code: t\n  output: {scale: [0, null]}\n", "framework.output.scale: must be a list"),
        ("  code: t\n", "  code: t\n  output: {precision: two}\n", "framework.output.precision: 'two' is not"),
        ("  code: t\n", "  code: t\n  output: {precision: null}\n", "framework.output.precision: None is not"),
        ("  code: t\n", "  code: t\n  output: {precision: -1}\n", "framework.output.precision: -1 is not"),
    ],
)
def test_framework_errors_name_the_place(old, new, expected):
    assert old in BASE
    with pytest.raises(FrameworkError) as err:
        load_framework(BASE.replace(old, new, 1))
    assert expected in str(err.value)


def test_self_cycle_and_two_node_cycle():
    text = BASE.replace("children: [x3]", "children: [x3, b]")
    with pytest.raises(FrameworkError, match="b -> b"):
        load_framework(text)
    text = BASE.replace("  - {code: b, children: [x3]}", "  - {code: b, children: [x3, c]}\n  - {code: c, children: [b]}")
    with pytest.raises(FrameworkError, match="cycle in the tree: (b -> c -> b|c -> b -> c)"):
        load_framework(text)


def test_weights_need_not_sum_to_one_without_the_option():
    fw = load_framework(BASE.replace("weights_must_sum_to_one: true", "").replace("weight: 0.5}", "weight: 2}"))
    assert fw.node("index").children[0].weight == 2


def test_invalid_yaml_and_missing_file():
    with pytest.raises(FrameworkError, match="not valid YAML"):
        load_framework("framework: [\n  - a: b\n c")
    with pytest.raises(FrameworkError, match="framework file not found"):
        load_framework("no/such/framework.yaml")


@pytest.fixture
def fw():
    return load_framework(BASE)


def test_non_numeric_value_names_row_and_column(fw):
    with pytest.raises(DataError) as err:
        read_data_csv("unit,period,x1,x2,x3\nA,2024,1,2,3\nB,2024,1,abc,3\n", fw)
    assert "row 3, column 'x2': 'abc' is not a number" in str(err.value)


def test_unknown_and_missing_columns(fw):
    with pytest.raises(DataError, match="column\\(s\\) not in the framework: x9"):
        read_data_csv("unit,period,x1,x2,x3,x9\nA,2024,1,2,3,4\n", fw)
    with pytest.raises(DataError, match="indicator column\\(s\\) missing: x3"):
        read_data_csv("unit,period,x1,x2\nA,2024,1,2\n", fw)
    with pytest.raises(DataError, match="lacks the 'period' column"):
        read_data_csv("unit,x1,x2,x3\nA,1,2,3\n", fw)


def test_duplicate_rows_and_ragged_rows(fw):
    with pytest.raises(DataError, match="row 3: duplicate unit 'A' and period '2024' \\(first at row 2\\)"):
        read_data_csv("unit,period,x1,x2,x3\nA,2024,1,2,3\nA,2024,1,2,3\n", fw)
    with pytest.raises(DataError, match="row 2: has 4 cells"):
        read_data_csv("unit,period,x1,x2,x3\nA,2024,1,2\n", fw)


def test_wrong_unit_is_caught_by_valid_range():
    fw = load_framework(BASE.replace("  - {code: x1}", "  - {code: x1, unit: '%', valid_range: [1, 100]}"))
    with pytest.raises(DataError) as err:
        read_data_csv("unit,period,x1,x2,x3\nA,2024,0.45,2,3\n", fw)
    assert "row 2, column 'x1': 0.45 is outside the valid range [1.0, 100.0] for unit '%'" in str(err.value)


def test_log_transformation_needs_positive_values():
    fw = load_framework(BASE.replace("  - {code: x1}", "  - {code: x1, transformation: log}"))
    ds = read_data_csv("unit,period,x1,x2,x3\nA,2024,-1,2,3\nB,2024,1,2,3\n", fw)
    with pytest.raises(DataError, match="period '2024', unit 'A', column 'x1'"):
        compute(fw, ds)


def test_missing_values_become_nan_and_are_imputed_and_reported():
    fw = load_framework(two_level_text(imputation="median"))
    csv = "unit,period,a1,a2,a3,b1,b2,b3\n" + "\n".join(
        f"u{i},2024,{i + 1},{10 - i},{i * 3 + 1},{i * 2 + 1},{40 + i},{i}" for i in range(6)
    )
    csv = csv.replace("u2,2024,3,", "u2,2024,NA,")
    ds = read_data_csv(csv + "\n", fw)
    res = compute(fw, ds)
    assert res.imputed[0, 2, 0]
    cell = res.imputed_cells[0]
    assert (cell.unit, cell.indicator, cell.method) == ("u2", "a1", "median")
    assert cell.value == pytest.approx(4.0)  # median of 1, 2, 4, 5, 6
    d = res.to_dict()
    assert d["imputed_cells"][0]["indicator"] == "a1"
    assert d["imputed"] == {"2024": {"a1": ["u2"]}}
    rows = [r for r in res.to_rows() if r["unit"] == "u2" and r["node"] == "a1"]
    assert rows[0]["imputed"] is True


def test_unit_below_coverage_is_excluded_with_reason():
    fw = load_framework(two_level_text(imputation="none", coverage=0.6))
    csv = "unit,period,a1,a2,a3,b1,b2,b3\n" + "\n".join(
        f"u{i},2024,{i + 1},{10 - i},{i * 3 + 1},{i * 2 + 1},{40 + i},{i}" for i in range(6)
    )
    csv = csv.replace("u1,2024,2,9,4,", "u1,2024,,,4,")
    res = compute(fw, read_data_csv(csv, fw))
    excl = [e for e in res.excluded if e.unit == "u1"]
    assert excl and excl[0].node == "a"
    assert "1 of 3 indicators reported (33%); coverage threshold 60%" in excl[0].reason
    assert res.score("2024", "u1", "a") is None
    # The index is still computed from the covered dimension (4 of 6 indicators reported).
    assert res.score("2024", "u1") == pytest.approx(res.score("2024", "u1", "b"))
