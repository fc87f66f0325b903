"""Every write of the housing domain: keyword-only, atomic, refusing with :class:`ServiceError`.

Staff writes check the project's unit is in the caller's writable scope (another unit's object
is "not found", as its read would be); applicants act only on their own application, offer and
lease. The draw is all-or-nothing and happens once per round: a drawn round is never redrawn,
only voided with a recorded reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from youthcity.accounts import permissions
from youthcity.accounts.selectors import youth_profile_of
from youthcity.applications.models import ApplicationStatus
from youthcity.core.city_pack import current_pack
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify
from youthcity.engines.lottery import (
    LotteryError,
    check_secret,
    commit,
    draw,
    load_audit,
    load_round,
    new_secret,
    next_in_line,
)

from . import adapters
from . import categories as categories_module
from .models import (
    AllocationRound,
    Building,
    Category,
    DocumentType,
    EntryKind,
    Home,
    HomeStatus,
    HousingApplication,
    HousingApplicationStatus,
    HousingProject,
    Lease,
    LeaseEntry,
    LeaseStatus,
    Offer,
    OfferStatus,
    Purpose,
    Ranking,
    RoundEntry,
    RoundHome,
    RoundStatus,
)
from .workflow import workflow

LIVE = ("submitted", "more_documents", "approved")


def _not_found() -> ServiceError:
    return ServiceError(404, "not_found", _("Not found."))


def _staff_check(staff, project: HousingProject) -> None:
    if not permissions.scope_units(staff, write=True).filter(pk=project.unit_id).exists():
        raise _not_found()


def city_name() -> str:
    try:
        return str((current_pack().data.get("city") or {}).get("name") or "")
    except Exception:  # no pack configured (a bare test settings): no city to compare with
        return ""


# --- priority category ---------------------------------------------------------------------------


def priority_category(profile, *, today: dt.date | None = None) -> str:
    """The applicant's first priority category, as the rules engine finds it from their profile
    facts (:mod:`youthcity.housing.categories`); ``other`` when they are in none."""
    return categories_module.find(profile, on=today).primary


# --- points (积分) --------------------------------------------------------------------------------

EDUCATION_POINTS = {
    "doctorate": 40,
    "master": 30,
    "bachelor": 20,
    "associate": 10,
    "technician": 15,
    "preparatory_technician": 10,
}
CATEGORY_POINTS = {Category.YOUNG_GRADUATE: 20}
NO_HOME_POINTS = 10
CHILD_POINTS, CHILDREN_COUNTED = 5, 2


def points(profile, *, cats: list[str], owns_home: bool, children: int) -> tuple[Decimal, list[list]]:
    """Points for a score (积分) round, from facts the applicant gave, never typed by staff:
    education, young graduate newly arrived, no home in the city, children (two at most).
    Returns the total and its lines ``[what, points]``."""
    lines: list[list] = []
    level = getattr(profile, "education_level", "") or ""
    if EDUCATION_POINTS.get(level):
        lines.append(["education", EDUCATION_POINTS[level]])
    for cat in cats:
        if CATEGORY_POINTS.get(cat):
            lines.append([f"category:{cat}", CATEGORY_POINTS[cat]])
    if not owns_home:
        lines.append(["no_home", NO_HOME_POINTS])
    if children:
        lines.append(["children", CHILD_POINTS * min(children, CHILDREN_COUNTED)])
    return Decimal(sum(p for _, p in lines)), lines


# --- stock ---------------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


YES = {"是", "有", "y", "yes", "true", "1", "带家具", "精装"}
NO = {"否", "无", "n", "no", "false", "0", "", "none"}
IMPORT_COLUMNS = ("building", "number", "area", "layout", "monthly_rent", "furnished")


def home_rows_check(rows: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Validated home rows and row-level errors (``"row N"`` → messages, N as the sheet shows it)."""
    clean: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for index, row in enumerate(rows, start=2):
        problems: list[str] = []
        building = str(row.get("building") or "").strip()
        number = str(row.get("number") or "").strip()
        if not building:
            problems.append(_("The building is missing."))
        if not number:
            problems.append(_("The home number is missing."))
        area = _decimal(row.get("area"))
        if area is None or area <= 0 or area > 1000:
            problems.append(_("The area must be a number of square metres greater than 0."))
        layout = str(row.get("layout") or "").strip()
        if not layout:
            problems.append(_("The layout is missing."))
        rent = _decimal(row.get("monthly_rent"))
        if rent is None or rent < 0:
            problems.append(_("The monthly rent must be a number, 0 or more."))
        furnished_text = str(row.get("furnished") if row.get("furnished") is not None else "").strip().lower()
        if furnished_text not in YES | NO:
            problems.append(_("Furnished must be 是 or 否."))
        code = f"{building}-{number}"
        if building and number and code in seen:
            problems.append(_("Home %(code)s appears twice in the file.") % {"code": code})
        seen.add(code)
        if problems:
            errors[_("row %(n)s") % {"n": index}] = problems
            continue
        clean.append(
            {
                "building": building[:40],
                "number": number[:20],
                "code": code[:64],
                "area": area.quantize(Decimal("0.01")),
                "layout": layout[:40],
                "monthly_rent": rent.quantize(Decimal("0.01")),
                "furnished": furnished_text in YES,
            }
        )
    return clean, errors


