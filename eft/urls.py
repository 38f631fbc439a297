from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from eft import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("mot-de-passe-oublie/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/choisir/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/choisi/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("personnes/", include("accounts.urls")),
    path("suivi/", include("followup.urls")),
    path("mes-exports/", include("exports.urls")),
    path("fil/", include("chatter.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("eft.urls_app")),
    path("clients/", include("clients.urls")),
    path("stagiaires/", include("trainees.urls")),
    path("travaux/", include("jobs.urls")),
    path("planning/", include("jobs.urls_planning")),
    path("parcours/", include("records.urls")),
    path("moi/", include("records.urls_me")),
    path("heures/", include("records.urls_hours")),
    path("facturation/", include("invoicing.urls")),
    path("admin/", admin.site.urls),
]
