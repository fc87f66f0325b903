"""Reading uploaded files: encodings, .docx, .pdf, and every error code."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from youthcity.engines.plans import (
    MAX_BYTES,
    PlanParseError,
    extract_text,
    parse_bytes,
    parse_file,
    parse_text,
)

from .helpers import FIXTURES, fixture_text

SMALL_PLAN = """测试市青年发展行动方案
一、主要任务
(一)青年就业工程
1.扩大就业。每年新增青年就业1.5万人,建设孵化基地不少于10个。
责任单位:市人社局、市财政局
2.支持创业。发放创业担保贷款2亿元。
(二)青年安居工程
3.建设公寓。新建青年公寓3000套。
"""


def assert_small_plan(text_plan_dict: dict[str, object]) -> None:
    projects = text_plan_dict["projects"]
    assert isinstance(projects, list)
    assert [p["title"] for p in projects] == ["青年就业工程", "青年安居工程"]
    assert [m["number"] for p in projects for m in p["measures"]] == ["1", "2", "3"]
    first = projects[0]["measures"][0]
    assert first["responsible_units"] == ["市人社局", "市财政局"]
    assert [(t["value"], t["unit"], t["per"]) for t in first["targets"]] == [(15000, "人", "year"), (10, "个", None)]


class TestEncodings:
    def test_utf8(self) -> None:
        assert_small_plan(parse_bytes(SMALL_PLAN.encode("utf-8"), "plan.txt").to_dict())

    def test_utf8_bom(self) -> None:
        assert_small_plan(parse_bytes(SMALL_PLAN.encode("utf-8-sig"), "plan.txt").to_dict())

    def test_gbk(self) -> None:
        assert_small_plan(parse_bytes(SMALL_PLAN.encode("gbk"), "plan.txt").to_dict())

    def test_gb18030(self) -> None:
        assert_small_plan(parse_bytes(SMALL_PLAN.encode("gb18030"), "plan.txt").to_dict())

    def test_utf16_with_bom(self) -> None:
        assert_small_plan(parse_bytes(SMALL_PLAN.encode("utf-16"), "plan.txt").to_dict())

    def test_crlf_line_ends(self) -> None:
        assert_small_plan(parse_bytes(SMALL_PLAN.replace("\n", "\r\n").encode("utf-8"), "plan.txt").to_dict())

    def test_gbk_fixture_file_equals_utf8_version(self) -> None:
        raw = (FIXTURES / "qingcheng_gbk.txt").read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert parse_file(FIXTURES / "qingcheng_gbk.txt") == parse_text(fixture_text("qingcheng_zh.txt"))

    def test_seed_as_gbk(self) -> None:
        text = fixture_text("luoyang_zh.txt")
        assert parse_bytes(text.encode("gb18030"), "luoyang.txt") == parse_text(text)

    def test_windows_1252_english(self) -> None:
        text = "Plan\n\n1. Build housing. Build 500 \u201csets\u201d of housing.\n"
        assert extract_text(text.encode("cp1252"), "plan.txt").startswith("Plan")


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None, numbered: list[str] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for text in numbered or []:
        document.add_paragraph(text, style="List Number")
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class TestDocx:
    def test_paragraphs(self) -> None:
        data = make_docx(SMALL_PLAN.strip().split("\n"))
        assert_small_plan(parse_bytes(data, "plan.docx").to_dict())

    def test_task_table_becomes_measures(self) -> None:
        data = make_docx(
            ["测试区青年发展工作方案", "一、重点任务"],
            table=[
                ["序号", "工程", "任务", "责任单位"],
                ["1", "青年就业工程", "新增青年就业岗位2000个。", "区人社局、区财政局"],
                ["2", "青年就业工程", "开展招聘会不少于20场。", "区人社局"],
                ["3", "青年安居工程", "筹建人才公寓500套。", "区住建局等"],
            ],
        )
        plan = parse_bytes(data, "plan.docx")
        assert [p.title for p in plan.projects] == ["青年就业工程", "青年安居工程"]
        assert [m.number for m in plan.measures()] == ["1", "2", "3"]
        assert [m.responsible_units for m in plan.measures()] == [
            ("区人社局", "区财政局"),
            ("区人社局",),
            ("区住建局",),
        ]
        assert [t.value for t in plan.targets()] == [2000, 20, 500]

    def test_automatic_numbering_is_restored(self) -> None:
        data = make_docx(
            ["测试县青年工作方案", "一、主要任务"],
            numbered=["建设青年之家。新建青年之家12个。", "开展志愿服务。每年开展志愿服务不少于50场次。"],
        )
        plan = parse_bytes(data, "plan.docx")
        assert [m.number for m in plan.measures()] == ["1", "2"]
        assert [m.title for m in plan.measures()] == ["建设青年之家", "开展志愿服务"]

    def test_damaged_docx(self) -> None:
        data = make_docx(["x"])[:300]
        with pytest.raises(PlanParseError) as error:
            parse_bytes(data, "plan.docx")
        assert error.value.code == "unsupported_format"


def make_pdf(lines: list[str]) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 11)
    y = 800
    for line in lines:
        if y < 60:
            pdf.drawString(290, 30, "- 1 -")  # a page number, dropped on reading
            pdf.showPage()
            pdf.setFont("STSong-Light", 11)
            y = 800
        pdf.drawString(40, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_image_pdf() -> bytes:
    image = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        image.putpixel((x, 50), (0, 0, 0))
    image_buffer = io.BytesIO()
    image.save(image_buffer, format="PNG")
    image_buffer.seek(0)
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawImage(ImageReader(image_buffer), 50, 600, width=400, height=200)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class TestPdf:
    def test_chinese_pdf(self) -> None:
        assert_small_plan(parse_bytes(make_pdf(SMALL_PLAN.strip().split("\n")), "plan.pdf").to_dict())

    def test_wrapped_lines_are_joined(self) -> None:
        lines = [
            "测试市青年发展行动方案",
            "一、主要任务",
            "1.扩大就业。每年新增青年就业1.5万人,建设孵化基地不少于10个,为青年提供低成本、",
            "高聚合的创新创业空间。",
            "2.建设公寓。新建青年公寓3000套。",
        ]
        plan = parse_bytes(make_pdf(lines), "plan.pdf")
        first = next(plan.measures())
        assert first.text.endswith("为青年提供低成本、高聚合的创新创业空间。")

    def test_many_pages_with_page_numbers(self) -> None:
        lines = ["测试市青年发展行动方案", "一、主要任务"] + [
            f"{n}.措施{n}。新建青年驿站{n + 2}家。" for n in range(1, 61)
        ]
        plan = parse_bytes(make_pdf(lines), "plan.pdf")
        assert [m.number for m in plan.measures()] == [str(n) for n in range(1, 61)]
        assert all("- 1 -" not in m.text for m in plan.measures())

    def test_image_only_pdf_is_scanned(self) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_bytes(make_image_pdf(), "scan.pdf")
        assert error.value.code == "scanned_pdf"
        assert "scanned image, no text layer" in error.value.message_en
        assert "扫描" in error.value.message_zh

    def test_content_wins_over_file_name(self) -> None:
        assert_small_plan(parse_bytes(make_pdf(SMALL_PLAN.strip().split("\n")), "plan.txt").to_dict())

    def test_damaged_pdf(self) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_bytes(b"%PDF-1.4\n" + b"garbage " * 50, "plan.pdf")
        assert error.value.code in ("unsupported_format", "scanned_pdf")


class TestErrors:
    @pytest.mark.parametrize("data", [b"", b"   \n\n\t ", "\ufeff".encode("utf-8")])
    def test_empty(self, data: bytes) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_bytes(data, "plan.txt")
        assert error.value.code == "empty"

    def test_binary(self) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_bytes(bytes(range(256)) * 20, "plan.txt")
        assert error.value.code == "binary"

    def test_too_large_bytes(self) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_bytes(b"a" * (MAX_BYTES + 1), "plan.txt")
        assert error.value.code == "too_large"

    def test_too_large_file_is_not_read(self, tmp_path: Path) -> None:
        path = tmp_path / "big.txt"
        with path.open("wb") as handle:
            handle.truncate(MAX_BYTES + 1)
        with pytest.raises(PlanParseError) as error:
            parse_file(path)
        assert error.value.code == "too_large"

    def test_too_large_text(self) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_text("字" * (MAX_BYTES + 1))
        assert error.value.code == "too_large"

    @pytest.mark.parametrize(
        ("data", "name"),
        [
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "plan.doc"),
            (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.png"),
            (b"plain words", "sheet.xlsx"),
        ],
    )
    def test_unsupported_format(self, data: bytes, name: str) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_bytes(data, name)
        assert error.value.code == "unsupported_format"

    def test_zip_that_is_not_docx(self) -> None:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", "<x/>")
        with pytest.raises(PlanParseError) as error:
            parse_bytes(buffer.getvalue(), "plan.docx")
        assert error.value.code == "unsupported_format"

    def test_undecodable_text(self) -> None:
        data = bytes(range(0x80, 0x100)) * 8
        with pytest.raises(PlanParseError) as error:
            parse_bytes(data, "plan.txt")
        assert error.value.code == "encoding"

    def test_no_structure(self) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_text("这是一段没有任何结构的文字")
        assert error.value.code == "no_structure"
        assert error.value.message_zh and error.value.message_en

    @pytest.mark.parametrize(
        "text",
        [
            "洛阳市今年将继续推进青年发展型城市建设，加大就业支持力度，完善青年驿站服务。",
            "Dear Li Ming,\n\nThank you for your letter. The weather here is fine and the city is busy.\n\n"
            "We hope to see you in the spring, when the peonies bloom.\n\nBest wishes, Wang Xiao.",
        ],
    )
    def test_prose_without_outline_or_targets_is_not_a_plan(self, text: str) -> None:
        with pytest.raises(PlanParseError) as error:
            parse_text(text)
        assert error.value.code == "no_structure"

    def test_unnumbered_prose_with_targets_is_still_a_plan(self) -> None:
        text = (
            "某区今天发布支持青年发展的若干措施。主要内容如下：\n\n全区将新建人才公寓800套，面向青年人才提供租金优惠。\n\n"
            "建设青年夜校，全年开设课程不少于300门，惠及青年3万人次。"
        )
        plan = parse_text(text)
        assert [len(m.targets) > 0 for p in plan.projects for m in p.measures] == [True, True]

    def test_error_is_picklable(self) -> None:
        import pickle

        error = PlanParseError("binary")
        copy = pickle.loads(pickle.dumps(error))
        assert (copy.code, copy.message_zh, copy.message_en) == (error.code, error.message_zh, error.message_en)


def test_task_table_with_lead_and_supporting_columns() -> None:
    data = make_docx(
        ["测试市重点任务分工方案", "一、重点任务"],
        table=[
            ["序号", "重点任务", "配合单位", "牵头单位"],
            ["1", "新建青年驿站10家。", "市财政局、团市委", "市人社局"],
            ["2", "举办招聘会30场。", "", "市人社局"],
        ],
    )
    plan = parse_bytes(data, "tasks.docx")
    assert [m.responsible_units for m in plan.measures()] == [("市人社局", "市财政局", "团市委"), ("市人社局",)]
