"""Checks for lesson 07: local slopes of * and exp, a gradient by hand, topological order, backward, the size of a
chain's graph, unbroadcast."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np

from nnlib.autograd import Value, topological_order
from nnlib.checks._core import (
    Case,
    CheckFailed,
    NotAttemptedError,
    Prediction,
    check_predictions,
    predictions_made,
    require_function,
    run_cases,
)

__all__ = [
    "check_backward",
    "check_exp",
    "check_mul",
    "check_predicted_chain",
    "check_predicted_gradients",
    "check_topological_order",
    "check_unbroadcast",
    "predictions_made",
]


def _node_cases(name: str, fn: Callable, n_inputs: int) -> Callable[..., tuple]:
    """Wrap an exercise that builds a Value node: the check compares (data, slope, ...) of its result.

    Before any case runs, one call checks the structure: a Value, linked to its inputs in order.
    """
    __tracebackhide__ = True
    require_function(name, fn)
    probe = [Value(1.5, label=label) for label in "ab"[:n_inputs]]
    try:
        out = fn(*probe)
    except NotImplementedError:
        raise NotAttemptedError(name) from None
    except TypeError as error:
        hint = (
            ". inputs and local_slopes are tuples, even with a single entry: a one-element tuple needs a "
            "trailing comma, as in (a,)"
            if "not iterable" in str(error)
            else ". A Value is not a number itself: the number inside it is its .data"
            if "not Value" in str(error)
            else ""
        )
        raise CheckFailed(f"{name}: your function raised TypeError: {error}{hint}") from error
    except Exception as error:
        raise CheckFailed(f"{name}: your function raised {type(error).__name__}: {error}") from error
    if not isinstance(out, Value):
        raise CheckFailed(
            f"{name}: returned {type(out).__name__} {out!r}; return a new Value that remembers its inputs and "
            "local slopes, as add does"
        )
    if len(out.inputs) != n_inputs or any(got is not want for got, want in zip(out.inputs, probe, strict=False)):
        wanted = "(a, b)" if n_inputs == 2 else "(a,)"
        raise CheckFailed(
            f"{name}: the new Value's inputs should be the Value(s) it was computed from, {wanted} in that "
            f"order (the very objects passed in, not copies or numbers); got {out.inputs!r}"
        )
    if len(out.local_slopes) != n_inputs:
        raise CheckFailed(f"{name}: give one local slope per input ({n_inputs}), got {len(out.local_slopes)}")

    def numbers(**values: float) -> tuple:
        result = fn(*[Value(v) for v in values.values()])
        return (result.data, *result.local_slopes)

    return numbers


def check_mul(mul: Callable) -> None:
    """Check a learner's ``mul(a, b)`` (Exercise 7.1): the product and its local slopes.

    Examples
    --------
    >>> check_mul(lambda a, b: a * b)
    mul: 4/4 checks passed
    """
    __tracebackhide__ = True
    numbers = _node_cases("mul", mul, 2)
    swapped = "the slopes are swapped: nudge a by a little and see how much a * b moves"
    plus = "those are the slopes of +; for a product, how much does it move per unit change of one factor?"
    shown = "; shown as (value, slope for a, slope for b)"
    parts = ("the value", "the slope for a", "the slope for b")
    cases = [
        Case(
            "3 times -2" + shown,
            {"a": 3.0, "b": -2.0},
            (-6.0, -2.0, 3.0),
            "the value is a times b; the slope for a is how much a * b changes per unit change of a",
            mistakes=(((-6.0, 3.0, -2.0), swapped), ((-6.0, 1.0, 1.0), plus)),
        ),
        Case(
            "a small factor" + shown,
            {"a": 0.5, "b": 4.0},
            (2.0, 4.0, 0.5),
            "the slope for each factor is the value of the other factor",
            mistakes=(((2.0, 0.5, 4.0), swapped), ((2.0, 1.0, 1.0), plus)),
        ),
        Case("a zero factor" + shown, {"a": 0.0, "b": 5.0}, (0.0, 5.0, 0.0), "a zero factor still has a slope"),
        Case(
            "negative numbers" + shown,
            {"a": -1.5, "b": -4.0},
            (6.0, -4.0, -1.5),
            "keep the signs of the data as they are",
            mistakes=(((6.0, 4.0, 1.5), "the slopes lost their signs"),),
        ),
    ]
    run_cases("mul", numbers, [dataclasses.replace(case, parts=parts) for case in cases])


def check_exp(exp: Callable) -> None:
    """Check a learner's ``exp(a)`` (Exercise 7.2): e to the power a and its local slope.

    Examples
    --------
    >>> check_exp(lambda a: a.exp())
    exp: 4/4 checks passed
    """
    __tracebackhide__ = True
    numbers = _node_cases("exp", exp, 1)
    power_rule = (
        "that is the power rule, for x ** n with a fixed n; here the variable is the exponent, and e ** a "
        "grows in proportion to its own size"
    )

    def case(what: str, a: float, hint: str) -> Case:
        e = math.exp(a)
        mistakes = (
            ((e, a), "the slope is not the input a: e ** a grows faster and faster, much faster than a itself"),
            ((e, a * math.exp(a - 1)), power_rule),
            ((e, 1.0), "a slope of 1 means the output moves exactly as much as a; e ** a curves upwards"),
        )
        return Case(
            what + "; shown as (value, slope)",
            {"a": a},
            (e, e),
            hint,
            mistakes=tuple(m for m in mistakes if m[0] != (e, e)),
            parts=("the value", "the slope"),
        )

    cases = [
        case("a = 2", 2.0, "the value is e ** a (math.exp); the slope is how fast it grows there"),
        case("a = 0", 0.0, "how fast does e ** a grow at a = 0? Nudge a by 0.001 and compare"),
        case("a negative a", -2.0, "e ** a is positive for every a, and so is its slope"),
        case("a = 1", 1.0, "the slope at a = 1 is about 2.718"),
    ]
    run_cases("exp", numbers, cases)


def check_predicted_gradients(predicted_gradients: Callable[[], dict]) -> None:
    """Check ``predicted_gradients()``: dL/da and dL/db of ``L = (a*b + a) ** 2`` at a = 2, b = -3 (Exercise 7.3).

    Examples
    --------
    >>> check_predicted_gradients(lambda: {"dL_da": 16, "dL_db": -16})
    predicted_gradients: 2/2 checks passed
    """
    __tracebackhide__ = True
    no_two = "the slope of d ** 2 with respect to d is not d: what does squaring bring down in front?"
    predictions = [
        Prediction(
            "dL_da",
            "dL/da",
            16.0,
            "go backwards: dL/dd first, then dL/dc, then a, which feeds c and d",
            mistakes=(
                (24.0, "a reaches L along two paths, through c = a * b and directly into d = c + a: add both shares"),
                (-8.0, "a reaches L along two paths; you counted only the direct one into d = c + a"),
                (8.0, no_two),
                (-16.0, "check the sign: dL/dd = 2d is negative here, and so is b"),
            ),
            atol=1e-6,
        ),
        Prediction(
            "dL_db",
            "dL/db",
            -16.0,
            "b reaches L along one path, b -> c -> d -> L: multiply the three local slopes",
            mistakes=(
                (-8.0, no_two),
                (16.0, "check the sign: dL/dd = 2d is negative here"),
                (-3.0 * -8, "dc/db is a, not b"),
            ),
            atol=1e-6,
        ),
    ]
    check_predictions("predicted_gradients", predicted_gradients, predictions)


# --- topological order -------------------------------------------------------------------------


def _small_graphs() -> list[tuple[str, Value]]:
    """(description, root) of the graphs the order and backward checks use, simplest first."""
    a = Value(2.0, label="a")
    single = [("a = 2 on its own", a)]
    x = Value(0.5, label="x")
    h = x.tanh()
    h.label = "h"
    chain = h.exp()
    chain.label = "y"
    p, q = Value(1.5, label="a"), Value(2.0, label="b")
    c = p * q
    c.label = "c"
    d = c + p
    d.label = "d"
    twice = d * d
    twice.label = "L"
    w, v = Value(1.0, label="w"), Value(3.0, label="v")
    s = w * v
    s.label = "s"
    t = s + w
    t.label = "t"
    u = s * t  # s first: listing the nodes level by level (breadth first) and reversing puts t before s
    u.label = "u"
    return [
        *single,
        ("x = 0.5, h = tanh(x), y = exp(h)", chain),
        ("a = 1.5, b = 2, c = a*b, d = c + a, L = d*d: a is used twice", twice),
        ("w = 1, v = 3, s = w*v, t = s + w, u = s*t: s and w are used twice", u),
    ]


def _name(node: Value) -> str:
    return node.label or node.op or f"{node.data:g}"


def _order_problem(order: object, root: Value) -> tuple[str, str] | None:
    """What is wrong with ``order`` as a topological order of ``root``'s graph: (problem, hint), or None."""
    nodes = topological_order(root)
    if not isinstance(order, (list, tuple)):
        return f"returned {type(order).__name__}", "return a list of the nodes"
    if any(not isinstance(node, Value) for node in order):
        return "the list holds something other than Values", "list the Value objects themselves, not their data"
    ids = [id(node) for node in order]
    if len(set(ids)) < len(ids):
        repeated = next(node for node in order if ids.count(id(node)) > 1)
        return (
            f"{_name(repeated)} appears {ids.count(id(repeated))} times",
            "a node used by two operations is still listed once: remember which nodes you have already visited",
        )
    listed = set(ids)
    missing = [node for node in nodes if id(node) not in listed]
    if missing:
        return (
            f"{', '.join(_name(node) for node in missing)} missing ({len(order)} of {len(nodes)} nodes)",
            "follow the inputs of every node you visit, all the way down to the numbers you typed in",
        )
    if len(order) != len(nodes):
        return f"{len(order)} nodes, but the graph has {len(nodes)}", "list only nodes root was computed from"
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        for parent in node.inputs:
            if position[id(parent)] > position[id(node)]:
                backwards = order[0] is root
                return (
                    f"{_name(node)} comes before its input {_name(parent)}",
                    "the list is the wrong way round: inputs first, root last (reverse it before returning)"
                    if backwards
                    else "a node may be listed only after every node it was computed from",
                )
    return None


