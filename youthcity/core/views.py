from __future__ import annotations

from django.http import HttpResponseServerError
from django.shortcuts import render


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def server_error(request):
    """The 500 page: a standalone template (no context processors, no database), bilingual because
    the failure may have happened before the language was chosen."""
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
