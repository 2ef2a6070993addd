"""Lesson 05's checks: each passes the right answer, says "not attempted" for the stub, and names
each plausible wrong answer's fault with its own hint (never the answer)."""

import numpy as np
import pytest

from nnlib import backprop
from nnlib.activations import softmax
from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.checks.lesson05 import (
    BROKEN_FLAGS,
    SHAPES,
    check_gradient_check_predictions,
    check_hidden_delta,
    check_initialisation_predictions,
    check_layer_gradients,
    check_network_forward,
    check_network_gradients,
    check_numerical_gradient,
    check_output_delta,
    check_shapes,
    check_train_network,
    check_xor_hidden_layer,
    reveal_when_well_formed,
    well_formed,
    yours_if_it_passes,
)
from nnlib.gradcheck import numerical_gradient as reference_numerical_gradient


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise 5.x")


ALL_CHECKS = [
    check_xor_hidden_layer,
    check_shapes,
    check_network_forward,
    check_output_delta,
    check_hidden_delta,
    check_layer_gradients,
    check_numerical_gradient,
    check_gradient_check_predictions,
    lambda fn: check_network_gradients(fn, reference_numerical_gradient),
    check_train_network,
    check_initialisation_predictions,
]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[f"5.{k}" for k in range(1, len(ALL_CHECKS) + 1)])
def test_every_stub_reads_as_not_attempted(check):
    with pytest.raises(NotAttemptedError, match="not attempted yet"):
        check(stub)


def fails_with(check, answer, *fragments):
    with pytest.raises(CheckFailed) as info:
        check(answer)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


# -- 5.1 --------------------------------------------------------------------------------------------
OR_NAND = (np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([-0.5, 1.5]))


def test_xor_hidden_layer_passes_lesson_01s_gates(capsys):
    check_xor_hidden_layer(lambda: OR_NAND)
    assert "4/4 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("W1", "b1", "fragment"),
    [
        ([[1, 1], [-1, -1]], [-0.5, 1.5], "a unit's weights are a column"),  # weights in rows
        ([[1, -1], [1, -1]], [-1.5, 1.5], "computes AND: its threshold is too high"),  # AND instead of OR
        ([[1, 1], [1, 1]], [-0.5, -1.5], "computes AND; NAND is its opposite"),  # AND instead of NAND
        ([[1, -1], [1, -1]], [-0.5, 0.5], "computes NOR"),  # NAND bias too low -> NOR
        ([[-1, 1], [-1, 1]], [1.5, -0.5], "the OR unit is the first one"),  # units swapped
        ([[1, -1], [0, -1]], [-0.5, 1.5], "give both inputs the same weight"),
        ([[1, -1, 0], [1, -1, 0]], [-0.5, 1.5], "expected (2, 2)"),
        ([[1, -1], [1, -1]], [[-0.5, 1.5]], "the bias has shape (1, 2)"),
        ([[1, -1], [1, -1]], [-0.5, -1.5], "never fires"),  # NAND with the sign of its bias flipped
        ([[1, -1], [1, -1]], [0.0, 1.5], "always fires"),  # OR with bias 0
    ],
)
def test_xor_hidden_layer_names_each_mistake(W1, b1, fragment):
    message = fails_with(check_xor_hidden_layer, lambda: (np.array(W1, float), np.array(b1, float)), fragment)
    assert "1.5" not in message.split("hint")[-1]  # no weights or bias values in the hint


# -- 5.2 --------------------------------------------------------------------------------------------
def with_shape(key, value):
    shapes = dict(SHAPES)
    shapes[key] = value
    return lambda: shapes


def test_shapes_pass(capsys):
    check_shapes(lambda: dict(SHAPES))
    assert "10/10" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("W1", (5, 3), "the two numbers are swapped"),
        ("b1", (7, 5), "one bias per unit, shared by every sample"),
        ("b1", (1, 5), "a bias is a vector, not a matrix"),
        ("Z1", (7, 3), "one column per unit"),
        ("A1", (7, 2), "keeps the shape"),
        ("dW1", (7, 5), "a gradient has the shape of the thing"),
    ],
)
def test_shapes_name_each_mistake_without_the_answer(key, value, fragment):
    message = fails_with(check_shapes, with_shape(key, value), fragment, key)
    assert str(SHAPES[key]) not in message


