"""Policy versions written in the app: checking a draft with the engine, its policy tests, and a
readable diff against the text in force.  No writes here (services.py writes)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from youthcity.core import entry_points
from youthcity.core.errors import ServiceError
from youthcity.engines.rules import PolicyError, PolicySet, load_policy_set, run_policy_tests

from .registry import default_directory, file_text, published_versions, text_hash, with_city_values

MAX_TEXT = 200_000  # characters: a policy file is a few kilobytes


@dataclass(frozen=True)
class TextInForce:
    text: str
    number: int | None  # None: the pack's file

    @property
    def hash(self) -> str:
        return text_hash(self.text)


def text_in_force(policy_id: str, directory: Path | None = None) -> TextInForce | None:
    """The text of `policy_id` in force now: its latest published version, else the pack's file."""
    published = published_versions().get(policy_id)
    if published is not None:
        return TextInForce(published[1], published[0])
    text = file_text(directory or default_directory(), policy_id)
    return TextInForce(text, None) if text is not None else None


# -- errors in Chinese (or the user's language) with line numbers ------------------------------

def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(r"^YAML syntax error: (?P<a>.*)$"), _("YAML syntax error: %(a)s")),
        (re.compile(r"^empty file$"), _("The text is empty.")),
        (re.compile(r"^unknown key '(?P<a>[^']*)' in (?P<b>.*) \(allowed: (?P<c>.*)\)$"),
         _("Unknown key “%(a)s” in %(b)s (allowed: %(c)s).")),
        (re.compile(r"^(?P<b>.*) is missing the required key '(?P<a>[^']*)'$"),
         _("%(b)s is missing the required key “%(a)s”.")),
        (re.compile(r"^duplicate key '(?P<a>[^']*)' in (?P<b>.*)$"), _("The key “%(a)s” appears twice in %(b)s.")),
        (re.compile(r"^policy id '(?P<a>[^']*)' must match the file name '(?P<b>[^']*)'$"),
         _("The policy id “%(a)s” must stay “%(b)s”.")),
        (re.compile(r"^(?P<a>.*) must be a number$"), _("%(a)s must be a number.")),
        (re.compile(r"^(?P<a>.*) must be a mapping$"), _("%(a)s must be a mapping (key: value lines).")),
        (re.compile(r"^(?P<a>.*) must be a list$"), _("%(a)s must be a list.")),
        (re.compile(r"^(?P<a>.*) must be a text$"), _("%(a)s must be a text.")),
        (re.compile(r"^(?P<a>.*) must not be empty$"), _("%(a)s must not be empty.")),
        (re.compile(r"^(?P<a>.*) must be true or false$"), _("%(a)s must be true or false.")),
        (re.compile(r"^invalid date for (?P<a>.*?): .* \(want YYYY-MM-DD\)$"),
         _("The date of %(a)s is invalid (write YYYY-MM-DD).")),
        (re.compile(r"^unknown (?P<a>\w+) '(?P<b>[^']*)' \(allowed: (?P<c>.*)\)$"),
         _("Unknown %(a)s “%(b)s” (allowed: %(c)s).")),
        (re.compile(r"^(?P<a>.*): unknown fact '(?P<b>[^']*)'$"), _("%(a)s: there is no fact “%(b)s”.")),
        (re.compile(r"^(?P<a>.*): unknown parameter '(?P<b>[^']*)'$"), _("%(a)s: there is no parameter “%(b)s”.")),
        (re.compile(r"^(?P<a>.*): unknown policy '(?P<b>[^']*)'$"), _("%(a)s: there is no policy “%(b)s”.")),
        (re.compile(r"^(?P<a>.*): (?P<b>unexpected .*|expected .*|unterminated string|empty expression)$"),
         _("%(a)s: the expression cannot be read (%(b)s).")),
    ]


def error_text(exc: PolicyError) -> str:
    """A loader error for a person: "Line 12, column 5: …" in their language; a message the
    table does not know keeps the engine's (English) words after the position."""
    message = exc.message
    for pattern, template in _patterns():
        m = pattern.match(message)
        if m:
            message = template % m.groupdict()
            break
    return _("Line %(line)s, column %(column)s: %(message)s") % {"line": exc.line, "column": exc.column,
                                                                  "message": message}


# -- checking a draft --------------------------------------------------------------------------

@dataclass(frozen=True)
class Checked:
    policy_set: PolicySet
    tests: dict[str, Any]  # {"cases", "checks", "failures": [{"file", "line", "case", "message"}]}

    @property
    def passed(self) -> bool:
        return self.tests["cases"] > 0 and not self.tests["failures"]


def check(policy_id: str, text: str, directory: Path | None = None) -> Checked:
    """Load the policies with `text` standing for `policy_id` (over the other published versions)
    and run the policy's tests on them; raises ServiceError 422 with the error's line when the
    engine refuses the text."""
    directory = directory or default_directory()
    if not text.strip():
        raise _invalid(_("The text is empty."))
    if len(text) > MAX_TEXT:
        raise _invalid(_("The text is too long for a policy (at most %(n)s characters).") % {"n": MAX_TEXT})
    overlay = {pid: t for pid, (_, t) in published_versions().items()}
    overlay[policy_id] = text
    try:
        ps = with_city_values(load_policy_set(directory, entry_points=entry_points.names(), overlay=overlay))
    except PolicyError as exc:
        mine = Path(exc.file).name == f"{policy_id}.yaml"
        message = error_text(exc)
        if not mine:
            message = _("Another policy file does not load with this draft: %(file)s, %(error)s") % {
                "file": Path(exc.file).name, "error": message}
        raise _invalid(message) from None
    try:
        report = run_policy_tests(directory, ps, only=[policy_id])
    except PolicyError as exc:  # a test names something the draft removed
        report_failures = [{"file": Path(exc.file).name, "line": exc.line, "case": "-", "message": exc.message}]
        return Checked(ps, {"cases": 0, "checks": 0, "failures": report_failures})
    failures = [{"file": Path(f.file).name, "line": f.line, "case": f.case, "message": f.message}
                for f in report.failures]
    return Checked(ps, {"cases": report.cases, "checks": report.checks, "failures": failures})


