from django.urls import path

from youthcity.ops.health import healthz, readyz

app_name = "core"
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]
