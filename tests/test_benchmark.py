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
