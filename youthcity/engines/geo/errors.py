"""Errors of the geo engine: a stable code and a message in Chinese and English."""

from __future__ import annotations

__all__ = ["GeoError"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "bad_coordinate": (
        "「{item}」的坐标无效：纬度应在-90到90之间，经度应在-180到180之间。",
        "“{item}” has invalid coordinates: latitude must be in −90…90 and longitude in −180…180.",
    ),
    "duplicate_id": ("编号「{item}」重复出现。", "The id “{item}” is used more than once."),
    "bad_population": (
        "社区「{item}」的青年人口必须是非负整数。",
        "Community “{item}” must have a young population that is a whole number ≥ 0.",
    ),
    "unknown_township": (
        "「{item}」所属的乡镇（街道）「{other}」不在名单中。",
        "“{item}” belongs to township “{other}”, which is not in the list.",
    ),
    "bad_model": ("步行模型参数无效：{other}", "The walking model is invalid: {other}"),
    "bad_geojson": ("边界数据无效：{other}", "The outline data is invalid: {other}"),
}


class GeoError(ValueError):
    """Bad input to the geo engine; ``code``, ``message_zh`` and ``message_en`` say what and where."""

    def __init__(self, code: str, item: str = "", other: str = "") -> None:
        zh, en = _MESSAGES[code]
        self.code = code
        self.item_id = item
        self.message_zh = zh.format(item=item, other=other)
        self.message_en = en.format(item=item, other=other)
        super().__init__(f"[{code}] {self.message_en}")
