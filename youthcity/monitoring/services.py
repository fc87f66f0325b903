"""Writes for monitoring: framework registration, data submission and review, index runs.

``user=None`` means the platform itself (city-pack loading, live values): no permission check.

Every function is keyword-only and atomic; bad input raises ``ServiceError`` with messages
naming the place (row, column, indicator, district), and nothing is half-written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from youthcity.accounts.selectors import unit_members
from youthcity.core import measures
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify
from youthcity.core.uploads import zip_problem
from youthcity.engines.index import (
    ENGINE_VERSION,
    FrameworkError,
    IndexEngineError,
    compute,
    sensitivity,
    uncertainty,
)
from youthcity.organizations.models import Unit
from youthcity.organizations.selectors import resolve_unit
from youthcity.regions.models import Region

from . import selectors
from .adapters import (
    dataset_from_snapshot,
    engine_framework,
    framework_from_text,
    framework_hash,
    live_mappings,
    snapshot_hash,
    top_dimension,
)
from .models import DataValue, FrameworkVersion, IndexRun, Indicator, Submission

PERIOD_RE = re.compile(r"^\d{4}$")
MAX_VALUE = Decimal("1e13")
MAX_UPLOAD_ROWS = 10_000  # districts × periods of one upload are a few hundred
SENSITIVITY_N = 500  # Saltelli base sample size of the sensitivity analysis stored with each run


def _refused(errors) -> ServiceError:
    """A refusal with every problem listed (a message, a list, or field → message)."""
    return ServiceError.from_validation(ValidationError(errors))


# --- Registry ----------------------------------------------------------------------------------

def _resolve_supplier(name: str, city: Region) -> Unit | None:
    """The first resolvable name of '市公安局/市统计局'-style lists; unresolved names stay text."""
    for part in re.split(r"[/、,，;；]", name or ""):
        match = resolve_unit(part, city)
        if match.resolved:
            return match.unit
    return None


@transaction.atomic
def framework_register(*, city: Region, source_text: str, approver_unit: Unit | None = None,
                       ) -> tuple[FrameworkVersion, bool]:
    """Store a framework file as a new version with its indicator registry, unless a version with
    the same content exists. Returns (version, created)."""
    try:
        fw = framework_from_text(source_text)
    except FrameworkError as exc:
        raise _refused(_("The framework file is invalid: %(error)s") % {"error": exc}) from exc
    mappings = live_mappings(source_text)
    unknown = sorted({code for code, _agg in mappings.values() if measures.get(code) is None})
    if unknown or set(mappings) - set(fw.indicator_codes):
        raise _refused(_("The framework file is invalid: %(error)s") % {
            "error": _("live_measure names a measure the platform does not have: %(codes)s")
            % {"codes": "、".join(unknown or sorted(set(mappings) - set(fw.indicator_codes)))}})
    digest = framework_hash(fw)
    existing = FrameworkVersion.objects.filter(city=city, code=fw.code, content_hash=digest).first()
    if existing is not None:
        if approver_unit is not None and existing.approver_unit_id != approver_unit.pk:
            existing.approver_unit = approver_unit
            existing.save(update_fields=["approver_unit", "updated_at"])
        return existing, False
    version = FrameworkVersion.objects.create(
        city=city, code=fw.code, version=fw.version, name_zh=fw.name_zh, name_en=fw.name_en,
        source_text=source_text, content_hash=digest, approver_unit=approver_unit)
    rows = []
    for order, ind in enumerate(fw.indicators, start=1):
        dim = top_dimension(fw, ind.code)
        node = fw.node(dim) if dim and dim in fw.node_codes else None
        rows.append(Indicator(
            framework=version, code=ind.code, name_zh=ind.name_zh, name_en=ind.name_en, measure_unit=ind.unit,
            polarity=ind.polarity, kind=ind.kind, dimension_code=node.code if node else "",
            dimension_zh=node.name_zh if node else "", dimension_en=node.name_en if node else "",
            source_unit_name=ind.source_unit, supplier=_resolve_supplier(ind.source_unit, city),
            valid_min=ind.valid_min, valid_max=ind.valid_max, origin=ind.origin, rationale=ind.rationale,
            sort_order=order, live_measure=mappings.get(ind.code, ("", ""))[0],
            live_aggregation=mappings.get(ind.code, ("", ""))[1][:500]))
    Indicator.objects.bulk_create(rows)
    return version, True


# --- Collection --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ValueRow:
    """One value to submit. ``where`` names its place for error messages (e.g. 'row 4, column C')."""

    indicator: str
    district: str  # district name or division code
    period: str
    value: object
    where: str = ""


def parse_number(raw: object) -> Decimal | None:
    """Numbers as people type them: '1,234', '30.5%', full-width spaces. Empty → None.
    Raises ValueError for anything else."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip().replace(",", "").replace("，", "").replace("\u3000", "").replace(" ", "")
        if text in ("", "-", "—", "NA", "na", "n/a"):
            return None
        if text.endswith("%"):
            text = text[:-1]
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(raw) from exc
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        raise ValueError(raw)
    return value


