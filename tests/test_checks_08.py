"""Lesson 08's checks: the references pass, stubs read "not attempted", and each beginner's mistake,
written the way a beginner writes it, gets the hint that names it."""

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from nnlib.checks import CheckFailed, NotAttemptedError
from nnlib.checks.lesson08 import (
    check_conv1d_backward,
    check_conv1d_forward,
    check_conv_parameter_counts,
    check_max_pool_backward,
    check_output_lengths,
    check_pad_same,
    check_shuffle_predictions,
)
from nnlib.conv_steps import conv1d_backward, conv1d_forward, max_pool_backward, pad_same


def stub(*args, **kwargs):
    raise NotImplementedError


COUNTS = {"conv": 96, "conv_2": 1296, "dense": 23616, "conv_long": 96}
LENGTHS = {"valid": 36, "strided": 18, "same": 40, "same_strided": 20, "pooled": 18, "odd": 13}
SHUFFLE = {"logistic": "same", "mlp": "same", "cnn": "drops"}

RIGHT = {
    check_conv_parameter_counts: lambda: COUNTS,
    check_output_lengths: lambda: LENGTHS,
    check_conv1d_forward: conv1d_forward,
    check_pad_same: pad_same,
    check_conv1d_backward: conv1d_backward,
    check_max_pool_backward: max_pool_backward,
    check_shuffle_predictions: lambda: SHUFFLE,
}


@pytest.mark.parametrize("check", list(RIGHT), ids=lambda c: c.__name__)
def test_reference_passes_and_stub_is_not_attempted(check, capsys):
    check(RIGHT[check])
    assert "checks passed" in capsys.readouterr().out
    with pytest.raises(NotAttemptedError, match="not attempted yet"):
        check(stub)


def changed(answer, **changes):
    return lambda: {**answer, **changes}