def test_shapes_missing_entries_are_listed():
    fails_with(check_shapes, lambda: {"X": (7, 3)}, "no entry for W1")


def test_shapes_reject_a_key_that_was_not_asked_for_even_with_all_others_right():
    answer = {**SHAPES, "dW2": (7, 2)}
    fails_with(check_shapes, lambda: answer, "not asked for: 'dW2'", "exactly the ten keys")
    assert not well_formed(_named("predicted_shapes", lambda: answer))


def _named(name, fn):
    fn.__name__ = name
    return fn


def test_the_shape_table_opens_for_a_well_formed_wrong_prediction_and_not_before(capsys):
    wrong = _named("predicted_shapes", lambda: {**SHAPES, "W1": (5, 3)})
    reveal_when_well_formed(wrong, lambda: print("THE TABLE"))
    assert "THE TABLE" in capsys.readouterr().out
    for malformed in ({"X": (7, 3)}, {**SHAPES, "b1": "five"}, [1, 2]):
        reveal_when_well_formed(_named("predicted_shapes", lambda m=malformed: m), lambda: print("THE TABLE"))
        out = capsys.readouterr().out
        assert "THE TABLE" not in out and "well-formed" in out


# -- 5.3 --------------------------------------------------------------------------------------------
def test_network_forward_passes_the_library_version(capsys):
    check_network_forward(backprop.network_forward)
    assert "5/5" in capsys.readouterr().out


def forward_with(step):
    """A forward pass over any list of layers whose per-layer step is `step(A, W, b, last, activation)`."""

    def network_forward(X, layers, activation):
        cache, A = [], X
        for number, (W, b) in enumerate(layers, start=1):
            A, pair = step(A, W, b, number == len(layers), activation)
            cache.append(pair)
        return cache

    return network_forward


def activation_on_the_last_layer_too(A, W, b, last, activation):
    Z = A @ W + b
    out = activation(Z)
    return out, (A, out if last else Z)  # the last layer's "sums" come out through the activation


def activation_never_applied(A, W, b, last, activation):
    Z = A @ W + b
    return Z, (A, Z)


def stores_A_instead_of_Z(A, W, b, last, activation):
    Z = A @ W + b
    out = Z if last else activation(Z)
    return out, (A, out)


def no_bias(A, W, b, last, activation):
    Z = A @ W
    return (Z if last else activation(Z)), (A, Z)


def fixed_relu(A, W, b, last, activation):
    Z = A @ W + b
    return (Z if last else np.maximum(Z, 0)), (A, Z)


def pairs_swapped(A, W, b, last, activation):
    Z = A @ W + b
    return (Z if last else activation(Z)), (Z, A)


def two_layers_only(X, layers, activation):
    (W1, b1), (W2, b2) = layers
    Z1 = X @ W1 + b1
    A1 = activation(Z1)
    return [(X, Z1), (A1, A1 @ W2 + b2)]


def every_layer_gets_X(X, layers, activation):
    return [(X, X @ W + b) for W, b in layers]


def only_the_output(X, layers, activation):
    A = X
    for W, b in layers:
        A = activation(A @ W + b)
    return A


def reversed_order(X, layers, activation):
    return backprop.network_forward(X, layers, activation)[::-1]


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (forward_with(activation_on_the_last_layer_too), "no activation"),
        (forward_with(activation_never_applied), "activation is missing between them"),
        (forward_with(stores_A_instead_of_Z), "before the activation"),
        (forward_with(no_bias), "bias is missing"),
        (forward_with(fixed_relu), "not a fixed one"),
        (forward_with(pairs_swapped), "the layer's input first"),
        (two_layers_only, "any number of layers"),
        (every_layer_gets_X, "each layer's input is the previous layer's output"),
        (only_the_output, "one (A_prev, Z) pair per layer"),
        (reversed_order, "first layer first"),
    ],
)
def test_network_forward_names_each_mistake(answer, fragment):
    fails_with(check_network_forward, answer, fragment)


