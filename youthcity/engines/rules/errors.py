"""Exceptions raised by the rules engine.

`PolicyError` points at a place in a policy file (file, 1-based line and column) so an author can
fix it; `ExpressionError` is raised by the expression parser and type checker with an offset into
the expression text, and the loader turns it into a `PolicyError` at the right file position.
"""

from __future__ import annotations


class PolicyError(Exception):
    """A policy file (or facts/parameters/tests file) is invalid.

    Attributes are 1-based `line` and `column` in `file`; `message` says what is wrong.
    """

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        super().__init__(f"{file}:{line}:{column}: {message}")


class ExpressionError(Exception):
    """An expression could not be parsed or type-checked; `offset` is 0-based into its text."""

    def __init__(self, message: str, offset: int) -> None:
        self.message = message
        self.offset = offset
        super().__init__(f"{message} (at character {offset + 1})")


class FactsError(ValueError):
    """Person facts failed validation; `errors` holds one `FactError` per bad field."""

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message_en}" for e in errors))


class FactError:
    """One invalid fact: field name, machine code and messages in Chinese and English."""

    __slots__ = ("field", "code", "message_zh", "message_en")

    def __init__(self, field: str, code: str, message_zh: str, message_en: str) -> None:
        self.field = field
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        """The message in `lang` ("zh" or "en")."""
        return self.message_zh if lang.startswith("zh") else self.message_en

    def __repr__(self) -> str:
        return f"FactError({self.field!r}, {self.code!r}, {self.message_en!r})"
