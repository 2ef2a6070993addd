"""Training speed and accuracy of nnlib against scikit-learn's MLPClassifier and PyTorch (CPU).

Three cases, with the same data, split, architecture, optimizer and batch size for every framework:

1. **digits**: scikit-learn's 8x8 handwritten digits (1,797 images, bundled, offline), a
   stratified 80/20 train/test split, 64-128-10 ReLU/softmax, Adam (learning rate 1e-3), batch 32,
   20 epochs. Milliseconds per epoch and test accuracy.
2. **mnist-shaped**: 60,000 x 784 synthetic float32 images in [0, 1] (ten fixed random stroke
   patterns plus noise; 10,000 more to test on), 784-128-10, Adam 1e-3, batch 128, one epoch.
   In the same run, the **floor**: an epoch of only the matrix products this network needs
   (:func:`run_floor`); nnlib's time divided by it is the overhead of everything else.
3. **mnist1d**: lesson 08's small convolutional network on MNIST-1D (the paper's 4,000 / 1,000
   split, generated offline), nnlib against PyTorch only (scikit-learn has no convolution), with
   the recipe in ``MNIST1D_CNN`` (3 seeds; PyTorch takes about a second per epoch here); then one
   Conv1D layer's forward and backward pass timed alone.

The frameworks run interleaved (nnlib, scikit-learn, PyTorch, then again) so that a busy machine
slows them all alike; each time is the median of the repeats, and each accuracy the mean over
the repeats, which use seeds 0, 1, 2, ... (the same seed for every framework in a repeat).
PyTorch is optional: without it, its rows are skipped. Run from the repository's root::

    python benchmarks/benchmark.py                   # every case, 5 repeats (MNIST-1D: 3)
    python benchmarks/benchmark.py --quick           # fewer repeats
    python benchmarks/benchmark.py --case mnist1d    # one case

This is a script, not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np

from nnlib.layers import Dense
from nnlib.models import Sequential


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X = (digits.data / 16.0).astype(np.float32)
    return train_test_split(X, digits.target, test_size=0.2, random_state=0, stratify=digits.target)


def mnist_shaped(n: int = 60_000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic 28x28 "digits": ten fixed random stroke patterns, each sample one of them plus noise."""
    patterns = np.random.default_rng(12345).random((10, 784), dtype=np.float32) > 0.8
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, n)
    X = np.where(patterns[y], 0.6, 0.0).astype(np.float32)
    X += rng.random((n, 784), dtype=np.float32) * 0.5
    return np.minimum(X, 1.0, out=X), y


# -- one training run per framework: returns (seconds per epoch, test accuracy) -----------------


def run_nnlib(X, y, X_test, y_test, hidden, batch_size, epochs, seed=0, optimizer="adam"):
    model = Sequential(
        [Dense(hidden, activation="relu", input_shape=(X.shape[1],)), Dense(10, activation="softmax")], seed=seed
    )
    # no training metrics: PyTorch's and scikit-learn's loops compute none either
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    start = time.perf_counter()
    model.fit(X, y, epochs=epochs, batch_size=batch_size, verbose=0)
    seconds = (time.perf_counter() - start) / epochs
    return seconds, float(np.mean(model.predict(X_test).argmax(axis=1) == y_test))


def run_nnlib_sgd(X, y, X_test, y_test, hidden, batch_size, epochs, seed=0):
    """nnlib with plain SGD instead of Adam: everything but the optimizer's arithmetic, against the floor.

    Adam reads and writes every parameter about twelve times a step (its two averages, the square
    root, the division); NumPy runs each of those as a separate pass, which no ordering of the
    same arithmetic avoids. This row shows what the rest of nnlib costs above the matrix products.
    """
    from nnlib.optimizers import SGD

    return run_nnlib(X, y, X_test, y_test, hidden, batch_size, epochs, seed, optimizer=SGD(0.1))


