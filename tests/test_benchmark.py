"""The benchmark script still runs (a smoke test on tiny data: no timing is asserted)."""

import importlib.util

import numpy as np

from .conftest import ROOT


def load_benchmark():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "benchmarks" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_runners_and_table(capsys):
    benchmark = load_benchmark()
    X, y = benchmark.mnist_shaped(300, seed=0)
    X_test, y_test = benchmark.mnist_shaped(100, seed=1)
    assert X.dtype == np.float32 and X.shape == (300, 784) and 0 <= X.min() and X.max() <= 1
    runners = {
        "nnlib": benchmark.run_nnlib,
        benchmark.FLOOR: benchmark.run_floor,
        "scikit-learn": benchmark.run_sklearn,
    }
    results = benchmark.compare("tiny", (X, X_test, y, y_test), 16, 32, 2, 1, runners)
    for key, (seconds_ms, accuracy) in results.items():
        assert seconds_ms > 0 and (np.isnan(accuracy) if key == benchmark.FLOOR else 0 <= accuracy <= 1)
    benchmark.print_table("tiny", results)
    out = capsys.readouterr().out
    assert "| nnlib |" in out and "nnlib / scikit-learn = " in out and "nnlib / matrix-product floor = " in out


def test_mnist1d_cnn_runners_and_conv_timing(capsys):
    benchmark = load_benchmark()
    X, X_test, y, y_test = benchmark.mnist1d_split()
    assert X.shape == (4000, 40) and X_test.shape == (1000, 40)
    runners = {"nnlib": benchmark.run_nnlib_cnn}
    threads = [1] if benchmark.torch_available() else []
    if threads:
        runners["PyTorch (1 thread)"] = benchmark.torch_with_threads(1, benchmark.run_torch_cnn)
    results = benchmark.compare("tiny", (X[:256], X_test[:100], y[:256], y_test[:100]), 4, 64, 1, 1, runners)
    for seconds_ms, accuracy in results.values():
        assert seconds_ms > 0 and 0 <= accuracy <= 1
    benchmark.print_table("tiny", results)  # no scikit-learn row for a convolution
    benchmark.conv1d_timing(1, threads, n=4, length=10, channels=2, filters=3, kernel_size=3)
    out = capsys.readouterr().out
    assert "| nnlib |" in out and "Conv1D forward + backward: batch 4 x 10 positions" in out
    assert ("nnlib / fastest PyTorch = " in out) == bool(threads)
