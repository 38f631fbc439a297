from django.urls import path

from exports import views

urlpatterns = [
    path("", views.ExportListView.as_view(), name="export_list"),
    path("<uuid:pk>/", views.ExportDetailView.as_view(), name="export_detail"),
    path("<uuid:pk>/etat/", views.ExportStatusView.as_view(), name="export_status"),
    path("<uuid:pk>/fichier/", views.ExportDownloadView.as_view(), name="export_download"),
]
