from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from interview import views
from interview.bank import urls as bank_urls
from interview.lib.health import healthz

admin.site.site_header = _("Interview practice: question bank")
admin.site.site_title = _("Interview practice admin")

# The home page, the topic page and search keep their names in the "bank" namespace while they
# live with the site pages (they show the viewer's progress, which the bank may not read).
bank_patterns = [
    path("", views.home, name="home"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("search/", views.search, name="search"),
    *bank_urls.urlpatterns,
]

urlpatterns = [
    path("", include((bank_patterns, "bank"))),
    path("", include("interview.practice.urls")),
    path("accounts/", include("interview.accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # The interface strings of the page scripts, in the request's language (a static script).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("favicon.ico", views.favicon),
]

handler500 = "interview.views.error_page"
