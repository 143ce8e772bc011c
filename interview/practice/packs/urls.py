"""URLs of this activity, included under the practice namespace by interview/practice/urls.py."""

from django.urls import path

from interview.practice.packs import views

urlpatterns = [
    path("packs/", views.pack_list, name="pack_list"),
    path("packs/new/", views.pack_upload, name="pack_upload"),
    path("packs/drafts/<int:pk>/", views.draft_detail, name="pack_draft"),
    path("packs/drafts/<int:pk>/save/", views.draft_save, name="pack_draft_save"),
    path("packs/drafts/<int:pk>/delete/", views.draft_delete, name="pack_draft_delete"),
    path("packs/drafts/<int:pk>/cards/add/", views.draft_card_add, name="pack_draft_card_add"),
    path(
        "packs/drafts/<int:pk>/<str:section>/<int:item_id>/",
        views.draft_item_edit,
        name="pack_draft_item",
    ),
    path(
        "packs/drafts/<int:pk>/<str:section>/<int:item_id>/delete/",
        views.draft_item_delete,
        name="pack_draft_item_delete",
    ),
    path("packs/<slug:slug>/export.<str:fmt>", views.pack_export, name="pack_export"),
    path("packs/<slug:slug>/delete/", views.pack_delete, name="pack_delete"),
]
