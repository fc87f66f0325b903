"""Job push rules: hard filters, score, push only what matches (properties with hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from youthcity.engines.jobpush import Offer, Seeker, major_terms, matches, recommend, score, should_push

CITY = "/410000/410300/"
DISTRICTS = [f"{CITY}{code}/" for code in ("410302", "410305", "410311")]

seekers = st.builds(Seeker, education=st.none() | st.integers(0, 6), districts=st.lists(st.sampled_from(DISTRICTS), max_size=2).map(tuple),
                    major=st.lists(st.sampled_from(["机械", "自动化", "软件", "会计"]), max_size=2, unique=True).map(tuple),
                    industries=st.frozensets(st.sampled_from(["manufacturing", "information", "finance"]), max_size=2),
                    kinds=st.frozensets(st.sampled_from(["internship", "job", "campus"]), max_size=2))
offers = st.builds(Offer, district=st.sampled_from(DISTRICTS), education_required=st.none() | st.integers(0, 6),
                   industry=st.sampled_from(["manufacturing", "information", "finance"]),
                   kind=st.sampled_from(["internship", "job", "campus"]),
                   text=st.sampled_from(["机械设计见习生 机械、自动化相关专业优先", "软件工程师 熟悉Python", "出纳 会计专业", "普工"]))


def test_examples():
    grad = Seeker(education=3, districts=(DISTRICTS[2],), major=major_terms("机械、自动化"))
    fitting = Offer(district=DISTRICTS[2], education_required=2, industry="manufacturing", kind="internship",
                    text="智能制造见习生 机械、自动化相关专业优先")
    assert matches(grad, fitting) and should_push(grad, fitting) and score(grad, fitting) == 2
    assert not matches(grad, Offer(district=DISTRICTS[1]))  # another district
    assert not matches(grad, Offer(district=DISTRICTS[2], education_required=5))  # asks for more
    assert matches(grad, Offer(district=DISTRICTS[2], text="出纳")) and not should_push(grad, Offer(district=DISTRICTS[2], text="出纳"))
    assert matches(Seeker(districts=(CITY,)), Offer(district=DISTRICTS[0]))  # the whole city
    assert not matches(Seeker(), Offer(district=DISTRICTS[0], education_required=1))  # unknown education
    assert major_terms("机械，自动化/ 软件 a") == ("机械", "自动化", "软件")


@given(seekers, offers)
def test_push_implies_match_and_no_major_means_push_all_matches(seeker, offer):
    if should_push(seeker, offer):
        assert matches(seeker, offer)
    if not seeker.major:
        assert should_push(seeker, offer) == matches(seeker, offer)


@given(seekers, st.lists(offers, max_size=12), st.integers(0, 15))
def test_recommend_returns_matches_best_first(seeker, offer_list, limit):
    picked = recommend(seeker, offer_list, limit)
    assert len(picked) == len(set(picked)) <= limit
    assert all(matches(seeker, offer_list[i]) for i in picked)
    scores = [score(seeker, offer_list[i]) for i in picked]
    assert scores == sorted(scores, reverse=True)
    every = [i for i, o in enumerate(offer_list) if matches(seeker, o)]
    assert len(picked) == min(limit, len(every))


@given(seekers, offers, st.integers(0, 6))
def test_more_education_never_loses_a_match(seeker, offer, extra):
    if seeker.education is None:
        return
    better = Seeker(seeker.education + extra, seeker.districts, seeker.major, seeker.industries, seeker.kinds)
    if matches(seeker, offer):
        assert matches(better, offer)