HEADERS = {
    "楼栋": "building",
    "building": "building",
    "房号": "number",
    "number": "number",
    "面积": "area",
    "面积（㎡）": "area",
    "area": "area",
    "户型": "layout",
    "layout": "layout",
    "月租金": "monthly_rent",
    "月租金（元）": "monthly_rent",
    "monthly_rent": "monthly_rent",
    "家具": "furnished",
    "是否带家具": "furnished",
    "furnished": "furnished",
}


def read_home_sheet(data: bytes) -> list[dict[str, Any]]:
    """Rows of the first sheet of an .xlsx file, keyed by the known column headers."""

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ServiceError(
            422,
            "bad_file",
            _("This is not an Excel (.xlsx) file."),
            {"file": [_("This is not an Excel (.xlsx) file.")]},
        ) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    names = [HEADERS.get(str(h or "").strip().lower(), HEADERS.get(str(h or "").strip())) for h in header]
    missing = [c for c in IMPORT_COLUMNS if c not in names]
    if missing:
        message = _("The first row must name the columns 楼栋, 房号, 面积, 户型, 月租金, 是否带家具.")
        raise ServiceError(422, "bad_columns", message, {"file": [message]})
    out = []
    for values in rows:
        if values is None or all(v in (None, "") for v in values):
            continue
        if len(out) >= 20000:
            message = _("A file may hold at most 20,000 homes.")
            raise ServiceError(422, "too_many_rows", message, {"file": [message]})
        out.append({name: value for name, value in zip(names, values, strict=False) if name})
    return out


@transaction.atomic
def homes_import(*, staff, project: HousingProject, rows: list[dict[str, Any]]) -> int:
    """Add homes to a project's stock: all rows or none. Existing homes (same building and number)
    are refused, not overwritten. Returns the number of homes added."""
    _staff_check(staff, project)
    clean, errors = home_rows_check(rows)
    if not clean and not errors:
        raise ServiceError(422, "empty", _("The file has no homes."), {"file": [_("The file has no homes.")]})
    existing = set(
        Home.objects.filter(project=project, code__in=[r["code"] for r in clean]).values_list(
            "code", flat=True
        )
    )
    for row in clean:
        if row["code"] in existing:
            errors.setdefault(_("home %(code)s") % {"code": row["code"]}, []).append(
                _("This home is already in the stock.")
            )
    if errors:
        raise ServiceError(
            422,
            "invalid_rows",
            _("Nothing was imported: correct the rows listed and send the file again."),
            errors,
        )
    buildings = {b.name: b for b in Building.objects.filter(project=project)}
    homes = []
    for row in clean:
        building = buildings.get(row["building"])
        if building is None:
            building = buildings[row["building"]] = Building.objects.create(
                project=project, name=row["building"]
            )
        homes.append(
            Home(
                project=project,
                building=building,
                number=row["number"],
                code=row["code"],
                area=row["area"],
                layout=row["layout"],
                monthly_rent=row["monthly_rent"],
                furnished=row["furnished"],
            )
        )
    for home in homes:  # one by one so the audit trail records each row
        home.save()
    return len(homes)


@transaction.atomic
def home_set_available(*, staff, home: Home, available: bool, reason: str = "") -> Home:
    """Take a home out of letting (repairs…) with a reason, or put it back. Audited (the audit
    trail records the row with its actor); refused while the home is in a round, offered or let."""
    home = Home.objects.select_for_update().select_related("project").get(pk=home.pk)
    _staff_check(staff, home.project)
    if home.status not in (HomeStatus.AVAILABLE, HomeStatus.UNAVAILABLE):
        raise ServiceError(
            409, "home_busy", _("This home is in a round, offered or let; its status follows that.")
        )
    reason = (reason or "").strip()
    if not available and not reason:
        message = _("Say why the home is not available (for example: repairs).")
        raise ServiceError(422, "reason_required", message, {"reason": [message]})
    home.status = HomeStatus.AVAILABLE if available else HomeStatus.UNAVAILABLE
    home.unavailable_reason = "" if available else reason[:200]
    home.save(update_fields=["status", "unavailable_reason", "updated_at"])
    return home


# --- applications --------------------------------------------------------------------------------


def _category_refusal(code: str, message: str) -> ServiceError:
    return ServiceError(409, code, message, {"categories": [message]})


def _labels(codes) -> str:
    return "、".join(str(Category(c).label) for c in codes)


