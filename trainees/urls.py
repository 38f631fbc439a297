from django.urls import path

from trainees import views

urlpatterns = [
    path("", views.TraineeListView.as_view(), name="trainee_list"),
    path("nouveau/", views.TraineeCreateView.as_view(), name="trainee_create"),
    path("<int:pk>/", views.TraineeDetailView.as_view(), name="trainee_detail"),
    path("<int:pk>/modifier/", views.TraineeUpdateView.as_view(), name="trainee_update"),
    path("<int:pk>/niss/", views.TraineeRevealView.as_view(), name="trainee_reveal"),
    path(
        "<int:pk>/donnees/",
        views.TraineeAccessExportView.as_view(),
        name="trainee_access_export",
    ),
    path(
        "<int:parent_pk>/contrats/nouveau/",
        views.ContractCreateView.as_view(),
        name="contract_create",
    ),
    path("contrats/<int:pk>/modifier/", views.ContractUpdateView.as_view(), name="contract_update"),
    path(
        "contrats/<int:pk>/supprimer/", views.ContractDeleteView.as_view(), name="contract_delete"
    ),
    path("referentiels/", views.FrameworkListView.as_view(), name="framework_list"),
    path("referentiels/<int:pk>/", views.FrameworkDetailView.as_view(), name="framework_detail"),
    path(
        "referentiels/<int:pk>/modifier/",
        views.FrameworkUpdateView.as_view(),
        name="framework_update",
    ),
    path(
        "referentiels/<int:parent_pk>/import/", views.SkillImportView.as_view(), name="skill_import"
    ),
    path(
        "referentiels/<int:parent_pk>/domaines/nouveau/",
        views.AreaCreateView.as_view(),
        name="area_create",
    ),
    path("domaines/<int:pk>/modifier/", views.AreaUpdateView.as_view(), name="area_update"),
    path("domaines/<int:pk>/supprimer/", views.AreaDeleteView.as_view(), name="area_delete"),
    path(
        "referentiels/<int:parent_pk>/competences/nouveau/",
        views.SkillCreateView.as_view(),
        name="skill_create",
    ),
    path("competences/<int:pk>/modifier/", views.SkillUpdateView.as_view(), name="skill_update"),
    path("competences/<int:pk>/supprimer/", views.SkillDeleteView.as_view(), name="skill_delete"),
    path("echelle/", views.AutonomyLevelListView.as_view(), name="autonomy_level_list"),
    path(
        "echelle/<int:pk>/modifier/",
        views.AutonomyLevelUpdateView.as_view(),
        name="autonomy_level_update",
    ),
]
