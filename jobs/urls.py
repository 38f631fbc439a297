from django.urls import path

from jobs import views

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("tableau/", views.JobKanbanView.as_view(), name="job_kanban"),
    path("nouveau/", views.JobClientPickView.as_view(), name="job_client_pick"),
    path("nouveau/client/<int:parent_pk>/", views.JobCreateView.as_view(), name="job_create"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/modifier/", views.JobUpdateView.as_view(), name="job_update"),
    path("<int:pk>/supprimer/", views.JobDeleteView.as_view(), name="job_delete"),
    path("<int:pk>/lignes/", views.JobLinesView.as_view(), name="job_lines"),
    path("<int:pk>/statut/", views.JobTransitionView.as_view(), name="job_transition"),
    path("<int:pk>/motif/<slug:action>/", views.JobReasonView.as_view(), name="job_reason"),
    path("bons/", views.JobSheetsView.as_view(), name="job_sheets"),
    path("<int:pk>/bon/", views.JobSheetView.as_view(), name="job_sheet"),
    path("<int:pk>/ajustements/", views.JobAdjustmentsView.as_view(), name="job_adjustments"),
]