def categories_outside(project: HousingProject, finding) -> list[str] | None:
    """The person's categories when the project takes none of them (so an application would be
    refused as ``not_eligible``), else None: the project page says so before the form is shown."""
    mine = list(finding.categories) if finding and finding.categories else [Category.OTHER]
    if project.eligible_categories and not set(mine) & set(project.eligible_categories):
        return mine
    return None


def application_categories(project: HousingProject, finding, claimed: list[str] | None) -> list[str]:
    """The categories the application counts in: those the engine found (or those the applicant
    claims among them), one only unless the project allows several."""
    found = finding.categories
    if claimed:
        for code in claimed:
            if code not in Category.values:
                raise _category_refusal("invalid", _("Unknown category."))
            if code not in found:
                reason = finding.reasons.get(code) or ""
                raise _category_refusal(
                    "not_in_category",
                    _("By the rules you are not in the category %(cat)s. %(reason)s")
                    % {"cat": Category(code).label, "reason": reason},
                )
        if len(set(claimed)) > 1 and not project.multiple_categories:
            raise _category_refusal(
                "several_categories",
                _(
                    "This project counts each applicant in one priority category only; you "
                    "asked to count in %(cats)s. Choose one."
                )
                % {"cats": _labels(dict.fromkeys(claimed))},
            )
        chosen = list(dict.fromkeys(claimed))
    else:
        eligible = [c for c in found if not project.eligible_categories or c in project.eligible_categories]
        chosen = eligible if project.multiple_categories else eligible[:1]
    if not chosen:
        chosen = [Category.OTHER]
    if project.eligible_categories and not set(chosen) & set(project.eligible_categories):
        raise ServiceError(
            409,
            "not_eligible",
            _("This project is for %(who)s; by your profile you are: %(you)s.")
            % {"who": _labels(project.eligible_categories), "you": _labels(chosen)},
        )
    return chosen


def _check_household(project, household_size, children, layouts) -> None:
    if not 1 <= int(household_size) <= 12:
        message = _("The household has 1 to 12 people.")
        raise ServiceError(422, "invalid", message, {"household_size": [message]})
    if not 0 <= int(children) <= 10 or int(children) >= int(household_size):
        message = _("Children: 0 to 10, fewer than the people in the household.")
        raise ServiceError(422, "invalid", message, {"children": [message]})
    offered = set(project.homes.values_list("layout", flat=True))
    unknown = [layout for layout in layouts if layout not in offered]
    if unknown or len(set(layouts)) != len(layouts):
        message = _("Choose layouts this project has, each once.")
        raise ServiceError(422, "invalid", message, {"layouts": [message]})


@transaction.atomic
def application_submit(
    *,
    applicant,
    project: HousingProject,
    household_size: int = 1,
    note: str = "",
    documents=None,
    notify_reviewers: bool = True,
    categories: list[str] | None = None,
    marital_status: str = "single",
    children: int = 0,
    owns_home_in_city: bool = False,
    layouts: list[str] | None = None,
    purpose: str = Purpose.RENT,
) -> HousingApplication:
    """Apply for a home in ``project``. The priority categories come from the rules engine on the
    applicant's profile (the applicant may choose among those found, never add one); household
    facts and documents go with the application; the points (积分) are counted from them."""
    profile = youth_profile_of(applicant)
    if profile is None:
        raise ServiceError(
            409, "no_profile", _("Fill in your profile first: the category is worked out from it.")
        )
    if not project.accepting_applications:
        raise ServiceError(409, "closed", _("This project is not taking applications now."))
    layouts = list(layouts or [])
    _check_household(project, household_size, children, layouts)
    if Lease.objects.filter(tenant=applicant, status=LeaseStatus.ACTIVE).exists():
        raise ServiceError(409, "already_housed", _("You already rent a home from the programme."))
    if purpose == Purpose.PURCHASE:
        if not project.shared_ownership:
            raise ServiceError(409, "no_purchase", _("This project offers no shared-ownership purchase."))
        eligible, reason = categories_module.shared_ownership_eligible(profile)
        if not eligible:
            raise ServiceError(
                409,
                "not_eligible",
                _("The shared-ownership purchase is not open to you: %(reason)s") % {"reason": reason},
            )
    elif purpose != Purpose.RENT:
        raise ServiceError(422, "invalid", _("Unknown purpose."), {"purpose": [_("Unknown purpose.")]})
    finding = categories_module.find(profile)
    cats = application_categories(project, finding, categories)
    score, detail = points(profile, cats=cats, owns_home=owns_home_in_city, children=int(children))
    return workflow.submit(
        applicant=applicant,
        unit=project.unit,
        subject={"project": project},
        documents=documents or {},
        required=list(project.required_documents or []),
        known=DocumentType.values,
        fields={
            "category": cats[0],
            "categories": cats,
            "household_size": household_size,
            "marital_status": marital_status,
            "children": int(children),
            "owns_home_in_city": bool(owns_home_in_city),
            "layouts": layouts,
            "purpose": purpose,
            "score": score,
            "score_detail": detail,
        },
        note=note,
        notify_reviewers=notify_reviewers,
    )


