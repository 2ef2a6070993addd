"""Lesson 07's checks pass the reference, read stubs as not attempted, and name typical mistakes."""

import math

import numpy as np
import pytest

from nnlib.autograd import Value, topological_order, unbroadcast
from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.checks.lesson07 import (
    _order_problem,
    _reference_backward,
    _small_graphs,
    check_backward,
    check_exp,
    check_mul,
    check_predicted_chain,
    check_predicted_gradients,
    check_topological_order,
    check_unbroadcast,
)


def stub(*args, **kwargs):
    raise NotImplementedError


def message_of(check, wrong):
    with pytest.raises(CheckFailed) as caught:
        check(wrong)
    return str(caught.value)


def node(data, inputs, slopes, op):
    return Value(data, inputs=inputs, local_slopes=slopes, op=op)


def test_references_pass(capsys):
    check_mul(lambda a, b: node(a.data * b.data, (a, b), (b.data, a.data), "*"))
    check_exp(lambda a: node(math.exp(a.data), (a,), (math.exp(a.data),), "exp"))
    check_predicted_gradients(lambda: {"dL_da": 16.0, "dL_db": -16.0})
    check_topological_order(topological_order)
    check_backward(_reference_backward)
    check_predicted_chain(lambda: {"nodes": 2001, "leaves": 1001})
    check_unbroadcast(unbroadcast)
    assert capsys.readouterr().out.count("checks passed") == 7


@pytest.mark.parametrize(
    "check",
    [
        check_mul,
        check_exp,
        check_predicted_gradients,
        check_topological_order,
        check_backward,
        check_predicted_chain,
        check_unbroadcast,
    ],
)
def test_stubs_read_not_attempted(check):
    with pytest.raises(NotAttemptedError, match="not attempted yet"):
        check(stub)


@pytest.mark.parametrize(
    ("check", "wrong", "named"),
    [
        (check_mul, lambda a, b: node(a.data * b.data, (a, b), (a.data, b.data), "*"), "the slopes are swapped"),
        (check_mul, lambda a, b: node(a.data * b.data, (a, b), (1.0, 1.0), "*"), "those are the slopes of +"),
        (check_mul, lambda a, b: node(a.data * b.data, (), (), "*"), "inputs should be the Value(s)"),
        (check_mul, lambda a, b: a.data * b.data, "return a new Value"),
        (check_exp, lambda a: node(math.exp(a.data), (a,), (a.data,), "exp"), "the slope is not the input a"),
        (
            check_exp,
            lambda a: node(math.exp(a.data), (a,), (a.data * math.exp(a.data - 1),), "exp"),
            "that is the power rule",
        ),
        (check_exp, lambda a: node(math.exp(a.data), (a,), (1.0,), "exp"), "a slope of 1 means"),
        (check_exp, lambda a: node(math.exp(a.data), a, (math.exp(a.data),), "exp"), "needs a trailing comma"),
        (check_exp, lambda a: node(math.exp(a), (a,), (math.exp(a),), "exp"), "the number inside it is its .data"),
        (check_predicted_gradients, lambda: {"dL_da": 24, "dL_db": -16}, "add both shares"),
        (check_predicted_gradients, lambda: {"dL_da": -8, "dL_db": -16}, "you counted only the direct one"),
        (check_predicted_gradients, lambda: {"dL_da": 8, "dL_db": -8}, "what does squaring bring down"),
        (check_predicted_gradients, lambda: {"dL_da": 16, "dL_db": 24}, "dc/db is a, not b"),
    ],
)
def test_typical_mistakes_are_named(check, wrong, named):
    message = message_of(check, wrong)
    assert named in message
    assert "16" not in message.split("you predicted")[-1].split("hint")[-1]  # a prediction hint never gives 16


def recursive_order(root):
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node.inputs:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def reversed_breadth_first(root):
    order, seen, queue = [], set(), [root]
    while queue:
        node = queue.pop(0)
        if node not in seen:
            seen.add(node)
            order.append(node)
            queue.extend(node.inputs)
    return order[::-1]


def order_with_duplicates(root):
    order = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node.inputs)
    return order[::-1]


def order_by_enumerating_paths(root):
    # every path from root down is walked; a node reached again is listed only once, but explored again
    order, stack = [], [(root, False)]
    while stack:
        node, ready = stack.pop()
        if ready:
            if node not in order:
                order.append(node)
        else:
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.inputs)
    return order