def run_floor(X, y, X_test, y_test, hidden, batch_size, epochs, seed=0):
    """The floor: an epoch of only the matrix products a 784-128-10 network needs, nothing else.

    Per batch: the two forward products, the two weight gradients and the hidden layer's input
    gradient (the first layer's input gradient is never needed), on contiguous batches, into
    buffers allocated once. No activation, loss, optimizer or data gathering: whatever nnlib
    spends beyond this is overhead. Its "accuracy" is reported as NaN.
    """
    rng = np.random.default_rng(seed)
    n_in, n_out = X.shape[1], 10
    W1 = rng.standard_normal((n_in, hidden), dtype=np.float32) * 0.01
    W2 = rng.standard_normal((hidden, n_out), dtype=np.float32) * 0.01
    Z1 = np.empty((batch_size, hidden), np.float32)
    Z2 = np.empty((batch_size, n_out), np.float32)
    dW1, dW2 = np.empty_like(W1), np.empty_like(W2)
    dA1 = np.empty_like(Z1)
    n = X.shape[0]
    start = time.perf_counter()
    for _ in range(epochs):
        for first in range(0, n, batch_size):
            batch = X[first : first + batch_size]
            m = batch.shape[0]
            z1, z2, da1 = Z1[:m], Z2[:m], dA1[:m]
            np.matmul(batch, W1, out=z1)
            np.matmul(z1, W2, out=z2)
            np.matmul(z1.T, z2, out=dW2)
            np.matmul(z2, W2.T, out=da1)
            np.matmul(batch.T, da1, out=dW1)
    seconds = (time.perf_counter() - start) / epochs
    return seconds, float("nan")


def run_sklearn(X, y, X_test, y_test, hidden, batch_size, epochs, seed=0):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        activation="relu",
        solver="adam",
        alpha=0.0,
        learning_rate_init=1e-3,
        batch_size=batch_size,
        max_iter=epochs,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        shuffle=True,
        random_state=seed,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    seconds = (time.perf_counter() - start) / epochs
    return seconds, float(np.mean(model.predict(X_test) == y_test))


def run_torch(X, y, X_test, y_test, hidden, batch_size, epochs, seed=0):
    import torch

    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
    return train_torch(model, X, y, X_test, y_test, 1e-3, batch_size, epochs, seed)


def train_torch(model, X, y, X_test, y_test, learning_rate, batch_size, epochs, seed):
    """PyTorch's training loop for both cases: Adam (Keras's epsilon), shuffled mini-batches, cross-entropy.

    Returns seconds per epoch and test accuracy, as the other runners do.
    """
    import torch

    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate, eps=1e-7)
    criterion = torch.nn.CrossEntropyLoss()
    inputs, targets = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))
    n = inputs.shape[0]
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        for first in range(0, n, batch_size):
            rows = order[first : first + batch_size]
            optimizer.zero_grad(set_to_none=True)
            criterion(model(inputs[rows]), targets[rows]).backward()
            optimizer.step()
    seconds = (time.perf_counter() - start) / epochs
    with torch.no_grad():
        predicted = model(torch.from_numpy(X_test)).argmax(dim=1).numpy()
    return seconds, float(np.mean(predicted == y_test))


def torch_with_threads(threads, runner=None):
    """``runner`` (default ``run_torch``) with PyTorch limited to ``threads`` threads (its default is one per core)."""

    def run(*args, **kwargs):
        import torch

        before = torch.get_num_threads()
        torch.set_num_threads(threads)
        try:
            return (runner or run_torch)(*args, **kwargs)
        finally:
            torch.set_num_threads(before)

    return run


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


#: The name of the floor's row in the tables.
FLOOR = "matrix products only (floor)"
#: The row of nnlib with plain SGD (the MNIST-shaped case).
NNLIB_SGD = "nnlib with plain SGD instead of Adam"


def compare(name, data, hidden, batch_size, epochs, repeats, runners):
    X, X_test, y, y_test = data
    times = {key: [] for key in runners}
    accuracy = {key: [] for key in runners}
    for repeat in range(repeats):  # each repeat uses another seed, the same for every framework
        for key, runner in runners.items():
            seconds, acc = runner(X, y, X_test, y_test, hidden, batch_size, epochs, seed=repeat)
            times[key].append(seconds)
            accuracy[key].append(acc)
    return {key: (statistics.median(times[key]) * 1000, statistics.mean(accuracy[key])) for key in runners}