def application_add_documents(*, applicant, application: HousingApplication, documents, note: str = ""):
    """The applicant sends the documents the housing department asked for."""
    return workflow.add_documents(
        applicant=applicant, application=application, documents=documents, known=DocumentType.values, note=note
    )


def application_decide(*, reviewer, application: HousingApplication, outcome: str, reason: str = ""):
    return workflow.decide(reviewer=reviewer, application=application, outcome=outcome, reason=reason)


def application_withdraw(*, applicant, application: HousingApplication) -> HousingApplication:
    return workflow.withdraw(applicant=applicant, application=application)


def can_decide(user, application) -> bool:
    return workflow.can_decide(user, application)


# --- rounds --------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    staff,
    project: HousingProject,
    name: str,
    homes: Iterable[Home] | None = None,
    reserve_category: str = Category.YOUNG_GRADUATE,
    reserved_share: Decimal | str | None = None,
    reserved_count: int | None = None,
    public_source_kind: str = "lottery",
    public_source_name: str,
    offer_days: int = 7,
    pool_order: str = "reserve_first",
    ranking: str = Ranking.LOTTERY,
) -> AllocationRound:
    """Open a round: the homes are set aside, a secret is drawn and its commitment published.
    ``ranking``: the seeded lottery order, or points (积分) with ties broken by the seeded order.
    Whether an applicant may count in several categories is the project's rule, copied here."""
    _staff_check(staff, project)
    home_list = (
        list(homes)
        if homes is not None
        else list(Home.objects.filter(project=project, status=HomeStatus.AVAILABLE))
    )
    if not home_list:
        raise ServiceError(
            422,
            "no_homes",
            _("Choose at least one available home."),
            {"homes": [_("Choose at least one available home.")]},
        )
    if reserved_share is not None and reserved_count is not None:
        raise ServiceError(
            422, "invalid", _("Give a reserved share or a number of reserved homes, not both.")
        )
    share = _decimal(reserved_share) if reserved_share is not None else None
    if reserved_share is not None and (share is None or share < 0 or share > 1):
        message = _("The reserved share is between 0 and 1 (0.4 means 40%).")
        raise ServiceError(422, "invalid", message, {"reserved_share": [message]})
    if reserved_count is not None and (reserved_count < 0 or reserved_count > len(home_list)):
        message = _("%(reserved)s homes cannot be reserved in a round of %(homes)s homes.") % {
            "reserved": reserved_count,
            "homes": len(home_list),
        }
        raise ServiceError(422, "reserve_exceeds_homes", message, {"reserved_count": [message]})
    if not (public_source_name or "").strip():
        message = _("Name the public value the seed will use (which lottery draw, on which date).")
        raise ServiceError(422, "invalid", message, {"public_source_name": [message]})
    for home in home_list:
        if home.project_id != project.pk:
            raise ServiceError(
                422, "invalid", _("Home %(code)s is not in this project.") % {"code": home.code}
            )
    busy = RoundHome.objects.filter(home__in=home_list, active=True).select_related("home").first()
    if busy is not None:
        raise ServiceError(
            409,
            "home_in_open_round",
            _("Home %(code)s is already in another open round.") % {"code": busy.home.code},
        )
    not_free = [h.code for h in home_list if h.status != HomeStatus.AVAILABLE]
    if not_free:
        raise ServiceError(
            409, "home_not_available", _("Home %(code)s is not available.") % {"code": not_free[0]}
        )
    if pool_order not in ("reserve_first", "open_first"):
        raise ServiceError(
            422,
            "invalid",
            _("Unknown order of the pools."),
            {"pool_order": [_("Unknown order of the pools.")]},
        )
    if ranking not in Ranking.values:
        raise ServiceError(422, "invalid", _("Unknown ranking."), {"ranking": [_("Unknown ranking.")]})
    secret = new_secret()
    round_ = AllocationRound.objects.create(
        pool_order=pool_order,
        ranking=ranking,
        multiple_categories=project.multiple_categories,
        project=project,
        name=name.strip()[:120] or project.name,
        reserve_category=reserve_category,
        reserved_share=share,
        reserved_count=reserved_count,
        offer_days=offer_days,
        commitment=commit(secret),
        secret=secret,
        public_source_kind=public_source_kind,
        public_source_name=public_source_name.strip(),
        created_by=staff,
    )
    try:
        with transaction.atomic():
            RoundHome.objects.bulk_create([RoundHome(round=round_, home=h) for h in home_list])
    except IntegrityError:
        raise ServiceError(409, "home_in_open_round", _("A home is already in another open round.")) from None
    Home.objects.filter(pk__in=[h.pk for h in home_list]).update(status=HomeStatus.IN_ROUND)
    return round_


