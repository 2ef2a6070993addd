"""The lesson 04 playground's callback, called directly with slider values (errors in widgets are swallowed)."""

import ipywidgets
import matplotlib.pyplot as plt
import pytest

from nnlib.widgets.descent import descent_verdict, learning_rate_playground, show_learning_rate


@pytest.mark.parametrize(
    ("lr", "n_steps", "verdict"),
    [
        (0.003, 1, "crawls"),
        (0.05, 8, "crawls"),
        (0.4, 10, "converges"),
        (0.5, 1, "converges"),
        (0.5012, 10, "converges while overshooting"),  # ends at the bottom: not "oscillates"
        (0.9, 40, "converges while overshooting"),
        (0.99, 40, "converges while overshooting"),
        (1.0, 10, "cycles"),
        (1.01, 8, "diverges"),
        (1.05, 8, "diverges"),
        (1.58, 40, "diverges"),
    ],
)
def test_learning_rate_callback_gives_the_right_verdict(lr, n_steps, verdict, capsys):
    assert show_learning_rate(lr, n_steps) == verdict
    assert "distance to the lowest point" in capsys.readouterr().out


def test_descent_stops_converging_at_a_learning_rate_of_1_as_the_lesson_says(capsys):
    """Scan the rates the playground's log slider offers: the last converging one is just below 1."""
    slider = learning_rate_playground().children[0]
    rates = [10 ** (slider.min + k * slider.step) for k in range(round((slider.max - slider.min) / slider.step) + 1)]
    verdicts = {}
    for lr in rates:
        verdicts[lr] = show_learning_rate(lr, 40)
        plt.close("all")
    converging = [lr for lr, verdict in verdicts.items() if verdict.startswith("converges")]
    assert max(converging) == pytest.approx(10**-0.05) and verdicts[max(converging)] == "converges while overshooting"
    assert [verdicts[lr] for lr in rates if abs(lr - 1) < 1e-9] == ["cycles"]
    assert all(verdicts[lr] == "diverges" for lr in rates if lr > 1 + 1e-9)
    assert all(verdicts[lr] in ("crawls", "converges") for lr in rates if lr <= 0.5)


def test_descent_verdict_reads_the_path():
    assert descent_verdict([0.0, 6.0, 0.0, 6.0]) == "cycles"
    assert descent_verdict([0.0, 0.3, 0.57]) == "crawls"
    assert descent_verdict([0.0, 6.5, -0.5]) == "diverges"
    assert descent_verdict([3.0, 3.0]) == "converges"


def test_learning_rate_playground_has_its_sliders():
    playground = learning_rate_playground()
    kinds = [type(child).__name__ for child in playground.children]
    assert kinds[:2] == ["FloatLogSlider", "IntSlider"] and isinstance(playground.children[-1], ipywidgets.Output)
    assert playground.children[0].max == pytest.approx(0.2)  # log10: up to about 1.58, enough to diverge
