from django.urls import path

from jobs import views_planning as views

urlpatterns = [
    path("", views.PlanningBoardView.as_view(), name="planning"),
    path("ajouter/", views.AddTraineeView.as_view(), name="planning_add_trainee"),
    path("ajouter/choix/", views.AddChoicesView.as_view(), name="planning_add_choices"),
    path("seances/nouvelle/", views.SessionCreateView.as_view(), name="session_create"),
    path(
        "seances/disponibilites/",
        views.SessionAvailabilityView.as_view(),
        name="session_availability",
    ),
    path("seances/import/", views.SessionImportView.as_view(), name="session_import"),
    path("seances/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("seances/<int:pk>/modifier/", views.SessionUpdateView.as_view(), name="session_update"),
    path("seances/<int:pk>/supprimer/", views.SessionDeleteView.as_view(), name="session_delete"),
    path("seances/<int:pk>/presences/", views.AttendanceView.as_view(), name="attendance"),
    path("seances/<int:pk>/competences/", views.PracticeGridView.as_view(), name="practice_grid"),
    path("mon-planning/", views.MyPlanningView.as_view(), name="my_planning"),
    path("ics/<str:token>/", views.IcsView.as_view(), name="planning_ics"),
    path(
        "ics-nouvelle-adresse/", views.IcsRegenerateView.as_view(), name="planning_ics_regenerate"
    ),
]