# -- 5.4 --------------------------------------------------------------------------------------------
def onehot(P, y):
    return np.eye(P.shape[1])[y]


def test_output_delta_passes(capsys):
    check_output_delta(lambda P, y: (P - onehot(P, y)) / len(y))
    assert "5/5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda P, y: (onehot(P, y) - P) / len(y), "the sign is flipped"),
        (lambda P, y: P - onehot(P, y), "gradient of the *sum*"),
        (lambda P, y: (P - onehot(P, y)) / P.size, "not by the number of entries"),
        (lambda P, y: (P - y[:, None]) / len(y), "compare P with the one-hot rows"),
        (lambda P, y: (P - 1) / len(y), "only in the column of each sample's own class"),
    ],
)
def test_output_delta_names_each_mistake(answer, fragment):
    fails_with(check_output_delta, answer, fragment)


# -- 5.5 --------------------------------------------------------------------------------------------
def test_hidden_delta_passes(capsys):
    check_hidden_delta(lambda delta2, W2, Z1: (delta2 @ W2.T) * (Z1 > 0))
    assert "5/5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda delta2, W2, Z1: delta2 @ W2.T, "switched off"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * Z1, "not by Z1 itself"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * (Z1 >= 0), "at z = 0 exactly"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * np.maximum(Z1, 0), "*slope* at Z1"),
        (lambda delta2, W2, Z1: (delta2 * W2[:, 0]) * (Z1 > 0), "collects blame from all of them"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * (1 - np.tanh(Z1) ** 2), "that is tanh's slope"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * Z1 * (1 - Z1), "the sigmoid's slope"),
        (lambda delta2, W2, Z1: (delta2 @ W2) * (Z1 > 0), "the other way round"),
        (lambda delta2, W2, Z1: (delta2 @ W2.T) * (Z1 > 0) / len(Z1), "divided by the number of samples again"),
    ],
)
def test_hidden_delta_names_each_mistake(answer, fragment):
    fails_with(check_hidden_delta, answer, fragment)


# -- 5.6 --------------------------------------------------------------------------------------------
def test_layer_gradients_pass(capsys):
    check_layer_gradients(lambda A_prev, delta: (A_prev.T @ delta, delta.sum(axis=0)))
    assert "5/5" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda A_prev, delta: (A_prev.T @ delta, delta.mean(axis=0)), "db is averaged"),
        (lambda A_prev, delta: (A_prev.T @ delta / len(A_prev), delta.sum(0) / len(A_prev)), "dividing by n again"),
        (lambda A_prev, delta: (A_prev.T @ delta, np.full(delta.shape[1], delta.sum())), "only its own column"),
        (lambda A_prev, delta: (delta.T @ A_prev, delta.sum(axis=0)), "transposed"),
        (lambda A_prev, delta: (A_prev.T @ delta, delta.sum(axis=1)), "add up over the samples"),
        # the exercise's given first attempt, unchanged: its axis bug shows first (two units, one sample)
        (lambda A_prev, delta: (A_prev.T @ delta / len(A_prev), delta.sum(axis=1)), "add up over the samples"),
        # only the axis fixed: the extra division shows on the first batch
        (lambda A_prev, delta: (A_prev.T @ delta / len(A_prev), delta.sum(axis=0)), "dW is still divided by n"),
    ],
)
def test_layer_gradients_name_each_mistake(answer, fragment):
    fails_with(check_layer_gradients, answer, fragment)


# -- 5.7 --------------------------------------------------------------------------------------------
def test_numerical_gradient_passes_the_library_version(capsys):
    check_numerical_gradient(reference_numerical_gradient)
    assert "7/7" in capsys.readouterr().out


def one_sided(f, x, h=1e-5):
    grad = np.zeros_like(x)
    base = f()
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        grad[i] = (f() - base) / h
        x[i] = saved
    return grad