def _locked_round(staff, round_: AllocationRound) -> AllocationRound:
    round_ = AllocationRound.objects.select_for_update().select_related("project").get(pk=round_.pk)
    _staff_check(staff, round_.project)
    return round_


def round_candidates(round_: AllocationRound):
    """Approved rental applications for the project whose applicant holds no active lease and
    no accepted offer (a purchase application never enters a rental draw)."""
    taken = RoundEntry.objects.filter(
        round__project=round_.project,
        round__status=RoundStatus.DRAWN,
        application__offers__status__in=[OfferStatus.ACCEPTED],
    ).values("application")
    housed = Lease.objects.filter(status=LeaseStatus.ACTIVE).values("tenant")
    return (
        HousingApplication.objects.filter(
            project=round_.project, status=ApplicationStatus.APPROVED, purpose=Purpose.RENT
        )
        .exclude(pk__in=taken)
        .exclude(applicant__in=housed)
        .order_by("pk")
    )


@transaction.atomic
def round_freeze(*, staff, round_: AllocationRound) -> AllocationRound:
    """Close the list: the approved applications and the homes are frozen and the list hash
    is published; nothing about the round changes after this but the draw."""
    round_ = _locked_round(staff, round_)
    if round_.status != RoundStatus.OPEN:
        raise ServiceError(409, "not_open", _("Only an open round can be frozen."))
    apps = list(round_candidates(round_))
    if any(a.applicant_id == staff.pk for a in apps):
        raise PermissionDenied(_("You have an application in this round: someone else must run it."))
    if not apps:
        raise ServiceError(409, "no_applicants", _("No approved applications are waiting for this project."))
    homes = [rh.home for rh in round_.round_homes.select_related("home")]
    scored = round_.ranking == Ranking.SCORE
    frozen = adapters.freeze(
        round_,
        homes,
        [
            (a.public_id, a.categories or [a.category], a.score if scored else None, a.layouts)
            if scored or a.layouts or len(a.categories) > 1
            else (a.public_id, a.category)
            for a in apps
        ],
    )
    RoundEntry.objects.bulk_create(
        [RoundEntry(round=round_, application=a, public_id=a.public_id, category=a.category) for a in apps]
    )
    round_.frozen_list = frozen.canonical_bytes.decode("utf-8")
    round_.list_hash = frozen.list_hash
    round_.status = RoundStatus.FROZEN
    round_.frozen_at = timezone.now()
    round_.save()
    return round_


def frozen_of(round_: AllocationRound):
    return load_round(round_.frozen_list.encode("utf-8"))


@transaction.atomic
def round_draw(
    *, staff, round_: AllocationRound, public_value: str, secret: str | None = None
) -> AllocationRound:
    """Draw once: seed from the revealed secret and the public value, order, assignments, audit
    file, offers to the winners. Refused (and nothing written) if anything does not hold."""
    round_ = _locked_round(staff, round_)
    if round_.entries.filter(application__applicant=staff).exists():
        raise PermissionDenied(_("You have an application in this round: someone else must run it."))
    if round_.status == RoundStatus.DRAWN:
        raise ServiceError(
            409,
            "already_drawn",
            _(
                "This round has been drawn; a draw is never repeated. "
                "Void it with a reason if it must be annulled."
            ),
        )
    if round_.status != RoundStatus.FROZEN:
        raise ServiceError(409, "not_frozen", _("Freeze the applicant list before the draw."))
    secret = (secret or round_.secret).strip()
    try:
        check_secret(secret, round_.commitment)
        result = draw(frozen_of(round_), secret, public_value)
    except LotteryError as exc:
        if exc.code == "secret_mismatch":
            message = _("The revealed secret does not match the commitment published for this round.")
            raise ServiceError(409, "secret_mismatch", message, {"secret": [message]}) from None
        raise adapters.lottery_refusal(exc) from None
    homes = {h.code: h for h in Home.objects.filter(round_entries__round=round_)}
    entries = {e.public_id: e for e in round_.entries.select_related("application")}
    turn_of = {applicant: i for i, applicant in enumerate(result.order, start=1)}
    for public_id, entry in entries.items():
        entry.turn = turn_of[public_id]
    for a in result.assignments:
        entries[a.applicant].home = homes[a.home]
    RoundEntry.objects.bulk_update(list(entries.values()), ["turn", "home"])
    deadline = timezone.now() + dt.timedelta(days=round_.offer_days)
    Offer.objects.bulk_create(
        [
            Offer(
                round=round_,
                application=entries[a.applicant].application,
                home=homes[a.home],
                turn=a.turn,
                deadline=deadline,
            )
            for a in result.assignments
        ]
    )
    offered = {a.home for a in result.assignments}
    Home.objects.filter(pk__in=[h.pk for c, h in homes.items() if c in offered]).update(
        status=HomeStatus.OFFERED
    )
    Home.objects.filter(pk__in=[h.pk for c, h in homes.items() if c not in offered]).update(
        status=HomeStatus.AVAILABLE
    )
    round_.round_homes.update(active=False)
    round_.revealed_secret = secret
    round_.public_value = public_value
    round_.seed = result.seed
    round_.audit = result.audit_bytes.decode("utf-8")
    round_.audit_hash = result.audit_hash
    round_.status = RoundStatus.DRAWN
    round_.drawn_at = timezone.now()
    round_.save()
    for a in result.assignments:
        _notify_offer(entries[a.applicant].application, homes[a.home])
    return round_


