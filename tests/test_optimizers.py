"""nnlib.optimizers: Keras's update rules and defaults, step by step, and clear errors."""

import math

import numpy as np
import pytest

from nnlib.optimizers import SGD, Adagrad, Adam, RMSprop, adam_update, get_optimizer, sgd_momentum_update

RNG = np.random.default_rng(0)
GRADS = [RNG.standard_normal(5) for _ in range(4)]
W0 = RNG.standard_normal(5)


def run(optimizer, steps=GRADS):
    w = W0.copy()
    for g in steps:
        optimizer.apply(w, g.copy())
    return w


def test_defaults_are_keras_defaults():
    assert SGD().get_config() == {"learning_rate": 0.01, "momentum": 0.0}
    assert Adagrad().get_config() == {"learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7}
    assert RMSprop().get_config() == {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-7}
    assert Adam().get_config() == {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}


def test_plain_sgd_is_gradient_descent():
    assert np.allclose(run(SGD(0.1)), W0 - 0.1 * sum(GRADS))


def test_sgd_momentum_matches_keras_rule_and_the_function():
    w, velocity = W0.copy(), np.zeros(5)
    for g in GRADS:
        velocity = 0.9 * velocity - 0.05 * g
        w = w + velocity
    assert np.allclose(run(SGD(0.05, momentum=0.9)), w)
    w2, v2 = W0.copy(), np.zeros(5)
    for g in GRADS:
        w2, v2 = sgd_momentum_update(w2, g, v2, 0.05, 0.9)
    assert np.allclose(w2, w)


def test_adagrad_matches_keras_rule():
    w, acc = W0.copy(), np.full(5, 0.1)
    for g in GRADS:
        acc = acc + g * g
        w = w - 0.1 * g / np.sqrt(acc + 1e-7)
    assert np.allclose(run(Adagrad(0.1)), w)


def test_rmsprop_matches_keras_rule():
    w, avg = W0.copy(), np.zeros(5)
    for g in GRADS:
        avg = 0.9 * avg + 0.1 * g * g
        w = w - 0.01 * g / np.sqrt(avg + 1e-7)
    assert np.allclose(run(RMSprop(0.01)), w)


def test_adam_matches_keras_rule_and_the_function():
    w, m, v = W0.copy(), np.zeros(5), np.zeros(5)
    for t, g in enumerate(GRADS, start=1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        alpha = 0.01 * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        w = w - alpha * m / (np.sqrt(v) + 1e-7)
    optimizer = Adam(0.01)
    assert np.allclose(run(optimizer), w)
    assert optimizer.iterations == 4
    w2, m2, v2 = W0.copy(), np.zeros(5), np.zeros(5)
    for t, g in enumerate(GRADS, start=1):
        w2, m2, v2 = adam_update(w2, g, m2, v2, t, learning_rate=0.01)
    assert np.allclose(w2, w)


def test_adam_first_step_has_the_size_of_the_learning_rate():
    w = np.array([0.0, 0.0])
    Adam(0.1).apply(w, np.array([1e3, -1e-3]))
    assert np.allclose(w, [-0.1, 0.1], atol=1e-3)


def test_float32_stays_float32():
    w = np.ones(3, dtype=np.float32)
    Adam().apply(w, np.ones(3, dtype=np.float32))
    assert w.dtype == np.float32


def test_get_optimizer():
    assert isinstance(get_optimizer("Adam"), Adam)
    adam = Adam(0.5)
    assert get_optimizer(adam) is adam
    with pytest.raises(ValueError, match="unknown optimizer 'adamm'; choose one of sgd, adagrad, rmsprop, adam"):
        get_optimizer("adamm")


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: SGD(learning_rate=-1), ValueError, r"SGD: learning_rate must be a finite number in \(0, inf\)"),
        (lambda: SGD(learning_rate=0), ValueError, r"learning_rate must be a finite number in \(0, inf\), got 0"),
        (lambda: SGD(momentum=1.5), ValueError, r"SGD: momentum must be a finite number in \[0, 1\]"),
        (lambda: Adam(learning_rate="fast"), TypeError, "Adam: learning_rate must be a number, got str"),
        (lambda: Adam(beta_1=1.0), ValueError, r"Adam: beta_1 must be a finite number in \[0, 1\), got 1.0"),
        (lambda: RMSprop(rho=float("nan")), ValueError, "RMSprop: rho must be a finite number"),
        (lambda: RMSprop(rho=1.0), ValueError, r"RMSprop: rho must be a finite number in \[0, 1\), got 1.0"),
        (lambda: RMSprop(epsilon=0), ValueError, r"RMSprop: epsilon must be a finite number in \(0, inf\)"),
        (lambda: Adam(epsilon=0.0), ValueError, r"Adam: epsilon must be a finite number in \(0, inf\)"),
        (lambda: Adagrad(epsilon=-1e-7), ValueError, r"Adagrad: epsilon must be a finite number in \(0, inf\)"),
    ],
)
def test_bad_settings_are_named(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_an_optimizer_refuses_a_second_parameter_array_even_of_the_same_size():
    optimizer = Adam()
    first = np.zeros(3)
    optimizer.apply(first, np.ones(3))
    for other in (np.zeros(4), np.zeros(3)):
        with pytest.raises(ValueError, match="holds the state .* of another parameter array; use a new optimizer"):
            optimizer.apply(other, np.ones_like(other))
    with pytest.raises(ValueError, match="differ in shape"):
        optimizer.apply(first, np.ones(4))
    optimizer.reset()
    optimizer.apply(np.zeros(4), np.ones(4))
    assert optimizer.iterations == 1
