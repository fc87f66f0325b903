"""ORM ↔ the stable matching engine (``youthcity.engines.matching``): a round's rows become the
engine's frozen inputs (ids are primary keys as text: the audit file names no person)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import get_language

from youthcity.accounts.models import YouthProfile
from youthcity.core.city_pack import current_pack
from youthcity.engines.matching import Applicant, MatchingInputError
from youthcity.engines.matching import MatchingRound as EngineRound
from youthcity.engines.matching import Position as EnginePosition

from .models import MatchingRound, RoundChoice, RoundRanking

OUT_OF_TOWN = "out_of_town"


def is_out_of_town(profile: YouthProfile | None, city_name: str) -> bool:
    """Registered (hukou) in another city: eligible for the seats reserved for out-of-town graduates."""
    return bool(profile and profile.hukou_city and profile.hukou_city != city_name)


def engine_round(round_: MatchingRound) -> EngineRound:
    city_name = current_pack().city.get("name", "")
    choices: dict[int, list[str]] = defaultdict(list)
    for c in RoundChoice.objects.filter(round=round_).order_by("applicant_id", "rank"):
        choices[c.applicant_id].append(str(c.position_id))
    profiles = {p.user_id: p for p in YouthProfile.objects.filter(user_id__in=list(choices))}
    applicants = [Applicant(str(uid), tuple(ranked),
                            frozenset({OUT_OF_TOWN}) if is_out_of_town(profiles.get(uid), city_name) else frozenset())
                  for uid, ranked in sorted(choices.items())]
    ranked: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in RoundRanking.objects.filter(round=round_).order_by("position_id", "rank", "applicant_id"):
        ranked[r.position_id][r.rank].append(str(r.applicant_id))
    positions = []
    for rp in round_.round_positions.select_related("position").order_by("position_id"):
        groups = ranked.get(rp.position_id, {})
        ranking = tuple(ids[0] if len(ids) == 1 else tuple(ids) for _rank, ids in sorted(groups.items()))
        reserved = {OUT_OF_TOWN: rp.reserved_out_of_town} if rp.reserved_out_of_town else {}
        positions.append(EnginePosition(str(rp.position_id), rp.position.capacity, ranking, reserved=reserved))
    return EngineRound(applicants=applicants, positions=positions, categories=(OUT_OF_TOWN,),
                       max_choices=round_.max_choices, tie_break_seed=round_.tie_break_seed,
                       round_id=f"{round_.pk}: {round_.name}")


def issue_messages(exc: MatchingInputError) -> list[str]:
    """The engine's problems in the user's language, as they are."""
    english = (get_language() or "").startswith("en")
    return [i.message_en if english else i.message_zh for i in exc.issues]