@transaction.atomic
def round_void(*, staff, round_: AllocationRound, reason: str) -> AllocationRound:
    """Annul a round, keeping its record and the reason. Refused once an offer was accepted."""
    round_ = _locked_round(staff, round_)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(422, "reason_required", _("Give a reason."), {"reason": [_("Give a reason.")]})
    if round_.status == RoundStatus.VOIDED:
        raise ServiceError(409, "already_voided", _("This round is already voided."))
    if round_.offers.filter(status=OfferStatus.ACCEPTED).exists():
        raise ServiceError(
            409, "offers_accepted", _("An offer of this round was accepted; end the lease instead.")
        )
    pending = round_.offers.filter(status=OfferStatus.PENDING)
    Home.objects.filter(
        Q(offers__in=pending) | Q(round_entries__round=round_, round_entries__active=True),
        status__in=[HomeStatus.OFFERED, HomeStatus.IN_ROUND],
    ).update(status=HomeStatus.AVAILABLE)
    pending.update(status=OfferStatus.WITHDRAWN, answered_at=timezone.now())
    round_.round_homes.update(active=False)
    round_.status = RoundStatus.VOIDED
    round_.void_reason = reason
    round_.voided_at = timezone.now()
    round_.save()
    return round_


# --- offers --------------------------------------------------------------------------------------


def _notify_offer(application: HousingApplication, home: Home) -> None:
    notify(
        recipient=application.applicant,
        kind="housing.offer",
        title=_("A home is offered to you: %(home)s") % {"home": f"{application.project.name} {home.code}"},
        body=_("Accept or decline it on your housing page before the deadline."),
        url=reverse("housing:mine"),
        channels=["inbox", "sms"],
        dedupe_key=f"housing.offer.{application.pk}.{home.pk}",
    )


def _pass_down(offer: Offer) -> Offer | None:
    """Offer the home to the next in line of the round's order (the engine's waitlist rule)."""
    round_ = offer.round
    result = load_audit(
        round_.audit.encode("utf-8"), list_hash=round_.list_hash, commitment=round_.commitment
    )
    excluded = set(round_.offers.values_list("application_id", flat=True))
    public_ids = dict(round_.entries.values_list("application_id", "public_id"))
    by_public = {v: k for k, v in public_ids.items()}
    next_id = next_in_line(
        result, offer.home.code, excluded={public_ids[a] for a in excluded if a in public_ids}
    )
    if next_id is None:
        Home.objects.filter(pk=offer.home_id).update(status=HomeStatus.AVAILABLE)
        return None
    application = HousingApplication.objects.select_related("project", "applicant").get(pk=by_public[next_id])
    entry = round_.entries.get(public_id=next_id)
    new = Offer.objects.create(
        round=round_,
        application=application,
        home=offer.home,
        turn=entry.turn,
        deadline=timezone.now() + dt.timedelta(days=round_.offer_days),
    )
    _notify_offer(application, offer.home)
    return new


def _locked_offer(offer: Offer) -> Offer:
    return (
        Offer.objects.select_for_update()
        .select_related("round__project", "home", "application__applicant")
        .get(pk=offer.pk)
    )


@transaction.atomic
def offer_accept(*, applicant, offer: Offer) -> Offer:
    offer = _locked_offer(offer)
    if offer.application.applicant_id != applicant.pk:
        raise PermissionDenied(_("This is not your offer."))
    if offer.status != OfferStatus.PENDING:
        raise ServiceError(409, "not_pending", _("This offer is no longer open."))
    if offer.deadline < timezone.now():
        raise ServiceError(409, "expired", _("The deadline to answer this offer has passed."))
    offer.status, offer.answered_at = OfferStatus.ACCEPTED, timezone.now()
    offer.save(update_fields=["status", "answered_at", "updated_at"])
    return offer


