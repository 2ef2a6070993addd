"""nnlib.models.Sequential: Keras's names and behaviour, determinism, and bad input that changes nothing."""

import numpy as np
import pytest

from nnlib.layers import Activation, Dense, Flatten
from nnlib.losses import get_loss
from nnlib.models import History, Sequential
from nnlib.network import Network
from nnlib.optimizers import SGD, Adam

RNG = np.random.default_rng(1)
X = RNG.standard_normal((40, 6)).astype(np.float32)
Y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 0.5)  # three classes


def small(seed=0):
    model = Sequential([Dense(8, activation="relu", input_shape=(6,)), Dense(3, activation="softmax")], seed=seed)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_both_keras_styles_build_the_same_model():
    listed = Sequential([Dense(64, activation="relu", input_shape=(10,)), Dense(32, activation="relu"), Dense(3)])
    added = Sequential()
    added.add(Dense(units=64, activation="relu", input_shape=(10,)))
    added.add(Dense(units=32, activation="relu"))
    added.add(Dense(units=3))
    for a, b in zip(listed.get_weights(), added.get_weights(), strict=True):
        assert np.array_equal(a, b)
    assert [layer.name for layer in added.layers] == ["dense", "dense_1", "dense_2"]
    assert listed.count_params() == 64 * 10 + 64 + 64 * 32 + 32 + 32 * 3 + 3


def test_summary_shows_output_shapes_and_parameter_counts(capsys):
    model = Sequential([Flatten(input_shape=(8, 8)), Dense(128, activation="relu"), Dense(10, activation="softmax")])
    model.summary()
    text = capsys.readouterr().out
    assert 'Model: "sequential"' in text
    assert "flatten (Flatten)           (None, 64)                0" in text
    assert "dense (Dense)               (None, 128)               8,320" in text
    assert "dense_1 (Dense)             (None, 10)                1,290" in text
    assert "Total params: 9,610" in text


def test_build_accepts_keras_batch_shape_and_a_lazy_model_builds_on_fit():
    model = Sequential([Dense(4), Dense(2, activation="softmax")])
    with pytest.raises(ValueError, match="does not know its input's shape"):
        model.summary()
    model.build((None, 6))
    assert model.get_weights()[0].shape == (6, 4)
    lazy = Sequential([Dense(4), Dense(3, activation="softmax")])
    lazy.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    lazy.fit(X, Y, epochs=1, verbose=0)
    assert lazy.get_weights()[0].shape == (6, 4)


def test_float32_by_default_and_the_same_gradients_as_network_in_float64():
    model = small()
    assert model.params.dtype == np.float32 and model.predict(X).dtype == np.float32
    a = Sequential([Dense(8, activation="relu", input_shape=(6,)), Dense(3, activation="softmax")], dtype=np.float64)
    b = Network([Dense(8, activation="relu", input_shape=(6,)), Dense(3, activation="softmax")])
    loss_a = a.loss_and_gradients(X, Y, "sparse_categorical_crossentropy")
    loss_b = b.loss_and_gradients(X, Y, "sparse_categorical_crossentropy")
    assert loss_a == loss_b and np.array_equal(a.grads, b.grads)


def test_fit_returns_history_and_learns():
    model = small()
    history = model.fit(X, Y, epochs=30, batch_size=8, verbose=0, validation_split=0.25)
    assert isinstance(history, History)
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert all(len(v) == 30 for v in history.history.values())
    assert history.epoch == list(range(30)) and history.params == {"verbose": 0, "epochs": 30, "steps": 4}
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] > history.history["accuracy"][0]


def test_training_is_deterministic_for_a_seed():
    runs = []
    for _ in range(2):
        model = small(seed=3)
        runs.append(model.fit(X, Y, epochs=3, batch_size=8, verbose=0).history["loss"])
    assert runs[0] == runs[1]
    other = small(seed=4).fit(X, Y, epochs=3, batch_size=8, verbose=0).history["loss"]
    assert other != runs[0]


