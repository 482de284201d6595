"""The rule-condition language: parsed by a grammar, never evaluated as Python.

Swedish keywords so that a revisor can read a rule. The left side of every
comparison is a fact name (or abs(name)) because the rule engine matches a field
against a value; a comparison written the other way round is turned around here,
and anything the engine could not match is refused at parse time.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from functools import cached_property

from .frozen import Frozen, set_field

# Every integer up to here is exact as a float; the engine computes in floats.
MAX_EXACT_INT = 2**53

ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
INVERSE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
FLIPPED = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


class ExprError(ValueError):
    """A condition that cannot be parsed; the message is meant for the rule's author."""

    def __init__(self, message: str, column: int | None = None, text: str | None = None, hint: str | None = None):
        where = f" i kolumn {column}" if column else ""
        where += f" i villkoret '{text}'" if text is not None else ""
        super().__init__(f"{message}{where}" + (f": {hint}" if hint else ""))
        self.message, self.column, self.text, self.hint = message, column, text, hint


# --- the tree --------------------------------------------------------------------

class Expr(Frozen):
    """A node of the tree: immutable, equal and hashed by its fields, shown by them (`pos` aside),
    as a frozen dataclass would be (see checker.frozen); trees are made only when a condition is parsed."""

    def __init__(self, *, pos: int = 0):
        object.__setattr__(self, "pos", pos)  # source column for error messages; not part of the value

    def children(self) -> tuple["Expr", ...]:
        return ()

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset().union(*(c.names for c in self.children()))

    def __str__(self) -> str:
        return _show(self)


_set = set_field


class Num(Expr):
    _fields = ("value",)

    def __init__(self, value: int | float, *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "value", value)


class Str(Expr):
    _fields = ("value",)

    def __init__(self, value: str, *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "value", value)


class Bool(Expr):
    _fields = ("value",)

    def __init__(self, value: bool, *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "value", value)


class Name(Expr):
    _fields = ("name",)

    def __init__(self, name: str, *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "name", name)

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset((self.name,))


class Neg(Expr):
    _fields = ("operand",)

    def __init__(self, operand: Expr, *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "operand", operand)

    def children(self):
        return (self.operand,)


class BinOp(Expr):
    _fields = ("op", "left", "right")

    def __init__(self, op: str, left: Expr, right: Expr, *, pos: int = 0):  # op: + - * /
        _set(self, "pos", pos)
        _set(self, "op", op)
        _set(self, "left", left)
        _set(self, "right", right)

    def children(self):
        return (self.left, self.right)


class Compare(Expr):
    _fields = ("op", "left", "right", "absolute")

    def __init__(self, op: str, left: Name, right: Expr, absolute: bool = False, *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "op", op)
        _set(self, "left", left)
        _set(self, "right", right)
        _set(self, "absolute", absolute)  # abs(left) op right

    def children(self):
        return (self.left, self.right)


class And(Expr):
    _fields = ("items",)

    def __init__(self, items: tuple[Expr, ...], *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "items", items)

    def children(self):
        return self.items


class Or(Expr):
    _fields = ("items",)

    def __init__(self, items: tuple[Expr, ...], *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "items", items)

    def children(self):
        return self.items


class Not(Expr):
    _fields = ("operand",)

    def __init__(self, operand: Expr, *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "operand", operand)

    def children(self):
        return (self.operand,)


class _Abs(Expr):
    """abs(name) while parsing; it only survives as Compare.absolute."""

    _fields = ("operand",)

    def __init__(self, operand: Name, *, pos: int = 0):
        _set(self, "pos", pos)
        _set(self, "operand", operand)

    def children(self):
        return (self.operand,)


BOOLEAN = (Compare, And, Or, Not)
LITERAL = (Num, Str, Bool)


def conj(items) -> Expr:
    flat = tuple(x for i in items for x in (i.items if isinstance(i, And) else (i,)))
    return flat[0] if len(flat) == 1 else And(flat)


def disj(items) -> Expr:
    flat = tuple(x for i in items for x in (i.items if isinstance(i, Or) else (i,)))
    return flat[0] if len(flat) == 1 else Or(flat)


def negate(expr: Expr) -> Expr:
    """The opposite condition, without `inte`: the engine has no negation of its own."""
    if isinstance(expr, Compare):
        return type(expr)(INVERSE[expr.op], expr.left, expr.right, expr.absolute, pos=expr.pos)
    if isinstance(expr, And):
        return disj(negate(i) for i in expr.items)
    if isinstance(expr, Or):
        return conj(negate(i) for i in expr.items)
    if isinstance(expr, Not):
        return positive(expr.operand)
    raise TypeError(f"not a condition: {expr!r}")


def positive(expr: Expr) -> Expr:
    """The same condition with every `inte` pushed into the comparisons."""
    if isinstance(expr, Compare):
        return expr
    if isinstance(expr, And):
        return conj(positive(i) for i in expr.items)
    if isinstance(expr, Or):
        return disj(positive(i) for i in expr.items)
    if isinstance(expr, Not):
        return negate(expr.operand)
    raise TypeError(f"not a condition: {expr!r}")


# --- printing back -----------------------------------------------------------------

_LEVEL = {Or: 1, And: 2, Not: 3, Compare: 4, Neg: 7}
_BINOP_LEVEL = {"+": 5, "-": 5, "*": 6, "/": 6}


