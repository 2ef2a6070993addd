"""Optimizers: the rules that turn gradients into weight changes, with Keras's names and defaults.

Plain gradient descent takes ``w -= learning_rate * g`` at every step. The optimizers here change
that rule so that training goes faster and more steadily:

- ``SGD(learning_rate=0.01, momentum=0.0)``: with momentum, a *velocity* remembers past steps,
  ``velocity = momentum * velocity - learning_rate * g`` and ``w += velocity``, so steps that keep
  pointing the same way grow and zig-zags cancel out.
- ``Adagrad(learning_rate=0.001)``: each weight gets its own step size, shrinking as the squares
  of its gradients add up (``w -= learning_rate * g / sqrt(accumulator + epsilon)``).
- ``RMSprop(learning_rate=0.001, rho=0.9)``: like Adagrad, but with a moving average of the squared
  gradients, so the step sizes can grow again.
- ``Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)``: momentum and RMSprop
  together, with a correction for the averages starting at zero.

The update rules and the defaults are Keras's, so a model trained here and one trained with
``keras.optimizers.Adam()`` take the same steps from the same gradients. An optimizer works on a
model's flat parameter array (see :func:`nnlib.layers.pack_parameters`): one :meth:`Optimizer.apply`
updates every weight of the model in a handful of vectorised operations, in place, with buffers
allocated once.

:func:`sgd_momentum_update` and :func:`adam_update` are the same rules written as plain functions
on arrays, as the lesson's exercises write them.

Introduced in lesson 06 (build your own Keras).
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from nnlib._validation import as_number_in

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adagrad",
    "Adam",
    "Optimizer",
    "RMSprop",
    "adam_update",
    "get_optimizer",
    "sgd_momentum_update",
]


def sgd_momentum_update(
    w: np.ndarray, grad: np.ndarray, velocity: np.ndarray, learning_rate: float = 0.01, momentum: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    """One step of gradient descent with momentum (Keras's rule); returns new arrays.

    ``velocity = momentum * velocity - learning_rate * grad``, then ``w = w + velocity``.

    Parameters
    ----------
    w, grad, velocity : ndarray, all the same shape
        The weights, the cost's gradient with respect to them, and the velocity from the step
        before (zeros before the first step).
    learning_rate, momentum : float

    Returns
    -------
    (w, velocity) : tuple of ndarray
        The new weights and the new velocity.

    Examples
    --------
    >>> w, velocity = sgd_momentum_update(np.array([1.0]), np.array([2.0]), np.zeros(1), 0.1, 0.9)
    >>> w, velocity
    (array([0.8]), array([-0.2]))
    >>> sgd_momentum_update(w, np.array([2.0]), velocity, 0.1, 0.9)[1]  # the velocity builds up
    array([-0.38])

    Introduced in lesson 06 (build your own Keras).
    """
    velocity = momentum * velocity - learning_rate * grad
    return w + velocity, velocity


def adam_update(
    w: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    learning_rate: float = 0.001,
    beta_1: float = 0.9,
    beta_2: float = 0.999,
    epsilon: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam step (Keras's rule); returns new arrays.

    ``m`` is a moving average of the gradients, ``v`` of their squares. Both start at zero, so
    early on they are too small; the step size ``alpha = learning_rate * sqrt(1 - beta_2**t) /
    (1 - beta_1**t)`` makes up for that. Then ``w = w - alpha * m / (sqrt(v) + epsilon)``.

    Parameters
    ----------
    w, grad, m, v : ndarray, all the same shape
    t : int
        The number of this step, counting from 1.
    learning_rate, beta_1, beta_2, epsilon : float

    Returns
    -------
    (w, m, v) : tuple of ndarray

    Examples
    --------
    >>> w, m, v = adam_update(np.array([1.0]), np.array([2.0]), np.zeros(1), np.zeros(1), t=1)
    >>> w.round(6), m, v.round(6)  # the first step moves by learning_rate when |grad| is far above epsilon
    (array([0.999]), array([0.2]), array([0.004]))

    The bias correction makes the first step ``learning_rate * g / (|g| + epsilon / sqrt(1 - beta_2))``:
    the learning rate itself for a gradient far larger than that (here 2.0), but much less for a
    tiny one: with the defaults, a gradient of 1e-9 moves the weight by only about 3.2e-7.

    Introduced in lesson 06 (build your own Keras).
    """
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad * grad
    alpha = learning_rate * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


#: The optimizers by their Keras names, filled by each subclass that sets ``name`` (in definition order).
OPTIMIZERS: dict[str, type[Optimizer]] = {}


def _step_scaled_by_root(
    params: np.ndarray, grads: np.ndarray, squares: np.ndarray, epsilon: float, lr: float, tmp: np.ndarray
) -> None:
    """``params -= lr * grads / sqrt(squares + epsilon)`` in place (Keras's Adagrad and RMSprop), using ``tmp``."""
    np.add(squares, epsilon, out=tmp)
    np.sqrt(tmp, out=tmp)
    np.divide(grads, tmp, out=tmp)
    tmp *= lr
    params -= tmp


class Optimizer:
    """Base class: updates a flat array of parameters in place from a flat array of gradients.

    Subclasses set ``name`` (Keras's string for them, which registers them in :data:`OPTIMIZERS`),
    implement :meth:`_update`, check their settings in ``__init__`` and add them to
    :meth:`get_config`. The state they need (velocities, averages) is created in
    :meth:`_create_state` on the first :meth:`apply`, shaped like the parameters, and belongs to
    that one parameter array: an optimizer serves one model. ``iterations`` counts the steps taken.

    Introduced in lesson 06 (build your own Keras).
    """

    name: ClassVar[str] = "optimizer"

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            OPTIMIZERS[cls.name] = cls

    def __init__(self, learning_rate: float) -> None:
        self.learning_rate = self._setting(learning_rate, "learning_rate", low=0, low_open=True)
        self.iterations = 0
        self._params: np.ndarray | None = None

    def _setting(self, value: object, name: str, **bounds: float | bool) -> float:
        """A checked number for a setting (``bounds`` as in :func:`~nnlib._validation.as_number_in`)."""
        return as_number_in(value, func=type(self).__name__, name=name, **bounds)

    def serves_another(self, params: np.ndarray) -> bool:
        """True if this optimizer already holds the state of a parameter array other than ``params``."""
        return self._params is not None and self._params is not params

    def apply(self, params: np.ndarray, grads: np.ndarray) -> None:
        """Take one step: change ``params`` in place using ``grads`` (flat arrays of the same shape).

        Raises
        ------
        ValueError
            If the arrays differ in shape, or this optimizer already serves another parameter array.
        """
        if params.shape != grads.shape:
            raise ValueError(f"{self!r}.apply: params {params.shape} and grads {grads.shape} differ in shape")
        if self._params is None:
            self._params = params
            self._tmp = np.empty_like(params)
            self._create_state(params)
        elif params is not self._params:
            raise ValueError(
                f"{type(self).__name__}.apply: this optimizer holds the state (moments, step count) of another "
                f"parameter array; use a new optimizer for each model, e.g. {type(self).__name__}()"
            )
        self.iterations += 1
        self._update(params, grads)

    def reset(self) -> None:
        """Forget the state (velocities, averages) and the step count, as for a new model."""
        self.iterations = 0
        self._params = None

    def _create_state(self, params: np.ndarray) -> None:
        """Allocate the state arrays (none by default)."""

    def _update(self, params: np.ndarray, grads: np.ndarray) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def get_config(self) -> dict[str, float]:
        """The settings, as Keras's ``optimizer.get_config()`` lists them."""
        return {"learning_rate": self.learning_rate}

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({settings})"


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum (Keras's ``SGD``).

    Without momentum: ``w -= learning_rate * g``. With it: ``velocity = momentum * velocity -
    learning_rate * g`` and ``w += velocity``.

    Parameters
    ----------
    learning_rate : float, default 0.01
    momentum : float in [0, 1], default 0.0

    Examples
    --------
    >>> w = np.array([1.0, 2.0])
    >>> SGD(learning_rate=0.1).apply(w, np.array([1.0, -1.0]))
    >>> w
    array([0.9, 2.1])

    Introduced in lesson 06 (build your own Keras).
    """

    name = "sgd"

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0) -> None:
        super().__init__(learning_rate)
        self.momentum = self._setting(momentum, "momentum", low=0, high=1)

    def _create_state(self, params: np.ndarray) -> None:
        self.velocity = np.zeros_like(params)

    def _update(self, params: np.ndarray, grads: np.ndarray) -> None:
        tmp = self._tmp
        np.multiply(grads, self.learning_rate, out=tmp)
        if self.momentum == 0:
            params -= tmp
            return
        self.velocity *= self.momentum
        self.velocity -= tmp
        params += self.velocity

    def get_config(self) -> dict[str, float]:
        return {**super().get_config(), "momentum": self.momentum}


class Adagrad(Optimizer):
    """Adagrad (Keras's rule): per-weight steps that shrink as squared gradients accumulate.

    ``accumulator += g**2`` (starting from ``initial_accumulator_value``), then
    ``w -= learning_rate * g / sqrt(accumulator + epsilon)``.

    Examples
    --------
    >>> w = np.array([1.0])
    >>> Adagrad(learning_rate=0.1).apply(w, np.array([3.0]))
    >>> w.round(6)  # 1 - 0.1 * 3 / sqrt(0.1 + 9)
    array([0.900551])

    Introduced in lesson 06 (build your own Keras).
    """

    name = "adagrad"

    def __init__(
        self, learning_rate: float = 0.001, initial_accumulator_value: float = 0.1, epsilon: float = 1e-7
    ) -> None:
        super().__init__(learning_rate)
        self.initial_accumulator_value = self._setting(initial_accumulator_value, "initial_accumulator_value", low=0)
        self.epsilon = self._setting(epsilon, "epsilon", low=0, low_open=True)

    def _create_state(self, params: np.ndarray) -> None:
        self.accumulator = np.full_like(params, self.initial_accumulator_value)

    def _update(self, params: np.ndarray, grads: np.ndarray) -> None:
        tmp = self._tmp
        np.multiply(grads, grads, out=tmp)
        self.accumulator += tmp
        _step_scaled_by_root(params, grads, self.accumulator, self.epsilon, self.learning_rate, tmp)

    def get_config(self) -> dict[str, float]:
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }


class RMSprop(Optimizer):
    """RMSprop (Keras's rule): steps scaled by a moving average of the squared gradients.

    ``average = rho * average + (1 - rho) * g**2``, then ``w -= learning_rate * g /
    sqrt(average + epsilon)``.

    Examples
    --------
    >>> w = np.array([1.0])
    >>> RMSprop(learning_rate=0.01).apply(w, np.array([3.0]))
    >>> w.round(6)  # 1 - 0.01 * 3 / sqrt(0.1 * 9): the first step is about learning_rate / sqrt(0.1)
    array([0.968377])

    Introduced in lesson 06 (build your own Keras).
    """

    name = "rmsprop"

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7) -> None:
        super().__init__(learning_rate)
        self.rho = self._setting(rho, "rho", low=0, high=1, high_open=True)  # 1 would never update the average
        self.epsilon = self._setting(epsilon, "epsilon", low=0, low_open=True)  # 0 divides 0 by 0 on a zero gradient

    def _create_state(self, params: np.ndarray) -> None:
        self.average = np.zeros_like(params)

    def _update(self, params: np.ndarray, grads: np.ndarray) -> None:
        tmp = self._tmp
        np.multiply(grads, grads, out=tmp)
        tmp *= 1 - self.rho
        self.average *= self.rho
        self.average += tmp
        _step_scaled_by_root(params, grads, self.average, self.epsilon, self.learning_rate, tmp)

    def get_config(self) -> dict[str, float]:
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}


class Adam(Optimizer):
    """Adam (Keras's rule): momentum on the gradients and RMSprop-style scaling, bias-corrected.

    ``m += (1 - beta_1) * (g - m)``, ``v += (1 - beta_2) * (g**2 - v)``, then
    ``w -= alpha * m / (sqrt(v) + epsilon)`` with ``alpha = learning_rate * sqrt(1 - beta_2**t) /
    (1 - beta_1**t)`` at step ``t``.

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta_1, beta_2 : float, default 0.9 and 0.999
        How much of the old averages of the gradients and of their squares each step keeps.
    epsilon : float, default 1e-7

    Examples
    --------
    >>> w = np.array([1.0, 1.0])
    >>> Adam(learning_rate=0.1).apply(w, np.array([5.0, -0.01]))
    >>> w.round(4)  # the first step has the size of the learning rate for gradients far above epsilon
    array([0.9, 1.1])

    Introduced in lesson 06 (build your own Keras).
    """

    name = "adam"

    def __init__(
        self, learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7
    ) -> None:
        super().__init__(learning_rate)
        self.beta_1 = self._setting(beta_1, "beta_1", low=0, high=1, high_open=True)  # 1 never updates m
        self.beta_2 = self._setting(beta_2, "beta_2", low=0, high=1, high_open=True)
        self.epsilon = self._setting(epsilon, "epsilon", low=0, low_open=True)

    def _create_state(self, params: np.ndarray) -> None:
        self.m = np.zeros_like(params)
        self.v = np.zeros_like(params)

    def _update(self, params: np.ndarray, grads: np.ndarray) -> None:
        t = self.iterations
        alpha = self.learning_rate * math.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)
        tmp, m, v = self._tmp, self.m, self.v
        np.subtract(grads, m, out=tmp)
        tmp *= 1 - self.beta_1
        m += tmp
        np.multiply(grads, grads, out=tmp)
        tmp -= v
        tmp *= 1 - self.beta_2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += self.epsilon
        np.divide(m, tmp, out=tmp)
        tmp *= alpha
        params -= tmp

    def get_config(self) -> dict[str, float]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}


def get_optimizer(optimizer: str | Optimizer, func: str = "get_optimizer") -> Optimizer:
    """An optimizer from its Keras name (with Keras's defaults), or the object itself.

    Examples
    --------
    >>> get_optimizer("adam")
    Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)
    >>> get_optimizer("adamm")
    Traceback (most recent call last):
    ...
    ValueError: get_optimizer: unknown optimizer 'adamm'; choose one of sgd, adagrad, rmsprop, adam, or pass an object such as Adam(learning_rate=0.01)

    Introduced in lesson 06 (build your own Keras).
    """  # noqa: E501
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()]()
    raise ValueError(
        f"{func}: unknown optimizer {optimizer!r}; choose one of {', '.join(OPTIMIZERS)}, "
        "or pass an object such as Adam(learning_rate=0.01)"
    )
