"""The expression playground of lesson 07: type or pick an expression in x and y, see its graph.

Introduced in lesson 07 (computational graphs and automatic differentiation).
"""

from __future__ import annotations

import ast
import operator

import ipywidgets as widgets
import matplotlib.pyplot as plt

from nnlib.autograd import Value
from nnlib.plotting.autograd import draw_autograd_graph

#: Expressions offered in the playground's list; any other can be typed.
EXAMPLES = (
    "x * y + x",
    "(x * y + x) ** 2",
    "sigmoid(x * y + 1)",
    "tanh(x) * tanh(y)",
    "exp(x) / (exp(x) + exp(y))",
    "relu(x - y) + relu(y - x)",
    "log(1 + exp(x * y))",
)
FUNCTIONS = ("exp", "log", "relu", "sigmoid", "tanh")
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def parse_expression(text: str, variables: dict[str, Value]) -> Value:
    """Build the graph of a typed expression such as ``"sigmoid(x * y + 1)"`` out of :class:`Value` nodes.

    Allowed: numbers, the names in ``variables``, ``+ - * / **`` (with a number as exponent),
    parentheses, and the functions ``exp``, ``log``, ``relu``, ``sigmoid``, ``tanh``.

    Raises
    ------
    ValueError
        On anything else, saying what is not allowed.

    Examples
    --------
    >>> x = Value(2.0, label="x")
    >>> parse_expression("x ** 2 + 1", {"x": x}).data
    5.0

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """
    allowed = f"use {', '.join(variables)}, numbers, + - * / **, and {', '.join(FUNCTIONS)}"
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ValueError(f"parse_expression: cannot read {text!r} ({error.msg}); {allowed}") from None

    def build(node: ast.AST) -> Value | float:  # recursion is fine here: typed expressions are short
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id in variables:
            return variables[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = build(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base, exponent = build(node.left), build(node.right)
            if isinstance(exponent, Value):
                raise ValueError(f"parse_expression: the exponent after ** must be a number, in {text!r}")
            return (base if isinstance(base, Value) else Value(base)) ** exponent
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = build(node.left), build(node.right)
            return _OPERATORS[type(node.op)](left if isinstance(left, Value) else Value(left), right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
            if len(node.args) != 1 or node.keywords:
                raise ValueError(f"parse_expression: {node.func.id} takes one argument, in {text!r}")
            argument = build(node.args[0])
            return getattr(argument if isinstance(argument, Value) else Value(argument), node.func.id)()
        raise ValueError(f"parse_expression: {ast.unparse(node)!r} is not allowed; {allowed}")

    result = build(tree.body)
    return result if isinstance(result, Value) else Value(result)


def show_expression(x: float = 1.0, y: float = -2.0, expression: str = EXAMPLES[0]) -> Value | None:
    """Draw the graph of ``expression`` at ``x`` and ``y`` after ``backward()``, and print the gradients.

    Returns the result (``None`` if the expression cannot be read or computed; the reason is printed).

    Examples
    --------
    >>> show_expression(2.0, -3.0, "x * y + x")  # doctest: +SKIP

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """
    xv, yv = Value(x, label="x"), Value(y, label="y")
    try:
        result = parse_expression(expression, {"x": xv, "y": yv})
    except ValueError as error:
        print(error)
        return None
    result.label = "f"
    result.backward()
    draw_autograd_graph(result, params=[xv, yv], title=f"f = {expression}")
    plt.show()
    h = 1e-6

    def f(a: float, b: float) -> float:
        return parse_expression(expression, {"x": Value(a), "y": Value(b)}).data

    print(f"f({x:g}, {y:g}) = {result.data:.6g}")
    print(f"backward():  df/dx = {xv.grad:.6g}   df/dy = {yv.grad:.6g}")
    try:
        nudged_x = (f(x + h, y) - f(x - h, y)) / (2 * h)
        nudged_y = (f(x, y + h) - f(x, y - h)) / (2 * h)
        print(f"nudging:     df/dx = {nudged_x:.6g}   df/dy = {nudged_y:.6g}")
    except ValueError as error:  # a nudge fell outside the function's domain
        print(f"nudging is not possible here: {error}")
    return result


def expression_playground() -> widgets.interactive:
    """Sliders for x and y, and a box to pick or type an expression; redraws its graph with gradients.

    Examples
    --------
    >>> expression_playground()  # doctest: +SKIP

    Introduced in lesson 07 (computational graphs and automatic differentiation).
    """
    slider = dict(min=-3.0, max=3.0, step=0.1, continuous_update=False, readout_format=".1f")
    return widgets.interactive(
        show_expression,
        x=widgets.FloatSlider(value=1.0, description="x", **slider),
        y=widgets.FloatSlider(value=-2.0, description="y", **slider),
        expression=widgets.Combobox(
            value=EXAMPLES[0],
            options=list(EXAMPLES),
            ensure_option=False,
            continuous_update=False,
            description="f(x, y) =",
            placeholder="type an expression",
            layout=widgets.Layout(width="420px"),
        ),
    )
