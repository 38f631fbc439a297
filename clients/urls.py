from django.urls import path

from clients import views

urlpatterns = [
    path("", views.ClientListView.as_view(), name="client_list"),
    path("nouveau/", views.ClientCreateView.as_view(), name="client_create"),
    path("import/", views.ClientImportView.as_view(), name="client_import"),
    path("<int:pk>/", views.ClientDetailView.as_view(), name="client_detail"),
    path("<int:pk>/modifier/", views.ClientUpdateView.as_view(), name="client_update"),
    path("<int:pk>/supprimer/", views.ClientDeleteView.as_view(), name="client_delete"),
    path("<int:pk>/archiver/", views.ClientArchiveView.as_view(), name="client_archive"),
    path(
        "<int:parent_pk>/contacts/nouveau/",
        views.ContactCreateView.as_view(),
        name="contact_create",
    ),
    path("contacts/<int:pk>/modifier/", views.ContactUpdateView.as_view(), name="contact_update"),
    path("contacts/<int:pk>/supprimer/", views.ContactDeleteView.as_view(), name="contact_delete"),
    path("<int:parent_pk>/chantiers/nouveau/", views.SiteCreateView.as_view(), name="site_create"),
    path("chantiers/<int:pk>/modifier/", views.SiteUpdateView.as_view(), name="site_update"),
    path("chantiers/<int:pk>/supprimer/", views.SiteDeleteView.as_view(), name="site_delete"),
]