def print_table(title, results):
    base = results["nnlib"][0]
    print(f"\n{title}")
    print("| framework | ms per epoch | nnlib's time as a fraction of it | test accuracy |")
    print("|---|---:|---:|---:|")
    for key, (ms, acc) in results.items():
        ratio = "1" if key == "nnlib" else f"{base / ms:.2f}x"
        shown = "-" if np.isnan(acc) else f"{acc:.1%}"
        print(f"| {key} | {ms:.1f} | {ratio} | {shown} |")
    fastest_torch = min((ms for key, (ms, _) in results.items() if key.startswith("PyTorch")), default=None)
    summary = [f"nnlib / scikit-learn = {base / results['scikit-learn'][0]:.2f}"] if "scikit-learn" in results else []
    if FLOOR in results:
        summary.append(f"nnlib / matrix-product floor = {base / results[FLOOR][0]:.2f}")
    if FLOOR in results and NNLIB_SGD in results:
        summary.append(f"nnlib with SGD / floor = {results[NNLIB_SGD][0] / results[FLOOR][0]:.2f}")
    if fastest_torch is not None:
        summary.append(f"nnlib / fastest PyTorch = {base / fastest_torch:.2f}")
    print("; ".join(summary))


# -- MNIST-1D: a small convolutional network (lesson 08) -------------------------------------------

#: The recipe, the same for both frameworks: Glorot-uniform kernels and zero biases (Keras's
#: initialisation), Adam with the paper's learning rate and batch size, sparse categorical
#: cross-entropy, shuffled mini-batches.
MNIST1D_CNN = {"filters": 32, "learning_rate": 1e-2, "batch_size": 100, "epochs": 20}


def mnist1d_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The paper's MNIST-1D split (4,000 / 1,000 sequences of 40), in ``compare``'s order."""
    from nnlib.datasets import load_mnist1d

    (X, y), (X_test, y_test) = load_mnist1d()
    return X, X_test, y, y_test


def run_nnlib_cnn(X, y, X_test, y_test, filters, batch_size, epochs, seed=0):
    """nnlib: 40 -> Conv1D(filters, 5, same) -> max-pool 2 -> Conv1D(filters, 3, same) -> max-pool 2 -> Dense(10)."""
    from nnlib.layers import Conv1D, Flatten, MaxPooling1D, Reshape
    from nnlib.optimizers import Adam

    model = Sequential(
        [
            Reshape((X.shape[1], 1), input_shape=(X.shape[1],)),
            Conv1D(filters, 5, padding="same", activation="relu"),
            MaxPooling1D(2),
            Conv1D(filters, 3, padding="same", activation="relu"),
            MaxPooling1D(2),
            Flatten(),
            Dense(10, activation="softmax"),
        ],
        seed=seed,
    )
    model.compile(optimizer=Adam(MNIST1D_CNN["learning_rate"]), loss="sparse_categorical_crossentropy")
    start = time.perf_counter()
    model.fit(X, y, epochs=epochs, batch_size=batch_size, verbose=0)
    seconds = (time.perf_counter() - start) / epochs
    return seconds, float(np.mean(model.predict(X_test).argmax(axis=1) == y_test))


def run_torch_cnn(X, y, X_test, y_test, filters, batch_size, epochs, seed=0):
    """The same network and training in PyTorch (channels first, so the input gets its axis in the middle)."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    length = X.shape[1]
    model = nn.Sequential(
        nn.Conv1d(1, filters, 5, padding="same"),
        nn.ReLU(),
        nn.MaxPool1d(2),
        nn.Conv1d(filters, filters, 3, padding="same"),
        nn.ReLU(),
        nn.MaxPool1d(2),
        nn.Flatten(),
        nn.Linear(filters * (length // 4), 10),
    )
    for layer in model:
        if isinstance(layer, (nn.Conv1d, nn.Linear)):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    # channels first: the input gets its channel axis in the middle
    return train_torch(
        model, X[:, None, :], y, X_test[:, None, :], y_test, MNIST1D_CNN["learning_rate"], batch_size, epochs, seed
    )


def conv1d_timing(repeats: int, threads: list[int], n=128, length=40, channels=32, filters=32, kernel_size=5) -> None:
    """Milliseconds for one forward and backward pass of one convolution layer, nnlib against PyTorch."""
    from nnlib.layers import Conv1D

    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, length, channels), dtype=np.float32)
    layer = Conv1D(filters, kernel_size, input_shape=(length, channels))
    layer.build((length, channels), rng=0, dtype=np.float32)
    upstream = np.ones((n, length - kernel_size + 1, filters), dtype=np.float32)

    def nnlib_step():
        layer.forward(X)
        layer.backward(upstream)

    steps = {"nnlib": nnlib_step}
    if threads:
        import torch

        x = torch.from_numpy(X.transpose(0, 2, 1).copy()).requires_grad_()
        conv = torch.nn.Conv1d(channels, filters, kernel_size)
        grad = torch.from_numpy(upstream.transpose(0, 2, 1).copy())

        def torch_step(count):
            def step():
                torch.set_num_threads(count)
                x.grad = None
                conv.zero_grad(set_to_none=True)
                conv(x).backward(grad)

            return step

        for count in threads:
            steps[f"PyTorch ({count} thread{'s' * (count > 1)})"] = torch_step(count)
        before = torch.get_num_threads()
    times = {key: [] for key in steps}
    for _ in range(repeats):  # interleaved, so that a busy machine slows them alike
        for key, step in steps.items():
            step()
            start = time.perf_counter()
            for _ in range(20):
                step()
            times[key].append((time.perf_counter() - start) / 20 * 1000)
    if threads:
        torch.set_num_threads(before)
    base = statistics.median(times["nnlib"])
    print(
        f"\nConv1D forward + backward: batch {n} x {length} positions x {channels} channels, "
        f"{filters} filters, kernel {kernel_size}"
    )
    print("| framework | ms per forward + backward | nnlib's time as a fraction of it |")
    print("|---|---:|---:|")
    for key, values in times.items():
        ms = statistics.median(values)
        print(f"| {key} | {ms:.2f} | {'1' if key == 'nnlib' else f'{base / ms:.2f}x'} |")


