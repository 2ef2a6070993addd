"""The course's figures, drawn with matplotlib so every idea can be seen; one module per lesson's idea.

neuron     : the neuron diagram and a gate's decision line (lesson 01)
perceptron : data, decision lines and mistakes of the perceptron (lesson 02)
prediction : vectors, sigmoid curves and probability maps (lesson 03)
descent    : cost curves, error surfaces and loss curves (lesson 04)
models     : a model's layer stack, learning curves, optimizer paths, digit galleries, confusion matrix (lesson 06)
autograd   : the graph an autograd expression recorded, with values, slopes, gradients (lesson 07)
convolution: a filter sliding along a signal, sequences, learned filters, feature maps (lesson 08)

Each function draws on an ``ax`` you pass (or a new figure) and returns it, so lessons can combine
figures into small multiples.
"""
