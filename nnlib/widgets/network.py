"""Lesson 05's playground, in the spirit of TensorFlow Playground: pick data and a network, train, look.

Introduced in lesson 05 (multi-layer networks and backpropagation).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from nnlib.datasets import make_moons, make_ring, make_spirals, make_xor_blobs, train_validation_split
from nnlib.layers import Dense
from nnlib.network import Network
from nnlib.plotting.network import plot_cost_curves, plot_decision_boundary

__all__ = ["DATASETS", "network_playground", "show_training"]

#: The playground's data sets: 200 seeded points each, two classes.
DATASETS = {
    "moons": lambda: make_moons(200, noise=0.2, rng=0),
    "spirals": lambda: make_spirals(200, noise=0.05, rng=0),
    "ring": lambda: make_ring(200, rng=0),
    "xor": lambda: make_xor_blobs(200, rng=0),
}


def build_network(hidden_units: int, hidden_layers: int, activation: str, seed: int = 0) -> Network:
    """A network for 2-D points: ``hidden_layers`` layers of ``hidden_units`` units, one sigmoid output.

    Examples
    --------
    >>> build_network(8, 2, "tanh").count_params()
    105

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    layers = [Dense(hidden_units, activation=activation, input_shape=(2,))]
    layers += [Dense(hidden_units, activation=activation) for _ in range(hidden_layers - 1)]
    return Network([*layers, Dense(1, activation="sigmoid")], seed=seed)


def show_training(
    hidden_units: int = 8,
    hidden_layers: int = 1,
    activation: str = "tanh",
    lr: float = 0.3,
    epochs: int = 300,
    dataset: str = "moons",
) -> float:
    """Train a fresh network (seed 0) on a 75 % training split and draw its boundary and cost curves.

    Returns
    -------
    float
        The accuracy on the held-out 25 %.

    Examples
    --------
    >>> show_training(4, 1, "tanh", 0.3, 50)  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    if dataset not in DATASETS:
        raise ValueError(f"show_training: unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
    X, y = DATASETS[dataset]()
    X_train, y_train, X_val, y_val = train_validation_split(X, y, 0.25, rng=1)
    net = build_network(hidden_units, hidden_layers, activation)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            log = net.train(
                X_train,
                y_train,
                loss="binary_crossentropy",
                lr=lr,
                epochs=epochs,
                batch_size=32,
                validation=(X_val, y_val),
            )
    except FloatingPointError as error:
        plt.close(fig)
        print(f"training diverged: {error}")
        return float("nan")
    accuracy = float(np.mean((net.forward(X_val)[:, 0] >= 0.5) == (y_val == 1)))
    train_accuracy = float(np.mean((net.forward(X_train)[:, 0] >= 0.5) == (y_train == 1)))
    limits = ((X[:, 0].min() - 0.4, X[:, 0].max() + 0.4), (X[:, 1].min() - 0.4, X[:, 1].max() + 0.4))
    title = f"{hidden_layers} × {hidden_units} {activation}, lr {lr:g}: {epochs} epochs"
    plot_decision_boundary(net.forward, X_train, y_train, ax=left, title=title, limits=limits, resolution=80)
    plot_cost_curves(log.loss, log.val_loss, ax=right, title="cost per epoch")
    fig.tight_layout()
    plt.show()
    print(
        f"{net.count_params()} parameters. Accuracy: {train_accuracy:.0%} on the training points (drawn), "
        f"{accuracy:.0%} on the {len(y_val)} held-out points."
    )
    return accuracy


def network_playground() -> widgets.interactive:
    """Sliders for hidden units, layers, learning rate and epochs; menus for activation and data set.

    Examples
    --------
    >>> network_playground()  # doctest: +SKIP

    Introduced in lesson 05 (multi-layer networks and backpropagation).
    """
    return widgets.interactive(
        show_training,
        hidden_units=widgets.IntSlider(value=8, min=1, max=32, description="units", continuous_update=False),
        hidden_layers=widgets.IntSlider(value=1, min=1, max=4, description="layers", continuous_update=False),
        activation=widgets.Dropdown(options=["tanh", "relu", "sigmoid"], value="tanh", description="activation"),
        lr=widgets.FloatLogSlider(
            value=0.3, base=10, min=-3, max=1, step=0.1, description="lr", continuous_update=False, readout_format=".3f"
        ),
        epochs=widgets.IntSlider(value=300, min=10, max=1000, step=10, description="epochs", continuous_update=False),
        dataset=widgets.Dropdown(options=list(DATASETS), value="moons", description="data"),
    )