@transaction.atomic
def offer_decline(*, applicant, offer: Offer) -> Offer | None:
    """Decline; the home passes to the next in line. Returns the new offer, if any."""
    offer = _locked_offer(offer)
    if offer.application.applicant_id != applicant.pk:
        raise PermissionDenied(_("This is not your offer."))
    if offer.status != OfferStatus.PENDING:
        raise ServiceError(409, "not_pending", _("This offer is no longer open."))
    offer.status, offer.answered_at = OfferStatus.DECLINED, timezone.now()
    offer.save(update_fields=["status", "answered_at", "updated_at"])
    return _pass_down(offer)


@transaction.atomic
def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Expire every pending offer past its deadline and pass each home down the order."""
    now = now or timezone.now()
    count = 0
    for offer in (
        Offer.objects.select_for_update()
        .filter(status=OfferStatus.PENDING, deadline__lt=now)
        .select_related("round", "home")
    ):
        offer.status, offer.answered_at = OfferStatus.EXPIRED, now
        offer.save(update_fields=["status", "answered_at", "updated_at"])
        _pass_down(offer)
        count += 1
    return count


# --- leases --------------------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1

    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def lease_sign(
    *,
    staff,
    offer: Offer,
    start: dt.date,
    months: int = 12,
    rent_free_months: int = 0,
    monthly_rent: Decimal | None = None,
    monthly_subsidy: Decimal = Decimal("0"),
) -> Lease:
    """Sign the lease for an accepted offer: the home is let. The reduced rent (if any) and the
    subsidy are recorded separately (租补分离)."""
    offer = _locked_offer(offer)
    _staff_check(staff, offer.round.project)
    if offer.application.applicant_id == staff.pk:
        raise PermissionDenied(_("Nobody signs their own lease for the programme."))
    if offer.status != OfferStatus.ACCEPTED:
        raise ServiceError(409, "not_accepted", _("Only an accepted offer becomes a lease."))
    if Lease.objects.filter(offer=offer).exists():
        raise ServiceError(409, "already_signed", _("This offer already has a lease."))
    limit = offer.round.project.max_rent_free_months
    if not 0 <= rent_free_months <= limit:
        message = _("Rent-free months: 0 to %(n)s for this project.") % {"n": limit}
        raise ServiceError(422, "invalid", message, {"rent_free_months": [message]})
    if not 1 <= months <= 120:
        message = _("A lease runs 1 to 120 months.")
        raise ServiceError(422, "invalid", message, {"months": [message]})
    rent = offer.home.monthly_rent if monthly_rent is None else monthly_rent
    if rent < 0 or monthly_subsidy < 0:
        message = _("Amounts cannot be negative.")
        raise ServiceError(422, "invalid", message, {"monthly_rent": [message]})
    try:
        with transaction.atomic():
            lease = Lease.objects.create(
                home=offer.home,
                offer=offer,
                tenant=offer.application.applicant,
                category=offer.application.category,
                start=start,
                end=_add_months(start, months),
                rent_free_months=rent_free_months,
                monthly_rent=rent,
                monthly_subsidy=monthly_subsidy,
            )
    except IntegrityError:
        raise ServiceError(409, "home_let", _("This home already has an active lease.")) from None
    Home.objects.filter(pk=offer.home_id).update(status=HomeStatus.LET)
    lease.home.status = HomeStatus.LET
    _close_cases(offer.application, staff=staff)
    entries_generate(lease=lease, until=timezone.localdate())
    return lease


def _close_cases(application: HousingApplication, *, staff) -> None:
    """A signed lease closes the case: the application becomes *housed*; the tenant's other live
    rental applications are withdrawn with the reason, and their pending offers elsewhere pass
    down the order (one home per person)."""
    application.status = HousingApplicationStatus.HOUSED
    application.decided_at, application.decided_by = timezone.now(), staff
    application.decision_reason = _("Lease signed for %(home)s.") % {"home": application.project.name}
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"])
    others = HousingApplication.objects.filter(
        applicant_id=application.applicant_id, status__in=LIVE, purpose=Purpose.RENT
    ).exclude(pk=application.pk)
    for other in others.select_for_update():
        other.status = HousingApplicationStatus.WITHDRAWN
        other.decision_reason = _("Closed: a lease was signed for another home of the programme.")
        other.save(update_fields=["status", "decision_reason", "updated_at"])
    for offer in (
        Offer.objects.select_for_update()
        .filter(application__applicant_id=application.applicant_id, status=OfferStatus.PENDING)
        .select_related("round", "home")
    ):
        offer.status, offer.answered_at = OfferStatus.WITHDRAWN, timezone.now()
        offer.save(update_fields=["status", "answered_at", "updated_at"])
        _pass_down(offer)


@transaction.atomic
def lease_renew(*, staff, lease: Lease, months: int = 12) -> Lease:
    lease = Lease.objects.select_for_update().select_related("home__project").get(pk=lease.pk)
    _staff_check(staff, lease.home.project)
    if lease.status != LeaseStatus.ACTIVE:
        raise ServiceError(409, "not_active", _("Only an active lease can be renewed."))
    lease.end = _add_months(lease.end, months)
    lease.renewals += 1
    lease.save(update_fields=["end", "renewals", "updated_at"])
    return lease


@transaction.atomic
def lease_end(*, staff, lease: Lease, moved_out_on: dt.date) -> Lease:
    """Move-out: the lease ends and the home goes back into stock."""
    lease = Lease.objects.select_for_update().select_related("home__project").get(pk=lease.pk)
    _staff_check(staff, lease.home.project)
    if lease.status != LeaseStatus.ACTIVE:
        raise ServiceError(409, "not_active", _("This lease has already ended."))
    if moved_out_on < lease.start:
        message = _("The move-out date cannot be before the lease started.")
        raise ServiceError(422, "invalid", message, {"moved_out_on": [message]})
    lease.status, lease.moved_out_on = LeaseStatus.ENDED, moved_out_on
    lease.save(update_fields=["status", "moved_out_on", "updated_at"])
    entries_generate(lease=lease, until=min(moved_out_on, timezone.localdate()))
    Home.objects.filter(pk=lease.home_id).update(status=HomeStatus.AVAILABLE)
    lease.home.status = HomeStatus.AVAILABLE
    return lease


# --- rent and subsidy (租补分离) ------------------------------------------------------------------

RENT_GRACE_DAYS = 15  # rent of a lease month is due this many days after the month starts


def lease_months(lease: Lease, until: dt.date) -> list[tuple[int, dt.date]]:
    """(index, first day) of each lease month begun by ``until``, before the planned end and,
    after a move-out, not after it."""
    last = min(until, lease.moved_out_on) if lease.moved_out_on else until
    months, k = [], 0
    while True:
        first = _add_months(lease.start, k)
        if first > last or first >= lease.end:
            return months
        months.append((k, first))
        k += 1


@transaction.atomic
def entries_generate(*, lease: Lease, until: dt.date) -> int:
    """Write the rent charge and the subsidy entry of each lease month begun by ``until``
    (idempotent). Rent-free months are rent entries of 0, marked, with nothing owed; the rent is
    the lease's (reduced) rent; the subsidy is its own entry, paid by the city for the months
    rent is charged, never netted off the rent. Returns the number of entries written."""
    have = set(lease.entries.values_list("month", "kind"))
    new = []
    for k, first in lease_months(lease, until):
        free = k < lease.rent_free_months
        if (first, EntryKind.RENT) not in have:
            new.append(
                LeaseEntry(
                    lease=lease,
                    month=first,
                    kind=EntryKind.RENT,
                    amount=Decimal("0") if free else lease.monthly_rent,
                    rent_free=free,
                    due=first + dt.timedelta(days=RENT_GRACE_DAYS),
                    settled_on=first if free or not lease.monthly_rent else None,
                )
            )
        if not free and lease.monthly_subsidy > 0 and (first, EntryKind.SUBSIDY) not in have:
            new.append(
                LeaseEntry(
                    lease=lease,
                    month=first,
                    kind=EntryKind.SUBSIDY,
                    amount=lease.monthly_subsidy,
                    due=first + dt.timedelta(days=RENT_GRACE_DAYS),
                )
            )
    LeaseEntry.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def entries_generate_all(*, until: dt.date | None = None) -> int:
    """Every active lease's entries up to ``until`` (the scheduled tick)."""

    until = until or timezone.localdate()
    leases = Lease.objects.filter(status=LeaseStatus.ACTIVE).annotate(
        months=Count("entries", filter=Q(entries__kind=EntryKind.RENT))
    )
    total = 0
    for lease in leases.iterator(chunk_size=2000):  # one query; only leases with a month to write do more
        next_month = _add_months(lease.start, lease.months)
        if next_month <= until and next_month < lease.end:
            total += entries_generate(lease=lease, until=until)
    return total


@transaction.atomic
def entry_settle(*, staff, entry: LeaseEntry, settled_on: dt.date) -> LeaseEntry:
    """Record a rent payment received, or a subsidy paid out; once. Audited."""
    entry = LeaseEntry.objects.select_for_update().select_related("lease__home__project").get(pk=entry.pk)
    _staff_check(staff, entry.lease.home.project)
    if entry.lease.tenant_id == staff.pk:
        raise PermissionDenied(_("Nobody records payments on their own lease."))
    if entry.settled_on is not None:
        raise ServiceError(409, "already_settled", _("This entry is already recorded as paid."))
    if settled_on < entry.month or settled_on > timezone.localdate():
        message = _("The payment date is between the start of the month and today.")
        raise ServiceError(422, "invalid", message, {"settled_on": [message]})
    entry.settled_on, entry.settled_by = settled_on, staff
    entry.save(update_fields=["settled_on", "settled_by", "updated_at"])
    return entry


def audit_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
