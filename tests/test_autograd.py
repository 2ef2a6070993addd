"""nnlib.autograd: every operation's gradient against central differences, graphs, and clear errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

from nnlib.autograd import Tensor, Value, is_grad_enabled, no_grad, topological_order, unbroadcast
from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.layers import Dense
from nnlib.network import Network

TOLERANCE = 1e-6


def gradients_agree(loss_of, *arrays, h=1e-6):
    """Autograd's gradient of ``loss_of(*tensors)`` equals central differences for every input array."""
    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    loss_of(*tensors).backward()
    for tensor, array in zip(tensors, arrays, strict=True):
        numeric = numerical_gradient(lambda: loss_of(*[Tensor(a) for a in arrays]).item(), array, h)
        error = relative_error(tensor.grad, numeric)
        assert error < TOLERANCE or np.abs(tensor.grad - numeric).max() < 1e-9, (error, tensor.grad, numeric)


def weights_for(shape, seed=1):
    """A fixed random array to contract a result with, so its gradient is not the same everywhere."""
    return np.random.default_rng(seed).normal(size=shape)


def draw_array(data, shape, low=-2.0, high=2.0, away_from_zero=0.0):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    a = rng.uniform(low, high, size=shape)
    if away_from_zero:
        a = np.where(np.abs(a) < away_from_zero, np.sign(a + 1e-12) * away_from_zero, a)
    return a


BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


@pytest.mark.parametrize("op", list(BINARY))
@settings(max_examples=25, deadline=None)
@given(shapes=mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3), data=st.data())
def test_elementwise_gradients_with_broadcasting(op, shapes, data):
    a = draw_array(data, shapes.input_shapes[0])
    b = draw_array(data, shapes.input_shapes[1], away_from_zero=0.5)
    weights = weights_for(shapes.result_shape)
    gradients_agree(lambda x, y: (BINARY[op](x, y) * weights).sum(), a, b)


@pytest.mark.parametrize(
    ("name", "f", "low", "high"),
    [
        ("exp", lambda t: t.exp(), -2, 2),
        ("log", lambda t: t.log(), 0.2, 3),
        ("relu", lambda t: t.relu(), -2, 2),
        ("sigmoid", lambda t: t.sigmoid(), -4, 4),
        ("tanh", lambda t: t.tanh(), -3, 3),
        ("neg", lambda t: -t, -2, 2),
        ("square", lambda t: t**2, -2, 2),
        ("cube", lambda t: t**3, -2, 2),
        ("sqrt", lambda t: t**0.5, 0.2, 3),
        ("reciprocal", lambda t: t**-1, 0.5, 3),
    ],
)
@settings(max_examples=15, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple), data=st.data())
def test_elementwise_function_gradients(name, f, low, high, shape, data):
    a = draw_array(data, shape, low, high, away_from_zero=0.05 if name == "relu" else 0.0)
    weights = weights_for(shape)
    gradients_agree(lambda t: (f(t) * weights).sum(), a)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 4),
    k=st.integers(1, 4),
    m=st.integers(1, 4),
    left_vector=st.booleans(),
    right_vector=st.booleans(),
    data=st.data(),
)
def test_matmul_gradient(n, k, m, left_vector, right_vector, data):
    a = draw_array(data, (k,) if left_vector else (n, k))
    b = draw_array(data, (k,) if right_vector else (k, m))
    weights = weights_for((a @ b).shape)
    gradients_agree(lambda x, y: ((x @ y) * weights).sum(), a, b)


@pytest.mark.parametrize("reduce", ["sum", "mean"])
@settings(max_examples=25, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple), keepdims=st.booleans(), data=st.data())
def test_reduction_gradients(reduce, shape, keepdims, data):
    axis = data.draw(st.one_of(st.none(), st.integers(0, len(shape) - 1), st.just(tuple(range(len(shape))))))
    a = draw_array(data, shape)
    out_shape = np.sum(a, axis=axis, keepdims=keepdims).shape
    weights = weights_for(out_shape)
    gradients_agree(lambda t: (getattr(t, reduce)(axis=axis, keepdims=keepdims) * weights).sum(), a)


