"""``{% chart_table data caption %}``: the figures behind a chart as a table anyone can reach
(screen readers, keyboard, no JavaScript), from the same data the chart is drawn with.

``data`` is the chart's JSON: ``{labels, values[, label]}`` (one series) or ``{labels, datasets:
[{label, data}]}``. Rows are the labels; columns are the series. Missing values show as "—".
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("_chart_table.html")
def chart_table(data: dict, caption: str, row_header: str = "", open: bool = False) -> dict:
    labels = list(data.get("labels") or [])
    if data.get("datasets"):
        columns = [str(d.get("label") or "") for d in data["datasets"]]
        series = [list(d.get("data") or []) for d in data["datasets"]]
    else:
        columns = [str(data.get("label") or caption)]
        series = [list(data.get("values") or [])]
    rows = [{"label": label, "cells": [s[i] if i < len(s) else None for s in series]}
            for i, label in enumerate(labels)]
    return {"caption": caption, "row_header": row_header or _("Item"), "columns": columns, "rows": rows,
            "open": open}