def over_h(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        up = f()
        x[i] = saved - h
        down = f()
        x[i] = saved
        grad[i] = (up - down) / h
    return grad


def never_restores(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        saved = x[i]
        x[i] = saved + h
        up = f()
        x[i] = saved - h
        grad[i] = (up - f()) / (2 * h)
    return grad


def first_axis_only(f, x, h=1e-5):
    grad = np.zeros(len(x))
    for i in range(len(x)):
        saved = x[i]
        x[i] = saved + h
        up = f()
        x[i] = saved - h
        down = f()
        x[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad


def ignores_h(f, x, h=1e-6):
    return reference_numerical_gradient(f, x, 1e-5)  # a fixed nudge, whatever h is passed


def restores_by_adding_h_back(f, x, h=1e-6):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f()
        x[i] -= 2 * h
        down = f()
        x[i] += h  # back "where it was", up to rounding
        grad[i] = (up - down) / (2 * h)
    return grad


def rows_only(f, x, h=1e-6):
    grad = np.zeros_like(x)
    for i in range(len(x)):  # x[i] is a whole row when x is a matrix
        saved = x[i].copy()
        x[i] = saved + h
        up = f()
        x[i] = saved - h
        down = f()
        x[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad


def nudges_a_copy(f, x, h=1e-6):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        nudged = x.copy()  # f reads x, not this copy
        nudged[i] += h
        up = f()
        nudged[i] -= 2 * h
        down = f()
        grad[i] = (up - down) / (2 * h)
    return grad


def same_slope_everywhere(f, x, h=1e-5):
    saved = x.copy()
    x += h
    up = f()
    x[:] = saved - h
    down = f()
    x[:] = saved
    return np.full(x.shape, (up - down) / (2 * h))


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (one_sided, "a one-sided difference"),
        (over_h, "2h apart"),
        (never_restores, "put every entry of x back"),
        (first_axis_only, "x can be a matrix"),
        (same_slope_everywhere, "all entries were nudged together"),
        (ignores_h, "do not depend on the h passed in"),
        (restores_by_adding_h_back, "floating-point rounding"),
        (rows_only, "a whole row was nudged at once"),
        (nudges_a_copy, "f never saw your nudges"),
    ],
)
def test_numerical_gradient_names_each_mistake(answer, fragment):
    fails_with(check_numerical_gradient, answer, fragment)


def test_the_h_case_tells_ignoring_h_apart_from_the_rounding_of_a_right_answer():
    """rtol 1e-5 let a fixed h pass before: with h = 0.5 the two differ by 0.25."""
    ignoring = [h for h in (1e-4, 1e-5, 1e-6, 1e-7)]
    for fixed in ignoring:
        message = fails_with(check_numerical_gradient, lambda f, x, h=1e-6, fixed=fixed: ignores_h(f, x, fixed), "h")
        assert "do not depend on the h passed in" in message


# -- 5.8 --------------------------------------------------------------------------------------------
def flags_with(letter, names):
    answer = {k: set(v) for k, v in BROKEN_FLAGS.items()}
    answer[letter] = set(names)
    return lambda: answer


def test_gradient_check_predictions_pass(capsys):
    right = flags_with("A", BROKEN_FLAGS["A"])
    check_gradient_check_predictions(right)
    assert "4/4" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("letter", "names", "fragment"),
    [
        ("A", {"W1"}, "Which of the four gradients are computed from delta1?"),
        ("D", {"W2", "b2"}, "Follow delta2 through the four steps"),
        ("B", {"b2", "W2"}, "Is that value used again afterwards?"),
        ("C", {"W2", "W1", "b1"}, "Which other gradients are computed from that?"),
        ("C", set(), "you predicted that nothing is flagged"),
    ],
)
def test_gradient_check_predictions_ask_a_question_and_never_give_the_set(letter, names, fragment):
    answer = flags_with(letter, names)
    message = fails_with(check_gradient_check_predictions, answer, fragment, f"backward pass {letter}")
    assert well_formed(_named("predicted_flags", answer))  # a wrong but well-formed prediction opens the tables
    for leak in ("{", "more than", "less than", "W1", "b1", "W2", "b2"):
        assert leak not in message.replace("dW2", ""), (leak, message)


def test_prediction_answers_of_the_wrong_kind_are_explained():
    fails_with(check_gradient_check_predictions, lambda: ["A"], "return a dict")
    fails_with(check_gradient_check_predictions, lambda: {"A": {"W1"}}, "no entry for 'B'")
    fails_with(check_gradient_check_predictions, lambda: {k: {"w1"} for k in "ABCD"}, "the parameters are W1")
    fails_with(check_gradient_check_predictions, lambda: {**BROKEN_FLAGS, "E": set()}, "keys not asked for: 'E'")
    assert not well_formed(_named("predicted_flags", lambda: {"A": {"W1"}}))


# -- 5.9 --------------------------------------------------------------------------------------------
def relu(z):
    return np.maximum(z, 0)


def backward_with(hidden_step, *, cost_scale=1.0, delta_scale=1.0, reverse=False):
    """network_gradients built from the library's pieces, with one piece swapped for a beginner's."""

    def network_gradients(X, y, layers):
        cache = backprop.network_forward(X, layers, relu)
        P = softmax(cache[-1][1])
        cost = -np.mean(np.log(P[np.arange(len(y)), y])) * cost_scale
        delta = backprop.output_delta(P, y) * delta_scale
        grads = []
        for number in range(len(layers) - 1, -1, -1):
            grads.append(backprop.layer_gradients(cache[number][0], delta))
            if number > 0:
                delta = hidden_step(delta, layers[number][0], cache[number - 1][1])
        return cost, grads if reverse else grads[::-1]

    return network_gradients


def test_network_gradients_pass_the_library_version_checked_by_the_learners_own_numerical_gradient(capsys):
    check_network_gradients(backprop.network_gradients, reference_numerical_gradient)
    assert "4/4 checks passed" in capsys.readouterr().out


def two_layers_only(X, y, layers):
    (W1, b1), (W2, b2) = layers
    return backprop.two_layer_gradients(X, y, W1, b1, W2, b2)


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (backward_with(lambda d, W, Z: d @ W.T), "the last layer is right, the layers below it are not"),
        (backward_with(backprop.hidden_delta, reverse=True), "reverse order"),
        (backward_with(backprop.hidden_delta, cost_scale=6.0), "summed over the samples"),
        (backward_with(backprop.hidden_delta, delta_scale=6.0), "n times too big"),
        (two_layers_only, "any number of layers"),
    ],
)
def test_network_gradients_name_each_mistake(answer, fragment):
    fails_with(lambda fn: check_network_gradients(fn, reference_numerical_gradient), answer, fragment)


