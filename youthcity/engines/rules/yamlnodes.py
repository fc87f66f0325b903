"""Reading YAML with positions: a strict-schema walker over PyYAML's composed node graph.

We compose (not load) the YAML so every value keeps its start mark; each accessor raises
`PolicyError(file, line, column, message)` pointing at the offending node.  Unknown keys are
errors, never silently dropped (a lesson from policyengine-core#505).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from .errors import PolicyError
from .model import Citation, Text


class YamlFile:
    """A composed YAML file plus its source lines (for mapping expression offsets to columns)."""

    def __init__(self, path: Path, source: str | None = None) -> None:
        """Read `path`, or take `source` as its text (a draft that replaces the file)."""
        self.path = path
        self.name = str(path)
        if source is not None:
            self.source = source
        else:
            try:
                self.source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise PolicyError(self.name, 1, 1, f"cannot read file: {exc}") from None
        self.lines = self.source.splitlines()
        try:
            root = yaml.compose(self.source, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else 1
            col = mark.column + 1 if mark is not None else 1
            raise PolicyError(self.name, line, col, f"YAML syntax error: {exc.problem}") from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
            before = self.source[: exc.position]
            line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
            raise PolicyError(self.name, line, col, f"YAML syntax error: {exc.reason}") from None
        if root is None:
            raise PolicyError(self.name, 1, 1, "empty file")
        self.root: yaml.Node = root

    # -- errors ------------------------------------------------------------------------------

    def error(self, node: yaml.Node, message: str) -> PolicyError:
        return PolicyError(self.name, node.start_mark.line + 1, node.start_mark.column + 1, message)

    def expression_position(self, node: yaml.Node, offset: int) -> tuple[int, int]:
        """1-based (line, column) of character `offset` inside a scalar node's text."""
        mark = node.start_mark
        style = getattr(node, "style", None)
        value = str(node.value)
        if style in ("|", ">"):
            # Block scalars start on the next line, indented; count lines inside the block.
            before = value[:offset]
            line = mark.line + 1 + before.count("\n")
            col_in_line = offset - (before.rfind("\n") + 1)
            indent = 0
            if line < len(self.lines):
                text_line = self.lines[line]
                indent = len(text_line) - len(text_line.lstrip(" "))
            return line + 1, indent + col_in_line + 1
        shift = 1 if style in ('"', "'") else 0
        return mark.line + 1, mark.column + shift + offset + 1

    # -- accessors ---------------------------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """A mapping's entries as {key: (key node, value node)}; checks required/unknown keys."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        allowed = set(required) | set(optional)
        for knode, vnode in node.value:
            key = str(knode.value)
            if key in out:
                raise self.error(knode, f"duplicate key {key!r} in {what}")
            if allowed and key not in allowed:
                raise self.error(
                    knode, f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})"
                )
            out[key] = (knode, vnode)
        for key in required:
            if key not in out:
                raise self.error(node, f"{what} is missing the required key {key!r}")
        return out

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list")
        return list(node.value)

    def is_null(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"

    def string(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or self.is_null(node):
            raise self.error(node, f"{what} must be a text")
        text = str(node.value).strip()
        if not text:
            raise self.error(node, f"{what} must not be empty")
        return text

    def boolean(self, node: yaml.Node, what: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
            raise self.error(node, f"{what} must be true or false")
        return str(node.value).lower() in ("true", "yes", "on")

    def number(self, node: yaml.Node, what: str) -> int | float:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:int":
                try:
                    return int(str(node.value).replace("_", ""))
                except ValueError:
                    pass
            elif node.tag == "tag:yaml.org,2002:float":
                try:
                    return float(str(node.value).replace("_", ""))
                except ValueError:
                    pass
        raise self.error(node, f"{what} must be a number")

    def date_value(self, node: yaml.Node, what: str) -> date:
        if isinstance(node, yaml.ScalarNode) and not self.is_null(node):
            try:
                return date.fromisoformat(str(node.value).strip())
            except ValueError:
                pass
        raise self.error(node, f"invalid date for {what}: {getattr(node, 'value', '')!r} (want YYYY-MM-DD)")

    def optional_date(self, node: yaml.Node, what: str) -> date | None:
        if self.is_null(node):
            return None
        return self.date_value(node, what)

    def text(self, node: yaml.Node, what: str) -> Text:
        """A {zh: ..., en: ...} mapping."""
        m = self.mapping(node, what, required=("zh", "en"))
        return Text(self.string(m["zh"][1], f"{what}.zh"), self.string(m["en"][1], f"{what}.en"))

    def citation(self, node: yaml.Node, what: str) -> Citation:
        m = self.mapping(node, what, required=("document", "clause", "text"))
        doc_node = m["document"][1]
        if isinstance(doc_node, yaml.MappingNode):
            document = self.text(doc_node, f"{what}.document")
        else:
            s = self.string(doc_node, f"{what}.document")
            document = Text(s, s)
        return Citation(
            document,
            self.string(m["clause"][1], f"{what}.clause"),
            self.string(m["text"][1], f"{what}.text"),
        )
