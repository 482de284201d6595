"""Plain-Python evaluation of conditions, with exactly the semantics the engine is given.

The rule engine computes in C doubles and would silently compare a number with
a text, divide integers by truncation, or crash on a division by zero. So every
number is a float here and in the facts the engine sees, and `check` refuses
(before anything is asserted) every value and every operation whose result
the two could disagree on. Errors are not short-circuited: `a och b` fails
when `b` cannot be computed even if `a` is false, because the engine has no
evaluation order to rely on.

A missing value is not an error but an unknown (Kleene's three-valued logic):
a comparison reading it is unknown, `a och b` is false when either is false,
`a eller b` true when either is true, `inte` leaves unknown unknown. What stays
unknown is `Undecided`, naming the missing values that would decide it.
"""

from __future__ import annotations

import math
import operator

from .frozen import Frozen, set_field
from .expr import ARITHMETIC, MAX_EXACT_INT, And, BinOp, Bool, Compare, Expr, Name, Neg, Not, Num, Or, Str

# The engine keeps string lengths in 16 bits (bytes, UTF-8).
MAX_TEXT_BYTES = 65_000

Value = bool | float | str

_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


class EvaluationError(ValueError):
    """A condition that cannot be decided for these values; the message is in Swedish."""


class MissingValue(KeyError):
    """A name the condition reads has no value; callers are expected to have checked."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"värde saknas för '{self.name}'"


class Undecided(Frozen):
    """A condition its known values do not decide; `names` are the missing values that would."""

    _fields = ("names",)

    def __init__(self, names: tuple[str, ...]):
        set_field(self, "names", names)

    def __bool__(self) -> bool:
        raise TypeError("an undecided condition is neither true nor false")

    def __str__(self) -> str:
        return "avgörs inte utan " + ", ".join(f"'{n}'" for n in self.names)


Verdict = bool | Undecided


def normalize(name: str, value: object) -> Value:
    """The value as both evaluators see it: bool, finite float or text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > MAX_EXACT_INT:
            raise EvaluationError(f"talet {value} för '{name}' är för stort för att jämföras exakt")
        return float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EvaluationError(f"'{name}' har inget ändligt talvärde ({value})")
        return value
    if isinstance(value, str):
        try:
            size = len(value.encode("utf-8"))
        except UnicodeEncodeError:
            raise EvaluationError(f"texten i '{name}' är inte giltig Unicode") from None
        if size > MAX_TEXT_BYTES:
            raise EvaluationError(f"texten i '{name}' är för lång för regelmotorn")
        return value
    kind = type(value).__name__
    raise EvaluationError(f"'{name}' har ett värde av typen {kind}, som inte kan prövas (bara heltal, decimaltal, text och sant/falskt)")


def kind(value: Value) -> str:
    """What a normalized value is, as the messages name it: sanningsvärde, text or tal."""
    if isinstance(value, bool):
        return "sanningsvärde"
    return "text" if isinstance(value, str) else "tal"


_kind = kind


class _Env:
    def __init__(self, values: dict):
        self.values = values
        self.seen: dict[str, Value] = {}

    def get(self, name: str) -> Value:
        if name not in self.seen:
            if name not in self.values:
                raise MissingValue(name)
            self.seen[name] = normalize(name, self.values[name])
        return self.seen[name]


def _value(node: Expr, env: _Env) -> Value:
    if isinstance(node, Name):
        return env.get(node.name)
    if isinstance(node, Num):
        return float(node.value)
    if isinstance(node, (Str, Bool)):
        return node.value
    if isinstance(node, Neg):
        return -_number(node.operand, env, "-")
    if isinstance(node, BinOp):
        a, b = _number(node.left, env, node.op), _number(node.right, env, node.op)
        if node.op == "/" and b == 0:
            raise EvaluationError(f"division med noll i '{node}'")
        result = ARITHMETIC[node.op](a, b)
        if not math.isfinite(result):
            raise EvaluationError(f"'{node}' blir ett för stort tal")
        return result
    raise TypeError(f"not a value: {node!r}")


def _number(node: Expr, env: _Env, op: str) -> float:
    value = _value(node, env)
    if isinstance(value, (bool, str)):
        raise EvaluationError(f"'{node}' är {_kind(value)}, inte tal, och kan inte räknas med ({op})")
    return value


def _compare(node: Compare, env: _Env) -> bool:
    left, right = env.get(node.left.name), _value(node.right, env)
    if _kind(left) != _kind(right):
        raise EvaluationError(f"'{node}' jämför {_kind(left)} med {_kind(right)}")
    if node.absolute:
        if _kind(left) != "tal":
            raise EvaluationError(f"abs() i '{node}' gäller tal, inte {_kind(left)}")
        left = abs(left)
    if node.op not in ("==", "!=") and _kind(left) != "tal":
        raise EvaluationError(f"'{node}': {_kind(left)} kan bara jämföras med == eller !=")
    return _COMPARE[node.op](left, right)


def _kleene(node: Expr, env: _Env) -> tuple[bool | None, frozenset[str]]:
    """True, False or None (unknown), with the missing names an unknown rests on."""
    if isinstance(node, Compare):
        absent = frozenset(n for n in node.names if n not in env.values)
        if absent:
            return None, absent
        return _compare(node, env), frozenset()
    if isinstance(node, Not):
        value, names = _kleene(node.operand, env)
        return (None if value is None else not value), names
    if isinstance(node, (And, Or)):
        parts = [_kleene(i, env) for i in node.items]  # every part: no short-circuit, see module doc
        deciding = node.__class__ is Or  # the value one part alone decides the whole by
        if any(v is deciding for v, _ in parts):
            return deciding, frozenset()
        unknown = frozenset().union(*(n for v, n in parts if v is None))
        return (None, unknown) if unknown else (not deciding, frozenset())
    raise TypeError(f"not a condition: {node!r}")


def _verdict(expr: Expr, env: _Env) -> Verdict:
    value, names = _kleene(expr, env)
    return Undecided(tuple(sorted(names))) if value is None else value


def evaluate(expr: Expr, values: dict[str, object]) -> Verdict:
    """True, False, or Undecided when missing values leave it open; EvaluationError if it cannot be computed."""
    return _verdict(expr, _Env(values))


def check(expr: Expr, values: dict[str, object]) -> tuple[dict[str, Value], Verdict]:
    """Raise exactly when `evaluate` would; otherwise the normalized values read, and the verdict."""
    env = _Env(values)
    verdict = _verdict(expr, env)
    return env.seen, verdict


def evaluate_value(expr: Expr, values: dict[str, object]) -> Value | int:
    """A derived value (an arithmetic expression); whole numbers stay int when only ints went in."""
    env = _Env(values)
    result = _value(expr, env)
    if isinstance(result, float) and result.is_integer() and abs(result) <= MAX_EXACT_INT and _integral(expr, values):
        return int(result)
    return result


def _integral(node: Expr, values: dict) -> bool:
    if isinstance(node, Name):
        v = values[node.name]
        return isinstance(v, int) and not isinstance(v, bool)
    if isinstance(node, Num):
        return isinstance(node.value, int)
    if isinstance(node, BinOp) and node.op == "/":
        return False
    return all(_integral(c, values) for c in node.children())