class _TooManyVisits(Exception):
    """Raised inside a learner's traversal once it has read far more inputs than the graph has nodes."""


class _CountedValue(Value):
    """A Value that counts how often its ``inputs`` are read, so a check can tell visiting from enumerating."""

    reads = 0
    budget: int | None = None

    @property
    def inputs(self) -> tuple[Value, ...]:
        if _CountedValue.budget is not None:
            _CountedValue.reads += 1
            if _CountedValue.reads > _CountedValue.budget:
                raise _TooManyVisits
        return self._inputs

    @inputs.setter
    def inputs(self, inputs: tuple[Value, ...]) -> None:
        self._inputs = inputs


LADDER_LEVELS = 25


def _ladder() -> Value:
    """u0 = x; m_k = u_k * 1; u_(k+1) = m_k + u_k: every level reaches x along twice as many paths."""
    u = _CountedValue(1.0, label="x")
    for level in range(LADDER_LEVELS):
        one = _CountedValue(1.0)
        m = _CountedValue(u.data, inputs=(u, one), local_slopes=(1.0, u.data), op="*", label=f"m{level}")
        u = _CountedValue(m.data + u.data, inputs=(m, u), local_slopes=(1.0, 1.0), op="+", label=f"u{level + 1}")
    return u


def _visits_each_node_a_bounded_number_of_times(topological_order_fn: Callable, root: Value) -> object:
    """Run the learner's function on the ladder with a budget of input reads (20 per node)."""
    _CountedValue.reads, _CountedValue.budget = 0, 20 * len(topological_order(root))
    try:
        return topological_order_fn(root)
    finally:
        _CountedValue.budget = None


