"""Lesson 08's playground: choose a convolution's filter width, number of filters and stride, train
it for a few epochs on MNIST-1D, and see what its filters learned and what they find in a signal.

Introduced in lesson 08 (convolution).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnlib.datasets import load_mnist1d
from nnlib.layers import Conv1D, Dense, Flatten, MaxPooling1D, Reshape
from nnlib.models import Sequential
from nnlib.optimizers import Adam
from nnlib.plotting.convolution import plot_feature_maps

__all__ = ["build_conv_model", "conv_playground", "show_conv_layer"]

#: Epochs of training per setting: enough to compare settings, short enough to move a slider.
EPOCHS = 3


def build_conv_model(kernel_size: int, filters: int, strides: int, seed: int = 0) -> Sequential:
    """One convolution on a signal of 40, max pooling, and a softmax over the 10 digits.

    Examples
    --------
    >>> build_conv_model(5, 8, 1).count_params()  # 5 * 8 + 8 for the filters, 18 * 8 * 10 + 10 for Dense
    1498

    Introduced in lesson 08 (convolution).
    """
    return Sequential(
        [
            Reshape((40, 1), input_shape=(40,)),
            Conv1D(filters, kernel_size, strides=strides, activation="relu"),
            MaxPooling1D(2),
            Flatten(),
            Dense(10, activation="softmax"),
        ],
        seed=seed,
    )


def show_conv_layer(kernel_size: int = 5, filters: int = 8, strides: int = 1) -> float:
    """Train the one-convolution model for a few epochs (seed 0); draw its filters and feature maps.

    Returns
    -------
    float
        The accuracy on MNIST-1D's 1,000 test sequences.

    Examples
    --------
    >>> show_conv_layer(5, 8, 1)  # doctest: +SKIP

    Introduced in lesson 08 (convolution).
    """
    if (40 - kernel_size) // strides + 1 < 2:
        print(f"A filter of {kernel_size} with stride {strides} leaves fewer than 2 positions: nothing to pool.")
        return float("nan")
    (X, y), (X_test, y_test) = load_mnist1d()
    model = build_conv_model(kernel_size, filters, strides)
    model.compile(optimizer=Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(X, y, epochs=EPOCHS, batch_size=64, verbose=0)
    _, accuracy = model.evaluate(X_test, y_test)
    conv = model.layers[1]
    sample = X_test[:1]
    maps = conv(sample[:, :, None])[0]

    fig = plt.figure(figsize=(12, 4))
    grid = fig.add_gridspec(1, 2, width_ratios=(2, 3), wspace=0.25)
    left = fig.add_subplot(grid[0, 0])
    limit = np.abs(conv.kernel).max()
    left.imshow(conv.kernel[:, 0, :].T, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    left.set_xlabel("tap (position in the window)")
    left.set_ylabel("filter")
    left.set_title(f"{filters} learned filters of width {kernel_size}\n(red: positive weight, blue: negative)")
    plot_feature_maps(
        X_test[0],
        maps,
        kernel_size=kernel_size,
        strides=strides,
        ax=fig.add_subplot(grid[0, 1]),
        title=f"what they find in a test signal of digit {y_test[0]}, stride {strides}",
    )
    plt.show()
    print(
        f"Conv1D({filters}, {kernel_size}, strides={strides}): output length {maps.shape[0]}, "
        f"{conv.count_params()} weights in the filters, {model.count_params()} in the model. "
        f"Test accuracy after {EPOCHS} epochs: {accuracy:.1%}"
    )
    return float(accuracy)


def conv_playground() -> widgets.interactive:
    """Sliders for the filter width, the number of filters and the stride.

    Examples
    --------
    >>> conv_playground()  # doctest: +SKIP

    Introduced in lesson 08 (convolution).
    """
    return widgets.interactive(
        show_conv_layer,
        kernel_size=widgets.IntSlider(value=5, min=1, max=21, step=2, description="width", continuous_update=False),
        filters=widgets.IntSlider(value=8, min=1, max=32, description="filters", continuous_update=False),
        strides=widgets.IntSlider(value=1, min=1, max=5, description="stride", continuous_update=False),
    )
