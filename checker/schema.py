"""The JSON Schema of report files, generated from the model (committed in schema/)."""

from __future__ import annotations

import json

from .model import Arsredovisning

SCHEMA_PATH = "schema/arsredovisning.schema.json"
RULE_SCHEMA_PATH = "schema/regel.schema.json"


def schema_text() -> str:
    schema = Arsredovisning.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Årsredovisning för ett samordningsförbund (finsam-granskning)"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def rule_schema_text() -> str:
    """The JSON Schema of a rule file in rules/ (the pydantic model the catalogue validates with)."""
    from .catalogue import Regel

    schema = Regel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Regelfil i regelkatalogen (finsam-granskning)"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