def check_topological_order(topological_order_fn: Callable) -> None:
    """Check a learner's ``topological_order(root)`` (Exercise 7.4), including a chain 5,000 nodes deep.

    Examples
    --------
    >>> check_topological_order(topological_order)
    topological_order: 6/6 checks passed
    """
    __tracebackhide__ = True
    name = "topological_order"
    require_function(name, topological_order_fn)
    deep = Value(1.0, label="x0")
    for _ in range(5_000):
        deep = deep.tanh()
    ladder = _ladder()
    paths = f"{2**LADDER_LEVELS:,}"
    ladder_what = f"a ladder of {LADDER_LEVELS} levels, each using the one below twice: {paths} paths from root to x"
    graphs = [*_small_graphs(), ("a chain 5,000 operations deep", deep), (ladder_what, ladder)]
    total = len(graphs)
    for number, (what, root) in enumerate(graphs, start=1):
        try:
            order = (
                _visits_each_node_a_bounded_number_of_times(topological_order_fn, root)
                if root is ladder
                else topological_order_fn(root)
            )
        except _TooManyVisits:
            nodes = len(topological_order(root))
            raise CheckFailed(
                f"{name}: check {number} of {total} failed ({what}): your function read the inputs of "
                f"nodes more than {20 * nodes:,} times for a graph of {nodes} nodes, so it follows every path "
                "instead of visiting every node once\n"
                "    hint:     when you meet a node you have met before, do not explore its inputs again: "
                "remember which nodes you have already seen"
            ) from None
        except NotImplementedError:
            raise NotAttemptedError(name) from None
        except RecursionError as error:
            raise CheckFailed(
                f"{name}: check {number} of {total} failed ({what}): raised RecursionError\n"
                "    hint:     a function that calls itself once per node stops at Python's recursion limit "
                "(about 1,000 calls). Keep your own list of nodes still to visit instead"
            ) from error
        except Exception as error:
            raise CheckFailed(
                f"{name}: check {number} of {total} failed ({what}): raised {type(error).__name__}: {error}"
            ) from error
        problem = _order_problem(order, root)
        if problem:
            text, hint = problem
            raise CheckFailed(f"{name}: check {number} of {total} failed ({what}): {text}\n    hint:     {hint}")
    print(f"{name}: {total}/{total} checks passed")


