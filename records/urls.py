from django.urls import path

from records import views

urlpatterns = [
    path("<int:pk>/", views.CompetenceRecordView.as_view(), name="competence_record"),
    path("<int:pk>/competences/<int:skill>/", views.RecordSkillView.as_view(), name="record_skill"),
    path(
        "<int:pk>/competences/<int:skill>/auto-evaluation/",
        views.SelfAssessmentView.as_view(),
        name="self_assessment",
    ),
    path(
        "<int:pk>/competences/<int:skill>/valider/",
        views.ValidateView.as_view(),
        name="skill_validate",
    ),
    path("auto-evaluations/<int:pk>/repondre/", views.ReplyView.as_view(), name="assessment_reply"),
    path("validations/<int:pk>/retirer/", views.UnvalidateView.as_view(), name="skill_unvalidate"),
    path("validations/<int:pk>/badge/", views.BadgeJsonView.as_view(), name="badge_json"),
    path("<int:pk>/attestations/", views.AttestationListView.as_view(), name="attestation_list"),
    path(
        "attestations/<int:pk>/pdf/",
        views.AttestationDocumentView.as_view(format="pdf"),
        name="attestation_pdf",
    ),
    path(
        "attestations/<int:pk>/xlsx/",
        views.AttestationDocumentView.as_view(format="xlsx"),
        name="attestation_xlsx",
    ),
    path("<int:pk>/badges/", views.BadgesView.as_view(), name="badges"),
    path("matrice/", views.MatrixView.as_view(), name="competence_matrix"),
]