def mnist1d_case(quick: bool) -> None:
    """Train the MNIST-1D CNN with nnlib and PyTorch (default threads and one), then time one Conv1D layer."""
    runners = {"nnlib": run_nnlib_cnn}
    threads = []
    if torch_available():
        import torch

        threads = sorted({1, torch.get_num_threads()}, reverse=True)
        for count in threads:
            label = "1 thread" if count == 1 else f"{count} threads, its default"
            runners[f"PyTorch ({label})"] = torch_with_threads(count, run_torch_cnn)
    recipe = MNIST1D_CNN
    data = mnist1d_split()
    results = compare(
        "mnist1d", data, recipe["filters"], recipe["batch_size"], recipe["epochs"], 1 if quick else 3, runners
    )
    print_table(
        f"MNIST-1D (4,000 / 1,000 x 40): Conv1D({recipe['filters']}, 5, same)-pool 2-"
        f"Conv1D({recipe['filters']}, 3, same)-pool 2-Dense(10), Adam {recipe['learning_rate']:g}, "
        f"batch {recipe['batch_size']}, {recipe['epochs']} epochs",
        results,
    )
    conv1d_timing(3 if quick else 7, threads)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--case", choices=["digits", "mnist", "mnist1d", "both", "all"], default="all")
    args = parser.parse_args(argv)
    runners = {"nnlib": run_nnlib, "scikit-learn": run_sklearn}
    if torch_available():
        import torch

        cores = torch.get_num_threads()
        runners[f"PyTorch ({cores} threads, its default)"] = torch_with_threads(cores)
        if cores > 1:
            runners["PyTorch (1 thread)"] = torch_with_threads(1)
        torch_version = torch.__version__
    else:
        torch_version = "not installed (skipped)"
    import sklearn

    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"PyTorch {torch_version}; {os.cpu_count()} CPU cores; {platform.processor() or platform.machine()}"
    )
    if args.case in ("digits", "both", "all"):
        results = compare("digits", digits_split(), 128, 32, 20, 3 if args.quick else 5, runners)
        print_table(
            "digits: 64-128-10, Adam 1e-3, batch 32, 20 epochs "
            "(time: median of the repeats; accuracy: mean over their seeds)",
            results,
        )
    if args.case in ("mnist", "both", "all"):
        X, y = mnist_shaped()
        X_test, y_test = mnist_shaped(10_000, seed=1)
        mnist_runners = {
            "nnlib": run_nnlib,
            FLOOR: run_floor,
            NNLIB_SGD: run_nnlib_sgd,
            **{k: v for k, v in runners.items() if k != "nnlib"},
        }
        results = compare("mnist", (X, X_test, y, y_test), 128, 128, 1, 2 if args.quick else 3, mnist_runners)
        print_table("MNIST-shaped (60,000 x 784, synthetic): 784-128-10, Adam 1e-3, batch 128, 1 epoch", results)
    if args.case in ("mnist1d", "all"):
        mnist1d_case(args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