def test_scalar_values_match_their_derivatives():
    for name, f, df, x in [
        ("exp", lambda v: v.exp(), math.exp, 0.7),
        ("log", lambda v: v.log(), lambda x: 1 / x, 0.7),
        ("relu", lambda v: v.relu(), lambda x: float(x > 0), -0.3),
        ("sigmoid", lambda v: v.sigmoid(), lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, 0.4),
        ("tanh", lambda v: v.tanh(), lambda x: 1 - math.tanh(x) ** 2, 0.4),
        ("pow", lambda v: v**3, lambda x: 3 * x**2, -1.5),
        ("div", lambda v: 2 / v, lambda x: -2 / x**2, 1.5),
        ("sub", lambda v: 1 - v, lambda x: -1.0, 1.5),
    ]:
        v = Value(x)
        f(v).backward()
        assert v.grad == pytest.approx(df(x), rel=1e-12), name


def test_a_value_used_twice_collects_both_shares():
    a, b = Value(2.0), Value(-3.0)
    loss = (a * b + a) ** 2  # d = ab + a = -4: dL/da = 2d (b + 1) = 16, dL/db = 2d a = -16
    loss.backward()
    assert (a.grad, b.grad) == (16.0, -16.0)
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * x + x).sum().backward()
    np.testing.assert_allclose(x.grad, 2 * x.data + 1)


def test_leaves_accumulate_across_backward_calls_until_zero_grad():
    w = Tensor([1.0, -2.0], requires_grad=True)
    (w * 3.0).sum().backward()
    (w * 3.0).sum().backward()
    np.testing.assert_allclose(w.grad, [6.0, 6.0])
    w.zero_grad()
    np.testing.assert_allclose(w.grad, [0.0, 0.0])
    loss = (w * w).sum()
    loss.backward()
    loss.backward()  # the same graph twice: intermediate gradients start again, the leaf adds up
    np.testing.assert_allclose(w.grad, 2 * 2 * w.data)


@pytest.mark.parametrize("depth", [1_000, 10_000])
def test_deep_chains_need_no_recursion(depth):
    x = Value(0.5)
    y = x
    for _ in range(depth):
        y = y * 1.0001 + 0.0
    y.backward()
    assert len(topological_order(y)) == 4 * depth + 1  # per step: *, +, and their two constants
    assert x.grad == pytest.approx(1.0001**depth)
    t = Tensor([0.5, 1.0], requires_grad=True)
    u = t
    for _ in range(depth):
        u = u.tanh() + 0.01
    u.sum().backward()
    assert np.all(np.isfinite(t.grad)) and t.grad.shape == (2,)


def test_topological_order_lists_every_node_once_after_its_inputs():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert len(order) == len(set(map(id, order))) == 5
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        assert all(position[id(parent)] < position[id(node)] for parent in node.inputs)
    assert order[-1] is e


def test_autograd_agrees_with_the_layers_backward_pass_on_a_two_layer_network():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(7, 3)), (rng.random(7) > 0.5).astype(float)
    net = Network([Dense(5, activation="tanh", input_shape=(3,)), Dense(1, activation="sigmoid")], seed=2)
    cost = net.loss_and_gradients(X, y, "binary_crossentropy")
    params = [Tensor(p.copy(), requires_grad=True) for layer in net.layers for p in layer.params]
    W1, b1, W2, b2 = params
    p = ((Tensor(X) @ W1 + b1).tanh() @ W2 + b2).sigmoid()
    target = y[:, None]
    loss = -(target * p.log() + (1 - target) * (1 - p).log()).mean()
    loss.backward()
    assert loss.item() == pytest.approx(cost, rel=1e-12)
    manual = [g for layer in net.layers for g in layer.grads]
    for tensor, grad in zip(params, manual, strict=True):
        np.testing.assert_allclose(tensor.grad, grad, rtol=1e-10, atol=1e-14)


def test_unbroadcast_sums_over_leading_and_stretched_axes():
    g = np.arange(24.0).reshape(2, 3, 4)
    assert unbroadcast(g, (2, 3, 4)) is g
    np.testing.assert_allclose(unbroadcast(g, (4,)), g.sum(axis=(0, 1)))
    np.testing.assert_allclose(unbroadcast(g, (3, 1)), g.sum(axis=(0, 2))[:, None])
    np.testing.assert_allclose(unbroadcast(g, (1, 1, 1)), g.sum().reshape(1, 1, 1))
    np.testing.assert_allclose(unbroadcast(g, ()), g.sum())


