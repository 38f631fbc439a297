from django.urls import path

from eft import views

urlpatterns = [
    path("organisation/", views.OrganisationView.as_view(), name="organisation"),
    path("organisation/logo/", views.OrganisationLogoView.as_view(), name="organisation_logo"),
    path("filieres/", views.WorkshopListView.as_view(), name="workshop_list"),
    path("filieres/nouvelle/", views.WorkshopCreateView.as_view(), name="workshop_create"),
    path("filieres/<int:pk>/", views.WorkshopDetailView.as_view(), name="workshop_detail"),
    path("filieres/<int:pk>/modifier/", views.WorkshopUpdateView.as_view(), name="workshop_update"),
]
