"""Chinese punctuation restored in what people read, nothing else touched."""

from hypothesis import given
from hypothesis import strategies as st

from youthcity.engines.plans import chinese_punctuation


def test_half_width_next_to_chinese_becomes_full_width():
    assert chinese_punctuation("城市因青年而兴,青年因城市而聚") == "城市因青年而兴，青年因城市而聚"
    assert chinese_punctuation("(一)总体要求") == "（一）总体要求"
    assert chinese_punctuation("完成时限:每年12月底前;长期坚持") == "完成时限：每年12月底前；长期坚持"
    assert chinese_punctuation("Word(.docx)或 Excel") == "Word（.docx）或 Excel"


def test_numbers_and_latin_text_keep_their_punctuation():
    assert chinese_punctuation("10:30 共 1,000 人") == "10:30 共 1,000 人"
    assert chinese_punctuation("Youth (18-35), welcome: here") == "Youth (18-35), welcome: here"


@given(st.text(alphabet=st.characters(codec="ascii")))
def test_text_without_chinese_is_unchanged(text):
    assert chinese_punctuation(text) == text


@given(st.text())
def test_idempotent(text):
    once = chinese_punctuation(text)
    assert chinese_punctuation(once) == once
