"""``youthcity create_admin``: the first administrator, with a password the operator chooses.

The password comes from ``YOUTHCITY_ADMIN_PASSWORD`` (for automation) or is asked twice at the
terminal; either way it must pass the password validators (AUTH_PASSWORD_VALIDATORS). Nothing
is written when it does not.
"""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

PASSWORD_ENV = "YOUTHCITY_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = f"Create an administrator (password from ${PASSWORD_ENV} or asked at the terminal)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="default: %(default)s")
        parser.add_argument("--email", default="")
        parser.add_argument("--display-name", default="系统管理员")
        parser.add_argument("--region", default="",
                            help="region code of the admin membership (default: the city, when there is one)")
        parser.add_argument("--reset-password", action="store_true",
                            help="set a new password for an existing administrator instead of failing")

    def handle(self, *args, **opts):
        from youthcity.accounts.models import Role, User
        from youthcity.accounts.services import membership_grant
        from youthcity.regions import selectors as region_selectors
        from youthcity.regions.models import Region

        username = opts["username"].strip()
        existing = User.objects.filter(username=username).first()
        if existing is not None and not opts["reset_password"]:
            raise CommandError(f"用户「{username}」已存在。/ User '{username}' already exists "
                               "(use --reset-password to give it a new password).")
        user = existing or User(username=username, email=opts["email"], display_name=opts["display_name"])
        password = self._password(user)
        if opts["region"]:
            region = Region.objects.filter(code=opts["region"]).first()
            if region is None:
                raise CommandError(f"没有行政区划代码「{opts['region']}」。/ No region with code '{opts['region']}'.")
        else:
            region = region_selectors.city()
        with transaction.atomic():
            user.is_superuser = user.is_staff = user.is_active = True
            user.set_password(password)
            user.save()
            if region is not None:
                membership_grant(user=user, role=Role.ADMIN, region=region)
        verb = "Password reset for" if existing else "Created"
        self.stdout.write(self.style.SUCCESS(f"{verb} administrator '{username}'."))

    def _password(self, user) -> str:
        password = os.environ.get(PASSWORD_ENV, "")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError(f"请在终端输入密码或设置 {PASSWORD_ENV}。/ No terminal to ask the password: "
                                   f"set {PASSWORD_ENV}.")
            password = getpass.getpass("Password / 密码: ")
            if password != getpass.getpass("Password again / 再次输入密码: "):
                raise CommandError("两次输入的密码不一致。/ The two passwords differ.")
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("密码不符合要求：/ The password is refused: " + " ".join(exc.messages)) from exc
        return password
