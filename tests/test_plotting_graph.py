"""The computational-graph figure shared by lessons 04, 05 and 07."""

import matplotlib.pyplot as plt
import pytest

from nnlib.plotting.graph import GraphNode, draw_chain, draw_graph, layered_positions


def test_layered_positions_put_each_node_right_of_its_inputs():
    edges = [("x", "z", None), ("w", "z", None), ("z", "a", None), ("a", "C", None), ("z", "C", None)]
    pos = layered_positions(["x", "w", "z", "a", "C"], edges)
    assert pos["x"][0] == pos["w"][0] == 0 and pos["z"][0] == 1 and pos["a"][0] == 2 and pos["C"][0] == 3


def test_a_deep_chain_needs_no_recursion():
    keys = [str(i) for i in range(3000)]
    pos = layered_positions(keys, [(keys[i], keys[i + 1], None) for i in range(2999)])
    assert pos["2999"][0] == 2999


def test_chain_draws_values_grads_and_slopes():
    ax = draw_chain(["$w$", "$z$", "$C$"], ["$x$", "$2z$"], values=[1.0, 2.0, 4.0], grads=[4.0, 4.0, 1.0])
    texts = [t.get_text() for t in ax.texts]
    assert "= 2" in texts and "grad 4" in texts and "$2z$" in texts
    assert ax.get_legend() is not None
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: draw_chain(["a", "b"], []), "2 boxes need 1 slopes"),
        (lambda: draw_chain(["a", "b"], ["s"], values=[1.0]), "values needs one entry per box"),
        (lambda: draw_graph([GraphNode("a", "a")], [("a", "b", None)]), "names a node that is not in nodes"),
        (lambda: layered_positions(["a", "b"], [("a", "b", None), ("b", "a", None)]), "cycle"),
    ],
)
def test_bad_graphs_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
