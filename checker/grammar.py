"""The condition language's grammar: Lark's LALR parser and the tree it builds.

Kept apart from the tree (expr.py) so that Lark is imported only when a condition is
parsed; a catalogue read from the compiled cache parses none.
"""

from __future__ import annotations

import math

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from .expr import (
    BOOLEAN, FLIPPED, MAX_EXACT_INT, BinOp, Bool, Compare, ExprError, Name, Neg, Not, Num, Str, _Abs, _condition,
    _describe, _matchable, conj, constant, disj,
)

__all__ = ["UnexpectedEOF", "UnexpectedInput", "parser", "syntax_message"]

_GRAMMAR = r"""
?start: disj
?disj: conj | disj ELLER conj -> or_
?conj: neg | conj OCH neg -> and_
?neg: INTE neg -> not_ | cmp
?cmp: sum | sum COMP sum -> compare
?sum: product | sum PLUS product -> binop | sum MINUS product -> binop
?product: unary | product TIMES unary -> binop | product DIV unary -> binop
?unary: MINUS unary -> neg | atom
?atom: NUMBER -> number
     | STRING -> string
     | SANT -> true
     | FALSKT -> false
     | NAME -> name
     | NAME LPAR disj RPAR -> call
     | LPAR disj RPAR -> group
ELLER: "eller"
OCH: "och"
INTE: "inte"
SANT: "sant"
FALSKT: "falskt"
COMP: "==" | "!=" | "<=" | ">=" | "<" | ">"
PLUS: "+"
MINUS: "-"
TIMES: "*"
DIV: "/"
LPAR: "("
RPAR: ")"
NAME: /[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*/
NUMBER: /[0-9]+(\.[0-9]+)?/
STRING: /"[^"\\\x00-\x1f]*"/
%ignore /[ \t\r\n]+/
"""

# In the order they are offered when the parser says what it wanted.
_EXPECTED = {
    "RPAR": "')'", "COMP": "en jämförelse (==, !=, <, <=, >, >=)", "OCH": "'och'", "ELLER": "'eller'",
    "PLUS": "'+'", "MINUS": "'-'", "TIMES": "'*'", "DIV": "'/'",
}
_OPERAND = "ett tal, ett namn, en text, sant eller falskt"

# Common slips, explained in the revisor's terms.
_HINTS = {
    "%": "procent skrivs som ett tal, t.ex. 20",
    ",": "decimaltal skrivs med punkt, t.ex. 0.5",
    "=": "likhet skrivs ==",
    "'": "text skrivs inom dubbla citattecken",
    '"': "texten saknar avslutande citattecken",
    "&": "skriv och",
    "|": "skriv eller",
    "!": "skriv inte, eller != för 'skilt från'",
}
_ENGLISH = {"and": "och", "or": "eller", "not": "inte", "true": "sant", "false": "falskt", "True": "sant", "False": "falskt"}

