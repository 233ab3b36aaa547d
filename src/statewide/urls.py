from django.contrib import admin
from django.urls import include, path
from oauth2_provider.urls import base_urlpatterns as oauth_base_urlpatterns

from statewide.api.v1 import api
from statewide.web.api_docs import api_docs

urlpatterns = [
    path("", include("statewide.web.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("statewide.accounts.urls")),
    path("districts/", include("statewide.places.urls")),
    path("frameworks/", include("statewide.frameworks.urls")),
    path("where-to-begin/self-assessment/", include("statewide.selfassessment.urls")),
    path("capacity/", include("statewide.capacity.urls")),
    path("where-to-begin/", include("statewide.assessments.urls")),
    path("tracker/", include("statewide.policies.urls")),
    path("credentials/", include("statewide.credentials.urls")),
    path("ims/ob/v3p0/", include("statewide.credentials.ob_urls")),
    path("oauth/", include((oauth_base_urlpatterns, "oauth2_provider"))),
    path("programs/", include("statewide.programs.urls")),
    path("insights/", include("statewide.insights.urls")),
    path("ims/case/v1p0/", include("statewide.frameworks.case_urls")),
    path("api/v1/docs", api_docs, name="api_docs"),
    path("api/v1/docs/<slug:section>/", api_docs, name="api_docs_section"),
    path("api/v1/", api.urls),
    path("operator/admin/", admin.site.urls),
]

handler400 = "statewide.web.views.bad_request"
handler403 = "statewide.web.views.permission_denied"
handler404 = "statewide.web.views.page_not_found"
handler500 = "statewide.web.views.server_error"
