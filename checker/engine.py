"""Thin adapter over durable-rules 2.0.28, guarded against its wrong answers.

See /work/shared/durable-rules-notes.md for the measurements behind each guard.
In short: a comparison whose right-hand field is missing is true, field names are
told apart by a 32-bit hash only, integers divide by truncation, floats written
with an exponent ('1e-05') do not parse, and one OR fires its rule once per true
branch (of a fact; an event is taken by the first). Values are therefore checked in
Python first (reference.check), numbers are sent as floats in a notation the engine
reads, every field read is guarded by `$ex`, and a rule's firings are collected as a
set per fact.

The guards sit on each comparison, not on the rule: a comparison whose field is
missing then matches neither way, so the rule (in negation normal form) fires
exactly when the condition is true in Kleene's three-valued logic, and its
negation exactly when it is false. Neither firing is an undecided condition.

Checks are sent as events, not facts: an event is gone once a rule has fired on it, so
the session holds nothing after a call and one session serves a thread's reports (a
fact would stay, and the session grow, until deleted; see DurableEvaluator.report).
The price: should a condition and its negation both match (the guards make it
impossible), the first firing is the answer; as facts both were seen.
"""

from __future__ import annotations

import itertools
import json
from contextlib import contextmanager, nullcontext
import locale
import os
import re
import threading
from functools import partial
from operator import itemgetter
from typing import Iterable

from . import katalogcache
from .expr import BOOLEAN, MAX_EXACT_INT, And, BinOp, Bool, Compare, Expr, Name, Neg, Num, Or, Str, constant, negate, positive
from .reference import EvaluationError, Undecided, check, normalize
from .reference import evaluate as reference_evaluate

try:  # the engine fails to import on Python 3.13+ (and needs a C compiler to install)
    import durable_rules_engine as _native
    from durable import engine as _durable
except (ImportError, OSError):  # pragma: no cover - depends on the platform
    _durable = _native = None

