from django.contrib import admin
from django.urls import include, path

from interview.health import healthz
from interview.views import favicon

admin.site.site_header = "Interview practice: question bank"
admin.site.site_title = "Interview practice admin"

urlpatterns = [
    path("", include("interview.bank.urls")),
    path("", include("interview.practice.urls")),
    path("accounts/", include("interview.accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
]
