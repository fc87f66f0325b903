from youthcity.benefits.models import BenefitApplication
from youthcity.core.city_pack import load_city_pack


def test_the_city_pack_step_gives_a_review_queue_and_is_idempotent(city):
    pending = BenefitApplication.objects.filter(unit__code="ly-hrss", status="submitted",
                                                applicant__username__startswith="applicant_")
    assert pending.count() == 2
    report = load_city_pack("luoyang", demo=True)
    assert not report.changed, (report.created, report.updated)
    assert pending.count() == 2
