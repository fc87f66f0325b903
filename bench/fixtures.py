"""Data the production benches need, made inside Django with the bench's environment.

    python bench/fixtures.py crowd --people 500 --beds 60 --prefix r1   → JSON {station, tokens}
    python bench/fixtures.py sessions --users leader youth …           → JSON {username: sessionid}

A crowd is a new station (one room, ``beds`` beds) and ``people`` young people with API tokens.
Sessions are made server-side (no argon2 per login), as if each person had signed in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def crowd(people: int, beds: int, prefix: str) -> dict:
    from youthcity.accounts.models import User, YouthProfile
    from youthcity.accounts.services import api_token_create
    from youthcity.organizations.models import Unit
    from youthcity.stations.models import Bed, Room, Station

    unit = Unit.objects.get(code="410311-station-yanhuang")
    station = Station.objects.create(code=f"bench-{prefix}", name=f"压测驿站 {prefix}", unit=unit,
                                     region=unit.region, address="-")
    room = Room.objects.create(station=station, name="F", gender="female")
    Bed.objects.bulk_create([Bed(room=room, station=station, label=str(i)) for i in range(1, beds + 1)])
    users = User.objects.bulk_create([User(username=f"{prefix}_{i:06d}", password="!") for i in range(people)])
    YouthProfile.objects.bulk_create([
        YouthProfile(user=u, gender="female", hukou_city="郑州市", home_city="郑州市", education_level="bachelor",
                     employment_status="job_seeking") for u in users])
    return {"station": station.pk, "tokens": [api_token_create(user=u)[1] for u in users]}


def sessions(usernames: list[str]) -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from youthcity.accounts.models import User

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    out = {}
    for user in User.objects.filter(username__in=usernames):
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        out[user.username] = store.session_key
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("crowd")
    c.add_argument("--people", type=int, required=True)
    c.add_argument("--beds", type=int, required=True)
    c.add_argument("--prefix", required=True)
    s = sub.add_parser("sessions")
    s.add_argument("--users", nargs="+", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")
    import django

    django.setup()
    out = crowd(args.people, args.beds, args.prefix) if args.what == "crowd" else sessions(args.users)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
