"""A small fixed-window counter in Django's cache (Redis in production, local memory in tests):
how many times ``key`` was hit in the current window. Used for registration, one-time codes and
password resets; the key never holds a phone number or address in clear (it is hashed)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(scope: str, value: str, window: int) -> str:
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{int(time.time()) // window}"


def count(scope: str, value: str, *, window: int) -> int:
    return int(cache.get(_key(scope, value, window)) or 0)


def hit(scope: str, value: str, *, window: int) -> int:
    """Count one more hit; returns the hits in this window (including this one)."""
    key = _key(scope, value, window)
    if cache.add(key, 1, timeout=window + 5):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        return 1


def exceeded(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Hit ``key`` and tell whether the window's limit is now exceeded."""
    return hit(scope, value, window=window) > limit


def client_ip(request) -> str:
    """The caller's address as django-axes sees it (honours PROXY_COUNT behind a proxy)."""
    try:
        from axes.helpers import get_client_ip_address

        return get_client_ip_address(request) or "unknown"
    except Exception:  # pragma: no cover - axes always installed
        return request.META.get("REMOTE_ADDR", "unknown")