@pytest.mark.parametrize(
    ("changes", "hint"),
    [
        ({"conv": 80}, "each filter also has one bias"),
        ({"conv": 3456}, "weight sharing"),
        ({"conv": 656}, "not the whole signal"),
        ({"conv_2": 96}, "16 channels now"),
        ({"conv_2": 1536}, "one bias per filter, not one per filter and channel"),
        ({"dense": 23040}, "also has a bias"),
        ({"conv_long": 960}, "only slides further"),
    ],
)
def test_parameter_count_mistakes_are_named(changes, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_conv_parameter_counts(changed(COUNTS, **changes))


@pytest.mark.parametrize(
    ("changes", "hint"),
    [
        ({"valid": 35}, "off by one: count the start positions"),
        ({"valid": 40}, "'valid' adds no zeros"),
        ({"strided": 36}, "only every second window is kept"),
        ({"strided": 20}, "the last one must fit"),
        ({"same": 36}, "that is 'valid'"),
        ({"same_strided": 40}, "only every second window is kept"),
        ({"pooled": 35}, "do not overlap"),
        ({"odd": 14}, "sticks out"),
    ],
)
def test_output_length_mistakes_are_named(changes, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_output_lengths(changed(LENGTHS, **changes))


# --- Exercise 8.3: forward passes as beginners write them -------------------------------------------


def windows(X, size, strides=1):
    return sliding_window_view(X, size, axis=1)[:, ::strides]  # (n, positions, channels, size)


def forward_flipped(X, kernel, bias, strides):
    return np.einsum("npcj,jcf->npf", windows(X, kernel.shape[0], strides), kernel[::-1]) + bias


def forward_no_bias(X, kernel, bias, strides):
    return np.einsum("npcj,jcf->npf", windows(X, kernel.shape[0], strides), kernel)


def forward_stride_ignored(X, kernel, bias, strides):
    return np.einsum("npcj,jcf->npf", windows(X, kernel.shape[0]), kernel) + bias


def forward_loop_one_short(X, kernel, bias, strides):
    size = kernel.shape[0]
    outputs = [
        np.einsum("njc,jcf->nf", X[:, start : start + size], kernel) + bias
        for start in range(0, X.shape[1] - size, strides)  # stops one window early
    ]
    return np.stack(outputs, axis=1)


def forward_first_channel(X, kernel, bias, strides):
    return np.einsum("npj,jf->npf", windows(X, kernel.shape[0], strides)[:, :, 0], kernel[:, 0]) + bias


def forward_bias_summed(X, kernel, bias, strides):
    return forward_no_bias(X, kernel, bias, strides) + bias.sum()


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (forward_flipped, "the kernel is flipped"),
        (forward_no_bias, "the bias is missing"),
        (forward_stride_ignored, "the stride is ignored"),
        (forward_loop_one_short, "one output is missing at the end"),
        (forward_first_channel, "only the first channel is used"),
        (forward_bias_summed, "only its own bias"),
    ],
    ids=lambda x: getattr(x, "__name__", "hint"),
)
def test_forward_mistakes_are_named(wrong, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_conv1d_forward(wrong)


# --- Exercise 8.4 --------------------------------------------------------------------------------


def pad_then(before_after):
    def pad(X, kernel_size, strides):
        total = max((-(-X.shape[1] // strides) - 1) * strides + kernel_size - X.shape[1], 0)
        return np.pad(X, ((0, 0), before_after(total), (0, 0)))

    return pad


def pad_k_minus_1(X, kernel_size, strides):
    k = kernel_size - 1
    return np.pad(X, ((0, 0), (k // 2, k - k // 2), (0, 0)))


def pad_half_each_side(X, kernel_size, strides):
    return np.pad(X, ((0, 0), (kernel_size // 2, kernel_size // 2), (0, 0)))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (pad_then(lambda total: (total - total // 2, total // 2)), "the odd zero is at the start"),
        (pad_half_each_side, "one too many for an even kernel"),
        (pad_k_minus_1, "with strides > 1 fewer zeros are needed"),
    ],
)
def test_padding_mistakes_are_named(wrong, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_pad_same(wrong)


# --- Exercise 8.5: backward passes as beginners write them --------------------------------------------


def backward_with(*, overwrite=False, average=False, stride_in_dX=True, flip_dX=False, bias_mean=False):
    def backward(X, kernel, d_out, strides):
        size = kernel.shape[0]
        n, positions, _ = d_out.shape
        win = windows(X, size, strides)  # (n, positions, channels, size)
        d_kernel = np.einsum("npcj,npf->jcf", win, d_out)
        d_bias = d_out.sum(axis=(0, 1))
        if average:
            d_kernel, d_bias = d_kernel / n, d_bias / n
        if bias_mean:
            d_bias = d_out.mean(axis=(0, 1))
        used = kernel[::-1] if flip_dX else kernel
        dX = np.zeros_like(X)
        for o in range(positions):
            start = o * strides if stride_in_dX else o
            share = np.einsum("nf,jcf->njc", d_out[:, o], used)
            if overwrite:
                dX[:, start : start + size] = share
            else:
                dX[:, start : start + size] += share
        return dX, d_kernel, d_bias

    return backward


def test_a_loop_over_positions_written_right_passes(capsys):
    check_conv1d_backward(backward_with())
    assert "6/6 checks passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "hint"),
    [
        ({"overwrite": True}, "overwritten, not accumulated"),
        ({"average": True}, "averaged over the batch"),
        ({"stride_in_dX": False}, "dX ignores the stride"),
        ({"flip_dX": True}, "dX uses the kernel back to front"),
        ({"bias_mean": True}, "averaged over samples and positions"),
    ],
    ids=str,
)
def test_backward_mistakes_are_named(options, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_conv1d_backward(backward_with(**options))


# --- Exercise 8.6: the broken max-pooling gradient and its near misses -------------------------------


def pool_blocks(X, pool_size):
    positions = X.shape[1] // pool_size
    return positions, X[:, : positions * pool_size].reshape(X.shape[0], positions, pool_size, X.shape[2])


def pool_every_position(X, d_out, pool_size):  # the lesson's broken version
    positions, _ = pool_blocks(X, pool_size)
    dX = np.zeros_like(X)
    dX[:, : positions * pool_size] = np.repeat(d_out, pool_size, axis=1)
    return dX


def pool_averaged(X, d_out, pool_size):
    return pool_every_position(X, d_out, pool_size) / pool_size


def pool_mask_of_maxima(X, d_out, pool_size):
    positions, blocks = pool_blocks(X, pool_size)
    mask = blocks == blocks.max(axis=2, keepdims=True)
    dX = np.zeros_like(X)
    dX[:, : positions * pool_size] = (mask * d_out[:, :, None, :]).reshape(X.shape[0], -1, X.shape[2])
    return dX


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (pool_every_position, "went to every position of its block"),
        (pool_averaged, "average pooling's gradient"),
        (pool_mask_of_maxima, "both equal maxima got the gradient"),
    ],
    ids=lambda x: getattr(x, "__name__", "hint"),
)
def test_max_pool_mistakes_are_named(wrong, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_max_pool_backward(wrong)


@pytest.mark.parametrize(
    ("changes", "hint"),
    [
        ({"mlp": "drops"}, "only renumbers the inputs"),
        ({"logistic": "drops"}, "only renumbers the inputs"),
        ({"cnn": "same"}, "neighbours are unrelated numbers"),
        ({"cnn": "maybe"}, "answer 'same'"),
    ],
)
def test_shuffle_mistakes_are_named(changes, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_shuffle_predictions(changed(SHUFFLE, **changes))


def test_hints_never_show_the_answer_code():
    from nnlib.checks import lesson08

    for name in dir(lesson08):
        if name.startswith("_") and isinstance(getattr(lesson08, name), str):
            text = getattr(lesson08, name)
            assert "sliding_window_view" not in text and "+=" not in text and "@" not in text


def test_every_lesson_08_check_is_exported_as_itself():
    """A check named like another lesson's (lesson 06 has check_parameter_counts) would be shadowed."""
    import nnlib.checks
    from nnlib.checks import lesson08

    names = [name for name in dir(lesson08) if name.startswith("check_") and name != "check_predictions"]
    assert names and all(getattr(nnlib.checks, name) is getattr(lesson08, name) for name in names)
