from django.contrib import admin
from django.urls import include, path

from interview import views
from interview.bank import urls as bank_urls
from interview.lib.health import healthz

admin.site.site_header = "Interview practice: question bank"
admin.site.site_title = "Interview practice admin"

# The home page keeps its name "bank:home" while it lives with the site pages.
bank_patterns = [path("", views.home, name="home"), *bank_urls.urlpatterns]

urlpatterns = [
    path("", include((bank_patterns, "bank"))),
    path("", include("interview.practice.urls")),
    path("accounts/", include("interview.accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", views.favicon),
]

handler500 = "interview.views.error_page"