INTERNAL_FIELDS = ("sid", "id", "REGEL", "NR", "OPPEN")  # sid/id are the engine's; the rest ours
# A fact names the condition it is tried on by a field of its own, REGEL<number> (see _rule).
_RULE_FIELD = re.compile(r"REGEL[0-9]+")
# Names the engine recognises by the same 32-bit hash as field names.
ENGINE_WORDS = (
    "$s", "$i", "$and", "$or", "$ex", "$nex", "$eq", "$neq", "$lt", "$lte", "$gt", "$gte", "$mt", "$imt",
    "$iall", "$iany", "$m", "$l", "$r", "$add", "$sub", "$mul", "$div", "$forward",
    "all", "any", "pri", "count", "cap", "dist", "name",
)
MAX_FIELDS = 252  # per fact, including sid, REGEL<n> and NR (error 302 above)
MAX_CONNECTIVES = 15  # $and/$or per rule (error 113 above: 32 expression slots, two each)
# Rules hang off one root node through a 512-slot hash table probed without a stop
# (rete.c findAlpha): at 511 conditions evaluation never returns.
MAX_CONDITIONS = 500
ALLOWED_OPERATORS = frozenset(
    {"$and", "$or", "$ex", "$eq", "$neq", "$lt", "$lte", "$gt", "$gte", "$add", "$sub", "$mul", "$div", "$m", "$l", "$r"}
)
_COMPARISON = {"==": "$eq", "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_ARITHMETIC = {"+": "$add", "-": "$sub", "*": "$mul", "/": "$div"}


class EngineError(ValueError):
    """The catalogue cannot be run on the engine as written; the message is in Swedish."""


# --- names -------------------------------------------------------------------------

def field_name(name: str) -> str:
    """Facts are flat: `ek.andel` is sent as `ek__andel`."""
    return name.replace(".", "__")


def fnv1a_32(text: str) -> int:
    """The engine's hash of a name (state.c fnv1Hash32, json.c getStringAndHash).

    The C code XORs a plain `char`, which is signed on x86-64 and arm64 Linux;
    bytes above 127 are therefore sign-extended.
    """
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        if byte >= 0x80:
            byte |= 0xFFFFFF00
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def rule_field(index: int) -> str:
    """The field that names the condition a fact is tried on (see _rule)."""
    return f"REGEL{index}"


def check_collisions(names: Iterable[str], conditions: int = 0) -> None:
    """Refuse names the engine would confuse: same flat field, reserved, or same hash.

    `conditions`: how many conditions the catalogue has, each with its rule_field.
    """
    by_field: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        field = field_name(name)
        if field in INTERNAL_FIELDS or _RULE_FIELD.fullmatch(field):
            raise EngineError(f"namnet '{name}' är reserverat av regelmotorn; välj ett annat namn")
        by_field.setdefault(field, []).append(name)
    for field, same in by_field.items():
        if len(same) > 1:
            raise EngineError(f"namnen '{same[0]}' och '{same[1]}' blir samma fält ('{field}') i regelmotorn")
    reserved = ENGINE_WORDS + INTERNAL_FIELDS + tuple(rule_field(i) for i in range(conditions))
    owner = {**{w: w for w in reserved}, **{field_name(n): n for n in names}}
    seen: dict[int, str] = {}
    for field, name in owner.items():
        other = seen.setdefault(fnv1a_32(field), name)
        if other != name:
            raise EngineError(
                f"namnen '{other}' och '{name}' kan inte användas i samma katalog: regelmotorn skiljer "
                "dem inte åt (samma 32-bitars hash); byt namn på det ena"
            )


# --- compiling ---------------------------------------------------------------------

def compile_condition(expr: Expr) -> dict:
    """The `m` part of a durable-rules rule matching facts for which `expr` holds."""
    if not isinstance(expr, BOOLEAN):
        raise TypeError(f"not a condition: {expr!r}")
    condition = _condition(positive(expr))
    _refuse_unknown(condition)
    return condition


def _guarded(node: Compare, compiled: dict) -> dict:
    """A comparison that matches only when every field it reads is there (see module doc).

    Only fields on the right need the guard: a missing left field never matches
    (measured, test_engine.test_missing_left_field_never_matches), and each guard
    under `eller` costs one of the rule's few connectives.
    """
    return _and([{"$ex": {field_name(n): 1}} for n in sorted(node.right.names)] + [compiled])


def _and(items: list[dict]) -> dict:
    flat = [x for i in items for x in (i["$and"] if "$and" in i else [i])]
    return flat[0] if len(flat) == 1 else {"$and": flat}


def _or(items: list[dict]) -> dict:
    flat = [x for i in items for x in (i["$or"] if "$or" in i else [i])]
    return flat[0] if len(flat) == 1 else {"$or": flat}


def _condition(node: Expr) -> dict:
    if isinstance(node, _Plain):
        return {_COMPARISON[node.op]: {field_name(node.left.name): _operand(node.right)}}
    if isinstance(node, Compare):
        if node.absolute:
            return _guarded(node, _condition(_unguarded(_without_abs(node))))
        return _guarded(node, {_COMPARISON[node.op]: {field_name(node.left.name): _operand(node.right)}})
    if isinstance(node, And):
        return _and([_condition(i) for i in node.items])
    if isinstance(node, Or):
        return _or([_condition(i) for i in node.items])
    raise TypeError(f"not in negation normal form: {node!r}")  # positive() removed every Not


class _Plain(Compare):
    """A comparison inside abs()'s expansion: the abs comparison as a whole is guarded."""


def _unguarded(node: Expr) -> Expr:
    if isinstance(node, Compare):
        return _Plain(node.op, node.left, node.right, pos=node.pos)
    return type(node)(tuple(_unguarded(i) for i in node.items))


def _without_abs(node: Compare) -> Expr:
    """abs(x) op t as comparisons of x itself (negation is exact in floating point)."""
    x, t = node.left, node.right
    minus_t = Num(-float(t.value)) if isinstance(t, Num) else Neg(t)

    def cmp(op, right):
        return Compare(op, x, right)

    zero = Num(0.0)
    return {
        "<=": lambda: And((cmp("<=", t), cmp(">=", minus_t))),
        "<": lambda: And((cmp("<", t), cmp(">", minus_t))),
        ">=": lambda: Or((cmp(">=", t), cmp("<=", minus_t))),
        ">": lambda: Or((cmp(">", t), cmp("<", minus_t))),
        "==": lambda: Or((And((cmp("==", t), cmp(">=", zero))), And((cmp("==", minus_t), cmp("<=", zero))))),
        "!=": lambda: And((Or((cmp("!=", t), cmp("<", zero))), Or((cmp("!=", minus_t), cmp(">", zero))))),
    }[node.op]()


def _operand(node: Expr):
    folded = constant(node)  # the engine cannot store an operation on two literals
    if folded is not None:
        return folded
    if isinstance(node, (Str, Bool)):
        return node.value
    if isinstance(node, Name):
        return {"$m": field_name(node.name)}
    if isinstance(node, Neg):
        return {"$mul": {"$l": -1.0, "$r": _operand(node.operand)}}
    if isinstance(node, BinOp):
        return {_ARITHMETIC[node.op]: {"$l": _operand(node.left), "$r": _operand(node.right)}}
    raise TypeError(f"not a value: {node!r}")


def _refuse_unknown(condition) -> None:
    if isinstance(condition, list):
        for item in condition:
            _refuse_unknown(item)
    elif isinstance(condition, dict):
        for key, value in condition.items():
            if key.startswith("$") and key not in ALLOWED_OPERATORS:
                raise EngineError(f"operatorn {key} är inte prövad mot regelmotorn")
            _refuse_unknown(value)


def _connectives(condition) -> int:
    if isinstance(condition, list):
        return sum(_connectives(i) for i in condition)
    if isinstance(condition, dict):
        return sum((k in ("$and", "$or")) + _connectives(v) for k, v in condition.items())
    return 0


def _rule(index: int, expr: Expr) -> dict:
    """The rule matching a fact for condition `index` on which `expr` holds.

    The condition is told by a field of its own (REGEL3: 1), not by a value (REGEL: 3): the
    engine finds the tests hanging off its root by field name and tries each one under that
    name, so with REGEL == i every fact was tried against every condition's first test.
    """
    return _and([{"$eq": {rule_field(index): 1}}, compile_condition(expr)])


def validate_catalogue(conditions: dict[str, Expr]) -> None:
    """What the engine would refuse or get wrong, refused for both evaluators alike."""
    if len(conditions) > MAX_CONDITIONS:
        raise EngineError(f"katalogen har {len(conditions)} villkor; regelmotorn tar högst {MAX_CONDITIONS}")
    names = set()
    for key, expr in conditions.items():
        if not isinstance(expr, BOOLEAN):
            raise TypeError(f"{key}: not a condition: {expr!r}")
        names |= expr.names
        if len(expr.names) + 3 > MAX_FIELDS:
            raise EngineError(f"villkoret för {key} läser {len(expr.names)} värden; regelmotorn tar högst {MAX_FIELDS - 3}")
        for variant in (expr, negate(expr)):
            n = _connectives(_rule(0, variant))
            if n > MAX_CONNECTIVES:
                raise EngineError(
                    f"villkoret för {key} är för sammansatt för regelmotorn ({n} och/eller efter omskrivning, "
                    f"högst {MAX_CONNECTIVES}); dela upp regeln"
                )
    check_collisions(names, len(conditions))


# --- serialising -------------------------------------------------------------------

def _number(value: float) -> str:
    """repr, except that the engine's JSON reader needs a '.' before any exponent."""
    text = repr(value)
    if "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def _flat_ok(value) -> bool:
    kind = type(value)
    if kind is float:
        return "e" not in repr(value) and value == value and value not in (float("inf"), float("-inf"))
    return kind is str or kind is int or kind is bool


def dumps(obj) -> str:
    """JSON as the engine reads it (json.dumps writes 1e-05, which the engine rejects)."""
    if type(obj) is dict and all(_flat_ok(v) for v in obj.values()):
        return json.dumps(obj, ensure_ascii=False)  # a flat fact: one C-level call
    if isinstance(obj, dict):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{dumps(v)}" for k, v in obj.items()) + "}"
    if isinstance(obj, list):
        return "[" + ",".join(dumps(v) for v in obj) + "]"
    if isinstance(obj, float):
        return _number(obj)
    if isinstance(obj, (str, bool, int)):
        return json.dumps(obj, ensure_ascii=False)
    raise TypeError(f"cannot send {type(obj).__name__} to the engine")