def _invalid(message: str) -> ServiceError:
    return ServiceError(422, "invalid_policy", message, {"yaml_text": [message]})


# -- a readable diff ---------------------------------------------------------------------------

def line_diff(old: str, new: str) -> list[dict[str, str]]:
    """A unified line diff: [{"kind": "add" | "remove" | "context" | "hunk", "text"}]."""
    out: list[dict[str, str]] = []
    for line in list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2))[2:]:
        kind = {"+": "add", "-": "remove", "@": "hunk"}.get(line[:1], "context")
        out.append({"kind": kind, "text": line})
    return out


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
        for v in value:
            _flatten({k: x for k, x in v.items() if k != "id"}, f"{path}[{v['id']}]", out)
    else:
        out[path] = value


def _load(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _parameter_name(name: str, *texts: dict[str, Any]) -> str:
    """A parameter as staff read it: its short label, else the first sentence of its description,
    from the policy's own YAML (new text first); the key only when neither says anything."""
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    for data in texts:
        spec = (data.get("parameters") or {}).get(name)
        if not isinstance(spec, dict):
            continue
        for key in ("label", "description"):
            text = spec.get(key)
            text = text.get(lang) if isinstance(text, dict) else text
            if isinstance(text, str) and text.strip():
                return text.strip().split("。")[0].split(". ")[0]
    return name


def _label(path: str, *texts: dict[str, Any]) -> str:
    fixed = {
        "name.zh": pgettext("policy field", "Name"), "name.en": _("Name (English)"), "responsible_unit": _("Responsible unit"),
        "effective.from": _("In force from"), "effective.to": _("In force until"), "kind": pgettext("policy field", "Kind"),
        "amount.expression": _("Amount"), "amount.max": _("Amount ceiling"), "amount.unit": _("Amount unit"),
        "amount.period": _("Amount period"), "application.required": _("Application required"),
        "validity.until": _("Valid until"), "audience": _("Who applies"),
    }
    if path in fixed:
        return fixed[path]
    m = re.match(r"^eligibility\[(?P<id>[^\]]+)\]\.(?P<rest>.+)$", path)
    if m:
        part = {"expression": _("rule")}.get(m["rest"], m["rest"])
        return _("Condition “%(id)s” (%(part)s)") % {"id": m["id"], "part": part}
    m = re.match(r"^parameters\.(?P<name>.+)\.values\.(?P<day>[^.]+)$", path)
    if m:
        return _("Parameter %(name)s from %(day)s") % {"name": _parameter_name(m["name"], *texts), "day": m["day"]}
    m = re.match(r"^application\.documents\[(?P<id>[^\]]+)\]\.(?P<rest>.+)$", path)
    if m:
        return _("Document “%(id)s” (%(rest)s)") % {"id": m["id"], "rest": m["rest"]}
    return path


def _show(value: Any) -> str:
    if value is None:
        return _("none")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def field_changes(old: str, new: str) -> list[dict[str, str]]:
    """What changed, field by field: [{"kind": "changed" | "added" | "removed", "label", "old", "new"}].
    Conditions and documents are matched by their id, so an added or removed condition reads as
    one line ("Condition added: …"), and an amount as "Amount: 3000 → 5000"."""
    a, b = _load(old), _load(new)
    changes: list[dict[str, str]] = []
    for section, added_label, removed_label in (
        ("eligibility", _("Condition added"), _("Condition removed")),
        (("application", "documents"), _("Document added"), _("Document removed")),
    ):
        olds, news = _items(a, section), _items(b, section)
        for cid in news.keys() - olds.keys():
            changes.append({"kind": "added", "label": f"{added_label}：{cid}", "old": "",
                            "new": _show(news[cid].get("expression") or _text(news[cid].get("label")))})
        for cid in olds.keys() - news.keys():
            changes.append({"kind": "removed", "label": f"{removed_label}：{cid}",
                            "old": _show(olds[cid].get("expression") or _text(olds[cid].get("label"))), "new": ""})
    fa: dict[str, Any] = {}
    fb: dict[str, Any] = {}
    _flatten(a, "", fa)
    _flatten(b, "", fb)
    gone = {c["label"].split("：", 1)[1] for c in changes}
    for path in sorted(fa.keys() | fb.keys(), key=lambda p: (list(fb).index(p) if p in fb else len(fb), p)):
        if _within(path, gone) or fa.get(path) == fb.get(path):
            continue
        kind = "changed" if path in fa and path in fb else ("added" if path in fb else "removed")
        changes.append({"kind": kind, "label": _label(path, b, a), "old": _show(fa.get(path)) if path in fa else "",
                        "new": _show(fb.get(path)) if path in fb else ""})
    return changes


def _items(data: dict[str, Any], section: str | tuple[str, str]) -> dict[str, dict[str, Any]]:
    value: Any = data
    for key in (section,) if isinstance(section, str) else section:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, list):
        return {}
    return {str(v["id"]): v for v in value if isinstance(v, dict) and "id" in v}


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("zh") or value.get("en") or "")
    return "" if value is None else str(value)


def _within(path: str, ids: set[str]) -> bool:
    return any(f"[{i}]" in path for i in ids)