def test_evaluate_predict_and_train_on_batch():
    model = small()
    loss, accuracy = model.evaluate(X, Y)
    probabilities = model.predict(X)
    assert probabilities.shape == (40, 3) and np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    assert accuracy == np.mean(probabilities.argmax(axis=1) == Y)
    assert np.isclose(loss, get_loss("sparse_categorical_crossentropy")(Y, probabilities.astype(float)), atol=1e-5)
    before = model.get_weights()
    batch_loss, batch_accuracy = model.train_on_batch(X[:8], Y[:8])
    assert np.isclose(batch_loss, model.loss(Y[:8], probabilities[:8].astype(float)), atol=1e-5)
    assert not np.array_equal(before[0], model.get_weights()[0])
    plain = Sequential([Dense(1, input_shape=(6,))])
    plain.compile(optimizer=SGD(0.1), loss="mse")
    assert isinstance(plain.evaluate(X, X[:, :1]), float)


def test_verbose_2_prints_one_line_per_epoch_and_verbose_1_a_bar(capsys):
    small().fit(X, Y, epochs=2, batch_size=20, verbose=2, validation_data=(X, Y))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("Epoch 1/2 - loss: ") and "val_accuracy" in lines[0]
    small().fit(X, Y, epochs=1, batch_size=20, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/1 [" in out and "2/2 - loss:" in out and out.endswith("\n")


def test_get_set_save_and_load_weights_round_trip(tmp_path):
    model = small()
    model.fit(X, Y, epochs=2, verbose=0)
    path = model.save_weights(tmp_path / "digits")
    assert path.name == "digits.npz"
    fresh = small(seed=9)
    fresh.load_weights(path)
    assert np.array_equal(fresh.predict(X), model.predict(X))
    copy = small(seed=10)
    copy.set_weights(model.get_weights())
    assert np.array_equal(copy.predict(X), model.predict(X))
    with np.load(path, allow_pickle=False) as data:  # a plain file: no pickled objects
        assert "layout" in data.files


def test_adding_to_a_built_model_keeps_its_weights():
    model = Sequential([Dense(4, activation="relu", input_shape=(6,))])
    model.set_weights([np.ones((6, 4)), np.full(4, 0.5)])
    model.add(Dense(2))
    weights = model.get_weights()
    assert np.array_equal(weights[0], np.ones((6, 4))) and weights[2].shape == (4, 2)


def weights_of(model):
    return [w.copy() for w in model.get_weights()]


def bad_file(tmp_path):
    other = Sequential([Dense(5, activation="relu", input_shape=(6,)), Dense(3, activation="softmax")])
    return other.save_weights(tmp_path / "other.npz")


BAD_CALLS = {
    "unknown optimizer": (
        lambda m, p: m.compile(optimizer="adamm", loss="mse"),
        ValueError,
        "Sequential.compile: unknown optimizer 'adamm'; choose one of sgd, adagrad, rmsprop, adam",
    ),
    "unknown loss": (
        lambda m, p: m.compile(optimizer="adam", loss="crossentropy"),
        ValueError,
        "Sequential.compile: unknown loss 'crossentropy'; choose one of mse, mean_squared_error, binary_crossentropy",
    ),
    "unknown metric": (
        lambda m, p: m.compile(optimizer="adam", loss="mse", metrics=["precision"]),
        ValueError,
        "unknown metric 'precision'; choose 'accuracy'",
    ),
    "metrics not a list": (
        lambda m, p: m.compile(optimizer="adam", loss="mse", metrics="accuracy"),
        TypeError,
        r"metrics must be a list such as \['accuracy'\]",
    ),
    "one-hot labels with the sparse loss": (
        lambda m, p: m.fit(X, np.eye(3)[Y], verbose=0),
        ValueError,
        r"Sequential.fit: sparse_categorical_crossentropy: expected integer class labels of shape \(40,\), "
        "got one-hot labels",
    ),
    "class numbers out of range": (
        lambda m, p: m.fit(X, Y + 5, verbose=0),
        ValueError,
        "labels must be whole class numbers from 0 to 2",
    ),
    "wrong feature count": (
        lambda m, p: m.fit(X[:, :5], Y, verbose=0),
        ValueError,
        r"Sequential.fit: Dense\(8\): expected input with 6 features, got 5",
    ),
    "wrong feature count in predict": (
        lambda m, p: m.predict(X[:, :5]),
        ValueError,
        r"Sequential.predict: Dense\(8\): expected input with 6 features, got 5",
    ),
    "mismatched lengths": (
        lambda m, p: m.fit(X, Y[:-1], verbose=0),
        ValueError,
        "Sequential.fit: X has 40 samples but y has 39 labels",
    ),
    "NaN in X": (lambda m, p: m.fit(np.where(X > 2, np.nan, X), Y, verbose=0), ValueError, "X contains NaN"),
    "text instead of X": (lambda m, p: m.fit("digits", Y, verbose=0), TypeError, "X must be an array of numbers"),
    "bad epochs": (lambda m, p: m.fit(X, Y, epochs=0, verbose=0), ValueError, "epochs must be at least 1"),
    "bad batch size": (lambda m, p: m.fit(X, Y, batch_size=2.5, verbose=0), TypeError, "batch_size must be a whole"),
    "bad verbose": (lambda m, p: m.fit(X, Y, verbose=3), ValueError, "verbose must be 0"),
    "bad validation split": (
        lambda m, p: m.fit(X, Y, validation_split=1.0, verbose=0),
        ValueError,
        "validation_split must be at least 0 and below 1",
    ),
    "bad validation data": (
        lambda m, p: m.fit(X, Y, validation_data=(X[:, :5], Y), verbose=0),
        ValueError,
        r"Sequential.fit \(validation_data\): Dense\(8\): expected input with 6 features, got 5",
    ),
    "set_weights with a wrong shape": (
        lambda m, p: m.set_weights([w.T for w in m.get_weights()]),
        ValueError,
        r"weight 1 \(kernel of layer dense\) must have shape \(6, 8\), got \(8, 6\)",
    ),
    "set_weights with too few arrays": (
        lambda m, p: m.set_weights(m.get_weights()[:2]),
        ValueError,
        "expected 4 arrays",
    ),
    "set_weights with NaN in the last array": (
        lambda m, p: m.set_weights(m.get_weights()[:3] + [np.full(3, np.nan)]),
        ValueError,
        "weight 4 .* contains NaN",
    ),
    "weights file of another architecture": (
        lambda m, p: m.load_weights(bad_file(p)),
        ValueError,
        "holds weights of a different architecture",
    ),
    "missing weights file": (lambda m, p: m.load_weights(p / "nothing.npz"), FileNotFoundError, "no file"),
}


@pytest.mark.parametrize("case", list(BAD_CALLS))
def test_bad_input_raises_a_clear_error_and_leaves_the_weights_unchanged(case, tmp_path):
    call, error, message = BAD_CALLS[case]
    model = small()
    model.fit(X, Y, epochs=1, verbose=0)
    before, optimizer, loss, steps = weights_of(model), model.optimizer, model.loss, model.optimizer.iterations
    with pytest.raises(error, match=message):
        call(model, tmp_path)
    for a, b in zip(before, model.get_weights(), strict=True):
        assert np.array_equal(a, b)
    assert model.optimizer is optimizer and model.loss is loss and model.optimizer.iterations == steps


def test_fit_before_compile_is_refused_and_changes_nothing():
    model = Sequential([Dense(3, activation="softmax", input_shape=(6,))])
    before = weights_of(model)
    with pytest.raises(RuntimeError, match=r"Sequential.fit: compile the model first, e.g. model.compile\("):
        model.fit(X, Y)
    with pytest.raises(RuntimeError, match="compile the model first"):
        model.evaluate(X, Y)
    assert np.array_equal(before[0], model.get_weights()[0])


def test_bad_layers_are_refused():
    with pytest.raises(TypeError, match=r"expected a layer such as Dense\(...\), got the class itself"):
        Sequential().add(Dense)
    with pytest.raises(TypeError, match="layers must be a list"):
        Sequential(Dense(3))
    layer = Dense(2)
    with pytest.raises(ValueError, match="already in this model"):
        Sequential([layer, layer])


def test_a_diverging_run_names_the_layer():
    model = Sequential([Dense(8, activation="relu", input_shape=(6,)), Dense(1)])
    model.compile(optimizer=SGD(learning_rate=1e3), loss="mse")
    with pytest.raises(FloatingPointError, match="try a smaller learning rate"):
        model.fit(X * 100, X[:, :1] * 1e6, epochs=50, verbose=0)


def test_adam_on_digits_beats_97_percent():
    from sklearn.datasets import load_digits

    digits = load_digits()
    X_all = digits.images.astype(np.float32) / 16
    order = np.random.default_rng(0).permutation(len(X_all))
    train, test = order[:1400], order[1400:]
    mean, std = X_all[train].mean(axis=0), X_all[train].std(axis=0) + 0.1
    model = Sequential([Flatten(input_shape=(8, 8)), Dense(128, activation="relu"), Dense(10, activation="softmax")])
    model.compile(optimizer=Adam(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit((X_all[train] - mean) / std, digits.target[train], epochs=20, verbose=0)
    assert model.evaluate((X_all[test] - mean) / std, digits.target[test])[1] >= 0.97


@pytest.mark.parametrize(
    ("last", "loss", "labels"),
    [
        (Dense(1, activation="sigmoid"), "binary_crossentropy", (Y > 0).astype(float)),
        (Dense(3, activation="softmax"), "categorical_crossentropy", np.eye(3)[Y]),
        (Dense(3, activation="softmax"), "sparse_categorical_crossentropy", Y),
    ],
    ids=["binary", "categorical", "sparse"],
)
def test_every_classification_loss_trains_and_reports_accuracy(last, loss, labels):
    model = Sequential([Dense(16, activation="tanh", input_shape=(6,)), last], seed=2)
    model.compile(optimizer=Adam(0.01), loss=loss, metrics=["acc"])
    history = model.fit(X, labels, epochs=40, batch_size=10, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0] / 2
    assert model.evaluate(X, labels)[1] > 0.85


def test_a_separate_softmax_layer_trains_like_a_fused_one():
    """Without the fused shortcut (softmax as its own layer) the gradients are the long way round."""
    fused = Sequential([Dense(3, activation="softmax", input_shape=(6,))], dtype=np.float64)
    split = Sequential([Dense(3, input_shape=(6,)), Activation("softmax")], dtype=np.float64)
    for model in (fused, split):
        model.compile(optimizer=SGD(0.1), loss="sparse_categorical_crossentropy")
    losses = [
        model.fit(X, Y, epochs=3, batch_size=8, shuffle=False, verbose=0).history["loss"] for model in (fused, split)
    ]
    assert np.allclose(losses[0], losses[1], rtol=1e-10)
    assert np.allclose(fused.get_weights()[0], split.get_weights()[0], rtol=1e-8)


def test_in_jupyter_the_progress_bar_is_a_widget_whose_text_never_changes(monkeypatch, capsys):
    """What a notebook stores (and nbval compares) is the text shown when each epoch's bar appears."""
    import nnlib.widgets.progress

    monkeypatch.setattr(nnlib.widgets.progress, "_in_jupyter", lambda: True)
    texts = []
    for seed in (0, 1):  # different runs, different losses: the stored text must not differ
        small(seed).fit(X, Y, epochs=2, batch_size=8, verbose=1)
        texts.append(capsys.readouterr().out)
    assert texts[0] == texts[1]
    assert texts[0].count("HBox(children=(Label(value='Epoch 1/2')") == 1 and "loss" not in texts[0]
