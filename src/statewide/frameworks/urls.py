from django.urls import URLPattern, URLResolver, include, path

from statewide.frameworks.views import editing, history, public

app_name = "frameworks"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.index, name="index"),
    path("search/", public.search_page, name="search"),
    path("crosswalk/", public.crosswalk_page, name="crosswalk"),
    path("import-case/", include("statewide.frameworks.case.web_urls")),
    path("<slug:slug>/", public.overview, name="overview"),
    path("<slug:slug>/items/<slug:code>/", public.item_page, name="item"),
    path("<slug:slug>/items/<slug:code>/edit/", editing.item_edit, name="item_edit"),
    path("<slug:slug>/items/<slug:code>/phases/<slug:level>/add/", editing.descriptor_add, name="descriptor_add"),
    path("<slug:slug>/descriptors/<uuid:identifier>/edit/", editing.descriptor_edit, name="descriptor_edit"),
    path("<slug:slug>/examples/<uuid:identifier>/edit/", editing.example_edit, name="example_edit"),
    path("<slug:slug>/phases/<slug:code>/", public.level_page, name="level"),
    path("<slug:slug>/spotlights/", public.spotlight_list_page, name="spotlights"),
    path("<slug:slug>/spotlights/<slug:code>/", public.spotlight_page, name="spotlight"),
    path("<slug:slug>/versions/", history.version_list_page, name="versions"),
    path("<slug:slug>/versions/<int:number>/", history.version_page, name="version"),
    path("<slug:slug>/versions/<int:a>/diff/<int:b>/", history.version_diff_page, name="version_diff"),
    path("<slug:slug>/drafts/", editing.drafts_page, name="drafts"),
    path("<slug:slug>/drafts/<slug:target>/<uuid:identifier>/discard/", editing.draft_discard, name="draft_discard"),
]
