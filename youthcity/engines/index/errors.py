"""Errors raised by the index engine. Every message names the place (file section, code, row, column)."""

from __future__ import annotations

__all__ = ["IndexEngineError", "FrameworkError", "DataError"]


class IndexEngineError(Exception):
    """Base class of all index-engine errors."""


class FrameworkError(IndexEngineError):
    """The framework file is invalid; the message names the node, indicator or field."""


class DataError(IndexEngineError):
    """The data file is invalid; the message names the row and column."""
