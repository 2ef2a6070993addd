"""The course's playgrounds (ipywidgets): sliders that redraw a figure, always after its static version.

neuron     : weights and bias of a logic-gate neuron (lesson 01)
perceptron : step through the perceptron's updates (lesson 02)
prediction : a sigmoid neuron's probability map (lesson 03)
descent    : gradient descent with your learning rate (lesson 04)

Each playground wraps a plain ``show_*`` function that draws and prints; tests call those directly.
"""