@v_args(inline=True)
class _Build(Transformer):
    """Lark callbacks: build the tree and refuse what the engine cannot match."""

    def number(self, tok: Token):
        value: int | float = float(tok) if "." in tok else int(tok)
        if isinstance(value, int) and value > MAX_EXACT_INT or not math.isfinite(value):
            raise ExprError(f"talet {tok} är för stort", tok.column)
        return Num(value, pos=tok.column)

    def string(self, tok):
        return Str(str(tok)[1:-1], pos=tok.column)

    def true(self, tok):
        return Bool(True, pos=tok.column)

    def false(self, tok):
        return Bool(False, pos=tok.column)

    def name(self, tok):
        return Name(str(tok), pos=tok.column)

    def group(self, _l, inner, _r):
        return inner

    def call(self, fname, _l, arg, _r):
        if str(fname) != "abs":
            raise ExprError(f"okänd funktion '{fname}'", fname.column, hint="bara abs(namn) finns")
        if not isinstance(arg, Name):
            raise ExprError(f"abs() tar bara ett namn, inte {_describe(arg)}", fname.column)
        return _Abs(arg, pos=fname.column)

    def neg(self, minus, operand):
        self._arith(operand, "-")
        return Neg(operand, pos=minus.column)

    def binop(self, left, op, right):
        self._arith(left, op)
        self._arith(right, op)
        node = BinOp(str(op), left, right, pos=left.pos)
        value = constant(node)
        if value is not None and not math.isfinite(value):
            raise ExprError(f"talet i {_describe(node)} blir för stort", op.column)
        return node

    def _arith(self, node, op):
        if isinstance(node, BOOLEAN):
            raise ExprError(f"en jämförelse kan inte räknas med ({op})", node.pos)
        if isinstance(node, (Str, Bool)):
            raise ExprError(f"{_describe(node)} är inget tal och kan inte räknas med ({op})", node.pos)
        if isinstance(node, _Abs):
            raise ExprError("abs(namn) får bara stå ensamt i vänsterledet av en jämförelse", node.pos)

    def compare(self, left, op_token, right):
        op, column = str(op_token), op_token.column
        for side in (left, right):
            if isinstance(side, BOOLEAN):
                raise ExprError(f"en jämförelse kan inte jämföras ({op})", side.pos)
        if not _matchable(left, right) and _matchable(right, left):
            left, right, op = right, left, FLIPPED[op]
        if not _matchable(left, right):
            if isinstance(left, _Abs) or isinstance(right, _Abs):
                raise ExprError("abs(namn) får bara stå ensamt på ena sidan av en jämförelse", column)
            raise ExprError("ena ledet i en jämförelse måste vara ett namn eller abs(namn)", column,
                            hint="regelmotorn jämför ett faktum med ett uttryck, t.ex. ek_andel <= ek_tak * 2")
        if isinstance(right, (Str, Bool)):
            kind = "text" if isinstance(right, Str) else "sant/falskt"
            if op not in ("==", "!="):
                raise ExprError(f"{kind} kan bara jämföras med == eller !=", column)
            if isinstance(left, _Abs):
                raise ExprError(f"abs() gäller tal, inte {kind}", column)
        if isinstance(left, _Abs):
            return Compare(op, left.operand, right, True, pos=left.pos)
        return Compare(op, left, right, pos=left.pos)

    def not_(self, inte, operand):
        return Not(_condition(operand), pos=inte.column)

    def and_(self, left, _och, right):
        return conj((_condition(left), _condition(right)))

    def or_(self, left, _eller, right):
        return disj((_condition(left), _condition(right)))


# The basic lexer keeps the keywords reserved everywhere (the contextual one would
# read a misplaced `eller` as a name).
# Built on first use: a catalogue read from the compiled cache parses nothing, and building the
# LALR tables is a fifth of the command's own start-up.
_PARSER: Lark | None = None


def parser() -> Lark:
    global _PARSER
    if _PARSER is None:
        _PARSER = Lark(_GRAMMAR, parser="lalr", lexer="basic", transformer=_Build(), maybe_placeholders=False)
    return _PARSER


def syntax_message(exc: UnexpectedInput, text: str) -> tuple[str, str | None]:
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream]
        hint = _HINTS.get(char)
        if char.isalpha() and not ("a" <= char <= "z"):
            hint = "namn skrivs med a–z, 0–9 och _ (inte å, ä, ö eller versaler)"
        if char == '"' and '"' in text[exc.pos_in_stream + 1:]:
            hint = "en text får inte innehålla \\, tabb eller radbrytning"
        word = _word_at(text, exc.pos_in_stream)
        if word in _ENGLISH:
            hint = f"skriv {_ENGLISH[word]}"
        return f"oväntat tecken '{char}'", hint
    expected = set(getattr(exc, "expected", ()) or ())
    if "NUMBER" in expected:
        hint = "här förväntades " + _OPERAND
    else:
        wanted = [v for k, v in _EXPECTED.items() if k in expected]
        hint = "här förväntades " + ", ".join(wanted[:-1]) + (" eller " if len(wanted) > 1 else "") + wanted[-1] if wanted else None
    token = getattr(exc, "token", None)
    if isinstance(exc, UnexpectedEOF) or token is None or token.type == "$END":
        if "RPAR" in expected:
            hint = "en avslutande parentes ')' saknas"
        return "villkoret tar slut för tidigt", hint
    if str(token) in _ENGLISH:
        return f"oväntat '{token}'", f"skriv {_ENGLISH[str(token)]}"
    if token.type == "COMP" and "COMP" not in expected:
        hint = "två jämförelser binds ihop med och/eller"
    return f"oväntat '{token}'", hint


def _word_at(text: str, i: int) -> str:
    j = i
    while j < len(text) and (text[j].isalnum() or text[j] == "_"):
        j += 1
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
        i -= 1
    return text[i:j]