def _level(e: Expr) -> int:
    if isinstance(e, BinOp):
        return _BINOP_LEVEL[e.op]
    return _LEVEL.get(type(e), 8)


def _wrap(e: Expr, at_least: int) -> str:
    return f"({_show(e)})" if _level(e) < at_least else _show(e)


def number_text(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")  # never an exponent: the grammar has none
    return text if "." in text else text + ".0"


def _show(e: Expr) -> str:
    if isinstance(e, Num):
        return number_text(e.value)
    if isinstance(e, Str):
        return f'"{e.value}"'
    if isinstance(e, Bool):
        return "sant" if e.value else "falskt"
    if isinstance(e, Name):
        return e.name
    if isinstance(e, Neg):
        return "-" + _wrap(e.operand, 8)
    if isinstance(e, BinOp):
        level = _BINOP_LEVEL[e.op]
        # Right operand of equal level keeps its parentheses: float arithmetic is not associative.
        return f"{_wrap(e.left, level)} {e.op} {_wrap(e.right, level + 1)}"
    if isinstance(e, Compare):
        left = f"abs({e.left.name})" if e.absolute else e.left.name
        return f"{left} {e.op} {_wrap(e.right, 5)}"
    if isinstance(e, And):
        return " och ".join(_wrap(i, 3) for i in e.items)
    if isinstance(e, Or):
        return " eller ".join(_wrap(i, 2) for i in e.items)
    if isinstance(e, Not):
        return "inte " + _wrap(e.operand, 3)
    if isinstance(e, _Abs):
        return f"abs({e.operand.name})"
    raise TypeError(repr(e))


# --- parsing -----------------------------------------------------------------------

def _describe(node: Expr) -> str:
    return f"'{_show(node)}'"


def constant(node: Expr) -> float | None:
    """The value of a subexpression without names, or None if it reads a fact."""
    if isinstance(node, Num):
        return float(node.value)
    if isinstance(node, Neg):
        inner = constant(node.operand)
        return None if inner is None else -inner
    if isinstance(node, BinOp):
        a, b = constant(node.left), constant(node.right)
        if node.op == "/" and b == 0:
            raise ExprError(f"division med noll i {_describe(node)}", node.pos)
        if a is None or b is None:
            return None
        return ARITHMETIC[node.op](a, b)
    return None


def _matchable(left: Expr, right: Expr) -> bool:
    """The engine needs a field on the left; the right side is any arithmetic."""
    return isinstance(left, (Name, _Abs)) and not any(isinstance(n, _Abs) for n in _walk(right))


def _walk(node: Expr):
    yield node
    for c in node.children():
        yield from _walk(c)


def _condition(node: Expr) -> Expr:
    if not isinstance(node, BOOLEAN):
        raise ExprError(f"här förväntades en jämförelse, inte bara {_describe(node)}", node.pos)
    return node


def parse(text: str) -> Expr:
    """The condition as a tree; ExprError (in Swedish, with the column) if it is not valid."""
    if not isinstance(text, str):
        raise TypeError("a condition is a string")
    if not text.strip():
        raise ExprError("villkoret är tomt")
    _refuse_excess(text)
    # The grammar (and Lark) only when a condition is parsed: a catalogue from the cache parses none.
    from .grammar import UnexpectedEOF, UnexpectedInput, parser, syntax_message

    try:
        tree = parser().parse(text)
        return _condition(tree)
    except ExprError as exc:
        raise ExprError(exc.message, exc.column, text, exc.hint) from None
    except UnexpectedInput as exc:
        message, hint = syntax_message(exc, text)
        token = getattr(exc, "token", None)
        at_end = isinstance(exc, UnexpectedEOF) or (token is not None and token.type == "$END")
        column = len(text.rstrip()) + 1 if at_end or not isinstance(exc.column, int) or exc.column < 1 else exc.column
        raise ExprError(message, column, text, hint) from None


# Arithmetic and `inte` nest (the tree is walked recursively: names, negation, the engine's
# rules), so their number is bounded before parsing, as is the depth of parentheses; och and
# eller chains are flat. The catalogue's longest condition has 155 characters, one level of
# parentheses and 7 operators.
MAX_LENGTH, MAX_PARENS, MAX_NESTING_OPERATORS = 20_000, 20, 100
_NESTING = re.compile(r"[-+*/]|\binte\b")


def _refuse_excess(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise ExprError(f"villkoret är för långt ({len(text)} tecken; högst {MAX_LENGTH})")
    depth = deepest = 0
    for ch in text:
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
    if deepest > MAX_PARENS:
        raise ExprError(f"villkoret är för djupt nästlat ({deepest} nivåer av parenteser; högst {MAX_PARENS})")
    operators = len(_NESTING.findall(text))
    if operators > MAX_NESTING_OPERATORS:
        raise ExprError(f"villkoret har för många räknesätt och inte ({operators}; högst {MAX_NESTING_OPERATORS}); dela upp det i härledda värden")


def parse_value(text: str) -> Expr:
    """An arithmetic expression on its own (a derived value), with the same rules as a right side."""
    prefix = "_v == ("
    try:
        expr = parse(f"{prefix}{text})")
    except ExprError as exc:
        column = exc.column - len(prefix) if exc.column and exc.column > len(prefix) else None
        raise ExprError(exc.message, column, text, exc.hint) from None
    if not isinstance(expr, Compare) or expr.left.name != "_v" or expr.absolute:
        raise ExprError("här förväntades ett räkneuttryck", None, text)
    return expr.right
