"""Error reporting, Sentry-compatible and off by default.

With ``SENTRY_DSN`` set, unhandled exceptions and ERROR log lines go to Sentry (or a compatible
service: GlitchTip, a self-hosted Sentry), tagged with the request id. No personal data is sent
(the SDK's default: no user names, cookies or request bodies); performance tracing only when ``SENTRY_TRACES_SAMPLE_RATE`` > 0.
"""

from __future__ import annotations


def init_error_reporting(dsn: str, *, environment: str, release: str, traces_sample_rate: float,
                         transport=None) -> bool:
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    options = {"dsn": dsn, "environment": environment, "release": release or None,
               "traces_sample_rate": traces_sample_rate,
               "integrations": [DjangoIntegration()]}
    if transport is not None:  # tests capture events instead of sending them
        options["transport"] = transport
    sentry_sdk.init(**options)
    return True
