"""The report model's validator, built from a core schema kept on disk.

pydantic builds a model's validator in two steps: Python walks the classes and their
annotations into a core schema (a nest of dicts), then pydantic-core compiles that into a
validator. For the report model the walk is nearly all of it (about 30 ms against 2 ms), and
it gives the same schema for the same code. So the schema is kept in the compiled-catalogue
cache (checker.katalogcache) under a key made of the package's modules and the versions of
pydantic, pydantic-core and annotated-types, and a command compiles it, as pydantic would, into
the validator that checks its report. pydantic has no supported way to keep a validator, so:

- only what pydantic-core reads is kept: a schema node's `metadata` holds pydantic's JSON-schema
  helpers (closures that cannot be pickled), which pydantic-core never reads;
- the validator is compiled with pydantic's own create_schema_validator, with the model's own
  core config, so plugins and settings are as for `Arsredovisning.model_validate`;
- the class itself is left as it is (built on first use for anything else: JSON schema,
  serialising, a part validated on its own);
- anything unexpected (a schema that cannot be pickled, an unreadable entry, a pydantic whose
  internals moved) falls back to `model_validate`, silently: the cache is never a condition.

tests/test_schemacache.py holds the validator to the model's own on valid and broken reports.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from . import katalogcache
from .model import Arsredovisning


def _versions() -> str:
    import annotated_types
    import pydantic_core
    from pydantic.version import VERSION

    return f"pydantic {VERSION}\0pydantic-core {pydantic_core.__version__}\0annotated-types {annotated_types.__version__}"


def _without_metadata(node: Any) -> Any:
    """The schema with no schema node's `metadata`; a field named 'metadata' (a key of a mapping
    of fields, whose 'type', if any, is no text) is kept."""
    if isinstance(node, dict):
        drop = isinstance(node.get("type"), str)
        return {k: _without_metadata(v) for k, v in node.items() if not (drop and k == "metadata")}
    if isinstance(node, list):
        return [_without_metadata(v) for v in node]
    if isinstance(node, tuple):
        return tuple(_without_metadata(v) for v in node)
    return node


def _config(model) -> dict:
    from pydantic._internal._config import ConfigWrapper

    return ConfigWrapper(model.model_config, check=False).core_config(title=model.__name__)


def _built(model) -> tuple[dict, dict]:
    model.model_rebuild()  # the class's own schema and validator, as model_validate would build them
    return _without_metadata(model.__pydantic_core_schema__), _config(model)


@lru_cache(maxsize=1)
def report_validator() -> Optional[Any]:
    """Arsredovisning's validator compiled from the kept schema, or None (then model_validate)."""
    model = Arsredovisning
    if katalogcache.cache_dir() is None:
        return None  # nothing kept: the model's own, built once
    try:
        from pydantic._internal._config import ConfigWrapper
        from pydantic.plugin._schema_validator import create_schema_validator

        schema, config = katalogcache.cached("modell", [], lambda: _built(model), extra=_versions())
        plugin_settings = ConfigWrapper(model.model_config, check=False).plugin_settings
        return create_schema_validator(schema, model, model.__module__, model.__qualname__, "BaseModel", config, plugin_settings)
    except Exception:  # never a condition: the model builds its own
        return None


def validate_report(data: Any, context: Optional[dict] = None) -> Arsredovisning:
    """`Arsredovisning.model_validate(data, context=context)`: the same model or the same ValidationError."""
    validator = report_validator()
    if validator is None:
        return Arsredovisning.model_validate(data, context=context)
    return validator.validate_python(data, context=context)
