"""The trainee's own space: short addresses from the menu."""

from django.urls import path

from records import views

urlpatterns = [
    path("", views.TraineeHomeView.as_view(), name="trainee_home"),
    path("competences/", views.MyRecordRedirect.as_view(), name="my_competences"),
    path(
        "attestations/",
        views.MyRecordRedirect.as_view(target="attestation_list"),
        name="my_attestations",
    ),
]
