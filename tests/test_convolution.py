"""nnlib.convolution: gradients by central differences, Keras's shapes, Sequential, and PyTorch's numbers."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.convolution import PADDINGS, conv_output_length
from nnlib.gradcheck import numerical_gradient, relative_error
from nnlib.layers import ACTIVATIONS, Conv1D, Dense, Flatten, GlobalAveragePooling1D, MaxPooling1D, Reshape
from nnlib.models import Sequential
from nnlib.optimizers import SGD, Adagrad, Adam, RMSprop

RNG = np.random.default_rng(7)


def layer_gradient_errors(layer, X, seed=0):
    """Relative errors of every parameter's gradient and of the input's, for the cost ``sum(out * W)``."""
    out = layer(X)
    W = np.random.default_rng(seed).standard_normal(out.shape)

    def cost():
        return float(np.sum(layer.forward(X) * W))

    layer.forward(X)
    input_grad = layer.backward(W)
    analytic = [g.copy() for g in layer.grads]
    errors = {
        name: relative_error(a, numerical_gradient(cost, p))
        for name, a, p in zip(layer.param_names, analytic, layer.params, strict=True)
    }
    errors["input"] = relative_error(input_grad, numerical_gradient(cost, X))
    return errors


@st.composite
def conv_cases(draw):
    length = draw(st.integers(1, 9))
    padding = draw(st.sampled_from(PADDINGS))
    kernel_size = draw(st.integers(1, length if padding == "valid" else 4))
    activation = draw(st.sampled_from(ACTIVATIONS))
    return dict(
        length=length,
        channels=draw(st.integers(1, 3)),
        filters=draw(st.integers(2 if activation == "softmax" else 1, 3)),  # softmax over one channel is refused
        kernel_size=kernel_size,
        strides=draw(st.integers(1, 3)),
        padding=padding,
        activation=activation,
        batch=draw(st.integers(1, 3)),
    )


@settings(max_examples=25)
@given(conv_cases())
def test_conv1d_gradients_of_kernel_bias_and_input_match_central_differences(case):
    layer = Conv1D(case["filters"], case["kernel_size"], case["strides"], case["padding"], case["activation"])
    layer.build((case["length"], case["channels"]), rng=1)
    layer.bias[:] = RNG.standard_normal(case["filters"])
    X = RNG.standard_normal((case["batch"], case["length"], case["channels"]))
    errors = layer_gradient_errors(layer, X)
    assert set(errors) == {"kernel", "bias", "input"}
    assert max(errors.values()) < 1e-6, (case, errors)


@settings(max_examples=20)
@given(
    st.integers(1, 9),
    st.integers(1, 3),
    st.integers(1, 4),
    st.one_of(st.none(), st.integers(1, 3)),
    st.sampled_from(PADDINGS),
)
def test_max_pooling_input_gradient_matches_central_differences(length, channels, pool_size, strides, padding):
    pool_size = min(pool_size, length) if padding == "valid" else pool_size
    layer = MaxPooling1D(pool_size, strides, padding)
    # distinct values, at least 0.01 apart, so that no nudge of 1e-6 changes which one is the largest
    X = RNG.permutation(2 * length * channels).reshape(2, length, channels) / 100.0
    errors = layer_gradient_errors(layer, X)
    assert errors == {"input": pytest.approx(0, abs=1e-6)}, errors


@settings(max_examples=10)
@given(st.integers(1, 6), st.integers(1, 3))
def test_global_average_pooling_and_reshape_gradients_match_central_differences(length, channels):
    X = RNG.standard_normal((2, length, channels))
    assert layer_gradient_errors(GlobalAveragePooling1D(), X)["input"] < 1e-6
    assert layer_gradient_errors(Reshape((-1,)), X)["input"] < 1e-6
    assert layer_gradient_errors(Reshape((channels, length)), X)["input"] < 1e-6


def test_a_whole_convolutional_network_passes_the_gradient_check():
    from nnlib.gradcheck import check_network_gradients
    from nnlib.network import Network

    net = Network(
        [
            Reshape((12, 1), input_shape=(12,)),
            Conv1D(3, 3, activation="relu"),
            MaxPooling1D(2),
            Conv1D(2, 2, strides=2, padding="same", activation="tanh"),
            GlobalAveragePooling1D(),
            Dense(3, activation="softmax"),
        ],
        seed=2,
    )
    X, y = RNG.standard_normal((5, 12)), np.array([0, 1, 2, 1, 0])
    rows = check_network_gradients(net, X, y, "sparse_categorical_crossentropy")
    assert [r.parameter for r in rows] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert max(r.error for r in rows) < 1e-6, rows


# -- shapes: Keras's formula ------------------------------------------------------------------------


@given(st.integers(1, 60), st.integers(1, 8), st.integers(1, 5), st.sampled_from(PADDINGS))
def test_output_length_follows_keras_formula(length, kernel_size, strides, padding):
    keras = math.ceil(length / strides) if padding == "same" else math.ceil((length - kernel_size + 1) / strides)
    if padding == "valid" and kernel_size > length:
        with pytest.raises(ValueError, match="longer than the input"):
            Conv1D(2, kernel_size, strides, padding).build((length, 1))
        return
    assert conv_output_length(length, kernel_size, padding, strides) == keras
    layer = Conv1D(2, kernel_size, strides, padding)
    assert layer(np.zeros((1, length, 1))).shape == (1, keras, 2)
    pool = MaxPooling1D(kernel_size, strides, padding)
    assert pool(np.zeros((1, length, 3))).shape == (1, keras, 3)


def test_output_lengths_of_the_lesson_examples():
    cases = {
        (40, 5, "valid", 1): 36,
        (40, 5, "valid", 2): 18,
        (40, 5, "same", 1): 40,
        (40, 5, "same", 2): 20,
        (40, 4, "same", 3): 14,
    }
    for (length, k, padding, s), expected in cases.items():
        assert conv_output_length(length, k, padding, s) == expected


def naive_conv1d(X, kernel, bias, strides, padding):
    """The definition, with loops: TensorFlow's 'same' puts the odd zero on the right."""
    n, length, _ = X.shape
    k, _, filters = kernel.shape
    out = math.ceil(length / strides) if padding == "same" else (length - k) // strides + 1
    total = max((out - 1) * strides + k - length, 0) if padding == "same" else 0
    Xp = np.pad(X, ((0, 0), (total // 2, total - total // 2), (0, 0)))
    Z = np.zeros((n, out, filters))
    for o in range(out):
        for f in range(filters):
            Z[:, o, f] = np.sum(Xp[:, o * strides : o * strides + k, :] * kernel[:, :, f], axis=(1, 2)) + bias[f]
    return Z


@settings(max_examples=15)
@given(conv_cases())
def test_conv1d_forward_is_the_definition(case):
    layer = Conv1D(case["filters"], case["kernel_size"], case["strides"], case["padding"])
    layer.build((case["length"], case["channels"]), rng=3)
    layer.bias[:] = RNG.standard_normal(case["filters"])
    X = RNG.standard_normal((case["batch"], case["length"], case["channels"]))
    expected = naive_conv1d(X, layer.kernel, layer.bias, case["strides"], case["padding"])
    np.testing.assert_allclose(layer(X), expected, atol=1e-12)


def test_conv1d_follows_keras_conventions():
    layer = Conv1D(8, 5, input_shape=(40, 3))
    layer.build((40, 3), rng=0)
    assert layer.kernel.shape == (5, 3, 8) and layer.bias.shape == (8,) and np.all(layer.bias == 0)
    limit = math.sqrt(6 / (5 * 3 + 5 * 8))  # Glorot: fan_in = k * in_channels, fan_out = k * filters
    assert np.all(np.abs(layer.kernel) <= limit) and layer.kernel.std() > limit / 4
    assert layer.count_params() == 5 * 3 * 8 + 8
    assert (layer.name, MaxPooling1D().name, GlobalAveragePooling1D().name, Reshape((2,)).name) == (
        "conv1d",
        "max_pooling1d",
        "global_average_pooling1d",
        "reshape",
    )
    assert MaxPooling1D(3).strides == 3  # Keras: strides default to pool_size
    again = Conv1D(8, 5, input_shape=(40, 3))
    again.build((40, 3), rng=0)
    assert np.array_equal(layer.kernel, again.kernel)


def test_conv1d_softmax_runs_over_the_channels():
    layer = Conv1D(4, 2, activation="softmax")
    out = layer(RNG.standard_normal((3, 6, 2)))
    np.testing.assert_allclose(out.sum(axis=-1), 1.0)


# -- max pooling: ties and routing ------------------------------------------------------------------


def pool_backward(layer, values, grad):
    X = np.array(values, dtype=float).reshape(1, -1, 1)
    out = layer(X)
    return out[0, :, 0].tolist(), layer.backward(np.array(grad, dtype=float).reshape(out.shape))[0, :, 0].tolist()


def test_max_pooling_routes_each_gradient_to_its_window_maximum():
    out, grad = pool_backward(MaxPooling1D(2), [1, 3, 5, 2, 4, 0], [10, 20, 30])
    assert out == [3, 5, 4] and grad == [0, 10, 20, 0, 30, 0]


def test_max_pooling_ties_send_the_gradient_to_the_first_maximum_only():
    out, grad = pool_backward(MaxPooling1D(2), [2, 2, -1, -1], [10, 20])
    assert out == [2, -1] and grad == [10, 0, 20, 0]


def test_overlapping_windows_add_up_at_a_shared_maximum():
    out, grad = pool_backward(MaxPooling1D(2, strides=1), [1, 3, 2], [10, 20])
    assert out == [3, 3] and grad == [0, 30, 0]


def test_same_max_pooling_never_picks_the_padding():
    out, grad = pool_backward(MaxPooling1D(2, padding="same"), [-5, -6, -7], [1, 2])
    assert out == [-5, -7] and grad == [1, 0, 2]


def test_max_pooling_keeps_channels_apart():
    X = np.array([[[1.0, 9.0], [2.0, 8.0]]])
    layer = MaxPooling1D(2)
    assert layer(X).tolist() == [[[2.0, 9.0]]]
    assert layer.backward(np.array([[[5.0, 7.0]]])).tolist() == [[[0.0, 7.0], [5.0, 0.0]]]


# -- inside Sequential ------------------------------------------------------------------------------


def small_cnn(seed=0):
    return Sequential(
        [
            Reshape((40, 1), input_shape=(40,)),
            Conv1D(8, 3, activation="relu"),
            MaxPooling1D(2),
            Conv1D(4, 3, strides=2, padding="same", activation="relu"),
            Flatten(),
            Dense(10, activation="softmax"),
        ],
        seed=seed,
    )


X40 = RNG.standard_normal((24, 40)).astype(np.float32)
Y40 = np.arange(24) % 10


def test_summary_shows_keras_shapes_in_aligned_columns():
    lines = []
    small_cnn().summary(print_fn=lines.append)
    text = lines[0]
    rows = [
        ("reshape (Reshape)", "(None, 40, 1)", "0"),
        ("conv1d (Conv1D)", "(None, 38, 8)", "32"),
        ("max_pooling1d (MaxPooling1D)", "(None, 19, 8)", "0"),
        ("conv1d_1 (Conv1D)", "(None, 10, 4)", "100"),
        ("flatten (Flatten)", "(None, 40)", "0"),
        ("dense (Dense)", "(None, 10)", "410"),
    ]
    table = text.splitlines()
    found = [next(line for line in table if line.startswith(f" {name} ")) for name, _, _ in rows]
    for line, (name, shape, params) in zip(found, rows, strict=True):
        assert line.split() == [*name.split(), *shape.split(), params], line
    # the long name widens the first column for every row, the header and the rules alike
    assert len({line.index("(None") for line in found} | {table[2].index("Output Shape")}) == 1, text
    assert len({len(line) for line in table if set(line) <= {"_", "="}}) == 1, text
    assert "Total params: 542" in text


def test_models_accept_a_channel_axis_or_a_reshape_first():
    with_axis = Sequential([Conv1D(4, 3, input_shape=(40, 1)), GlobalAveragePooling1D(), Dense(2)])
    reshaped = Sequential([Reshape((40, 1), input_shape=(40,)), Conv1D(4, 3), GlobalAveragePooling1D(), Dense(2)])
    assert with_axis.get_weights()[0].shape == reshaped.get_weights()[0].shape == (3, 1, 4)
    np.testing.assert_array_equal(with_axis.predict(X40[:, :, None]), reshaped.predict(X40))
    built_later = Sequential([Conv1D(4, 3), Flatten(), Dense(2)])
    built_later.build((None, 40, 1))
    assert built_later.layers[1].output_shape == (152,)


def test_fit_predict_and_save_load_round_trip(tmp_path):
    model = small_cnn()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X40, Y40, epochs=2, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 2 and model.predict(X40).dtype == np.float32
    path = model.save_weights(tmp_path / "cnn")
    saved = model.get_weights()
    before = model.predict(X40)
    model.fit(X40, Y40, epochs=1, batch_size=8, verbose=0)
    assert not np.array_equal(model.predict(X40), before)
    fresh = small_cnn(seed=5)
    fresh.load_weights(path)
    for a, b in zip(fresh.get_weights(), saved, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(fresh.predict(X40), before)
    fresh.set_weights(saved)
    with pytest.raises(ValueError, match=r"kernel of layer conv1d\) must have shape \(3, 1, 8\)"):
        fresh.set_weights([np.zeros((1, 3, 8))] + saved[1:])


def test_load_refuses_weights_of_another_convolution(tmp_path):
    model = small_cnn()
    path = model.save_weights(tmp_path / "cnn")
    other = Sequential([Reshape((40, 1), input_shape=(40,)), Conv1D(8, 5), Flatten(), Dense(10)])
    before = other.get_weights()
    with pytest.raises(ValueError, match="different architecture"):
        other.load_weights(path)
    for a, b in zip(other.get_weights(), before, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "optimizer", [SGD(0.1), SGD(0.1, momentum=0.9), Adagrad(0.1), RMSprop(0.01), Adam(0.01)], ids=repr
)
def test_every_optimizer_steps_every_convolution_weight(optimizer):
    model = small_cnn()
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    before = model.get_weights()
    losses = [model.train_on_batch(X40, Y40) for _ in range(5)]
    after = model.get_weights()
    for old, new in zip(before[:4], after[:4], strict=True):  # the two kernels and biases
        assert not np.array_equal(old, new) and np.all(np.isfinite(new))
    assert losses[-1] < losses[0]
    assert np.shares_memory(model.layers[1].kernel, model.params)  # the optimizer's flat buffer


# -- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Conv1D(0, 3), ValueError, "filters must be at least 1"),
        (lambda: Conv1D(4, -1), ValueError, "kernel_size must be at least 1"),
        (lambda: Conv1D(4, 2.5), TypeError, "kernel_size must be a whole number"),
        (lambda: Conv1D(4, 3, strides=0), ValueError, "strides must be at least 1"),
        (lambda: Conv1D(4, 3, strides="2"), TypeError, "strides must be a whole number"),
        (lambda: Conv1D(4, 3, padding="full"), ValueError, "padding must be 'valid' or 'same', got 'full'"),
        (lambda: Conv1D(4, 3, activation="gelu"), ValueError, "unknown activation 'gelu'"),
        (lambda: Conv1D(1, 3, activation="softmax"), ValueError, "softmax over 1 channel always gives 1.0"),
        (
            lambda: Conv1D(4, 3, input_shape=(40,)),
            ValueError,
            r"Conv1D\(4, 3\): expected input of shape \(batch, length, channels\), got samples of shape \(40,\); "
            r"add a channel axis first with Reshape\(\(40, 1\)\)",
        ),
        (
            lambda: Conv1D(4, 9, input_shape=(5, 1)),
            ValueError,
            r"Conv1D\(4, 9\): the window \(9 positions\) is longer than the input \(5 positions",
        ),
        (lambda: MaxPooling1D(0), ValueError, "pool_size must be at least 1"),
        (lambda: MaxPooling1D(2, padding=None), ValueError, "padding must be 'valid' or 'same'"),
        (
            lambda: MaxPooling1D(6, input_shape=(5, 2)),
            ValueError,
            r"MaxPooling1D\(6\): the window \(6 positions\) is longer",
        ),
        (lambda: GlobalAveragePooling1D(input_shape=(5,)), ValueError, "expected input of shape"),
        (lambda: Reshape((0, 1)), ValueError, "positive integers"),
        (lambda: Reshape((-1, -1)), ValueError, "at most one -1"),
        (lambda: Reshape("40"), TypeError, "tuple of integers"),
        (
            lambda: Reshape((40, 2), input_shape=(40,)),
            ValueError,
            r"Reshape\(\(40, 2\)\): cannot arrange samples of shape \(40,\) \(40 numbers\) as \(40, 2\) \(80 numbers\)",
        ),
        (
            lambda: Reshape((-1, 3), input_shape=(40,)),
            ValueError,
            r"cannot arrange samples of shape \(40,\) \(40 numbers\) as \(-1, 3\)",
        ),
    ],
)
def test_bad_arguments_get_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize("layer", [Conv1D(2, 3), MaxPooling1D(), GlobalAveragePooling1D(), Reshape((8, 1))], ids=repr)
def test_backward_before_any_forward_is_a_clear_error(layer):
    if layer.__class__ in (Conv1D, MaxPooling1D):  # built, but nothing remembered yet
        layer.build((8, 1))
    with pytest.raises(RuntimeError, match=r"\.backward: there is no forward pass to go back through"):
        layer.backward(np.zeros((1, 4, 2)))


def test_wrong_input_shapes_name_the_layer_and_both_shapes():
    layer = Conv1D(4, 3, input_shape=(40, 1))
    with pytest.raises(
        ValueError, match=r"Conv1D\(4, 3\): expected input of shape \(batch, 40, 1\) .* got shape \(2, 40\)$"
    ):
        layer(np.zeros((2, 40)))
    with pytest.raises(ValueError, match=r"got shape \(2, 40, 3\): 3 channels instead of 1"):
        layer(np.zeros((2, 40, 3)))
    with pytest.raises(ValueError, match=r"expected input of shape \(batch, 40, 1\) .* got shape \(2, 39, 1\)"):
        layer(np.zeros((2, 39, 1)))
    model = small_cnn()
    with pytest.raises(
        ValueError, match=r"Sequential.predict: Reshape\(\(40, 1\)\): expected input with 40 features, got 39"
    ):
        model.predict(np.zeros((2, 39)))
    model = Sequential([Conv1D(4, 3, input_shape=(40, 1))])
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    with pytest.raises(ValueError, match=r"Sequential.fit: Conv1D\(4, 3\): .* 2 channels instead of 1"):
        model.fit(np.zeros((2, 40, 2)), np.zeros((2, 38, 4)))
    np.testing.assert_array_equal(model.get_weights()[0], before[0])


# -- PyTorch's numbers on the same weights ----------------------------------------------------------


def torch_conv(case, kernel, bias, X):
    """PyTorch's conv1d (channels first, kernel (filters, in_channels, k)) with Keras's padding, and its gradients."""
    torch = pytest.importorskip("torch")
    x = torch.tensor(X.transpose(0, 2, 1), requires_grad=True)
    w = torch.tensor(kernel.transpose(2, 1, 0).copy(), requires_grad=True)  # (k, C, F) -> (F, C, k)
    b = torch.tensor(bias.copy(), requires_grad=True)
    if case["padding"] == "same" and case["strides"] == 1:
        with warnings.catch_warnings():  # PyTorch notes that an even kernel needs a padded copy
            warnings.simplefilter("ignore", UserWarning)
            z = torch.nn.functional.conv1d(x, w, b, padding="same")  # PyTorch's own "same" (stride 1 only)
    else:
        length, k, s = X.shape[1], kernel.shape[0], case["strides"]
        total = max((math.ceil(length / s) - 1) * s + k - length, 0) if case["padding"] == "same" else 0
        padded = torch.nn.functional.pad(x, (total // 2, total - total // 2))
        z = torch.nn.functional.conv1d(padded, w, b, stride=s)
    return torch, x, w, b, z


@settings(max_examples=15)
@given(conv_cases())
def test_conv1d_matches_pytorch_forward_and_gradients(case):
    layer = Conv1D(case["filters"], case["kernel_size"], case["strides"], case["padding"])
    layer.build((case["length"], case["channels"]), rng=4)
    layer.bias[:] = RNG.standard_normal(case["filters"])
    X = RNG.standard_normal((case["batch"], case["length"], case["channels"]))
    torch, x, w, b, z = torch_conv(case, layer.kernel, layer.bias, X)
    out = layer(X)
    np.testing.assert_allclose(out, z.detach().numpy().transpose(0, 2, 1), atol=1e-12)
    upstream = RNG.standard_normal(out.shape)
    z.backward(torch.tensor(upstream.transpose(0, 2, 1)))
    input_grad = layer.backward(upstream)
    np.testing.assert_allclose(input_grad, x.grad.numpy().transpose(0, 2, 1), atol=1e-12)
    np.testing.assert_allclose(layer.d_kernel, w.grad.numpy().transpose(2, 1, 0), atol=1e-12)
    np.testing.assert_allclose(layer.d_bias, b.grad.numpy(), atol=1e-12)


def test_max_pooling_matches_pytorch_including_ties():
    torch = pytest.importorskip("torch")
    X = np.round(RNG.standard_normal((3, 11, 4)), 0)  # whole numbers: many ties
    for pool_size, strides in [(2, None), (3, 2), (2, 1), (4, 3)]:
        layer = MaxPooling1D(pool_size, strides)
        x = torch.tensor(X.transpose(0, 2, 1), requires_grad=True)
        z = torch.nn.functional.max_pool1d(x, pool_size, strides)
        out = layer(X)
        np.testing.assert_array_equal(out, z.detach().numpy().transpose(0, 2, 1))
        upstream = RNG.standard_normal(out.shape)
        z.backward(torch.tensor(upstream.transpose(0, 2, 1)))
        np.testing.assert_allclose(layer.backward(upstream), x.grad.numpy().transpose(0, 2, 1), atol=1e-12)


def test_a_small_cnn_matches_pytorch_loss_and_every_gradient():
    torch = pytest.importorskip("torch")
    from nnlib.network import Network

    net = Network(
        [
            Reshape((16, 1), input_shape=(16,)),
            Conv1D(4, 5, strides=2, padding="same", activation="relu"),
            MaxPooling1D(2),
            Flatten(),
            Dense(3, activation="softmax"),
        ],
        seed=6,
    )
    X, y = RNG.standard_normal((6, 16)), np.array([0, 1, 2, 2, 1, 0])
    loss = net.loss_and_gradients(X, y, "sparse_categorical_crossentropy")
    conv, dense = net.layers[1], net.layers[4]
    w = torch.tensor(conv.kernel.transpose(2, 1, 0).copy(), requires_grad=True)
    b = torch.tensor(conv.bias.copy(), requires_grad=True)
    W = torch.tensor(dense.kernel.T.copy(), requires_grad=True)
    c = torch.tensor(dense.bias.copy(), requires_grad=True)
    x = torch.nn.functional.pad(torch.tensor(X[:, None, :]), (1, 2))  # 'same', stride 2, k 5 on 16: 1 left, 2 right
    h = torch.nn.functional.max_pool1d(torch.relu(torch.nn.functional.conv1d(x, w, b, stride=2)), 2)
    logits = torch.nn.functional.linear(h.transpose(1, 2).flatten(1), W, c)  # Keras flattens position by position
    expected = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
    expected.backward()
    assert loss == pytest.approx(expected.item(), abs=1e-12)
    np.testing.assert_allclose(conv.d_kernel, w.grad.numpy().transpose(2, 1, 0), atol=1e-12)
    np.testing.assert_allclose(conv.d_bias, b.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(dense.d_kernel, W.grad.numpy().T, atol=1e-12)
    np.testing.assert_allclose(dense.d_bias, c.grad.numpy(), atol=1e-12)
