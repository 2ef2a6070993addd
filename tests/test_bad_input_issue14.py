"""Every bad-input example of issue 14: a clear error naming the function, and nothing lost or changed."""

import os
import signal
import subprocess
import sys

import numpy as np
import pytest

from nnlib.autograd import Tensor, unbroadcast
from nnlib.layers import Activation, Dense, Flatten, ReLU, Sigmoid, Softmax, Tanh
from nnlib.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    binary_cross_entropy,
    categorical_cross_entropy,
    one_hot,
)
from nnlib.models import Sequential
from nnlib.optimizers import SGD, Adam, RMSprop

RNG = np.random.default_rng(3)
X = RNG.standard_normal((24, 4)).astype(np.float32)
Y = (X[:, 0] > 0).astype(int)


def model(seed=0, last="softmax", units=2, optimizer="adam", loss="sparse_categorical_crossentropy"):
    m = Sequential([Dense(6, activation="relu", input_shape=(4,)), Dense(units, activation=last)], seed=seed)
    m.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"])
    return m


# -- safe files -----------------------------------------------------------------------------------


def test_save_weights_interrupted_keeps_the_previous_file(tmp_path, monkeypatch):
    m = model()
    path = m.save_weights(tmp_path / "w.npz")
    before = path.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez", interrupted)
    with pytest.raises(KeyboardInterrupt):
        model(seed=1).save_weights(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.npz"]  # the temporary file is cleaned up


def test_save_weights_killed_mid_write_keeps_the_previous_file(tmp_path):
    """A real kill (SIGKILL) of a process in the middle of writing: the old file still loads."""
    m = model()
    path = m.save_weights(tmp_path / "w.npz")
    script = f"""
import numpy as np, os, signal
from nnlib.layers import Dense
from nnlib.models import Sequential
real = np.savez
def slow(file, **arrays):
    file.write(b"PK partial")
    file.flush()
    os.kill(os.getpid(), signal.SIGKILL)
np.savez = slow
m = Sequential([Dense(6, activation="relu", input_shape=(4,)), Dense(2, activation="softmax")], seed=5)
m.save_weights({str(path)!r})
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", script], env=env, timeout=120, check=False)
    assert result.returncode == -signal.SIGKILL
    fresh = model(seed=9)
    fresh.load_weights(path)
    assert all(np.array_equal(a, b) for a, b in zip(fresh.get_weights(), m.get_weights(), strict=True))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty, truncated or damaged"),
        (b"weights: 1 2 3\n", "is not a weights file written by save_weights"),
        ("truncated", "empty, truncated or damaged"),
        ("pickled", "is not a weights file written by save_weights"),
        ("strings", "holds <U3 values, not numbers"),
        ("single", "a single array, not an .npz archive"),
    ],
)
def test_load_weights_refuses_bad_files_and_changes_nothing(tmp_path, content, message):
    m = model()
    path = tmp_path / "w.npz"
    if content == "truncated":
        m.save_weights(path)
        path.write_bytes(path.read_bytes()[:200])
    elif content == "pickled":
        np.savez(path, layout=np.array(m._layout()), weight_000=np.array([object()], dtype=object))
    elif content == "strings":
        arrays = {f"weight_{i:03d}": w.astype(str).astype("<U3") for i, w in enumerate(m.get_weights())}
        np.savez(path, layout=np.array(m._layout()), **arrays)
    elif content == "single":
        with open(path, "wb") as file:
            np.save(file, np.zeros(3))
    else:
        path.write_bytes(content)
    before = m.get_weights()
    with pytest.raises(ValueError, match=message):
        m.load_weights(path)
    assert all(np.array_equal(a, b) for a, b in zip(before, m.get_weights(), strict=True))


def test_set_weights_refuses_strings():
    m = model()
    weights = [w.astype(str) for w in m.get_weights()]
    with pytest.raises(TypeError, match=r"Sequential.set_weights: weight 1 \(kernel of layer dense\) must be numbers"):
        m.set_weights(weights)


# -- training that diverges ---------------------------------------------------------------------


@pytest.mark.parametrize("how", ["fit", "train_on_batch"])
def test_diverging_training_stops_naming_the_step_and_the_layer(how):
    m = model(optimizer=SGD(learning_rate=1e39))
    before = m.get_weights()
    with pytest.raises(FloatingPointError, match=r"(epoch 1, batch \d+: )?.*layer \d, Dense\(\d\).*weights are back"):
        if how == "fit":
            m.fit(X, Y, epochs=2, batch_size=8, verbose=0)
        else:
            for _ in range(3):
                m.train_on_batch(X, Y)
    assert all(np.isfinite(w).all() for w in m.get_weights())
    if how == "fit":
        assert all(np.array_equal(a, b) for a, b in zip(before, m.get_weights(), strict=True))
    assert m.optimizer.iterations == 0  # the optimizer starts afresh: training can go on with a smaller rate
    m.optimizer.learning_rate = 0.01
    assert np.isfinite(m.train_on_batch(X, Y)[0])


# -- models and layers --------------------------------------------------------------------------


@pytest.mark.parametrize("make", [lambda: Dense(1, activation="softmax"), lambda: Dense(1, activation="Softmax")])
def test_softmax_over_one_unit_is_refused(make):
    with pytest.raises(ValueError, match=r"Dense\(1\): a softmax over 1 unit always gives 1.0"):
        make()


def test_softmax_layer_over_one_unit_is_refused():
    with pytest.raises(ValueError, match=r"Activation\('softmax'\): a softmax over 1 unit always gives 1.0"):
        Sequential([Dense(1, input_shape=(3,)), Softmax()])


def test_categorical_crossentropy_on_raw_scores_names_from_logits():
    m = model(last=None)
    before = m.get_weights()
    for call in (lambda: m.fit(X, Y, verbose=0), lambda: m.train_on_batch(X, Y), lambda: m.evaluate(X, Y)):
        with pytest.raises(ValueError, match=r"from_logits=True"):
            call()
    assert all(np.array_equal(a, b) for a, b in zip(before, m.get_weights(), strict=True))


def test_from_logits_trains_a_model_without_softmax():
    from nnlib.losses import SparseCategoricalCrossentropy

    m = model(last=None, loss=SparseCategoricalCrossentropy(from_logits=True))
    history = m.fit(X, Y, epochs=5, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: CategoricalCrossentropy()([[0, 1]], [[0.2, 1.5]]), r"expected probabilities in \[0, 1\].*from_logits"),
        (lambda: CategoricalCrossentropy()([[0, 1]], [[1e-7, 1e-7]]), r"summing to 1, got a row summing to 2e-07"),
        (lambda: BinaryCrossentropy()([1.0], [[3.0]]), r"expected probabilities in \[0, 1\].*from_logits"),
        (lambda: binary_cross_entropy([1.0], [-0.5]), r"binary_cross_entropy: expected probabilities"),
        (lambda: categorical_cross_entropy([[0, 1]], [[0.3, 0.3]]), "summing to 1"),
        (lambda: CategoricalCrossentropy(from_logits="yes"), "from_logits must be True or False"),
    ],
)
def test_losses_refuse_what_is_not_probabilities(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_one_hot_refuses_negative_and_too_large_labels():
    with pytest.raises(ValueError, match="one_hot: labels must be whole class numbers from 0 to 2, got values from -1"):
        one_hot(np.array([-1]), 3)
    with pytest.raises(ValueError, match="got values from 0 to 3"):
        one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="whole class numbers"):
        one_hot(np.array([0.5]), 3)


def test_one_optimizer_shared_by_two_models_is_refused():
    shared = Adam()
    first, second = model(optimizer=shared), Sequential([Dense(2, activation="softmax", input_shape=(4,))])
    first.fit(X, Y, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="Sequential.compile: this Adam object already trains another model"):
        second.compile(optimizer=shared, loss="sparse_categorical_crossentropy")
    first.compile(optimizer=shared, loss="sparse_categorical_crossentropy")  # the same model again is fine


def test_an_optimizer_compiled_into_two_models_before_training_stops_at_the_second():
    shared = Adam()
    first, second = model(optimizer=shared), model(seed=1, optimizer=shared)
    first.fit(X, Y, epochs=1, verbose=0)
    before = second.get_weights()
    with pytest.raises(ValueError, match="Adam.apply: this optimizer holds the state .* of another parameter array"):
        second.fit(X, Y, epochs=1, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, second.get_weights(), strict=True))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: RMSprop(rho=1.0), r"RMSprop: rho must be a finite number in \[0, 1\), got 1.0"),
        (lambda: RMSprop(epsilon=0.0), r"RMSprop: epsilon must be a finite number in \(0, inf\), got 0.0"),
    ],
)
def test_rmsprop_settings(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("data", "message"),
    [("3", r"Tensor: data must be numbers, got str '3'"), (1 + 2j, "real numbers only"), ([1j], "real numbers only")],
)
def test_tensor_refuses_text_and_complex_numbers(data, message):
    with pytest.raises(TypeError, match=message):
        Tensor(data)


@pytest.mark.parametrize(("grad_shape", "shape"), [((4, 3), (2,)), ((4, 3), (4,)), ((3,), (2, 3)), ((4, 3), (5, 1))])
def test_unbroadcast_to_an_impossible_shape(grad_shape, shape):
    with pytest.raises(ValueError, match="unbroadcast: a gradient of shape .* cannot be summed back"):
        unbroadcast(np.ones(grad_shape), shape)


@pytest.mark.parametrize(
    "layer",
    [Dense(2, input_shape=(3,)), Activation("tanh"), ReLU(), Sigmoid(), Tanh(), Softmax(), Flatten()],
    ids=repr,
)
def test_backward_before_forward_names_the_layer(layer):
    with pytest.raises(RuntimeError, match=r"\.backward: there is no forward pass to go back through"):
        layer.backward(np.ones((2, 2)))


def test_validation_split_rounds_as_keras_does():
    data = RNG.standard_normal((1221, 4)).astype(np.float32)
    labels = (data[:, 0] > 0).astype(int)
    seen = []

    class Count(__import__("nnlib.callbacks", fromlist=["Callback"]).Callback):
        def on_train_begin(self, params):
            seen.append(params["steps"])

    model().fit(data, labels, epochs=1, batch_size=1, validation_split=0.15, verbose=0, callbacks=[Count()])
    assert seen == [1037]  # int(1221 * 0.85) trained on, 184 held out