def test_no_grad_records_nothing_and_allows_in_place_updates():
    w = Tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        w -= 0.5 * w.grad
        assert (w * 2).inputs == ()
        with no_grad():
            pass
        assert not is_grad_enabled()
    assert is_grad_enabled()
    np.testing.assert_allclose(w.data, [0.0, 0.0])
    with no_grad():
        v = Value(2.0) * Value(3.0)
    assert v.inputs == () and v.data == 6.0


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Tensor(np.ones((4, 3))) + Tensor(np.ones(2)), ValueError, r"\+: shapes \(4, 3\) and \(2,\)"),
        (lambda: Tensor(np.ones((2, 3))) * np.ones((4,)), ValueError, r"\*: shapes \(2, 3\) and \(4,\)"),
        (lambda: Tensor(np.ones((4, 3))) @ Tensor(np.ones((2, 5))), ValueError, r"@: shapes \(4, 3\) and \(2, 5\)"),
        (lambda: Tensor([1.0, 2.0]).sum(axis=3), ValueError, r"sum: cannot reduce a tensor of shape \(2,\)"),
        (lambda: Tensor([-1.0, 2.0]).log(), ValueError, r"log: produced NaN from input\(s\) of shape \(2,\)"),
        (lambda: Tensor([1000.0]).exp(), ValueError, "exp: produced infinity"),
        (lambda: Tensor([1.0]) / Tensor([0.0]), ValueError, "/: produced infinity"),
        (lambda: Tensor([-8.0]) ** 0.5, ValueError, r"\*\*0.5: produced NaN"),
        (lambda: Value(-1.0).log(), ValueError, "log: needs a positive number, got -1"),
        (lambda: Value(800.0).exp(), ValueError, "exp: produced infinity from the input"),
        (lambda: Value(-8.0) ** 0.5, ValueError, r"\*\*0.5: produced NaN"),
        (lambda: Value(1.0) / 0, ValueError, "/: division by zero"),
        (lambda: Value("3"), TypeError, "Value: data must be a number, got str"),
        (lambda: Value(float("nan")), ValueError, "Value: data must be a finite number"),
        (lambda: Value(2.0) ** Value(2.0), TypeError, r"\*\*: the exponent must be a plain number"),
        (lambda: Value(1.0, inputs=(2.0,), local_slopes=(1.0,)), TypeError, "Value: inputs must be the Values"),
        (
            lambda: Value(1.0, (Value(1.0),), (Value(2.0),)),
            TypeError,
            "local slopes must be plain numbers.*take its .data",
        ),
        (lambda: Value(1.0, (Value(1.0),), ()), ValueError, "expected one local slope per input, got 1 inputs and 0"),
        (lambda: Tensor("abc"), TypeError, "Tensor: data must be numbers, got str"),
        (lambda: Tensor([1.0, np.nan]), ValueError, "Tensor: data contains NaN"),
    ],
)
def test_bad_input_names_the_operation(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_backward_on_an_array_without_a_seed_says_so():
    w = Tensor(np.ones((4, 1)), requires_grad=True)
    out = w * 2
    with pytest.raises(ValueError, match=r"backward: this tensor has shape \(4, 1\), not a single number"):
        out.backward()
    out.backward(np.ones((4, 1)))
    np.testing.assert_allclose(w.grad, 2 * np.ones((4, 1)))
    with pytest.raises(ValueError, match=r"backward: grad has shape \(4,\)"):
        out.backward(np.ones(4))
    with pytest.raises(ValueError, match="not computed from any tensor with requires_grad=True"):
        Tensor([1.0]).sum().backward()


def test_in_place_update_outside_no_grad_is_refused():
    w = Tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="-=: .* inside `with no_grad\\(\\):`"):
        w -= 0.1


def test_numpy_arrays_on_the_left_become_constants():
    w = Tensor([[1.0], [2.0]], requires_grad=True)
    loss = (np.array([[1.0, 1.0]]) @ w + np.array([0.5])).sum()
    loss.backward()
    np.testing.assert_allclose(w.grad, [[1.0], [1.0]])