def _district_lookup(framework: FrameworkVersion) -> dict[str, Region]:
    out: dict[str, Region] = {}
    for region in selectors.districts_of(framework):
        out[region.name] = region
        out[region.code] = region
        if region.name_en:
            out[region.name_en.lower()] = region
    return out


def _place(row: ValueRow) -> str:
    return row.where or _("indicator “%(code)s”, %(district)s, %(period)s") % {
        "code": row.indicator, "district": row.district, "period": row.period}


def _validate(user, framework: FrameworkVersion, rows: list[ValueRow]) -> list[tuple[Indicator, Region, str, Decimal]]:
    indicators = {i.code: i for i in framework.indicators.select_related("supplier", "framework")}
    districts = _district_lookup(framework)
    this_year = timezone.localdate().year
    errors: list[str] = []
    clean: list[tuple[Indicator, Region, str, Decimal]] = []
    seen: dict[tuple[str, int, str], str] = {}
    for row in rows:
        where = _place(row)
        ind = indicators.get(row.indicator)
        if ind is None:
            errors.append(_("%(where)s: “%(code)s” is not an indicator of this framework.")
                          % {"where": where, "code": row.indicator})
            continue
        if user is not None and not selectors.can_submit_indicator(user, ind):
            supplier = ind.supplier.display_name if ind.supplier else ind.source_unit_name
            errors.append(_("%(where)s: indicator “%(name)s” is supplied by %(supplier)s; your unit cannot submit it.")
                          % {"where": where, "name": ind.display_name, "supplier": supplier})
            continue
        region = districts.get(str(row.district).strip()) or districts.get(str(row.district).strip().lower())
        if region is None:
            errors.append(_("%(where)s: “%(district)s” is not a district or county of this city.")
                          % {"where": where, "district": row.district})
            continue
        period = str(row.period).strip()
        if period.endswith(".0"):
            period = period[:-2]
        if not PERIOD_RE.match(period) or not 2000 <= int(period) <= this_year:
            errors.append(_("%(where)s: the period “%(period)s” must be a year between 2000 and %(year)s.")
                          % {"where": where, "period": row.period, "year": this_year})
            continue
        try:
            value = parse_number(row.value)
        except ValueError:
            errors.append(_("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": row.value})
            continue
        if value is None:
            continue  # an empty cell is "not reported", never zero
        if (ind.valid_min is not None and value < Decimal(str(ind.valid_min))) or (
                ind.valid_max is not None and value > Decimal(str(ind.valid_max))):
            errors.append(_("%(where)s: %(value)s is outside the plausible range %(min)s–%(max)s for “%(name)s” "
                            "(unit: %(unit)s). Is it in the right unit?")
                          % {"where": where, "value": row.value, "min": _num(ind.valid_min), "max": _num(ind.valid_max),
                             "name": ind.display_name, "unit": ind.unit_label})
            continue
        key = (ind.code, region.pk, period)
        if key in seen:
            errors.append(_("%(where)s: the same indicator, district and period was already given at %(first)s.")
                          % {"where": where, "first": seen[key]})
            continue
        seen[key] = where
        clean.append((ind, region, period, value))
    if errors:
        raise _refused(errors)
    if not clean:
        raise _refused(_("No values were given: fill in at least one indicator."))
    return clean


def _num(x: float | None) -> str:
    if x is None:
        return "…"
    return f"{x:g}"


