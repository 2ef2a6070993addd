"""Dropout (inverted, training only, seeded, gradient checked) and Keras 3's weight decay in the optimizers."""

import numpy as np
import pytest

from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.layers import Dense, Dropout, Flatten
from nnlib.models import Sequential
from nnlib.optimizers import SGD, Adagrad, Adam, RMSprop
from nnlib.regularization import l2_penalty


def training(layer):
    layer.training = True
    return layer


def test_dropout_is_reexported_by_layers():
    from nnlib import layers, regularization

    assert layers.Dropout is regularization.Dropout


def test_inverted_scaling_keeps_the_average_and_drops_the_rate():
    layer = training(Dropout(0.25, seed=0))
    out = layer(np.ones((400, 500)))
    assert set(np.unique(out)) == {0.0, 1 / 0.75}  # dropped ones are 0, kept ones scaled by 1 / (1 - rate)
    assert np.mean(out == 0) == pytest.approx(0.25, abs=0.005)
    assert out.mean() == pytest.approx(1.0, abs=0.01)


def test_off_at_predict_and_evaluate():
    layer = Dropout(0.5, seed=0)
    X = np.arange(12.0).reshape(3, 4)
    assert layer.training is False  # the default, as the contract says
    np.testing.assert_array_equal(layer(X), X)
    model = Sequential([Dense(8, activation="relu", input_shape=(4,)), Dropout(0.9), Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    np.testing.assert_array_equal(model.predict(X), model.predict(X))  # nothing random at predict
    assert model.evaluate(X, np.array([0, 1, 0])) == model.evaluate(X, np.array([0, 1, 0]))


def test_training_flag_is_on_only_during_a_training_step():
    seen = []

    class Spy(Dropout):
        def forward(self, X):
            seen.append(self.training)
            return super().forward(X)

    model = Sequential([Dense(4, input_shape=(3,)), Spy(0.5), Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    X, y = np.ones((6, 3)), np.array([0, 1, 0, 1, 0, 1])
    model.fit(X, y, epochs=1, batch_size=3, verbose=0, validation_data=(X, y))
    model.train_on_batch(X, y)
    assert seen == [True, True, False, True]  # two batches, the validation pass, one train_on_batch
    model.predict(X)
    assert seen[-1] is False
    assert not any(layer.training for layer in model.layers)


def test_seeded_dropout_repeats_and_a_model_seed_repeats_too():
    X = np.ones((5, 6))
    a, b = training(Dropout(0.5, seed=3)), training(Dropout(0.5, seed=3))
    np.testing.assert_array_equal(a(X), b(X))
    assert not np.array_equal(a(X), training(Dropout(0.5, seed=4))(X))

    def masks(seed):
        model = Sequential([Dense(6, input_shape=(6,)), Dropout(0.5), Dense(2, activation="softmax")], seed=seed)
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        model.train_on_batch(X, np.zeros(5, dtype=int))
        return model.layers[1]._mask.copy(), model.get_weights()

    (mask_1, w_1), (mask_2, w_2) = masks(0), masks(0)
    np.testing.assert_array_equal(mask_1, mask_2)
    for p, q in zip(w_1, w_2, strict=True):
        np.testing.assert_array_equal(p, q)


def test_dropout_does_not_change_the_other_layers_initial_weights():
    plain = Sequential([Dense(6, input_shape=(4,)), Dense(3)], seed=1)
    with_dropout = Sequential([Dense(6, input_shape=(4,)), Dropout(0.5), Dense(3)], seed=1)
    for p, q in zip(plain.get_weights(), with_dropout.get_weights(), strict=True):
        np.testing.assert_array_equal(p, q)


def test_dropout_gradient_passes_a_gradient_check():
    """With the random choice held fixed, backward is the exact derivative of forward (input and weights)."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 4)), np.eye(3)[[0, 2, 1, 1, 0]]
    dropout = Dropout(0.4)
    layers = [Dense(7, activation="tanh", input_shape=(4,)), dropout, Dense(3, activation="softmax")]
    model = Sequential(layers, dtype=np.float64)
    model.compile(optimizer="sgd", loss="categorical_crossentropy")

    def cost():
        dropout._rng = np.random.default_rng(11)  # the same units dropped at every evaluation
        model._set_training(True)
        value, _ = model._step_gradients(X, Y, model.loss)
        model._set_training(False)
        return value

    cost()
    assert 0 < np.mean(dropout._mask == 0) < 1  # some units really are dropped
    analytic = model.grads.copy()
    numerical = numerical_gradient(cost, model.params)
    assert relative_error(analytic, numerical) < 1e-7

    # and the layer alone: d(sum(c * out)) / dX = c * mask
    layer = training(Dropout(0.5, seed=2))
    out = layer(X)
    c = rng.normal(size=out.shape)
    np.testing.assert_allclose(layer.backward(c), c * layer._mask)
    np.testing.assert_array_equal(out, X * layer._mask)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, "0.5", True])
def test_dropout_rejects_a_bad_rate(rate):
    with pytest.raises(ValueError, match="Dropout: rate must be a number from 0 up to"):
        Dropout(rate)


def test_dropout_keeps_float32():
    layer = training(Dropout(0.5, seed=0))
    layer.build((3,), dtype=np.float32)
    assert layer.forward(np.ones((2, 3), dtype=np.float32)).dtype == np.float32


def test_dropout_in_a_model_with_flatten_trains():
    model = Sequential([Flatten(input_shape=(2, 2)), Dense(8, activation="relu"), Dropout(0.2), Dense(2)], seed=0)
    model.compile(optimizer="adam", loss="mse")
    X = np.random.default_rng(0).normal(size=(16, 2, 2))
    history = model.fit(X, X[:, 0, :], epochs=30, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert repr(model.layers[2]) == "Dropout(0.2)"


@pytest.mark.parametrize("optimizer_class", [SGD, Adagrad, RMSprop, Adam])
def test_weight_decay_shrinks_every_weight_before_the_step(optimizer_class):
    """Keras 3: w <- w - learning_rate * weight_decay * w, then the optimizer's own step on the gradient."""
    w0 = np.array([2.0, -1.0, 0.5])
    grads = np.array([0.3, -0.2, 0.0])
    decayed = w0.copy()
    optimizer_class(learning_rate=0.1, weight_decay=0.05).apply(decayed, grads)
    expected = w0 * (1 - 0.1 * 0.05)
    optimizer_class(learning_rate=0.1).apply(expected, grads)  # the plain step from the shrunk weights
    np.testing.assert_allclose(decayed, expected, rtol=1e-15)


def test_weight_decay_with_plain_sgd_equals_an_l2_penalty():
    """For plain SGD, decoupled decay wd is the gradient of the penalty (wd / 2) * sum(w ** 2)."""
    w = np.array([1.5, -0.5])
    decoupled = w.copy()
    SGD(learning_rate=0.2, weight_decay=0.1).apply(decoupled, np.zeros(2))
    penalty_gradient = numerical_gradient(lambda: l2_penalty(w, 0.05), w)
    np.testing.assert_allclose(decoupled, w - 0.2 * penalty_gradient, rtol=1e-8)


def test_weight_decay_shows_in_repr_and_is_validated():
    assert repr(SGD(weight_decay=0.01)) == "SGD(learning_rate=0.01, momentum=0.0, weight_decay=0.01)"
    assert "weight_decay" not in repr(Adam())
    with pytest.raises(ValueError, match="weight_decay"):
        Adam(weight_decay=-1.0)


def test_l2_penalty_is_the_formula():
    weights = [np.array([[1.0, 2.0]]), np.array([-3.0])]
    assert l2_penalty(weights, 0.1) == pytest.approx(0.1 * (1 + 4 + 9))
