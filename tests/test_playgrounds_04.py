"""The lesson 04 playground's callback, called directly with slider values (errors in widgets are swallowed)."""

import ipywidgets
import pytest

from nnlib.widgets.descent import learning_rate_playground, show_learning_rate


@pytest.mark.parametrize(
    ("lr", "n_steps", "verdict"),
    [
        (0.003, 1, "crawls"),
        (0.05, 8, "crawls"),
        (0.4, 10, "converges"),
        (0.5, 1, "converges"),
        (0.9, 40, "oscillates"),
        (1.05, 8, "diverges"),
        (1.58, 40, "diverges"),
    ],
)
def test_learning_rate_callback_gives_the_right_verdict(lr, n_steps, verdict, capsys):
    assert show_learning_rate(lr, n_steps) == verdict
    assert "distance to the lowest point" in capsys.readouterr().out


def test_learning_rate_playground_has_its_sliders():
    playground = learning_rate_playground()
    kinds = [type(child).__name__ for child in playground.children]
    assert kinds[:2] == ["FloatLogSlider", "IntSlider"] and isinstance(playground.children[-1], ipywidgets.Output)
    assert playground.children[0].max == pytest.approx(0.2)  # log10: up to about 1.58, enough to diverge
