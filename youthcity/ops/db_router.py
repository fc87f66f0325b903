"""Read-only pages on a streaming replica; everything else, and anyone who just wrote, on the primary.

Only the pages named in ``REPLICA_READ_VIEWS`` (public index, policy list, dashboards: read-heavy,
and a few seconds of lag is harmless there), requested with GET or HEAD, read from the ``replica``
alias. A request that writes (any POST/PUT/PATCH/DELETE, or any row saved while it runs) sets a
short-lived cookie; while it lives, that browser reads from the primary, so a person always sees
their own writes even on a replica page. Writes always go to the primary. Without
``DATABASE_REPLICA_URL`` neither the router nor the middleware does anything.
"""

from __future__ import annotations

import contextvars

from django.conf import settings

PIN_COOKIE = "yc_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Never from the replica: a session just created or a login throttle just counted must be seen at once.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "django_tasks_db", "ops"})

_read_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("read_from_replica", default=False)
_wrote: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar("wrote", default=None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _read_from_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        flag = _wrote.get()
        if flag is not None:
            flag[0] = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: rows from both may be related

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's WAL; nobody migrates it


class ReplicaRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = "replica" in settings.DATABASES
        self.views = frozenset(settings.REPLICA_READ_VIEWS)

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        wrote = [False]
        token_wrote = _wrote.set(wrote)
        token_read = _read_from_replica.set(False)
        request.db_alias = "default"
        try:
            response = self.get_response(request)
        finally:
            _read_from_replica.reset(token_read)
            _wrote.reset(token_wrote)
        if request.method not in SAFE_METHODS or wrote[0]:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")
        if settings.REPLICA_ROUTING_HEADER:  # for deploy/replica-demo.sh: which database served the page
            response["X-DB-Alias"] = request.db_alias
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self.enabled:
            return None
        match = request.resolver_match
        if (request.method in ("GET", "HEAD") and match is not None and match.view_name in self.views
                and PIN_COOKIE not in request.COOKIES):
            _read_from_replica.set(True)
            request.db_alias = "replica"
        return None