# In a flat fact a float the engine cannot read ('1e-05') stands right after its key: '"x":1e-05'.
# A quote inside a text is always escaped (backslash, quote), so an unescaped '":' and a digit is
# never part of a text. The pattern starts with the literal '":' so that the search skips along
# the text; whether a backslash stands before the quote is asked of the few places found.
_EXPONENT = re.compile(r'":-?[0-9]+e')


def _with_point(found: re.Match) -> str:
    text = found.group()
    if found.start() and found.string[found.start() - 1] == "\\":
        return text  # an escaped quote inside a text
    return text[:-1] + ".0e"


def facts_json(facts: list[dict]) -> str:
    """Flat facts whose values are normalized (text, truth value, int, finite float), in one call.

    What `dumps` gives fact by fact (the engine reads both alike), made by one C-level encoding
    and one pass that adds the '.0' the engine needs before an exponent.
    """
    return _EXPONENT.sub(_with_point, json.dumps(facts, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


# --- evaluators --------------------------------------------------------------------

class ReferenceEvaluator:
    """The conditions in plain Python: where the engine cannot be imported, and as its yardstick."""

    name = "referensutvärderare (Python)"

    def __init__(self, conditions: dict[str, Expr]):
        validate_catalogue(conditions)  # same refusals as the engine, so a catalogue runs everywhere or nowhere
        self._conditions = dict(conditions)

    def report(self):
        return nullcontext()  # nothing to share between a report's calls

    def evaluate(self, checks: list[tuple[str, dict]]) -> list[bool | Undecided | Exception]:
        results: list[bool | Undecided | Exception] = []
        for key, values in checks:
            try:
                results.append(reference_evaluate(self._conditions[key], values))
            except EvaluationError as exc:
                results.append(exc)
        return results


# Every session starts with a fact that fires a no-op rule: deleting a session in
# which no action ever ran frees two pointers the engine never initialised
# (state.c createStateNode/deleteStateNode: context.messages, context.stateFact)
# and aborts the process when the recycled memory is not zero.
_OPENING = -1
_ABSENT = object()
_NOTHING: frozenset = frozenset()  # no rule fired on a fact
_LOCK = threading.RLock()  # one engine per process; its C state is not thread-safe
_SESSIONS = itertools.count(1)
_RULESETS = itertools.count(1)
_HOST = None


class _Held:
    """A thread's shared session (DurableEvaluator.report), deleted when the thread's locals go."""

    def __init__(self, ruleset: str, sid: str | None):
        self.ruleset, self.sid = ruleset, sid

    def __del__(self):
        if self.sid is not None and _HOST is not None:
            try:
                with _LOCK:
                    _HOST.delete_state(self.ruleset, self.sid)
            except Exception:  # the interpreter is shutting down, or the engine refuses: nothing to keep
                pass


def _host():
    global _HOST
    if _HOST is None:

        class Host(_durable.Host):
            def _run(self):
                pass  # the timer threads never stop and sometimes run actions themselves

        _HOST = Host()
    return _HOST


_NR = re.compile(r'"NR": ?(-?[0-9]+)[,}]')


def _firing(message: str) -> tuple[str, int | None]:
    """The rule and the matched fact's NR (None without one) of one firing, '{"r3+":{"m":{"sid":"7","REGEL3":1,"NR":12,…}}}'.

    The engine hands back the fact as it was sent, and a quote inside a text is escaped, so
    '"NR":' is the key; read without decoding the whole fact (one firing per check).
    """
    found = _NR.search(message)
    if found is not None and message.startswith('{"'):
        return message[2:message.index('"', 2)], int(found.group(1))
    rule, matched = next(iter(json.loads(message).items()))
    return rule, matched["m"].get("NR")


def _ruleset_class():
    class Ruleset(_durable.Ruleset):
        """Ruleset serialising with `dumps` (the base class uses json.dumps), running its actions itself.

        Each action here only notes which rule matched which fact; none changes the session's
        state. durable's own loop wraps every firing in a closure and a promise, re-serialises the
        whole state and stores it back, which was most of the engine's time; here each action is
        called with the matched fact and the engine is asked for the next one. An exception in an
        action is kept in `failure`, as durable keeps it in the session state.
        """

        def __init__(self, name, host, definition: dict | str, actions: dict):
            """`definition`: the rules as a dict, or as the engine's JSON already written (see _plan)."""
            self._plain = dict(actions)  # rule → function of the matched fact's NR (see _firing)
            self._actions = {}
            self.failure: str | None = None
            self._name, self._host, self._definition = name, host, definition
            self._handle = _native.create_ruleset(name, definition if isinstance(definition, str) else dumps(definition))

        def do_actions(self, state_handle, complete):
            handle = self._handle
            try:
                result = _native.start_action_for_state(handle, state_handle)
                message = result[1] if result else None
                plain, search = self._plain, _NR.search
                while message:
                    found = search(message)  # as _firing, without the call
                    if found is not None and message.startswith('{"'):
                        rule, nr = message[2:message.index('"', 2)], int(found.group(1))
                    else:
                        rule, nr = _firing(message)
                    try:
                        plain[rule](nr)
                    except Exception as exc:
                        self.failure = self.failure or f"exception caught {exc}"
                    message = _native.complete_and_start_action(handle, state_handle)
            except BaseException as error:
                complete(error, None)
                return
            complete(None, None)

        def assert_fact(self, fact):
            return self._handle_result(_native.assert_fact(self._handle, dumps(fact)), fact)

        def assert_facts(self, facts):
            return self._handle_result(_native.assert_facts(self._handle, facts_json(facts)), facts)

        def assert_event(self, fact):
            return self._handle_result(_native.assert_event(self._handle, dumps(fact)), fact)

        def assert_events(self, facts):
            return self._handle_result(_native.assert_events(self._handle, facts_json(facts)), facts)

    return Ruleset


def _durable_version() -> str:
    """The installed durable-rules' version, from the name of its dist-info folder beside the package.

    importlib.metadata would say the same, but importing it (email, zipfile, csv …) costs a
    command more than building the ruleset; it answers where the folder is not found.
    """
    site = os.path.dirname(os.path.dirname(os.path.abspath(_durable.__file__)))
    prefix, suffix = "durable_rules-", ".dist-info"
    try:
        found = [n for n in os.listdir(site) if n.startswith(prefix) and n.endswith(suffix)]
    except OSError:
        found = []
    if len(found) == 1:
        return found[0][len(prefix):-len(suffix)]
    from importlib import metadata

    return metadata.version("durable_rules")


def _plan(conditions: dict[str, Expr]) -> tuple[dict, dict, dict, str]:
    """What the engine's evaluator needs of a catalogue: its conditions checked, numbered and
    written as one ruleset (a condition and its negation per rule), in the engine's JSON."""
    validate_catalogue(conditions)
    index = {key: i for i, key in enumerate(conditions)}
    # Conditions without arithmetic: with every name there, whether check() raises depends
    # only on the kinds of the values (text, number, truth value), so it is asked once per kinds.
    plain_names = {key: tuple((n, field_name(n)) for n in sorted(e.names)) for key, e in conditions.items() if not _arithmetic(e)}
    fields = {n: field_name(n) for e in conditions.values() for n in e.names}
    definition = {}
    for key, i in index.items():
        for outcome, variant in ((True, conditions[key]), (False, negate(conditions[key]))):
            definition[f"r{i}{'+' if outcome else '-'}"] = {"all": [{"m": _rule(i, variant)}]}
    definition["opening"] = {"all": [{"m": {"$eq": {"REGEL": _OPENING}}}]}
    # A fact that matches no rule makes the engine refuse the whole batch; an undecided
    # condition matches neither way, so such facts carry OPPEN and match this no-op. Should a
    # rule fire on one all the same, it goes first (pri 1 is after the default 0): an event is
    # gone once one rule fired on it, and the answer is that rule's.
    definition["open"] = {"all": [{"m": {"$eq": {"OPPEN": 1}}}], "pri": 1}
    return index, plain_names, fields, dumps(definition)


class DurableEvaluator:
    """All conditions of the catalogue as one ruleset; build one per process and reuse it.

    Each instance registers a ruleset that lives as long as the process (the
    engine cannot unregister), so build it once per catalogue.
    """

    def __init__(self, conditions: dict[str, Expr]):
        if _durable is None:
            raise RuntimeError("durable-rules cannot be imported here")
        self.name = f"durable-rules {_durable_version()}"
        self._conditions = dict(conditions)
        # Checking the catalogue and writing its ruleset depend on the conditions alone: done once
        # and kept with the compiled catalogue (a repr of the trees names every value and kind).
        plan = katalogcache.cached("motor", [], lambda: _plan(self._conditions), extra=repr(self._conditions))
        self._index, self._plain_names, self._fields, definition = plan
        self._rule_fields = [rule_field(i) for i in range(len(self._index))]
        # Each condition's names, read from a check's values in one call (None where it reads none).
        self._getters = {key: _getter(tuple(sorted(expr.names))) for key, expr in self._conditions.items()}
        self._by_kinds: dict[tuple, EvaluationError | None] = {}
        self._fired: dict[int, set[tuple[int, bool]]] = {}
        self._open: dict[int, Undecided] = {}
        self._local = threading.local()  # the session of the report being checked in this thread (see report)
        actions = {}
        for i in self._index.values():
            actions[f"r{i}+"] = partial(self._fire, (i, True))
            actions[f"r{i}-"] = partial(self._fire, (i, False))
        actions["opening"] = lambda nr: None
        actions["open"] = lambda nr: None
        with _LOCK:
            host = _host()
            self._ruleset = f"finsam{next(_RULESETS)}"
            ruleset = _ruleset_class()(self._ruleset, host, definition, actions)
            host._ruleset_directory[self._ruleset] = ruleset  # register_rulesets would rebuild it with json.dumps
            host._ruleset_list.append(ruleset)
        self._rules = ruleset

    @contextmanager
    def report(self):
        """One engine session for every evaluate() of one report, shared by the thread's next reports.

        Opening a session costs the engine about 1,3 million instructions (state.c createStateNode
        clears its tables; 1,6 MB) and deleting it about as much, as much as a report's own facts,
        and a report asks three to four times (applicability, then conditions, for each stage).
        Every fact gets a number of its own (NR) and is an event the engine drops once a rule fired
        on it, so facts of different calls and reports never meet and the session does not grow.
        It is deleted after REPORTS_PER_SESSION reports, when its thread ends, or at once should
        the engine have refused a batch.
        """
        local = self._local
        if getattr(local, "inside", False):  # already inside one: that one serves
            yield
            return
        if getattr(local, "sid", None) is None:
            with _LOCK:
                self._keep_session(self._open_session())
        local.inside = True
        try:
            yield
        finally:
            local.inside = False
            local.reports += 1
            if local.sid is None or local.reports >= self.REPORTS_PER_SESSION:
                self._close_session()

    REPORTS_PER_SESSION = 1000

    def _keep_session(self, sid: str | None) -> None:
        """`sid` as the session this thread's reports share, deleted with the thread at the latest."""
        local = self._local
        local.sid, local.next_nr, local.reports = sid, 0, 0
        local.held = _Held(self._ruleset, sid)

    def _close_session(self) -> None:
        """Delete the session reports share in this thread (a new one opens with the next report)."""
        local = self._local
        sid, local.sid = getattr(local, "sid", None), None
        held = getattr(local, "held", None)
        if held is not None:
            held.sid = None
        if sid is not None:
            with _LOCK:
                _host().delete_state(self._ruleset, sid)

    def _open_session(self) -> str | None:
        """A new session with its opening fact asserted (see _OPENING); None if the engine refuses."""
        sid = str(next(_SESSIONS))
        try:
            _host().assert_fact(self._ruleset, {"sid": sid, "REGEL": _OPENING, "NR": _OPENING})
        except Exception:
            return None
        return sid

    def _fire(self, fired: tuple[int, bool], nr: int) -> None:
        """The action of a rule (its condition's number and which way) on the fact numbered `nr`."""
        self._fired.setdefault(nr, set()).add(fired)

    def evaluate(self, checks: list[tuple[str, dict]]) -> list[bool | Undecided | Exception]:
        # The engine's C state and this evaluator's (what fired, what is open) are one per process:
        # the web page's requests run in threads, so one evaluation at a time.
        with _LOCK:
            return self._evaluate(checks)

    def _evaluate(self, checks: list[tuple[str, dict]]) -> list[bool | Undecided | Exception]:
        results: list[bool | Undecided | Exception | None] = [None] * len(checks)
        prepared: list[tuple[int, int, dict]] = []
        self._open: dict[int, Undecided] = {}
        fields = self._fields
        # Half of a report's checks send the engine a fact another check of the same call already
        # sends (the same condition on the same values: items that share their figures, a rule's
        # applicability read from the report's own facts): the engine is asked once, and its
        # answer is every such check's. Most are seen before anything is prepared: the same
        # condition and, for each name it reads, a value of the same kind that is equal.
        first_of: dict[tuple, int] = {}
        first_read: dict[tuple, int] = {}
        copies: list[tuple[int, int]] = []  # (check, the earlier check whose answer it gets), in order
        getters = self._getters
        for nr, (key, values) in enumerate(checks):
            getter = getters[key]
            if getter is not None:
                try:
                    read = getter(values)
                    first = first_read.setdefault((key, read, tuple(map(type, read))), nr)
                except (KeyError, TypeError):  # a name missing (the reference names it), a value not hashable
                    pass
                else:
                    if first != nr:
                        copies.append((nr, first))
                        continue
            index = self._index[key]
            try:
                guarded = self._guarded(key, values)
            except EvaluationError as exc:
                results[nr] = exc
                continue
            if guarded is None:  # a name is missing (or a value is odd): the reference says what the engine cannot
                try:
                    normalized, verdict = check(self._conditions[key], values)
                except EvaluationError as exc:
                    results[nr] = exc
                    continue
                if isinstance(verdict, Undecided):
                    # The engine decides; should it match neither way, these are the names it lacked.
                    self._open[nr] = verdict
                # The verdict is in the key: what stays open names what is missing, which the fact does not show.
                same = (index, tuple(normalized.items()), tuple(map(type, normalized.values())), verdict)
                sent = {fields.get(n) or field_name(n): v for n, v in normalized.items()}
            else:
                sent, same = guarded
            first = first_of.setdefault(same, nr)
            if first != nr:
                copies.append((nr, first))
                continue
            prepared.append((nr, index, sent))
        if _decimal_point() != ".":
            error = EvaluationError("regelmotorn läser decimaltal fel när LC_NUMERIC har decimalkomma; kör med LC_NUMERIC=C")
            return [r if r is not None else error for r in results]
        with _LOCK:
            self._run(prepared, results)
        for nr, first in copies:
            results[nr] = results[first]
        return results  # type: ignore[return-value]

    def _guarded(self, key: str, values: dict) -> tuple[dict, tuple] | None:
        """The values the engine is given (by field name), guarded without deciding the condition in Python,
        and what tells this fact from others of the same call (the condition, each value and its kind).

        Only for a condition without arithmetic whose every name has a value that normalizes:
        then reference.check() can raise only for the kinds of the values (text compared with a
        number, an order on text), and that is asked once per condition and kinds. None where
        check() itself must run: a missing name (whose absence it names), a value it refuses
        (its message names the first in its order), arithmetic (division by zero, overflow).
        A finite float and an exact int are normalized here as normalize() does, the rest there.
        """
        names = self._plain_names.get(key)
        if names is None:
            return None
        sent = {}
        kinds: list = [key]
        same: list = []  # the values sent, beside their kinds (True == 1.0 in Python, not for the engine)
        for n, f in names:
            v = values.get(n, _ABSENT)
            t = type(v)
            if t is float:
                if v - v != 0.0:  # inf or nan: normalize refuses it
                    return None
            elif t is int:
                if v > MAX_EXACT_INT or v < -MAX_EXACT_INT:
                    return None
                v = float(v)
            elif t is not bool:
                if v is _ABSENT:
                    return None
                try:
                    v = normalize(n, v)
                except EvaluationError:
                    return None
            sent[f] = v
            kinds.append(type(v))  # bool, float or str: the kinds check() tells apart
            same.append(v)
        signature = tuple(kinds)
        refused = self._by_kinds.get(signature, _ABSENT)
        if refused is _ABSENT:
            try:
                check(self._conditions[key], values)
                refused = None
            except EvaluationError as exc:
                refused = exc
            self._by_kinds[signature] = refused
        if refused is not None:
            raise EvaluationError(str(refused))
        same.append(signature)
        return sent, tuple(same)

    def _run(self, prepared: list[tuple[int, int, dict]], results: list) -> None:
        """Send the prepared facts (events) in the report's session or a fresh one, collect the answers.

        All facts go in one call; should the engine refuse the batch (one fact it
        cannot handle stops the others' actions), a new session takes them one by
        one, so that one bad fact is one error.
        """
        if not prepared:
            return
        if not self._session(prepared, results, batch=True):
            self._session(prepared, results, batch=False)

    def _session(self, prepared: list[tuple[int, int, dict]], results: list, batch: bool) -> bool:
        host, local = _host(), self._local
        shared = getattr(local, "sid", None) if batch and getattr(local, "inside", False) else None  # the report's (see report); one by one, a fresh one
        if shared is None:
            sid, base = str(next(_SESSIONS)), 0
        else:
            sid, base = shared, local.next_nr
            local.next_nr += len(results)
        self._fired, self._last_session = {}, sid
        self._rules.failure = None
        failure = None
        if shared is None:
            try:
                host.assert_fact(self._ruleset, {"sid": sid, "REGEL": _OPENING, "NR": _OPENING})
            except Exception as exc:  # without the opening action, deleting the session could crash
                for nr, _, _ in prepared:
                    results[nr] = EvaluationError(f"regelmotorn kunde inte öppna en session: {exc}")
                return True
        named = self._rule_fields
        facts = [{"sid": sid, named[index]: 1, "NR": base + nr, **({"OPPEN": 1} if nr in self._open else {}), **fields}
                 for nr, index, fields in prepared]
        try:
            if batch:
                try:
                    host.post_batch(self._ruleset, facts)
                except Exception:
                    if shared is not None:  # what the refused batch left in the report's session is unknown: a new one
                        self._close_session()
                        self._keep_session(self._open_session())
                    return False
            else:
                for fact in facts:
                    try:
                        host.post(self._ruleset, fact)
                    except _durable.MessageNotHandledException:
                        results[fact["NR"]] = EvaluationError("ingen regel matchade")
                    except Exception as exc:  # the engine's own errors carry only a number
                        results[fact["NR"]] = EvaluationError(f"regelmotorn avvisade prövningen: {exc}")
            failure = self._rules.failure
        finally:
            if shared is None:
                host.delete_state(self._ruleset, sid)
        for nr, index, _ in prepared:
            if results[nr] is None:
                results[nr] = self._answer(self._fired.get(base + nr, _NOTHING), index, failure, self._open.get(nr))
        return True

    @staticmethod
    def _answer(fired: set, index: int, failure: str | None, open_: Undecided | None) -> bool | Undecided | EvaluationError:
        if len(fired) == 1:
            (i, outcome), = fired
            if i == index:
                return outcome
        outcomes = {outcome for i, outcome in fired if i == index}
        if any(i != index for i, _ in fired):
            return EvaluationError("regelmotorn prövade fel regel")
        if len(outcomes) == 1:
            return outcomes.pop()
        if outcomes:  # not seen on events (the first firing takes the fact), kept should that change
            return EvaluationError("både villkoret och dess motsats matchade")
        if failure:
            return EvaluationError(f"fel i regelmotorns åtgärd: {str(failure).split(', traceback')[0]}")
        if open_ is not None:
            return open_  # neither way: a comparison lacked a field
        return EvaluationError("regelmotorn gav inget svar")


def _getter(names: tuple[str, ...]):
    """The values of `names` in a dict as one tuple (KeyError where one is missing); None for no names."""
    if not names:
        return None
    if len(names) == 1:
        one = itemgetter(names[0])
        return lambda values: (one(values),)
    return itemgetter(*names)


def _decimal_point() -> str:
    """LC_NUMERIC's decimal point (nl_langinfo: localeconv builds a dict of some twenty entries every call)."""
    if _RADIXCHAR is not None:
        return locale.nl_langinfo(_RADIXCHAR)
    return locale.localeconv()["decimal_point"]


_RADIXCHAR = getattr(locale, "RADIXCHAR", None) if hasattr(locale, "nl_langinfo") else None


def _arithmetic(expr: Expr) -> bool:
    if isinstance(expr, (BinOp, Neg)):
        return True
    return any(_arithmetic(c) for c in expr.children())


def durable_available() -> bool:
    """Whether durable-rules imports here (it needs its C extension, and Python before 3.13)."""
    return _durable is not None


def make_evaluator(conditions: dict[str, Expr], prefer: str = "durable"):
    """The engine where it can be imported, else the reference evaluator (same answers)."""
    if prefer not in ("durable", "reference"):
        raise ValueError(f"unknown evaluator {prefer!r}")
    if prefer == "durable" and _durable is not None:
        return DurableEvaluator(conditions)
    return ReferenceEvaluator(conditions)
