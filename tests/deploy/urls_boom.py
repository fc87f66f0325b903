"""A URLconf with a view that fails, for the error-reporting and logging tests."""

import logging

from django.http import HttpResponse
from django.urls import include, path


def boom(request):
    raise RuntimeError("boom for the error report")


def chatty(request):
    logging.getLogger("youthcity.tests.chatty").warning("inside the view")
    return HttpResponse("ok")


urlpatterns = [
    path("boom/", boom),
    path("chatty/", chatty),
    path("", include("youthcity.config.urls")),
]
