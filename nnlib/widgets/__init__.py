"""The course's playgrounds (ipywidgets): sliders that redraw a figure, always after its static version.

neuron     : weights and bias of a logic-gate neuron (lesson 01)
perceptron : step through the perceptron's updates (lesson 02)
prediction : a sigmoid neuron's probability map (lesson 03)
descent    : gradient descent with your learning rate (lesson 04)
progress   : the progress bar of ``Sequential.fit(verbose=1)`` in Jupyter (lesson 06)
autograd   : type or pick an expression, see its graph and gradients (lesson 07)
convolution: a convolution's filter width, filters and stride, trained on MNIST-1D (lesson 08)

Each playground wraps a plain ``show_*`` function that draws and prints; tests call those directly.
"""

import ipywidgets as widgets


def weight_slider(description: str, value: float, limit: float, step: float) -> widgets.FloatSlider:
    """A slider for a weight or bias from ``-limit`` to ``limit`` that redraws when released.

    Examples
    --------
    >>> weight_slider("w1", 1.0, limit=2.0, step=0.1).readout_format
    '.1f'
    """
    decimals = max(0, -int(f"{step:e}".split("e")[1]))
    return widgets.FloatSlider(
        value=value,
        min=-limit,
        max=limit,
        step=step,
        description=description,
        continuous_update=False,
        readout_format=f".{decimals}f",
    )


from nnlib.widgets import progress as progress  # noqa: E402 - installs the widget bar of fit(verbose=1) in Jupyter