def test_network_gradients_refuse_to_judge_with_a_broken_numerical_gradient():
    fails_with(
        lambda fn: check_network_gradients(fn, one_sided),
        backprop.network_gradients,
        "does not pass its own check yet",
    )


def test_network_gradients_must_not_change_the_weights():
    def trains_while_measuring(X, y, layers):
        cost, grads = backprop.network_gradients(X, y, layers)
        layers[0][0][...] -= 0.1 * grads[0][0]
        return cost, grads

    fails_with(lambda fn: check_network_gradients(fn, reference_numerical_gradient), trains_while_measuring, "changed")


# -- 5.10 -------------------------------------------------------------------------------------------
def training_loop(step, *, record_after=False):
    def train_network(X, y, layers, lr, epochs):
        costs = []
        for _ in range(epochs):
            cost, grads = backprop.network_gradients(X, y, layers)
            for number, ((W, b), (dW, db)) in enumerate(zip(layers, grads, strict=True)):
                layers[number] = step(W, b, dW, db, lr)
            costs.append(backprop.network_gradients(X, y, layers)[0] if record_after else cost)
        return costs

    return train_network


def in_place(W, b, dW, db, lr):
    W -= lr * dW
    b -= lr * db
    return W, b


def test_train_network_passes_the_library_version(capsys):
    check_train_network(backprop.train_network)
    assert "2/2 checks passed" in capsys.readouterr().out


