"""The indicator registry comes from the framework file; suppliers resolve to organisation units."""

from pathlib import Path

import pytest

from youthcity.core.city_pack import load_city_pack
from youthcity.core.errors import ServiceError
from youthcity.monitoring import services
from youthcity.monitoring.models import FrameworkVersion, IndexRun, Submission

FRAMEWORK = Path(__file__).resolve().parents[2] / "youthcity/cities/luoyang/index/framework.yaml"


def test_registry_lists_every_indicator_with_supplier_and_polarity(fw):
    inds = {i.code: i for i in fw.indicators.select_related("supplier")}
    assert len(inds) == 26
    assert inds["youth_share"].supplier.code == "ly-stats"
    assert inds["skills_training"].supplier.code == "ly-hrss"
    assert inds["youth_unemployment"].polarity == "-"
    assert inds["first_marriage_age"].polarity == "target"
    assert inds["youth_share"].dimension_code == "d1_population"
    assert inds["youth_share"].measure_unit == "%" and inds["youth_share"].valid_max == 100
    assert inds["commute_45"].supplier.code == "ly-transport" and inds["commute_45"].source_unit_name == "市交通运输局"
    assert fw.approver_unit.code == "ly-stats" and len(fw.content_hash) == 64


def test_registering_the_same_file_twice_changes_nothing_and_an_edit_is_a_new_version(fw, city):
    text = FRAMEWORK.read_text(encoding="utf-8")
    again, created = services.framework_register(city=city, source_text="# reformatted\n" + text)
    assert not created and again.pk == fw.pk  # comments do not change the content hash
    edited = text.replace('version: "2025.1"', 'version: "2025.2"')
    new, created = services.framework_register(city=city, source_text=edited)
    assert created and new.content_hash != fw.content_hash and new.indicators.count() == 26
    assert FrameworkVersion.objects.filter(code="luoyang_ydi").count() == 2


def test_a_broken_framework_is_refused_with_the_place_named(city):
    text = FRAMEWORK.read_text(encoding="utf-8").replace("children: [youth_share,", "children: [no_such_indicator,")
    with pytest.raises(ServiceError) as exc:
        services.framework_register(city=city, source_text=text)
    assert "no_such_indicator" in str(exc.value)


def test_city_pack_step_is_idempotent_and_publishes_the_demo(city):
    assert load_city_pack("luoyang", demo=True).changed is False
    run = IndexRun.objects.get(status=IndexRun.Status.PUBLISHED)
    assert run.periods == ["2022", "2023", "2024"]
    assert Submission.objects.filter(source="city_pack", status="approved").count() >= 10
    assert len(run.snapshot) == 14 * 3 * 26 - 8  # eight demo cells are missing on purpose


def test_units_of_measure_are_shown_in_the_readers_language(fw):
    from django.utils import translation

    ind = fw.indicators.get(code="youth_beds")
    with translation.override("zh-hans"):
        assert ind.unit_label == "张/万青年"
    with translation.override("en"):
        assert ind.unit_label == "beds per 10,000 youth"
