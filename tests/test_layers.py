"""nnlib.layers and nnlib.network: shapes, Keras conventions, gradients by central differences, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.datasets import logic_gate
from nnlib.gradcheck import check_network_gradients, numerical_gradient, relative_error
from nnlib.layers import ACTIVATIONS, Activation, Dense, Flatten, ReLU, Sigmoid, Softmax, Tanh, pack_parameters
from nnlib.losses import BinaryCrossentropy, CategoricalCrossentropy, get_loss
from nnlib.network import Network

RNG = np.random.default_rng(42)
X5 = RNG.standard_normal((5, 3))


def test_dense_follows_keras_conventions():
    layer = Dense(4, activation="relu", input_shape=(3,))
    layer.build((3,), rng=0)
    assert layer.kernel.shape == (3, 4) and layer.bias.shape == (4,)
    assert np.all(layer.bias == 0)
    limit = np.sqrt(6 / (3 + 4))
    assert np.all(np.abs(layer.kernel) <= limit) and layer.kernel.std() > limit / 4  # Glorot uniform
    assert layer.count_params() == 16


def test_dense_is_seeded():
    a, b = Dense(4, input_shape=(3,)), Dense(4, input_shape=(3,))
    a.build((3,), rng=7)
    b.build((3,), rng=7)
    assert np.array_equal(a.kernel, b.kernel)
    c = Dense(4, input_shape=(3,))
    c.build((3,), rng=8)
    assert not np.array_equal(a.kernel, c.kernel)


def test_dense_forward_is_the_weighted_sum_then_the_activation():
    layer = Dense(2, activation="tanh", input_shape=(3,))
    layer.build((3,))
    layer.bias[:] = [0.5, -0.5]
    assert np.allclose(layer(X5), np.tanh(X5 @ layer.kernel + layer.bias))


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss_name", ["mse", "binary_crossentropy", "sparse_categorical_crossentropy"])
def test_every_activation_and_loss_backpropagates_exact_gradients(activation, loss_name):
    k = 1 if loss_name == "binary_crossentropy" else 3
    last = {"mse": "linear", "binary_crossentropy": "sigmoid", "sparse_categorical_crossentropy": "softmax"}[loss_name]
    y = {
        "mse": RNG.standard_normal((5, 3)),
        "binary_crossentropy": RNG.integers(0, 2, 5).astype(float),
        "sparse_categorical_crossentropy": RNG.integers(0, 3, 5),
    }[loss_name]
    net = Network([Dense(4, activation=activation, input_shape=(3,)), Dense(k, activation=last)], seed=3)
    rows = check_network_gradients(net, X5, y, loss_name)
    assert [r.parameter for r in rows] == ["W1", "b1", "W2", "b2"]
    assert max(r.error for r in rows) < 1e-6, rows


@pytest.mark.parametrize("layer", [ReLU(), Sigmoid(), Tanh(), Softmax(), Activation("linear")], ids=repr)
def test_activation_layers_backward_matches_central_differences(layer):
    z = RNG.standard_normal((4, 3)) + 0.05  # away from ReLU's kink
    weights = RNG.standard_normal((4, 3))

    def cost():
        return float(np.sum(weights * layer.forward(z)))

    layer.forward(z)
    analytic = layer.backward(weights)
    assert relative_error(analytic, numerical_gradient(cost, z)) < 1e-6


def test_losses_gradients_match_central_differences():
    p = np.array([[0.2], [0.7], [0.9]])
    y = np.array([[0.0], [1.0], [1.0]])
    for loss in [get_loss("mse"), BinaryCrossentropy(), BinaryCrossentropy(from_logits=True)]:
        grad = loss.gradient(y, p)
        assert relative_error(grad, numerical_gradient(lambda loss=loss: loss.value(y, p), p)) < 1e-6, loss
    probs = np.array([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
    onehot = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    for loss in [CategoricalCrossentropy(), CategoricalCrossentropy(from_logits=True)]:
        grad = loss.gradient(onehot, probs)
        assert relative_error(grad, numerical_gradient(lambda loss=loss: loss.value(onehot, probs), probs)) < 1e-6


def test_flatten_and_a_deeper_stack_have_exact_gradients():
    net = Network(
        [Flatten(input_shape=(2, 3)), Dense(5), ReLU(), Dense(4, activation="sigmoid"), Dense(3), Softmax()], seed=1
    )
    X = RNG.standard_normal((6, 2, 3))
    rows = check_network_gradients(net, X, RNG.integers(0, 3, 6), "sparse_categorical_crossentropy")
    assert len(rows) == 6 and max(r.error for r in rows) < 1e-6


def test_fused_softmax_cross_entropy_equals_the_long_way_round():
    """Softmax as its own layer (Jacobian backward) and Dense(softmax) (the y_hat - y shortcut) agree."""
    y = RNG.integers(0, 3, 5)
    fused = Network([Dense(3, activation="softmax", input_shape=(3,))], seed=4)
    separate = Network([Dense(3, input_shape=(3,)), Softmax()], seed=4)
    loss_fused = fused.loss_and_gradients(X5, y, "sparse_categorical_crossentropy")
    loss_separate = separate.loss_and_gradients(X5, y, "sparse_categorical_crossentropy")
    assert loss_fused == pytest.approx(loss_separate, rel=1e-9)
    assert np.allclose(fused.grads, separate.grads, atol=1e-12)


def test_parameters_live_in_one_flat_buffer():
    net = Network([Dense(3, activation="relu", input_shape=(2,)), Dense(1)], seed=0)
    assert net.params.size == 2 * 3 + 3 + 3 * 1 + 1
    first = net.layers[0]
    assert np.shares_memory(net.params, first.kernel) and np.shares_memory(net.grads, first.d_kernel)
    before = first.kernel.copy()
    net.params -= 1.0
    assert np.allclose(first.kernel, before - 1.0)
    net.loss_and_gradients(np.ones((4, 2)), np.ones(4), "mse")
    assert np.shares_memory(net.grads, first.d_kernel) and np.any(net.grads != 0)


def test_pack_parameters_keeps_the_values():
    layers = [Dense(3, input_shape=(2,)), Dense(2)]
    layers[0].build((2,), rng=0)
    layers[1].build((3,), rng=1)
    kernels = [layer.kernel.copy() for layer in layers]
    params, _ = pack_parameters(layers)
    assert all(np.array_equal(layer.kernel, k) for layer, k in zip(layers, kernels, strict=True))
    assert params.size == 17


def test_xor_is_learned_to_100_percent_from_a_fixed_seed():
    X, y = logic_gate("XOR")
    net = Network([Dense(2, activation="sigmoid", input_shape=(2,)), Dense(1, activation="sigmoid")], seed=0)
    log = net.train(X, y, loss="binary_crossentropy", lr=2.0, epochs=1000)  # as in lesson 05
    assert np.array_equal((net.forward(X)[:, 0] > 0.5).astype(int), y)
    assert log.loss[-1] < 0.01 < log.loss[0]


def test_training_is_deterministic_and_mini_batches_use_the_seed():
    X, y = RNG.standard_normal((20, 2)), RNG.integers(0, 2, 20)
    runs = []
    for _ in range(2):
        net = Network([Dense(4, activation="tanh", input_shape=(2,)), Dense(1, activation="sigmoid")], seed=5)
        runs.append(net.train(X, y, loss="binary_crossentropy", lr=0.5, epochs=5, batch_size=4).loss)
    assert runs[0] == runs[1]


def test_validation_cost_is_recorded_but_never_trained_on():
    X, y = RNG.standard_normal((20, 2)), RNG.integers(0, 2, 20)
    net = Network([Dense(1, activation="sigmoid", input_shape=(2,))], seed=0)
    log = net.train(X, y, loss="binary_crossentropy", epochs=3, validation=(X[:5], y[:5]))
    assert len(log.loss) == len(log.val_loss) == 3


# -- properties ----------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 6),
    k=st.integers(2, 5),
    scale=st.floats(0.0, 1000.0),
    seed=st.integers(0, 2**16),
)
def test_softmax_rows_sum_to_one_and_cross_entropy_stays_finite(n, k, scale, seed):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, k)) * scale
    layer = Softmax()
    p = layer(z)
    assert np.allclose(p.sum(axis=1), 1.0) and np.all(p >= 0)
    loss = CategoricalCrossentropy(from_logits=True)
    labels = rng.integers(0, k, n)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        value = get_loss("sparse_categorical_crossentropy").__class__(from_logits=True)(labels, z)
        grad = loss.gradient(np.eye(k)[labels], z)
    assert np.isfinite(value) and np.all(np.isfinite(grad))


@settings(max_examples=30, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 5), st.integers(2, 5)),  # softmax needs two units (tested in test_bad_input)
    name=st.sampled_from(ACTIVATIONS),
    scale=st.floats(0.0, 1000.0),
)
def test_activations_keep_shape_and_stay_finite(shape, name, scale):
    z = np.random.default_rng(0).standard_normal(shape) * scale
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        out = Activation(name)(z)
    assert out.shape == shape and np.all(np.isfinite(out))


@pytest.mark.parametrize("logit", [1000.0, -1000.0])
def test_binary_cross_entropy_at_extreme_logits_gives_no_warning(logit):
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        for y in (0.0, 1.0):
            value = BinaryCrossentropy(from_logits=True)(np.array([y]), np.array([[logit]]))
            assert np.isfinite(value)
        net = Network([Dense(1, activation="sigmoid", input_shape=(1,))], seed=0)
        net.layers[0].kernel[:] = logit
        assert np.isfinite(net.loss_and_gradients(np.ones((1, 1)), np.array([0.0]), "binary_crossentropy"))


# -- bad input -----------------------------------------------------------------------------------
def test_wrong_number_of_features_names_the_layer_and_both_counts():
    with pytest.raises(ValueError, match=r"^Dense\(4\): expected input with 3 features, got 5$"):
        Dense(4, input_shape=(3,))(np.ones((2, 5)))
    net = Network([Dense(4, input_shape=(3,)), Dense(1)])
    with pytest.raises(ValueError, match=r"Dense\(4\): expected input with 3 features, got 5"):
        net.forward(np.ones((2, 5)))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Dense(0), "units must be a positive integer"),
        (lambda: Dense(3, activation="relux"), "unknown activation 'relux'"),
        (lambda: Dense(3, input_shape=(8, 8)), "put Flatten"),
        (lambda: Network([Dense(3, input_shape=(2,)), "relu"]), "expected a layer"),
    ],
)
def test_bad_layer_arguments_are_named(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_nan_is_reported_with_the_layer_where_it_first_appeared():
    net = Network([Dense(3, activation="relu", input_shape=(2,)), Dense(2, activation="tanh"), Dense(1)], seed=0)
    net.layers[1].kernel[0, 0] = np.nan
    with pytest.raises(FloatingPointError, match=r"the kernel of layer 2, Dense\(2\), is no longer finite"):
        net.forward(np.ones((1, 2)))


def test_nan_in_the_input_is_named():
    with pytest.raises(ValueError, match="contains NaN"):
        Network([Dense(1, input_shape=(2,))]).forward(np.array([[np.nan, 1.0]]))


def test_divergence_during_training_names_the_layer():
    X, y = RNG.standard_normal((8, 2)) * 100, RNG.standard_normal(8) * 100
    net = Network([Dense(8, activation="relu", input_shape=(2,)), Dense(1)], seed=0)
    with pytest.raises(FloatingPointError, match="smaller"):
        with np.errstate(all="ignore"):
            net.train(X, y, loss="mse", lr=10.0, epochs=200)


@pytest.mark.parametrize(
    ("loss", "y", "message"),
    [
        ("categorical_crossentropy", np.array([0, 1, 2, 1]), "got integer labels of shape \\(4,\\); use sparse"),
        ("sparse_categorical_crossentropy", np.eye(3)[[0, 1, 2, 1]], "got one-hot labels .* use categorical"),
        ("sparse_categorical_crossentropy", np.array([0, 1, 3, 1]), "from 0 to 2 .* got values from 0 to 3"),
        ("sparse_categorical_crossentropy", np.array([0, 1, 2]), "X has 4 samples but y has 3 labels"),
        ("binary_crossentropy", np.array([0, 1, 2, 1]), "must lie in \\[0, 1\\]"),
    ],
)
def test_labels_that_do_not_fit_the_loss_are_named(loss, y, message):
    k = 1 if loss == "binary_crossentropy" else 3
    net = Network([Dense(k, activation="sigmoid" if k == 1 else "softmax", input_shape=(2,))])
    with pytest.raises(ValueError, match=message):
        net.loss_and_gradients(np.ones((4, 2)), y, loss)


def test_training_arguments_are_checked():
    net = Network([Dense(1, activation="sigmoid", input_shape=(2,))])
    X, y = np.ones((4, 2)), np.ones(4)
    with pytest.raises(ValueError, match="lr must be positive"):
        net.train(X, y, loss="binary_crossentropy", lr=-1)
    with pytest.raises(TypeError, match="epochs must be a whole number"):
        net.train(X, y, loss="binary_crossentropy", epochs=2.5)
    with pytest.raises(ValueError, match="X has 4 samples but y has 3"):
        net.train(X, y[:3], loss="binary_crossentropy")
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        net.train(X, y, loss="hinge")


def test_gradient_checking_flags_a_broken_backward_pass():
    net = Network([Dense(3, activation="tanh", input_shape=(2,)), Dense(1, activation="sigmoid")], seed=0)
    X, y = RNG.standard_normal((4, 2)), np.array([0.0, 1.0, 1.0, 0.0])
    layer = net.layers[0]
    original = layer.backward

    def no_activation_slope(grad, **kwargs):
        layer.activation = "linear"  # forget tanh's slope on the way back
        try:
            return original(grad, **kwargs)
        finally:
            layer.activation = "tanh"

    layer.backward = no_activation_slope
    rows = {r.parameter: r for r in check_network_gradients(net, X, y, "binary_crossentropy")}
    assert not rows["W1"].ok and not rows["b1"].ok and rows["W2"].ok and rows["b2"].ok
