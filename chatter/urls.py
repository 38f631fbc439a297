from django.urls import path

from chatter import views

urlpatterns = [
    path("<str:label>/<int:pk>/", views.NotePostView.as_view(), name="chatter_post"),
    path("note/<int:pk>/supprimer/", views.NoteDeleteView.as_view(), name="chatter_delete"),
    path("fichier/<uuid:pk>/", views.AttachmentView.as_view(), name="chatter_file"),
    path(
        "fichier/<uuid:pk>/miniature/",
        views.AttachmentView.as_view(thumbnail=True),
        name="chatter_thumbnail",
    ),
]
