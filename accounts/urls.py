from django.urls import path

from accounts import two_factor, views

urlpatterns = [
    path("", views.AccountListView.as_view(), name="account_list"),
    path("double-authentification/", two_factor.SetupView.as_view(), name="two_factor_setup"),
    path("code/", two_factor.VerifyView.as_view(), name="two_factor_verify"),
    path("nouvelle/", views.AccountCreateView.as_view(), name="account_create"),
    path("<int:pk>/", views.AccountDetailView.as_view(), name="account_detail"),
    path("<int:pk>/modifier/", views.AccountUpdateView.as_view(), name="account_update"),
    path("<int:pk>/fiche/", views.AccountSheetView.as_view(), name="account_sheet"),
    path("<int:pk>/envoyer-lien/", views.AccountSendLinkView.as_view(), name="account_send_link"),
    path("<int:pk>/activer/", views.AccountActiveView.as_view(), name="account_active"),
    path(
        "stagiaire/<int:pk>/creer/",
        views.TraineeLoginCreateView.as_view(),
        name="trainee_login_create",
    ),
    path(
        "stagiaire/<int:pk>/fiche/",
        views.TraineeLoginSheetView.as_view(),
        name="trainee_login_sheet",
    ),
]
