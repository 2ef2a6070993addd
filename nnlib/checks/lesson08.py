"""Checks for lesson 08: parameter counts and output lengths (predictions), a convolution's forward
pass, "same" padding, its backward pass (derive then check), the max-pooling gradient (find the bug)
and what shuffling the positions does to each model (a prediction)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnlib.checks._core import Case, Prediction, check_predictions, run_cases
from nnlib.checks._core import predictions_made as predictions_made  # for the lesson's verify cells
from nnlib.conv_steps import conv1d_backward, conv1d_forward, max_pool_backward, pad_same

# ----------------------------------------------------------------------------- Exercise 8.1

_NO_BIAS = "each filter also has one bias, and it is learned too"
_PER_POSITION = (
    "that counts a separate filter for every position: a convolution uses the same filter at every position "
    "(weight sharing), so its weights are counted once"
)


def check_conv_parameter_counts(predict_parameter_counts: Callable) -> None:
    """Grade the predicted parameter counts of two Conv1D layers and a Dense layer (Exercise 8.1).

    The first layer is ``Conv1D(16, 5)`` on signals of shape (40, 1), the second ``Conv1D(16, 5)`` on
    the first one's output, the third a ``Dense`` layer from the 40 numbers to as many outputs as
    the first convolution gives (36 x 16 = 576), and the last the first ``Conv1D`` on signals of 400.

    Examples
    --------
    >>> check_conv_parameter_counts(lambda: {"conv": 96, "conv_2": 1296, "dense": 23616, "conv_long": 96})
    conv_parameter_counts: 4/4 checks passed
    """
    __tracebackhide__ = True
    predictions = [
        Prediction(
            "conv",
            "Conv1D(16, kernel_size=5) on signals of shape (40, 1)",
            96,
            "each filter has one weight per position of its window and per input channel, plus a bias",
            mistakes=(
                (80, _NO_BIAS),
                (96 * 36, _PER_POSITION),
                (40 * 16 + 16, "a filter reads kernel_size numbers at a time, not the whole signal"),
                (6, "there are 16 filters, each with its own weights and bias"),
                (5 * 16, _NO_BIAS),
            ),
            atol=0,
        ),
        Prediction(
            "conv_2",
            "a second Conv1D(16, kernel_size=5) on the first one's output, shape (36, 16)",
            1296,
            "its input has 16 channels now; each filter reads all of them in its window",
            mistakes=(
                (1280, _NO_BIAS),
                (96, "the input has 16 channels now (one per filter of the first layer): a window is 5 x 16 numbers"),
                (5 * 16 * 16 + 16 * 16, "one bias per filter, not one per filter and channel"),
                (1296 * 32, _PER_POSITION),
            ),
            atol=0,
        ),
        Prediction(
            "dense",
            "a Dense layer from the 40 numbers to 576 outputs (as many as the first Conv1D gives)",
            23616,
            "a Dense layer gives every output its own weight for every input, plus a bias per output",
            mistakes=(
                (23040, "each of the 576 outputs also has a bias"),
                (40 * 16 + 16, "576 outputs, not 16: one per position and filter of the convolution's output"),
                (96, "a Dense layer shares nothing: every output has its own weight for each of the 40 inputs"),
            ),
            atol=0,
        ),
        Prediction(
            "conv_long",
            "the first Conv1D(16, kernel_size=5) on signals ten times longer, shape (400, 1)",
            96,
            "what does a filter's size depend on: the window, or the signal?",
            mistakes=(
                (960, "the filter is the same size whatever the signal's length: it only slides further"),
                (96 * 396, _PER_POSITION),
            ),
            atol=0,
        ),
    ]
    check_predictions("conv_parameter_counts", predict_parameter_counts, predictions)


# ----------------------------------------------------------------------------- Exercise 8.2

_STRIDE_IGNORED = "with strides=2 the filter jumps two positions at a time, so only every second window is kept"
_COUNT_STARTS = (
    "off by one: count the start positions of the windows, the first (0) and the last one that still fits both included"
)


def check_output_lengths(predict_output_lengths: Callable) -> None:
    """Grade the predicted output lengths for a signal of 40 (Exercise 8.2).

    Examples
    --------
    >>> right = {"valid": 36, "strided": 18, "same": 40, "same_strided": 20, "pooled": 18, "odd": 13}
    >>> check_output_lengths(lambda: right)
    output_lengths: 6/6 checks passed
    """
    __tracebackhide__ = True
    predictions = [
        Prediction(
            "valid",
            "Conv1D(16, 5) on a signal of 40, padding='valid'",
            36,
            "'valid' keeps only windows that fit inside the signal: where can the last one start?",
            mistakes=(
                (35, _COUNT_STARTS),
                (
                    37,
                    "off by one: a window of 5 starting at 36 would need positions 36 to 40, and 39 is the last",
                ),
                (40, "'valid' adds no zeros: windows that stick out of the signal are not computed"),
                (8, "windows overlap: the filter moves one position at a time (strides=1), not a whole window"),
            ),
            atol=0,
        ),
        Prediction(
            "strided",
            "Conv1D(16, 5, strides=2) on a signal of 40, padding='valid'",
            18,
            "the windows start at 0, 2, 4, ...; which is the last start that still fits?",
            mistakes=(
                (36, _STRIDE_IGNORED),
                (20, "40 / 2 counts windows that stick out of the signal; with 'valid' the last one must fit"),
                (17, _COUNT_STARTS),
                (19, "off by one: a window starting at 36 would need position 40, and 39 is the last"),
            ),
            atol=0,
        ),
        Prediction(
            "same",
            "Conv1D(16, 5, padding='same') on a signal of 40",
            40,
            "'same' adds zeros at both ends, as many as needed so that no position is lost",
            mistakes=(
                (36, "that is 'valid': 'same' pads the signal so that the output keeps its length"),
                (44, "the zeros are added to the input; the output has one value per position of the original"),
            ),
            atol=0,
        ),
        Prediction(
            "same_strided",
            "Conv1D(16, 5, strides=2, padding='same') on a signal of 40",
            20,
            "'same' gives an output for every strides-th position of the signal",
            mistakes=(
                (40, _STRIDE_IGNORED),
                (18, "that is 'valid': with 'same' the zeros let the windows reach every second position"),
            ),
            atol=0,
        ),
        Prediction(
            "pooled",
            "MaxPooling1D(2) after the 'valid' Conv1D(16, 5) of the first prediction",
            18,
            "pooling takes blocks of pool_size positions that do not overlap (its strides default to pool_size)",
            mistakes=(
                (35, "pooling windows do not overlap: by default they move pool_size positions at a time"),
                (20, "pooling comes after the convolution: it halves the convolution's output, not the signal"),
                (72, "pooling shrinks: one output per block of 2"),
                (17, "36 is even, so no position is left over"),
            ),
            atol=0,
        ),
        Prediction(
            "odd",
            "Conv1D(16, 4, strides=3) on a signal of 40, padding='valid'",
            13,
            "list the start positions 0, 3, 6, ... up to the last one whose window of 4 still fits",
            mistakes=(
                (12, _COUNT_STARTS),
                (14, "40 / 3 rounded up counts a window that sticks out: the last window must end by position 39"),
                (37, "with strides=3 only every third window is kept"),
            ),
            atol=0,
        ),
    ]
    check_predictions("output_lengths", predict_output_lengths, predictions)


# ----------------------------------------------------------------------------- Exercise 8.3


def _signal(values: list[float]) -> np.ndarray:
    return np.asarray(values, dtype=float).reshape(1, -1, 1)


def check_conv1d_forward(conv1d_forward_fn: Callable) -> None:
    """Check a learner's ``conv1d_forward(X, kernel, bias, strides)`` (Exercise 8.3).

    Examples
    --------
    >>> check_conv1d_forward(conv1d_forward)
    conv1d_forward: 6/6 checks passed
    """
    __tracebackhide__ = True

    def case(what, X, kernel, bias, strides, hint):
        X, kernel, bias = (np.asarray(a, dtype=float) for a in (X, kernel, bias))
        size = kernel.shape[0]
        right = conv1d_forward(X, kernel, bias, strides)
        mistakes = [
            (conv1d_forward(X, kernel[::-1], bias, strides), _FLIPPED),
            (right - bias + bias.sum(), _BIAS_SUMMED),
            (conv1d_forward(X, kernel, np.zeros_like(bias), strides), "the bias is missing: add each filter's bias"),
            (right[:, :-1], _ONE_SHORT),
            ((right - bias) / (size * kernel.shape[1]) + bias, "multiply and add up over the window: no average"),
        ]
        if strides > 1:
            mistakes.append((conv1d_forward(X, kernel, bias, 1), _FORWARD_STRIDE_IGNORED))
            ignored = conv1d_forward(X, kernel, bias, 1)
            mistakes.append((ignored[:, 1::strides], "the windows start at positions 0, strides, 2 strides, ..."))
            mistakes.append((ignored[:, : right.shape[1]], "keep every strides-th window, not the first few"))
        if kernel.shape[1] > 1:
            mistakes.append((conv1d_forward(X[:, :, :1], kernel[:, :1], bias, strides), _ONE_CHANNEL))
        inputs = {"X": X, "kernel": kernel, "bias": bias, "strides": strides}
        return Case(what, inputs, right, hint, mistakes=tuple(mistakes))

    rng = np.random.default_rng(8)
    cases = [
        case(
            "one signal, one channel, one filter, no bias: a single spike",
            _signal([0, 0, 1, 0, 0, 0]),
            np.array([1.0, 2.0, 3.0]).reshape(3, 1, 1),
            np.zeros(1),
            1,
            "output o is the window starting at position o times the kernel, added up; the result has shape "
            "(n_samples, out_length, filters)",
        ),
        case(
            "an input of zeros: only the biases are left",
            np.zeros((2, 5, 1)),
            rng.normal(size=(3, 1, 2)),
            np.array([0.5, -1.0]),
            1,
            "with zero input every output of filter f is its bias",
        ),
        case(
            "two channels: a filter reads both",
            rng.normal(size=(1, 5, 2)),
            rng.normal(size=(2, 2, 1)),
            np.zeros(1),
            1,
            "a window holds kernel_size positions of every channel; all of them are multiplied and added up",
        ),
        case(
            "strides=2",
            _signal([1, 2, 3, 4, 5, 6, 7]),
            np.array([1.0, 0.0, -1.0]).reshape(3, 1, 1),
            np.zeros(1),
            2,
            "keep the windows that start at 0, 2, 4, ...: (7 - 3) // 2 + 1 = 3 of them",
        ),
        case(
            "a batch of three signals with two channels, four filters, strides=3",
            rng.normal(size=(3, 11, 2)),
            rng.normal(size=(4, 2, 4)),
            rng.normal(size=4),
            3,
            "every sample and every filter at once; check the shape first",
        ),
        case(
            "a kernel as long as the signal: one output per filter",
            rng.normal(size=(2, 4, 3)),
            rng.normal(size=(4, 3, 2)),
            rng.normal(size=2),
            1,
            "a window of 4 fits exactly once in a signal of 4",
        ),
    ]
    run_cases("conv1d_forward", conv1d_forward_fn, cases)


_FLIPPED = (
    "the kernel is flipped: that is the convolution of signal processing (np.convolve). Deep-learning layers "
    "slide the kernel as it is (a cross-correlation): kernel[0] meets the first position of each window"
)
_ONE_SHORT = "one output is missing at the end: the last window that fits starts at length - kernel_size"
_BIAS_SUMMED = "every filter gets only its own bias, not the sum of all biases"
_FORWARD_STRIDE_IGNORED = (
    "the stride is ignored: with strides=2 only every second window (starting at 0, 2, 4, ...) is computed"
)
_ONE_CHANNEL = "only the first channel is used: a filter has weights for every channel, and all of them add up"

# ----------------------------------------------------------------------------- Exercise 8.4


def check_pad_same(pad_same_fn: Callable) -> None:
    """Check a learner's ``pad_same(X, kernel_size, strides)`` (Exercise 8.4).

    Examples
    --------
    >>> check_pad_same(pad_same)
    pad_same: 5/5 checks passed
    """
    __tracebackhide__ = True

    def case(what, X, kernel_size, strides, hint):
        X = np.asarray(X, dtype=float)
        right = pad_same(X, kernel_size, strides)
        total = right.shape[1] - X.shape[1]
        before = total // 2
        mistakes = []
        if strides > 1:
            k = kernel_size - 1
            mistakes.append((np.pad(X, ((0, 0), (k // 2, k - k // 2), (0, 0))), _PAD_STRIDE_IGNORED))
        mistakes += [
            (np.pad(X, ((0, 0), (total - before, before), (0, 0))), _WRONG_SIDE),
            (np.pad(X, ((0, 0), (kernel_size - 1, kernel_size - 1), (0, 0))), _BOTH_SIDES_FULL),
            (
                np.pad(X, ((0, 0), (before, total - before), (0, 0)), mode="edge"),
                "pad with zeros, not copies of the edge",
            ),
        ]
        if kernel_size % 2 == 0:
            mistakes.append((np.pad(X, ((0, 0), (kernel_size // 2, kernel_size // 2), (0, 0))), _HALF_EACH_SIDE))
        inputs = {"X": X, "kernel_size": kernel_size, "strides": strides}
        return Case(what, inputs, right, hint, atol=0, rtol=0, mistakes=tuple(mistakes))

    rng = np.random.default_rng(4)
    cases = [
        case(
            "kernel 3, strides 1: one zero at each end",
            _signal([1, 2, 3, 4]),
            3,
            1,
            "pad along the length (axis 1) only, with zeros, so that a 'valid' convolution gives back 4 outputs",
        ),
        case(
            "kernel 4, strides 1: an odd number of zeros",
            _signal([1, 2, 3, 4, 5]),
            4,
            1,
            "3 zeros in all; Keras puts the odd one at the end",
        ),
        case(
            "kernel 1 needs no padding",
            rng.normal(size=(2, 3, 2)),
            1,
            1,
            "a window of 1 fits at every position already",
        ),
        case(
            "kernel 5, strides 2, length 8: 4 outputs are wanted",
            _signal([1, 2, 3, 4, 5, 6, 7, 8]),
            5,
            2,
            "the windows start at 0, 2, 4, 6 (after padding) and the last must fit: how long is the padded signal?",
        ),
        case(
            "a batch with channels, kernel 4, strides 3, length 10",
            rng.normal(size=(3, 10, 2)),
            4,
            3,
            "ceil(10 / 3) = 4 windows, starting 3 apart, each 4 long; pad only axis 1",
        ),
    ]
    run_cases("pad_same", pad_same_fn, cases)


_WRONG_SIDE = (
    "the odd zero is at the start: Keras (and TensorFlow) put the smaller half before the signal and the larger "
    "half after it"
)
_BOTH_SIDES_FULL = "too many zeros: kernel_size - 1 zeros in all, shared between the two ends (for strides=1)"
_HALF_EACH_SIDE = "kernel_size // 2 zeros at each end is one too many for an even kernel: count the total first"
_PAD_STRIDE_IGNORED = (
    "with strides > 1 fewer zeros are needed: the output has ceil(length / strides) positions, and the last "
    "window, which starts at (outputs - 1) * strides, must fit"
)

# ----------------------------------------------------------------------------- Exercise 8.5


def _overwritten_dX(X, kernel, d_out, strides, *, by="tap"):
    """dX with '=' instead of '+=': every input position keeps only the last share written to it."""
    size = kernel.shape[0]
    n, positions, _ = d_out.shape
    d_windows = (d_out @ kernel.reshape(-1, kernel.shape[2]).T).reshape(n, positions, size, -1)
    dX = np.zeros_like(X)
    if by == "tap":
        last = strides * (positions - 1) + 1
        for j in range(size):
            dX[:, j : j + last : strides] = d_windows[:, :, j]
    else:
        for o in range(positions):
            dX[:, o * strides : o * strides + size] = d_windows[:, o]
    return dX


def _stride_ignored_dX(X, kernel, d_out):
    size = kernel.shape[0]
    n, positions, _ = d_out.shape
    d_windows = (d_out @ kernel.reshape(-1, kernel.shape[2]).T).reshape(n, positions, size, -1)
    dX = np.zeros_like(X)
    for j in range(size):
        dX[:, j : j + positions] += d_windows[:, :, j]
    return dX


def check_conv1d_backward(conv1d_backward_fn: Callable) -> None:
    """Check a learner's ``conv1d_backward(X, kernel, d_out, strides)`` returning (dX, d_kernel, d_bias) (Exercise 8.5).

    Examples
    --------
    >>> check_conv1d_backward(conv1d_backward)
    conv1d_backward: 6/6 checks passed
    """
    __tracebackhide__ = True

    def case(what, X, kernel, d_out, strides, hint):
        X, kernel, d_out = (np.asarray(a, dtype=float) for a in (X, kernel, d_out))
        dX, d_kernel, d_bias = conv1d_backward(X, kernel, d_out, strides)
        n, positions = d_out.shape[:2]
        mistakes = [
            ((_overwritten_dX(X, kernel, d_out, strides), d_kernel, d_bias), _OVERWRITTEN),
            ((_overwritten_dX(X, kernel, d_out, strides, by="position"), d_kernel, d_bias), _OVERWRITTEN),
            ((conv1d_backward(X, kernel[::-1], d_out, strides)[0], d_kernel, d_bias), _DX_FLIPPED),
            ((dX, d_kernel[::-1], d_bias), _DK_FLIPPED),
            ((dX, d_kernel / n, d_bias / n), _AVERAGED),
            ((dX, d_kernel / n, d_bias), _AVERAGED),
            ((dX, d_kernel, d_bias / n), _AVERAGED),
            ((dX, d_kernel, d_bias / (n * positions)), _BIAS_MEAN),
            ((dX, d_kernel / (n * positions), d_bias / (n * positions)), _BIAS_MEAN),
        ]
        if strides > 1:
            mistakes.append(((_stride_ignored_dX(X, kernel, d_out), d_kernel, d_bias), _BACKWARD_STRIDE_IGNORED))
        inputs = {"X": X, "kernel": kernel, "d_out": d_out, "strides": strides}
        return Case(what, inputs, (dX, d_kernel, d_bias), hint, mistakes=tuple(mistakes))

    rng = np.random.default_rng(5)
    cases = [
        case(
            "one signal, a kernel of 2 ones, every output's gradient 1",
            _signal([0, 1, 2, 3, 4]),
            np.ones((2, 1, 1)),
            np.ones((1, 4, 1)),
            1,
            "return (dX, d_kernel, d_bias), each shaped like what it is the gradient of",
        ),
        case(
            "only the first output has a gradient",
            _signal([1, 2, 3, 4]),
            np.array([2.0, -1.0, 0.5]).reshape(3, 1, 1),
            np.array([1.0, 0.0]).reshape(1, 2, 1),
            1,
            "output 0 was made from window 0 only: inputs 0..2 times the kernel. Its gradient goes back along the "
            "same three multiplications",
        ),
        case(
            "two samples: the kernel and bias are shared by both",
            rng.normal(size=(2, 5, 1)),
            rng.normal(size=(2, 1, 1)),
            rng.normal(size=(2, 4, 1)),
            1,
            "the kernel and bias were used for every sample and at every position",
        ),
        case(
            "two channels, three filters",
            rng.normal(size=(1, 6, 2)),
            rng.normal(size=(3, 2, 3)),
            rng.normal(size=(1, 4, 3)),
            1,
            "dX[n, i, c] collects, from every window that covered position i, every filter's gradient times "
            "the weight that met it",
        ),
        case(
            "strides=2",
            rng.normal(size=(1, 7, 1)),
            rng.normal(size=(3, 1, 1)),
            rng.normal(size=(1, 3, 1)),
            2,
            "window o starts at o * strides: its gradient goes back to the positions it read",
        ),
        case(
            "a batch of three, two channels, four filters, strides=3",
            rng.normal(size=(3, 11, 2)),
            rng.normal(size=(4, 2, 4)),
            rng.normal(size=(3, 3, 4)),
            3,
            "run the gradient table below to see which of the three gradients is off",
        ),
    ]
    run_cases("conv1d_backward", conv1d_backward_fn, cases)


_OVERWRITTEN = (
    "dX (the first value) is overwritten, not accumulated: an input position inside several overlapping windows "
    "gets a share from each of them, and the shares add up"
)
_DX_FLIPPED = (
    "dX uses the kernel back to front: the gradient goes back through the same weight that met that position "
    "in the forward pass"
)
_DK_FLIPPED = "d_kernel is back to front: kernel[j] multiplied the position j places into each window"
_AVERAGED = (
    "the gradients are averaged over the batch: d_out already holds the cost's gradient (the 1/n of a mean cost "
    "is inside it), so the shares of all samples are added, as for a Dense layer's kernel"
)
_BIAS_MEAN = "averaged over samples and positions: every use of the bias adds its share, so add them up"
_BACKWARD_STRIDE_IGNORED = (
    "dX ignores the stride: window o started at position o * strides, so its gradient goes back there"
)

# ----------------------------------------------------------------------------- Exercise 8.6


def check_max_pool_backward(max_pool_backward_fn: Callable) -> None:
    """Check a learner's ``max_pool_backward(X, d_out, pool_size)`` (Exercise 8.6).

    Examples
    --------
    >>> check_max_pool_backward(max_pool_backward)
    max_pool_backward: 5/5 checks passed
    """
    __tracebackhide__ = True

    def case(what, X, d_out, pool_size, hint, extra=()):
        X, d_out = np.asarray(X, dtype=float), np.asarray(d_out, dtype=float)
        right = max_pool_backward(X, d_out, pool_size)
        positions = d_out.shape[1]
        spread = np.zeros_like(X)
        spread[:, : positions * pool_size] = np.repeat(d_out, pool_size, axis=1)
        windows = X[:, : positions * pool_size].reshape(X.shape[0], positions, pool_size, X.shape[2])
        at_min = np.zeros_like(X)
        lowest = windows.argmin(axis=2)[:, :, None, :] == np.arange(pool_size)[None, None, :, None]
        at_min[:, : positions * pool_size] = (lowest * d_out[:, :, None, :]).reshape(X.shape[0], -1, X.shape[2])
        mistakes = (
            (spread, _EVERY_POSITION),
            (spread / pool_size, _AVERAGE_POOLING),
            (at_min, "the gradient went to the smallest value of each block: it belongs to the largest"),
            (right * X, "the gradient is passed on as it is: max only chooses where it goes, it does not scale it"),
            *extra,
        )
        inputs = {"X": X, "d_out": d_out, "pool_size": pool_size}
        return Case(what, inputs, right, hint, mistakes=mistakes)

    tie = _signal([4, 4, 1, 2])
    both_maxima = np.array([10.0, 10.0, 0.0, 20.0]).reshape(1, 4, 1)
    rng = np.random.default_rng(6)
    cases = [
        case(
            "one signal, blocks of 2",
            _signal([1, 3, 2, 0]),
            np.array([10.0, 20.0]).reshape(1, 2, 1),
            2,
            "output 0 was 3, copied from position 1: only that position can change it",
        ),
        case(
            "a length that is not a multiple of pool_size",
            _signal([5, 1, 0, 2, 7]),
            np.array([1.0, -1.0]).reshape(1, 2, 1),
            2,
            "the last position was in no block, so no output depends on it: its gradient is 0",
        ),
        case(
            "two channels pool separately",
            rng.normal(size=(2, 6, 2)),
            rng.normal(size=(2, 3, 2)),
            2,
            "each channel has its own maximum in every block",
        ),
        case("blocks of 3", rng.normal(size=(1, 9, 1)), rng.normal(size=(1, 3, 1)), 3, "look at blocks of 3"),
        case(
            "a tie: two equal maxima in a block",
            tie,
            np.array([10.0, 20.0]).reshape(1, 2, 1),
            2,
            "the output copied one value; as np.argmax does, take the first of equal maxima",
            extra=((both_maxima, _TIE),),
        ),
    ]
    run_cases("max_pool_backward", max_pool_backward_fn, cases)


_EVERY_POSITION = (
    "the gradient went to every position of its block: only the largest value reached the output, so only it "
    "can change the output (the others get 0)"
)
_TIE = (
    "both equal maxima got the gradient, but the output copied only one of them: send it to the first, as "
    "np.argmax would pick it"
)
_AVERAGE_POOLING = (
    "the gradient was shared out evenly over the block: that is average pooling's gradient; max pooling's output "
    "depends on one position only"
)

# ----------------------------------------------------------------------------- Exercise 8.7

_REORDERED_INPUTS = (
    "a fixed shuffle only renumbers the inputs: a layer that gives every input position its own weight can learn "
    "the same weights in the new order, and never used which positions are neighbours"
)


def check_shuffle_predictions(predict_shuffle: Callable) -> None:
    """Grade the predictions of what shuffling the 40 positions does to each model (Exercise 8.7).

    Examples
    --------
    >>> check_shuffle_predictions(lambda: {"logistic": "same", "mlp": "same", "cnn": "drops"})
    shuffle_predictions: 3/3 checks passed
    """
    __tracebackhide__ = True
    choice = "answer 'same' (within a couple of points) or 'drops' (loses much accuracy)"
    predictions = [
        Prediction(
            "logistic",
            "logistic regression on shuffled positions",
            "same",
            choice,
            mistakes=(("drops", _REORDERED_INPUTS),),
        ),
        Prediction("mlp", "the MLP on shuffled positions", "same", choice, mistakes=(("drops", _REORDERED_INPUTS),)),
        Prediction(
            "cnn",
            "the CNN on shuffled positions",
            "drops",
            choice,
            mistakes=(
                (
                    "same",
                    "a filter reads neighbouring positions together and its pattern is the same at every position: "
                    "after the shuffle, neighbours are unrelated numbers",
                ),
            ),
        ),
    ]
    check_predictions("shuffle_predictions", predict_shuffle, predictions)