@transaction.atomic
def submission_create(*, user, framework: FrameworkVersion, rows: list[ValueRow],
                      source: str = Submission.Source.FORM, file_name: str = "", note: str = "",
                      ) -> list[Submission]:
    """Submit values for approval. One submission per supplying unit. A value for a cell that
    already has one becomes a new revision superseding the latest; values equal to the latest
    revision are skipped. Raises ServiceError listing every problem; writes nothing then."""
    clean = _validate(user, framework, rows)
    by_unit: dict[int, list[tuple[Indicator, Region, str, Decimal]]] = {}
    units: dict[int, Unit] = {}
    for item in clean:
        unit = selectors.submitter_unit(item[0])
        if unit is None:
            raise _refused(_("No unit is set up to supply “%(name)s”.") % {"name": item[0].display_name})
        units[unit.pk] = unit
        by_unit.setdefault(unit.pk, []).append(item)
    latest_of = _latest_revisions(framework, clean)
    created: list[Submission] = []
    for unit_id, items in by_unit.items():
        new_values = []
        for ind, region, period, value in items:
            latest = latest_of.get((ind.code, region.pk, period))
            if latest is not None and latest.value == value and latest.submission.status != Submission.Status.RETURNED:
                continue
            new_values.append((ind, region, period, value, latest))
        if not new_values:
            continue
        sub = Submission.objects.create(framework=framework, unit=units[unit_id], source=source, file_name=file_name,
                                        note=note, submitted_by=user)
        DataValue.objects.bulk_create([
            DataValue(submission=sub, indicator=ind, region=region, period=period, value=value,
                      revision=(latest.revision + 1) if latest else 1, supersedes=latest)
            for ind, region, period, value, latest in new_values])
        created.append(sub)
        if user is not None:
            _notify_statistics_office(framework, sub)
    if not created:
        raise _refused(_("Nothing changed: every value equals the one already submitted."))
    return created


def _latest_revisions(framework: FrameworkVersion, clean) -> dict[tuple[str, int, str], DataValue]:
    """Latest revision of every cell touched, in one locked query (revisions are appended under it)."""
    codes = {ind.code for ind, _r, _p, _v in clean}
    regions = {region.pk for _i, region, _p, _v in clean}
    periods = {period for _i, _r, period, _v in clean}
    qs = (DataValue.objects.select_for_update()
          .filter(indicator__framework__code=framework.code, indicator__framework__city=framework.city,
                  indicator__code__in=codes, region_id__in=regions, period__in=periods)
          .select_related("submission", "indicator").order_by("revision"))
    return {(v.indicator.code, v.region_id, v.period): v for v in qs}


def _notify_statistics_office(framework: FrameworkVersion, sub: Submission) -> None:
    for person in unit_members(framework.approver_unit_id):
        if person.pk == sub.submitted_by_id:
            continue
        notify(recipient=person, kind="monitoring.submission_pending",
               title=_("Indicator data from %(unit)s awaits approval") % {"unit": sub.unit.display_name},
               url=f"/work/monitoring/submissions/{sub.pk}/", dedupe_key=f"monitoring.submission.{sub.pk}")


class _TooManyRows(Exception):
    pass


def _open_upload(file):
    """(workbook, None), or (None, why not): a zip bomb or not a workbook at all."""
    problem = zip_problem(file)
    if problem:
        return None, problem
    try:
        return load_workbook(file, read_only=True, data_only=True), None
    except Exception:  # noqa: BLE001 — any unreadable file gets the same clear message
        return None, _("The file is not an Excel workbook (.xlsx). Download the template and fill it in.")


def _bounded(rows):
    """(row number, cells), stopping before row MAX_UPLOAD_ROWS + 1 is read (a 2-million-row sheet)."""
    for rowno, cells in enumerate(rows, start=1):
        if rowno > MAX_UPLOAD_ROWS:
            raise _TooManyRows
        yield rowno, list(cells)


def read_xlsx_rows(file) -> tuple[list[ValueRow], list[str]]:
    """Read the upload template: a header row with ``district``, ``period`` and indicator codes;
    rows whose first cell starts with '#' are explanations. Returns (rows, errors)."""
    wb, problem = _open_upload(file)
    if wb is None:
        return [], [problem]
    try:
        return _read_rows(wb.worksheets[0].iter_rows(values_only=True))
    except _TooManyRows:
        return [], [_("The workbook has more than %(n)s rows: upload one row per district and period.")
                    % {"n": f"{MAX_UPLOAD_ROWS:,}"}]
    finally:
        wb.close()