def test_the_path_enumerating_order_is_right_on_the_small_graphs():
    # so the ladder, and nothing else, is what rejects it
    for _, root in _small_graphs():
        assert _order_problem(order_by_enumerating_paths(root), root) is None


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        (recursive_order, "check 5 of 6 failed (a chain 5,000 operations deep): raised RecursionError"),
        (order_by_enumerating_paths, "check 6 of 6 failed (a ladder of 25 levels"),
        (order_by_enumerating_paths, "so it follows every path instead of visiting every node once"),
        (order_with_duplicates, "a appears 4 times"),
        (reversed_breadth_first, "t comes before its input s"),
        (lambda root: topological_order(root)[::-1], "the list is the wrong way round"),
        (lambda root: [root], "missing"),
        (lambda root: [n.data for n in topological_order(root)], "something other than Values"),
    ],
)
def test_topological_order_mistakes_are_named(wrong, named):
    assert named in message_of(check_topological_order, wrong)


def backward_without_seed(root):
    for node in reversed(topological_order(root)):
        for parent, slope in zip(node.inputs, node.local_slopes, strict=True):
            parent.grad += slope * node.grad


def backward_without_chain(root):
    root.grad = 1.0
    for node in reversed(topological_order(root)):
        for parent, slope in zip(node.inputs, node.local_slopes, strict=True):
            parent.grad += slope


def recursive_backward(root):
    def pass_on(node):  # the naive recursion: each share is passed on at once, before the node is complete
        for parent, slope in zip(node.inputs, node.local_slopes, strict=True):
            parent.grad += slope * node.grad
            pass_on(parent)

    root.grad = 1.0
    pass_on(root)


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        (lambda root: _reference_backward(root, overwrite=True), "check 3 of 4 failed (a value used twice"),
        (lambda root: _reference_backward(root, overwrite=True), "its gradient was replaced by the last share"),
        (lambda root: _reference_backward(root, forward=True), "were the nodes visited inputs first?"),
        (backward_without_seed, "every gradient is still 0"),
        (backward_without_chain, "check 2 of 4 failed (a chain"),
        (recursive_backward, "some shares were counted twice"),
        (lambda root: _reference_backward(root, eager=True), "check 3 of 4 failed (a value used twice"),
    ],
)
def test_backward_mistakes_are_named(wrong, named):
    message = message_of(check_backward, wrong)
    assert named in message
    assert "+=" not in message


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        (lambda grad, shape: grad, "returned shape (4, 3), expected shape (3,)"),
        (lambda grad, shape: grad.mean(axis=0) if shape == (3,) else grad, "averaged"),
        (lambda grad, shape: grad[0] if shape == (3,) else grad, "that is one row"),
        (lambda grad, shape: grad.sum(axis=1) if shape == (3,) else grad, "that is one number per row"),
        (
            lambda grad, shape: grad.sum(axis=tuple(range(grad.ndim - len(shape)))) if shape != (4, 1) else grad.sum(1),
            "returned shape (4,), expected shape (4, 1)",
        ),
    ],
)
def test_unbroadcast_mistakes_are_named(wrong, named):
    assert named in message_of(check_unbroadcast, wrong)


def test_hints_contain_no_answer_code():
    for check, wrong in [
        (check_backward, lambda root: _reference_backward(root, overwrite=True)),
        (check_unbroadcast, lambda grad, shape: np.zeros(shape)),
        (check_mul, lambda a, b: node(a.data * b.data, (a, b), (a.data, b.data), "*")),
    ]:
        message = message_of(check, wrong)
        assert "b.data" not in message and ".sum(" not in message and "keepdims=True" not in message


def test_a_product_names_the_wrong_slope_not_a_returned_value():
    message = message_of(check_mul, lambda a, b: node(a.data * b.data, (a, b), (a.data, b.data), "*"))
    assert "the slope for a is off" in message and "returned value" not in message
    message = message_of(check_exp, lambda a: node(math.exp(a.data), (a,), (a.data,), "exp"))
    assert "the slope is off" in message and "returned value" not in message


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        ({"nodes": 1001, "leaves": 1001}, "wraps it in a Value of its own"),
        ({"nodes": 1000, "leaves": 1001}, "x is a node too"),
        ({"nodes": 2000, "leaves": 1001}, "count x itself as well"),
        ({"nodes": 2001, "leaves": 1}, "wraps it in a Value of its own"),
        ({"nodes": 2001, "leaves": 2}, "not once for the whole chain"),
        ({"nodes": 2001, "leaves": 1000}, "x has no inputs either"),
        ({"nodes": 2001}, "'leaves' is missing"),
        ({"nodes": "2001", "leaves": 1001}, "answer with a number"),
    ],
)
def test_chain_prediction_mistakes_are_named(answer, named):
    message = message_of(check_predicted_chain, lambda: answer)
    assert named in message
    if not isinstance(answer.get("nodes"), str):  # never the right count, unless the learner typed it as text
        assert "2001" not in message and "1001" not in message.replace(f"= {answer.get('leaves')}", "")


def test_the_chain_prediction_is_the_real_graph():
    x = Value(1.0)
    chain = x
    for _ in range(1000):
        chain = chain * 1.001
    nodes = topological_order(chain)
    check_predicted_chain(lambda: {"nodes": len(nodes), "leaves": sum(not n.inputs for n in nodes)})
