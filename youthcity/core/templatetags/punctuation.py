"""Punctuation that follows the page's language, for templates that join a label and a unit or a
value: ``{{ label }}{% colon %}{{ value }}`` gives "报送：每季度" on a Chinese page and
"Reports: quarterly" on an English one; ``{{ label }}{{ unit|in_parens }}`` gives "活跃志愿者（人）" /
"Active volunteers (people)".  Chinese text takes full-width marks (GB/T 15834); a translatable
string carries its own marks in the catalogue instead."""

from django import template
from django.utils.translation import get_language, pgettext_lazy

register = template.Library()

# Django's own Chinese catalogue ends a truncated text with ASCII "..."; the project's catalogue
# (youthcity/locale) overrides it with the ellipsis "…" for truncatechars / truncatewords.
TRUNCATED = pgettext_lazy("String to return when truncating text", "%(truncated_text)s…")


def chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


@register.simple_tag
def colon() -> str:
    return "：" if chinese() else ": "


@register.simple_tag
def comma() -> str:
    return "，" if chinese() else ", "


@register.filter
def in_parens(value) -> str:
    if value in (None, ""):
        return ""
    return f"（{value}）" if chinese() else f" ({value})"
