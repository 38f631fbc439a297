from django.urls import path

from followup import views

urlpatterns = [
    path("<int:pk>/", views.FollowUpView.as_view(), name="followup"),
]