# --- backward --------------------------------------------------------------------------------------


def _leaves(root: Value) -> list[Value]:
    return [node for node in topological_order(root) if not node.inputs]


def _reference_backward(root: Value, *, overwrite: bool = False, forward: bool = False, eager: bool = False) -> None:
    """The right backward pass, or (with a flag) a typical wrong one the check names.

    ``eager`` is the naive recursive version: every node passes its gradient on as soon as it receives a
    share, before the shares from its other uses have arrived, so shares reach the inputs more than once.
    """
    if eager:

        def pass_on(node: Value) -> None:  # the check's graphs are a few nodes deep: recursion is safe here
            for parent, slope in zip(node.inputs, node.local_slopes, strict=True):
                parent.grad += slope * node.grad
                pass_on(parent)

        root.grad = 1.0
        pass_on(root)
        return
    order = topological_order(root)
    root.grad = 1.0
    for node in order if forward else reversed(order):
        for parent, slope in zip(node.inputs, node.local_slopes, strict=True):
            parent.grad = slope * node.grad if overwrite else parent.grad + slope * node.grad


def _leaf_gradients(run: Callable[[Value], object], which: int) -> tuple[float, ...]:
    root = _small_graphs()[which][1]
    run(root)
    return tuple(leaf.grad for leaf in _leaves(root))


def check_backward(backward: Callable) -> None:
    """Check a learner's ``backward(root)`` (Exercise 7.5) on fresh graphs, naming the overwrite bug.

    Examples
    --------
    >>> check_backward(_reference_backward)
    backward: 4/4 checks passed
    """
    __tracebackhide__ = True
    require_function("backward", backward)
    graphs = _small_graphs()
    names = {description: i for i, (description, _) in enumerate(graphs)}

    def run(graph: str) -> tuple[float, ...]:
        return _leaf_gradients(backward, names[graph])

    overwrite = (
        "a value used twice kept only the share from one of its uses: its gradient was replaced by the "
        "last share instead of collecting all of them. Add each share to what is already there"
    )
    wrong_way = (
        "the shares never reached the inputs: were the nodes visited inputs first? A node may pass shares "
        "on only once its own gradient is complete, so go from the root back towards the inputs, through "
        "every node of the order"
    )
    too_early = (
        "a gradient came out too large: a node passed its gradient on before the shares from all of its "
        "uses had arrived, and passed it on again later, so some shares were counted twice. Visit each "
        "node once, in reversed topological order, so that its gradient is complete when it passes it on"
    )

    def case(which: int, what: str, hint: str) -> Case:
        description = graphs[which][0]
        mistakes = (
            (_leaf_gradients(lambda r: _reference_backward(r, overwrite=True), which), overwrite),
            (_leaf_gradients(lambda r: _reference_backward(r, forward=True), which), wrong_way),
            (_leaf_gradients(lambda r: _reference_backward(r, eager=True), which), too_early),
            (
                _leaf_gradients(lambda r: None, which),
                "every gradient is still 0: start with the root's own gradient, 1",
            ),
        )
        expected = _leaf_gradients(_reference_backward, which)
        shown = ", ".join(f"{leaf.label}.grad" for leaf in _leaves(graphs[which][1]))
        return Case(
            f"{what}; shown as ({shown})",
            {"graph": description},
            expected,
            hint,
            mistakes=tuple(m for m in mistakes if m[0] != expected),
        )

    cases = [
        case(0, "the root on its own", "the root's gradient with respect to itself is 1"),
        case(1, "a chain", "each node passes on its gradient times the local slope of each input"),
        case(
            2,
            "a value used twice",
            "a is used by two operations: its gradient is the sum of the shares from both uses, each counted once",
        ),
        case(
            3,
            "an intermediate result used twice",
            "s and w are each used twice: each must collect both shares before passing its gradient on",
        ),
    ]
    run_cases("backward", run, cases)


