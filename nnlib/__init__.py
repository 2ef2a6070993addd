"""nnlib: the neural-network library that the Neurons to Networks lessons build, one idea per module.

Each lesson asks you to write a few functions; the reference versions live here so that every
lesson can carry on even if an exercise is not finished yet.

Modules
-------
neuron      : weighted sum, step activation, the McCulloch-Pitts ``Neuron``, gate weights (lesson 01)
perceptron  : Rosenblatt's rule, ``train_perceptron`` and the ``Perceptron`` class (lesson 02)
datasets    : seeded toy data: gates, separable points, a ring, XOR blobs (02); moons, spirals (05)
              and Fashion-MNIST's loader (06)
prediction  : dot product, similarity, ``make_prediction``, ``predict_class`` (lesson 03)
activations : the one registry of activations (name -> formula and slope); sigmoid, tanh, ReLU and
              their derivatives (lesson 03); softmax (lesson 05)
losses      : squared errors (lesson 04); cross-entropy and Keras-named loss objects (lesson 05)
training    : gradients, gradient descent and a trainer for one sigmoid neuron (lesson 04)
layers      : ``Dense``, activation layers and ``Flatten``, forward and backward over batches (lesson 05)
convolution : ``Conv1D``, ``MaxPooling1D``, ``GlobalAveragePooling1D``, ``Reshape`` (lesson 08)
conv_steps  : the convolution's forward and backward pass, padding and pooling, step by step (lesson 08)
network     : ``Network``: layers in a row, backpropagation, the one training loop (lesson 05)
gradcheck   : numerical gradients by central differences, gradient-check tables (lesson 05)
models      : ``Sequential`` with Keras's compile, fit, evaluate, predict, summary, weights (lesson 06)
batches     : ``batch_indices``: shuffled mini-batches, the generator of the one training loop (lesson 06)
callbacks   : ``History``, the progress bar and your own callbacks of ``fit`` (lesson 06)
metrics     : ``accuracy`` (lesson 06)
weights_file: ``.npz`` weights files, saved atomically and loaded without pickle (lesson 06)
optimizers  : ``SGD`` (with momentum), ``Adagrad``, ``RMSprop``, ``Adam``: Keras's rules (lesson 06)
regularization : ``Dropout`` (also in ``layers``) and the L2 penalty; weight decay is an optimizer setting (06)
downloads   : ``load_fashion_mnist``: download once, verify, cache, read IDX files (lesson 06 bonus)
autograd    : ``Value`` and ``Tensor`` record a graph; ``backward()`` runs it in reverse (lesson 07)
plotting    : the course's figures (matplotlib), one module per lesson's idea
widgets     : the course's playgrounds (ipywidgets), one module per lesson's idea
checks      : instant feedback for the exercises (every lesson)
doctor      : ``python -m nnlib.doctor`` checks that your setup is right (lesson 00)
progress    : ``python -m nnlib.progress lessons/`` shows which exercises you have solved;
              ``--class DIR...`` shows a whole room's (instructors)
course      : ``python -m nnlib.course build`` writes lessons/ from solutions/ (maintainers)
updates     : ``python -m nnlib.course update`` gets the new course, merging notebooks cell by cell
"""

__version__ = "0.1.0"