def test_a_loop_that_rebinds_names_without_touching_the_callers_arrays_is_named():
    def rebinds(X, y, layers, lr, epochs):
        costs = []
        for _ in range(epochs):
            cost, grads = backprop.network_gradients(X, y, layers)
            costs.append(cost)
            for (W, b), (dW, db) in zip(layers, grads, strict=True):
                W = W - lr * dW  # noqa: PLW2901 - the beginner's mistake under test
                b = b - lr * db  # noqa: PLW2901
        return costs

    fails_with(check_train_network, rebinds, "never changed", "in place")


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (training_loop(in_place, record_after=True), "recorded after each step"),
        (training_loop(lambda W, b, dW, db, lr: (W.__iadd__(lr * dW), b.__iadd__(lr * db))), "against the gradient"),
        (training_loop(lambda W, b, dW, db, lr: (W.__isub__(lr * dW), b)), "some biases never moved"),
        (training_loop(lambda W, b, dW, db, lr: (W.__isub__(0.1 * dW), b.__isub__(0.1 * db))), "use the lr passed in"),
    ],
)
def test_train_network_names_each_mistake(answer, fragment):
    fails_with(check_train_network, answer, fragment)


def test_train_network_wants_one_cost_per_epoch():
    fails_with(check_train_network, lambda X, y, layers, lr, epochs: [1.0], "1 costs for 300 epochs")


# -- 5.11 -------------------------------------------------------------------------------------------
RIGHT_INIT = {"spread_z": 10.0, "sigma": 0.1, "distinct_units": 1}


def test_initialisation_predictions_pass(capsys):
    check_initialisation_predictions(lambda: dict(RIGHT_INIT))
    assert "3/3" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("spread_z", 100, "100 is the variance of z"),
        ("spread_z", 1, "each of the 100 products adds its own variance"),
        ("sigma", 0.01, "0.01 is the variance the weights need"),
        ("distinct_units", 8, "can they ever become different?"),
        ("distinct_units", 3, "units that start identical"),
    ],
)
def test_initialisation_predictions_name_each_mistake_without_the_answer(key, value, fragment):
    answer = {**RIGHT_INIT, key: value}
    message = fails_with(check_initialisation_predictions, lambda: answer, fragment, key)
    hint = message.split("hint:")[1]
    assert str(RIGHT_INIT[key]) not in hint.replace("0.01", "")
    assert well_formed(_named("predicted_initialisation", lambda: answer))


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ({"spread_z": 10.0, "sigma": 0.1}, "no entry for 'distinct_units'"),
        ({**RIGHT_INIT, "gain": 5 / 3}, "keys not asked for: 'gain'"),
        ({**RIGHT_INIT, "sigma": "1/sqrt(100)"}, "sigma must be a number"),
        ([10, 0.1, 1], "return a dict"),
    ],
)
def test_malformed_initialisation_predictions_are_explained_and_keep_the_experiments_closed(answer, fragment, capsys):
    fails_with(check_initialisation_predictions, lambda: answer, fragment)
    reveal_when_well_formed(_named("predicted_initialisation", lambda: answer), lambda: print("EXPERIMENTS"))
    assert "EXPERIMENTS" not in capsys.readouterr().out


# -- the hand-over cells keep the learner's own function once it passes ---------------------------------
def test_yours_if_it_passes_keeps_a_passing_function_and_replaces_a_failing_one(capsys):
    assert yours_if_it_passes(check_numerical_gradient, nudges_a_copy, reference_numerical_gradient) is (
        reference_numerical_gradient
    )
    assert "uses the library's" in capsys.readouterr().out

    def mine(f, x, h=1e-6):
        return reference_numerical_gradient(f, x, h)

    assert yours_if_it_passes(check_numerical_gradient, mine, reference_numerical_gradient) is mine
    assert "uses yours" in capsys.readouterr().out


def test_well_formed_refuses_an_unknown_prediction():
    with pytest.raises(ValueError, match="well_formed: expected one of predicted_shapes"):
        well_formed(lambda: {})