# --- unbroadcast -----------------------------------------------------------------------------------


def check_predicted_chain(predicted_chain: Callable[[], dict]) -> None:
    """Check ``predicted_chain()``: the nodes and leaves of x * 1.001 * ... * 1.001, 1,000 products (Exercise 7.6).

    Examples
    --------
    >>> check_predicted_chain(lambda: {"nodes": 2001, "leaves": 1001})
    predicted_chain: 2/2 checks passed
    """
    __tracebackhide__ = True
    constants = "the number 1.001 is not an arrow label: each multiplication wraps it in a Value of its own, a box"
    predictions = [
        Prediction(
            "nodes",
            "how many nodes topological_order(chain) lists",
            2001,
            "draw the graph of x * 1.001 * 1.001 and count its boxes, then see how the count grows per product",
            mistakes=(
                (1000, "x is a node too, and so is every number that enters a product"),
                (1001, constants),
                (2000, "count x itself as well: the graph starts at it"),
                (2002, "the constant 1.001 of each product is a new Value, but x is there only once"),
            ),
        ),
        Prediction(
            "leaves",
            "how many of them have no inputs",
            1001,
            "a leaf is a box no operation made: x, and what else enters the products from outside?",
            mistakes=(
                (1, constants),
                (2, "a new Value is made for 1.001 at every multiplication, not once for the whole chain"),
                (1000, "x has no inputs either: it is a leaf too"),
            ),
        ),
    ]
    check_predictions("predicted_chain", predicted_chain, predictions)


def check_unbroadcast(unbroadcast: Callable) -> None:
    """Check a learner's ``unbroadcast(grad, shape)`` (Exercise 7.6).

    Examples
    --------
    >>> from nnlib.autograd import unbroadcast
    >>> check_unbroadcast(unbroadcast)
    unbroadcast: 6/6 checks passed
    """
    __tracebackhide__ = True
    g = np.arange(12.0).reshape(4, 3)
    mean = "averaged: every copy of the input passed on its own share, and shares add up"
    cube = np.arange(24.0).reshape(2, 3, 4)
    cases = [
        Case(
            "no broadcasting: nothing to undo",
            {"grad": g, "shape": (4, 3)},
            g,
            "when the shapes already agree, return grad as it is",
        ),
        Case(
            "a bias (3,) added to every row of (4, 3)",
            {"grad": g, "shape": (3,)},
            g.sum(axis=0),
            "the bias was used once per row: collect the gradients of all the rows",
            mistakes=(
                (g.mean(axis=0), mean),
                (g[0], "that is one row; the bias was used by every row"),
                (
                    g.sum(axis=1),
                    "that is one number per row; each bias entry was used once in every row, so collect "
                    "over the rows (the axis broadcasting added in front)",
                ),
            ),
        ),
        Case(
            "a column (4, 1) stretched across 3 columns",
            {"grad": g, "shape": (4, 1)},
            g.sum(axis=1, keepdims=True),
            "sum over the axis where shape has a 1, and keep that axis (size 1) so the result has shape (4, 1)",
            mistakes=((g.mean(axis=1, keepdims=True), mean),),
        ),
        Case(
            "a single number () added to everything",
            {"grad": g, "shape": ()},
            np.float64(g.sum()),
            "a single number was used by every entry",
            mistakes=((g.mean(), mean),),
        ),
        Case(
            "a row (1, 3) stretched down 4 rows",
            {"grad": g, "shape": (1, 3)},
            g.sum(axis=0, keepdims=True),
            "the 1 in shape is the axis to sum over; keep it",
        ),
        Case(
            "both kinds at once: (2, 3, 4) back to (3, 1)",
            {"grad": cube, "shape": (3, 1)},
            cube.sum(axis=(0, 2))[:, None],
            "first sum away the axes broadcasting added in front, then the axes where shape has a 1",
        ),
    ]
    run_cases("unbroadcast", unbroadcast, cases)