def _read_rows(rows_iter) -> tuple[list[ValueRow], list[str]]:
    header: list[str] | None = None
    errors: list[str] = []
    out: list[ValueRow] = []
    for rowno, cells in _bounded(rows_iter):
        first = "" if not cells or cells[0] is None else str(cells[0]).strip()
        if header is None:
            if not first or first.startswith("#"):
                continue
            header = [("" if c is None else str(c).strip()) for c in cells]
            for required in ("district", "period"):
                if required not in header:
                    errors.append(_("Row %(row)s: the header lacks the “%(column)s” column (see the template).")
                                  % {"row": rowno, "column": required})
            if errors:
                return [], errors
            continue
        if first.startswith("#") or all(c is None or str(c).strip() == "" for c in cells):
            continue
        d_idx, p_idx = header.index("district"), header.index("period")
        district = cells[d_idx] if d_idx < len(cells) else None
        period = cells[p_idx] if p_idx < len(cells) else None
        if district is None or str(district).strip() == "":
            errors.append(_("Row %(row)s, column %(col)s: the district is empty.")
                          % {"row": rowno, "col": get_column_letter(d_idx + 1)})
            continue
        if period is None or str(period).strip() == "":
            errors.append(_("Row %(row)s, column %(col)s: the period is empty.")
                          % {"row": rowno, "col": get_column_letter(p_idx + 1)})
            continue
        for c, code in enumerate(header):
            if code in ("district", "period", "") or code.startswith("#"):
                continue
            value = cells[c] if c < len(cells) else None
            if value is None or str(value).strip() == "":
                continue
            out.append(ValueRow(indicator=code, district=str(district).strip(), period=str(period).strip(),
                                value=value, where=_("Row %(row)s, column %(col)s (%(code)s)")
                                % {"row": rowno, "col": get_column_letter(c + 1), "code": code}))
    if header is None:
        errors.append(_("The workbook is empty: use the template's header row."))
    return out, errors


@transaction.atomic
def submission_import_xlsx(*, user, framework: FrameworkVersion, file, file_name: str = "") -> list[Submission]:
    """Submit an uploaded template. All rows are checked first; any error rejects the whole file."""
    rows, errors = read_xlsx_rows(file)
    if errors:
        raise _refused(errors)
    return submission_create(user=user, framework=framework, rows=rows, source=Submission.Source.EXCEL,
                             file_name=file_name)


def _check_reviewer(user, submission: Submission) -> None:
    if user is not None and not selectors.is_statistics_office(user, submission.framework):
        raise PermissionDenied(_("Only the statistics office approves indicator data."))
    if submission.status != Submission.Status.PENDING:
        raise _refused(_("This submission was already reviewed (%(status)s).")
                              % {"status": submission.get_status_display()})


@transaction.atomic
def submission_approve(*, user, submission: Submission, note: str = "") -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_reviewer(user, submission)
    submission.status = Submission.Status.APPROVED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.review_note = note
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    _notify_submitter(submission, _("Your indicator data was approved"))
    return submission


@transaction.atomic
def submission_return(*, user, submission: Submission, note: str) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_reviewer(user, submission)
    if not (note or "").strip():
        raise _refused({"note": _("Say what needs correcting when you return data.")})
    submission.status = Submission.Status.RETURNED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.review_note = note.strip()
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    _notify_submitter(submission, _("Your indicator data was returned for correction"))
    return submission


def _notify_submitter(submission: Submission, title: str) -> None:
    if submission.submitted_by_id and submission.submitted_by_id != submission.reviewed_by_id:
        notify(recipient=submission.submitted_by, kind="monitoring.submission_reviewed", title=title,
               body=submission.review_note, url=f"/work/monitoring/submissions/{submission.pk}/",
               dedupe_key=f"monitoring.review.{submission.pk}")


@transaction.atomic
def live_submission_create(*, user, framework: FrameworkVersion, period: str) -> list[Submission]:
    """Pull the platform's live values into a submission for every framework indicator mapped to a
    live measure (``live_measure:`` in the framework); the statistics office approves or corrects them
    like any other data."""
    if not (selectors.is_statistics_office(user, framework) or selectors.can_run_index(user, framework)):
        raise PermissionDenied(_("Only the statistics office or the coordinating office pulls live indicators."))
    rows = []
    for ind in framework.indicators.all():
        # The framework maps an indicator to the live measure that counts the same thing
        # (live_measure:); an indicator whose code is itself a measure's code reads that measure.
        code = ind.live_measure or ind.code
        if measures.get(code) is None:
            continue
        for region in selectors.districts_of(framework):
            value = measures.value(code, region, period)
            if value is not None:
                rows.append(ValueRow(indicator=ind.code, district=region.code, period=period, value=value))
    if not rows:
        raise _refused(_("No framework indicator has a live value for %(period)s.") % {"period": period})
    # Live values are the platform's own (no unit check); they are filed under the supplying unit.
    subs = submission_create(user=None, framework=framework, rows=rows, source=Submission.Source.PLATFORM,
                             note=_("Computed by the platform"))
    for sub in subs:
        sub.submitted_by = user
        sub.save(update_fields=["submitted_by", "updated_at"])
    return subs


