"""Lesson 07's graph figures and expression playground, called directly (errors in widgets are swallowed)."""

import ipywidgets
import pytest

from nnlib.autograd import Tensor, Value
from nnlib.plotting.autograd import draw_autograd_graph, graph_of
from nnlib.widgets.autograd import EXAMPLES, expression_playground, parse_expression, show_expression


def test_graph_of_numbers_has_values_slopes_and_gradients_after_backward():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = (a * b + a) ** 2
    nodes, edges = graph_of(loss, params=[a])
    assert all(node.grad is None for node in nodes)  # before backward: values only
    loss.backward()
    nodes, edges = graph_of(loss, params=[a])
    by_label = {node.label: node for node in nodes}
    assert by_label["a"].grad == 16.0 and by_label["a"].kind == "param" and by_label["b"].kind == "input"
    assert nodes[-1].kind == "cost" and nodes[-1].grad == 1.0
    assert sorted(slope for _, _, slope in edges) == sorted(["-3", "2", "1", "1", "-8"])


def test_graph_of_arrays_shows_shapes_and_leaves_out_data():
    W = Tensor([[1.0], [2.0]], requires_grad=True, label="W")
    loss = (Tensor([[1.0, 1.0]]) @ W).sum()
    nodes, edges = graph_of(loss, params=[W])
    assert [node.label for node in nodes] == ["W\nshape (2, 1)", "@ (matmul)\nshape (1, 1)", "sum\none number"]
    assert all(slope is None for _, _, slope in edges)
    ax = draw_autograd_graph(loss, params=[W])
    assert ax.get_legend() is not None
    with pytest.raises(TypeError, match="draw_autograd_graph: expected a Value or Tensor, got float"):
        draw_autograd_graph(1.0)


@pytest.mark.parametrize("expression", EXAMPLES)
def test_every_example_draws_and_backward_matches_nudging(expression, capsys):
    result = show_expression(0.7, -1.3, expression)
    out = capsys.readouterr().out
    assert result is not None and "backward():" in out
    exact = out.split("backward():")[1].split("\n")[0].split()
    nudged = out.split("nudging:")[1].split("\n")[0].split()
    assert [float(v) for v in exact[2::3]] == pytest.approx([float(v) for v in nudged[2::3]], rel=1e-4, abs=1e-6)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x +", "cannot read 'x +'"),
        ("z * 2", "'z' is not allowed; use x, y"),
        ("x ** y", "the exponent after ** must be a number"),
        ("exp(x, y)", "exp takes one argument"),
        ("__import__('os')", "is not allowed"),
        ("log(x - 5)", "log: needs a positive number"),
    ],
)
def test_bad_expressions_print_why_instead_of_failing(text, message, capsys):
    assert show_expression(1.0, 2.0, text) is None
    assert message in capsys.readouterr().out


def test_parse_expression_builds_the_same_graph_as_code():
    x = Value(0.5)
    assert parse_expression("sigmoid(2 * x) - -x / 4", {"x": x}).data == pytest.approx((2 * x).sigmoid().data + 0.125)


def test_playground_has_a_slider_first_and_a_box_to_type_in():
    playground = expression_playground()
    kinds = [type(child).__name__ for child in playground.children]
    assert kinds[:3] == ["FloatSlider", "FloatSlider", "Combobox"]
    assert isinstance(playground.children[-1], ipywidgets.Output)
