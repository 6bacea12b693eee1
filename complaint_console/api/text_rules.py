"""Length and pattern limits on a text field, checked with Python's `re` and published as
`minLength`/`maxLength`/`pattern` in the OpenAPI document: one rule, stated and kept.

Pydantic's own `pattern`/`max_length` would refuse any text that is not valid Unicode (a lone
UTF-16 surrogate, which JSON can carry) before the domain cleans it, and pydantic's default
regex engine reads a pattern slightly differently from JSON Schema tools in Python (`$`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema


@dataclass(frozen=True)
class Text:
    """`Annotated[str, Text(...)]`: the text's length within the limits and `pattern` found in it."""

    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    _compiled: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.pattern) if self.pattern else None)

    def check(self, value: str) -> str:
        if self.min_length is not None and len(value) < self.min_length:
            raise PydanticCustomError("string_too_short", "At least {limit} characters.", {"limit": self.min_length})
        if self.max_length is not None and len(value) > self.max_length:
            raise PydanticCustomError("string_too_long", "At most {limit} characters.", {"limit": self.max_length})
        if self._compiled is not None and not self._compiled.search(value):  # JSON Schema: found anywhere
            raise PydanticCustomError("string_pattern_mismatch", "Not in the documented format.")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        limits = {"minLength": self.min_length, "maxLength": self.max_length, "pattern": self.pattern}
        json_schema.update({name: value for name, value in limits.items() if value is not None})
        return json_schema