# --- Index runs --------------------------------------------------------------------------------

@transaction.atomic
def index_run_create(*, user, framework: FrameworkVersion, base_period: str = "", replications: int = 1000,
                     seed: int = 20261121) -> tuple[IndexRun, bool]:
    """Compute the index over the approved-data snapshot. The same framework, data, engine and
    settings give the same run (returned, not duplicated). Returns (run, created)."""
    if user is not None and not selectors.can_run_index(user, framework):
        raise PermissionDenied(_("Only the coordinating office runs the index."))
    if not 0 <= replications <= 20000:
        raise _refused({"replications": _("Use between 0 and 20,000 replications.")})
    snapshot = selectors.approved_snapshot(framework)
    if not snapshot:
        raise _refused(_("There is no approved data yet: the statistics office approves submissions first."))
    data_hash = snapshot_hash(snapshot)
    existing = IndexRun.objects.filter(framework=framework, data_hash=data_hash, engine_version=ENGINE_VERSION,
                                       base_period=base_period or "", replications=replications, seed=seed).first()
    if existing is not None:
        return existing, False
    fw = engine_framework(framework)
    order = list(selectors.districts_of(framework).values_list("name", flat=True))
    dataset = dataset_from_snapshot(fw, snapshot, order)
    if base_period and base_period not in dataset.periods:
        raise _refused({"base_period": _("The base period %(period)s has no approved data.")
                               % {"period": base_period}})
    try:
        result = compute(fw, dataset, base_period=base_period or None)
        ua = {p: uncertainty(fw, dataset, n=replications, seed=seed, period=p,
                             base_period=base_period or None).to_dict()
              for p in dataset.periods} if replications else {}
    except IndexEngineError as exc:
        raise _refused(_("The index could not be computed: %(error)s") % {"error": exc}) from exc
    sa: dict = {}
    if replications >= 2:
        # Which choice moves the latest ranking most (Sobol indices; N·(d+2) pipelines, about
        # 0.2 s at N = 500 for 14 districts): shown beside the rank intervals.
        try:
            sa = sensitivity(fw, dataset, n=SENSITIVITY_N, seed=seed,
                             period=dataset.periods[-1], base_period=base_period or None).to_dict()
        except IndexEngineError as exc:  # e.g. the framework varies no choice
            sa = {"period": dataset.periods[-1], "error": str(exc)}
    run = IndexRun.objects.create(
        framework=framework, periods=list(dataset.periods), base_period=base_period or "",
        framework_hash=framework.content_hash, data_hash=data_hash, engine_version=result.engine_version,
        input_hash=result.input_hash, replications=replications, seed=seed, snapshot=snapshot,
        result=result.to_dict(), uncertainty=ua, sensitivity=sa, created_by=user)
    return run, True


@transaction.atomic
def index_run_publish(*, user, run: IndexRun) -> IndexRun:
    """Publish a run: its periods appear on the public page (the latest published run wins)."""
    if user is not None and not selectors.can_run_index(user, run.framework):
        raise PermissionDenied(_("Only the coordinating office publishes the index."))
    run = IndexRun.objects.select_for_update().get(pk=run.pk)
    if run.status == IndexRun.Status.PUBLISHED:
        return run
    run.status = IndexRun.Status.PUBLISHED
    run.published_by = user
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_by", "published_at", "updated_at"])
    return run


@transaction.atomic
def index_run_withdraw(*, user, run: IndexRun) -> IndexRun:
    if not selectors.can_run_index(user, run.framework):
        raise PermissionDenied(_("Only the coordinating office withdraws a publication."))
    run = IndexRun.objects.select_for_update().get(pk=run.pk)
    if run.status != IndexRun.Status.PUBLISHED:
        raise _refused(_("Only a published run can be withdrawn."))
    run.status = IndexRun.Status.WITHDRAWN
    run.save(update_fields=["status", "updated_at"])
    return run
