"""City-scale data for load tests, loaded with PostgreSQL COPY. Seeded: the same seed gives the same city.

    DATABASE_URL=postgres://…/prod_bench python bench/generate_city.py --size luoyang [--seed 20261201]

Adds to a database that already holds a city pack (``youthcity load_city`` or ``demo``):

| size      | young people | applications | stays   | stations × beds |
|-----------|-------------:|-------------:|--------:|----------------:|
| luoyang   | 2,000,000    | 500,000      | 100,000 | 40 × 30         |
| ci        | 20,000       | 5,000        | 1,000   | 4 × 30          |

Young people are users with a YouthProfile (ages 18–35, degrees, hukou, districts drawn as in
``core.city_pack.synthetic_youths``); their password is unusable (they are data, not logins).
Applications spread over the city's policies and three reviewing units, with one open application
per person and policy at most (the database's constraint). Stays run one after another in each bed
(never overlapping: the exclusion constraint and the night ledger hold), ending before today
(checked out, nights kept) or after it (booked), a few cancelled (nights released); every stay is a
different person. The volunteering volumes (10,000,000 hours) wait for the volunteering domain.
Prints the time of each table and the total.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))
from pgtools import connect  # noqa: E402

SIZES = {
    "luoyang": {"youths": 2_000_000, "applications": 500_000, "stays": 100_000, "stations": 40},
    "ci": {"youths": 20_000, "applications": 5_000, "stays": 1_000, "stations": 4},
}
BEDS_PER_STATION = 30  # 5 rooms of 6
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶")
GIVEN = list("子涵浩然梓轩欣怡宇航雨桐思远佳琪俊杰一诺晨曦嘉怡博文若汐明轩书瑶天佑语嫣泽宇可馨志强丽娜鹏飞雅婷")
EDUCATION = ["senior_high", "vocational", "preparatory_technician", "associate", "bachelor", "master", "doctorate"]
EDU_WEIGHTS = [14, 12, 6, 24, 34, 8, 2]
GRAD_AGE = [18, 18, 21, 21, 22, 25, 29]
EMPLOYMENT = ["employed", "job_seeking", "self_employed", "intern", "not_working"]
EMP_WEIGHTS = [62, 16, 8, 6, 8]
CITIES = ["洛阳市"] * 6 + ["郑州市", "开封市", "南阳市", "平顶山市", "新乡市", "西安市", "武汉市", "北京市"]
SCHOOLS = ["河南科技大学", "洛阳理工学院", "洛阳师范学院", "郑州大学", "河南大学", "洛阳职业技术学院", "西安交通大学"]
REVIEW_UNITS = ["ly-hrss", "ly-housing", "ly-league"]


def _next_id(cur, table: str) -> int:
    return int(cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def _copy(cur, table: str, columns: list[str], lines) -> int:
    """COPY text lines (tab-separated, \\N for NULL) in chunks of ~8 MB."""
    n = 0
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buf = io.StringIO()
        for line in lines:
            buf.write(line)
            buf.write("\n")
            n += 1
            if buf.tell() > 8_000_000:
                copy.write(buf.getvalue())
                buf = io.StringIO()
        if buf.tell():
            copy.write(buf.getvalue())
    return n


def _fix_sequence(cur, table: str) -> None:
    cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))")


def _applications(cur, rng, *, applications: int, youths: int, policies: list[str], units: dict,
                  first_user: int) -> None:
    """Benefit applications in every status; no one holds two open ones for a policy."""
    first_app = _next_id(cur, "benefits_benefitapplication")
    status_p = {"submitted": 0.08, "more_documents": 0.02, "approved": 0.6, "rejected": 0.15, "withdrawn": 0.15}
    statuses = rng.choice(list(status_p), applications, p=list(status_p.values()))
    applicant = rng.integers(0, youths, applications)
    # Open applications: person i (distinct) so that no one holds two open ones for a policy.
    open_mask = np.isin(statuses, ["submitted", "more_documents"])
    applicant[open_mask] = np.arange(int(open_mask.sum())) % youths
    policy_idx = rng.integers(0, len(policies), applications)
    unit_idx = rng.integers(0, len(REVIEW_UNITS), applications)
    days_ago = rng.integers(0, 720, applications)

    def apps():
        for i in range(applications):
            st = statuses[i]
            created = (dt.datetime.now(dt.UTC) - dt.timedelta(days=int(days_ago[i]))).isoformat()
            decided = created if st in ("approved", "rejected") else "\\N"
            reason = "材料不全，未按时补正。" if st == "rejected" else ""
            amount = "1000.00" if st == "approved" else "\\N"
            yield (f"{first_app + i}\t{created}\t{created}\t{policies[policy_idx[i]]}\t{policies[policy_idx[i]]}\t{st}\t"
                   f"{{}}\t\t{decided}\t{reason}\t{amount}\t{'元' if amount != chr(92) + 'N' else ''}\t"
                   f"{first_user + int(applicant[i])}\t\\N\t{units[REVIEW_UNITS[unit_idx[i]]]}")

    _copy(cur, "benefits_benefitapplication", ["id", "created_at", "updated_at", "policy_id", "policy_name", "status",
                                               "stated_facts", "note", "decided_at", "decision_reason",
                                               "approved_amount", "amount_unit", "applicant_id", "decided_by_id",
                                               "unit_id"], apps())
    _fix_sequence(cur, "benefits_benefitapplication")


def _stations(cur, *, stations: int, districts: list[int], station_unit, tag: str, now: str
              ) -> tuple[list[int], list[tuple[int, int]]]:
    """Stations with rooms of six beds; returns the station ids and (bed, station) pairs."""
    station_ids, bed_rows = [], []
    first_station, first_room, first_bed = (_next_id(cur, t) for t in ("stations_station", "stations_room",
                                                                        "stations_bed"))
    station_lines, room_lines, bed_lines = [], [], []
    room_id, bed_id = first_room, first_bed
    for s in range(stations):
        sid = first_station + s
        station_ids.append(sid)
        station_lines.append(f"{sid}\t{now}\t{now}\t{tag}-st{s:03d}\t青年驿站{s + 1}号\t\t洛阳市某区某路{s + 1}号\t\\N\t\\N\t\t\t"
                             f"20\t12\tt\t{districts[s % len(districts)]}\t{station_unit[0]}")
        for r in range(BEDS_PER_STATION // 6):
            room_lines.append(f"{room_id}\t{r + 1}\t{'female' if r % 2 == 0 else 'male'}\t{sid}")
            for b in range(6):
                bed_lines.append(f"{bed_id}\t{b + 1}\tt\t{room_id}\t{sid}")
                bed_rows.append((bed_id, sid))
                bed_id += 1
            room_id += 1
    _copy(cur, "stations_station", ["id", "created_at", "updated_at", "code", "name", "name_en", "address", "latitude",
                                    "longitude", "contact_phone", "house_rules", "no_show_release_hour", "offer_hours",
                                    "is_active", "region_id", "unit_id"], station_lines)
    _copy(cur, "stations_room", ["id", "name", "gender", "station_id"], room_lines)
    _copy(cur, "stations_bed", ["id", "label", "is_active", "room_id", "station_id"], bed_lines)
    for t in ("stations_station", "stations_room", "stations_bed"):
        _fix_sequence(cur, t)
    return station_ids, bed_rows


def _stays(cur, rng, *, stays: int, bed_rows: list[tuple[int, int]], first_user: int, today: dt.date,
           now: str) -> tuple[int, int]:
    """Stays bed after bed, each by a different person, with their night ledger; returns (stays, nights)."""
    per_bed = -(-stays // len(bed_rows))
    lengths = rng.integers(1, 8, stays)
    gaps = rng.integers(0, 4, stays)
    cancelled = rng.random(stays) < 0.04
    span = per_bed * 5.5  # mean length 4 + mean gap 1.5 days
    start_day = today.toordinal() - int(span * 0.97)  # about 3% of stays still ahead
    first_booking, first_bn, first_pn = (_next_id(cur, t) for t in ("stations_booking", "stations_bednight",
                                                                    "stations_personnight"))
    booking_lines, bn_lines, pn_lines = [], [], []
    k = 0
    for bed, sid in bed_rows:
        day = start_day
        for _ in range(per_bed):
            if k >= stays:
                break
            check_in, check_out = day + int(gaps[k]), day + int(gaps[k]) + int(lengths[k])
            day = check_out
            person = first_user + k  # every stay a different person
            bid = first_booking + k
            status = "cancelled" if cancelled[k] else ("checked_out" if check_out <= today.toordinal() else "booked")
            ci, co = dt.date.fromordinal(check_in), dt.date.fromordinal(check_out)
            booking_lines.append(f"{bid}\t{now}\t{now}\t{ci}\t{co}\t{status}\t\\N\t\\N\t\\N\t\\N\t"
                                 f"{now if status == 'cancelled' else chr(92) + 'N'}\t{bed}\t\\N\t{person}\t{sid}")
            if status != "cancelled":
                for night in range(check_in, check_out):
                    d = dt.date.fromordinal(night)
                    bn_lines.append(f"{first_bn + len(bn_lines)}\t{d}\t{bed}\t{bid}")
                    pn_lines.append(f"{first_pn + len(pn_lines)}\t{d}\t{bid}\t{person}")
            k += 1
    _copy(cur, "stations_booking", ["id", "created_at", "updated_at", "check_in", "check_out", "status",
                                    "idempotency_key", "offer_expires_at", "checked_in_at", "checked_out_at",
                                    "cancelled_at", "bed_id", "checked_in_by_id", "person_id", "station_id"],
          booking_lines)
    _copy(cur, "stations_bednight", ["id", "night", "bed_id", "booking_id"], bn_lines)
    _copy(cur, "stations_personnight", ["id", "night", "booking_id", "person_id"], pn_lines)
    for t in ("stations_booking", "stations_bednight", "stations_personnight"):
        _fix_sequence(cur, t)
    return k, len(bn_lines)


def generate(conn, *, youths: int, applications: int, stays: int, stations: int, seed: int,
             today: dt.date | None = None, out=print) -> dict:
    """Load the volumes into the database behind ``conn`` (a psycopg connection; the caller commits)."""
    today = today or dt.date.today()
    rng = np.random.default_rng(seed)
    cur = conn.cursor()
    timings: dict[str, float] = {}
    now = dt.datetime.now(dt.UTC).isoformat()
    tag = f"g{seed % 100000}"
    city = cur.execute("SELECT id, path FROM regions_region WHERE level = 'city' ORDER BY id LIMIT 1").fetchone()
    if city is None:
        raise SystemExit("generate_city: load a city pack first (youthcity load_city luoyang)")
    districts = [r[0] for r in cur.execute("SELECT id FROM regions_region WHERE level = 'district' ORDER BY sort_order, id")]
    policies = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "youthcity/cities/luoyang/policies")
                      .glob("*.yaml") if p.stem != "parameters")
    units = dict(cur.execute("SELECT code, id FROM organizations_unit WHERE code = ANY(%s)", (REVIEW_UNITS,)).fetchall())
    station_unit = cur.execute("SELECT id, region_id FROM organizations_unit WHERE code LIKE '%%-station-%%' "
                               "ORDER BY id LIMIT 1").fetchone()

    # --- young people: users + profiles ---------------------------------------------------------------
    started = time.perf_counter()
    first_user = _next_id(cur, "accounts_user")
    ages = np.where(rng.random(youths) < 0.5, rng.integers(18, 36, youths), rng.integers(21, 28, youths))
    birth_offsets = ages * 365 + rng.integers(0, 365, youths)
    edu = rng.choice(len(EDUCATION), youths, p=np.array(EDU_WEIGHTS) / sum(EDU_WEIGHTS))
    employment = rng.choice(len(EMPLOYMENT), youths, p=np.array(EMP_WEIGHTS) / sum(EMP_WEIGHTS))
    female = rng.random(youths) < 0.5
    city_idx = rng.integers(0, len(CITIES), youths)
    school_idx = rng.integers(0, len(SCHOOLS), youths)
    district_idx = rng.integers(0, len(districts), youths)
    sur = rng.integers(0, len(SURNAMES), youths)
    g1, g2 = rng.integers(0, len(GIVEN), youths), rng.integers(0, len(GIVEN), youths)
    two = rng.random(youths) < 0.6
    full_time = rng.random(youths) < 0.85

    def users():
        for i in range(youths):
            name = SURNAMES[sur[i]] + GIVEN[g1[i]] + (GIVEN[g2[i]] if two[i] else "")
            yield (f"{first_user + i}\t!\t\\N\tf\t{tag}_{i:07d}\t\t\t\tf\tt\t{now}\t\\N\t\t{name}\tzh-hans\t\tf")

    n = _copy(cur, "accounts_user", ["id", "password", "last_login", "is_superuser", "username", "first_name",
                                     "last_name", "email", "is_staff", "is_active", "date_joined", "phone",
                                     "id_number", "display_name", "preferred_language", "id_number_index",
                                     "must_change_password"], users())
    _fix_sequence(cur, "accounts_user")
    timings["users"] = time.perf_counter() - started

    started = time.perf_counter()
    first_profile = _next_id(cur, "accounts_youthprofile")
    epoch = today.toordinal()

    def profiles():
        for i in range(youths):
            birth = dt.date.fromordinal(epoch - int(birth_offsets[i]))
            grad = dt.date(birth.year + GRAD_AGE[edu[i]], 6, 30)
            status = "student" if grad > today else EMPLOYMENT[employment[i]]
            hukou = CITIES[city_idx[i]]
            yield (f"{first_profile + i}\t{birth}\t{'female' if female[i] else 'male'}\t{EDUCATION[edu[i]]}\t"
                   f"{'t' if full_time[i] else 'f'}\t{grad}\t{SCHOOLS[school_idx[i]]}\t{hukou}\t{hukou}\t洛阳市\t"
                   f"{status}\t{now}\t{districts[district_idx[i]]}\t{first_user + i}\t")

    _copy(cur, "accounts_youthprofile", ["id", "birth_date", "gender", "education_level", "is_full_time",
                                         "graduation_date", "school", "hukou_city", "home_city", "current_city",
                                         "employment_status", "updated_at", "current_region_id", "user_id",
                                         "study_level"], profiles())
    _fix_sequence(cur, "accounts_youthprofile")
    timings["youth_profiles"] = time.perf_counter() - started

    started = time.perf_counter()
    _applications(cur, rng, applications=applications, youths=youths, policies=policies, units=units,
                  first_user=first_user)
    timings["applications"] = time.perf_counter() - started

    started = time.perf_counter()
    station_ids, bed_rows = _stations(cur, stations=stations, districts=districts, station_unit=station_unit,
                                      tag=tag, now=now)
    k, ledger_nights = _stays(cur, rng, stays=stays, bed_rows=bed_rows, first_user=first_user, today=today,
                              now=now)
    timings["stations_and_stays"] = time.perf_counter() - started

    started = time.perf_counter()
    for t in ("accounts_user", "accounts_youthprofile", "benefits_benefitapplication", "stations_booking",
              "stations_bednight", "stations_personnight", "stations_bed"):
        cur.execute(f"ANALYZE {t}")
    timings["analyze"] = time.perf_counter() - started
    result = {"young_people": n, "applications": applications, "stays": k, "stations": stations,
              "beds": len(bed_rows), "ledger_nights": ledger_nights, "timings_s": {k_: round(v, 1) for k_, v in
                                                                                   timings.items()},
              "total_s": round(sum(timings.values()), 1), "first_user_id": first_user, "station_ids": station_ids}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="ci")
    parser.add_argument("--seed", type=int, default=20261201)
    for key in ("youths", "applications", "stays", "stations"):
        parser.add_argument(f"--{key}", type=int, help=f"override the size's {key}")
    args = parser.parse_args()
    volumes = dict(SIZES[args.size])
    volumes.update({k: getattr(args, k) for k in volumes if getattr(args, k) is not None})
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("generate_city: DATABASE_URL must name a PostgreSQL database", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with connect(url) as conn:
        result = generate(conn, seed=args.seed, **volumes)
        conn.commit()
    result["wall_s"] = round(time.perf_counter() - started, 1)
    print(f"generate_city ({args.size}, seed {args.seed}): {result['young_people']:,} young people, "
          f"{result['applications']:,} applications, {result['stays']:,} stays ({result['ledger_nights']:,} nights) "
          f"in {result['stations']} stations × {BEDS_PER_STATION} beds; loaded in {result['wall_s']:.1f} s")
    print("  " + json.dumps(result["timings_s"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
