"""Instant feedback for the exercises: ``check_<name>(your_function)`` after each exercise.

Every check prints one line such as ``sigmoid: 5/5 checks passed`` or stops at the first failing
case with the input, the expected and the returned value, and a hint.
"""

from nnlib.checks._core import (
    Case,
    CheckFailed,
    NotAttemptedError,
    Prediction,
    check_predictions,
    compare,
    predictions_made,
    run_cases,
)
from nnlib.checks.lesson00 import check_double
from nnlib.checks.lesson01 import (
    check_gate_weights,
    check_nand_weights,
    check_or_weights,
    check_predicted_outputs,
    check_step,
    check_weighted_sum,
)
from nnlib.checks.lesson02 import (
    check_predict,
    check_predicted_training,
    check_separable_datasets,
    check_train_perceptron,
    check_update,
    confirm_separable_datasets,
)
from nnlib.checks.lesson03 import (
    check_dot,
    check_make_prediction,
    check_predict_class,
    check_predicted_effects,
    check_sigmoid,
    check_sigmoid_derivative,
)
from nnlib.checks.lesson04 import (
    check_gradient_step,
    check_neuron_gradient,
    check_predicted_rates,
    check_sse,
    check_sse_derivative,
    check_train,
)
from nnlib.checks.lesson05 import (
    check_dense_forward,
    check_gradient_check_predictions,
    check_hidden_delta,
    check_layer_gradients,
    check_numerical_gradient,
    check_output_delta,
    check_shapes,
    check_xor_hidden_layer,
)
from nnlib.checks.lesson06 import (
    check_accuracy,
    check_adam_update,
    check_batch_indices,
    check_batch_shapes,
    check_parameter_counts,
    check_sgd_momentum_update,
    check_which_curve,
)
from nnlib.checks.lesson07 import (
    check_backward,
    check_exp,
    check_mul,
    check_predicted_gradients,
    check_topological_order,
    check_unbroadcast,
)

__all__ = [
    "Case",
    "CheckFailed",
    "NotAttemptedError",
    "Prediction",
    "check_predicted_effects",
    "check_predicted_outputs",
    "check_predicted_rates",
    "check_predicted_training",
    "check_predictions",
    "confirm_separable_datasets",
    "predictions_made",
    "check_double",
    "check_gradient_step",
    "check_neuron_gradient",
    "check_sse",
    "check_sse_derivative",
    "check_train",
    "check_gate_weights",
    "check_nand_weights",
    "check_or_weights",
    "check_step",
    "check_weighted_sum",
    "check_predict",
    "check_update",
    "check_train_perceptron",
    "check_separable_datasets",
    "check_dot",
    "check_sigmoid",
    "check_sigmoid_derivative",
    "check_make_prediction",
    "check_predict_class",
    "check_dense_forward",
    "check_gradient_check_predictions",
    "check_hidden_delta",
    "check_layer_gradients",
    "check_numerical_gradient",
    "check_output_delta",
    "check_shapes",
    "check_xor_hidden_layer",
    "check_backward",
    "check_exp",
    "check_mul",
    "check_predicted_gradients",
    "check_topological_order",
    "check_unbroadcast",
    "compare",
    "run_cases",
    "check_accuracy",
    "check_adam_update",
    "check_batch_indices",
    "check_batch_shapes",
    "check_parameter_counts",
    "check_sgd_momentum_update",
    "check_which_curve",
]
