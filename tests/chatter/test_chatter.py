"""The chatter: notes and photos on jobs, clients and trainees, seen by whoever
may open the record and by no one else."""

import html
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from chatter.models import Attachment, Note
from chatter.services import post_note
from eft.choices import Role
from tests.chatter.helpers import photo
from tests.factories import ClientFactory, JobFactory, TraineeFactory, UserFactory

pytestmark = pytest.mark.django_db

ORIENTATION, GPS = 0x0112, 0x8825


def phone_photo():
    """A 4000 × 3000 photo taken with the phone turned (EXIF orientation 6:
    the picture is to be turned a quarter) and where it was taken."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[GPS] = {1: "N", 2: (50.0, 28.0, 0.0)}
    return photo("IMG_2041.JPG", (4000, 3000), exif=exif.tobytes())


def post_url(obj):
    return reverse("chatter_post", args=[obj._meta.label_lower, obj.pk])


def test_a_trainer_logs_a_note_with_a_photo_resized_upright_and_without_its_place(
    client_as, trainer, workshop
):
    job = JobFactory(workshop=workshop)
    browser = client_as(trainer)
    response = browser.post(
        post_url(job), {"body": "Mur avant les travaux", "files": [phone_photo()]}
    )
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url() + "#fil"
    note = Note.objects.get()
    assert (note.target, note.author, note.body) == (job, trainer, "Mur avant les travaux")
    attachment = note.attachments.get()
    stored = Image.open(default_storage.open(attachment.file.name))
    # Turned upright (portrait), at most 1600 px, and no EXIF left (no GPS).
    assert stored.size == (1200, 1600) == (attachment.width, attachment.height)
    assert not stored.getexif()
    assert attachment.size == default_storage.size(attachment.file.name)
    assert max(Image.open(default_storage.open(attachment.thumbnail.name)).size) == 480
    assert attachment.name == "IMG_2041.jpg"

    page = browser.get(job.get_absolute_url()).content.decode()
    assert "Mur avant les travaux" in page
    assert attachment.thumbnail_url in page
    assert 'alt="Photo IMG_2041.jpg"' in page
    served = browser.get(attachment.get_absolute_url())
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == default_storage.open(attachment.file.name).read()


def test_the_note_shows_among_the_history_newest_first(client_as, coordinator, workshop):
    job = JobFactory(workshop=workshop, title="Toiture")
    post_note(target=job, author=coordinator, body="Premier passage")
    job.title = "Toiture et gouttières"
    job.save()
    post_note(target=job, author=coordinator, body="Second passage")
    page = client_as(coordinator).get(job.get_absolute_url()).content.decode()
    second, change, first = (
        page.index("Second passage"),
        page.index("Toiture et gouttières</ins>"),
        page.index("Premier passage"),
    )
    assert second < change < first


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("devis.jpg", b"not an image at all", content_type="image/jpeg"),
            "« devis.jpg » n'est ni une photo (JPEG, PNG, WebP) ni un PDF.",
        ),
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
            "« virus.exe » n'est ni une photo (JPEG, PNG, WebP) ni un PDF.",
        ),
    ],
)
def test_a_refused_file_says_why_in_french_and_keeps_what_was_typed(
    client_as, trainer, workshop, upload, message
):
    job = JobFactory(workshop=workshop)
    response = client_as(trainer).post(
        post_url(job), {"body": "Texte à ne pas perdre", "files": [upload]}
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page
    assert "Texte à ne pas perdre" in page
    assert not Note.objects.exists()


def test_too_big_a_file_and_an_empty_note_are_refused(client_as, trainer, workshop, settings):
    settings.CHATTER_MAX_BYTES = 1000
    job = JobFactory(workshop=workshop)
    browser = client_as(trainer)
    big = browser.post(post_url(job), {"files": [photo(size=(400, 400), color="red")]})
    assert "est trop volumineux" in big.content.decode()
    empty = browser.post(post_url(job), {"body": "   "})
    assert "Écrivez une note ou joignez un fichier." in empty.content.decode()
    assert not Note.objects.exists()


def test_a_png_stays_a_png_and_a_pdf_is_offered_as_a_download(client_as, trainer, workshop):
    job = JobFactory(workshop=workshop)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    browser = client_as(trainer)
    browser.post(post_url(job), {"files": [photo("schema.png", image_format="PNG"), pdf]})
    plan, png = Attachment.objects.order_by("name")
    assert (plan.name, plan.mime_type) == ("plan.pdf", "application/pdf")
    assert (png.name, png.mime_type) == ("schema.png", "image/png")
    served = browser.get(plan.get_absolute_url())
    assert served["Content-Disposition"].startswith("attachment")
    assert b"".join(served.streaming_content) == b"%PDF-1.4\n%%EOF\n"


def test_no_one_outside_the_record_sees_its_notes_or_files(
    client_as, trainer, trainee_user, admin_staff, other_workshop, workshop
):
    job = JobFactory(workshop=workshop)
    client_note = post_note(target=job.client, author=admin_staff, body="Client difficile")
    job_note = post_note(target=job, author=trainer, body="Photo", files=[photo()])
    stranger = UserFactory(roles=[Role.TRAINER])
    other_workshop.trainers.add(stranger)
    job_file = job_note.attachments.get().get_absolute_url()
    for user in (stranger, trainee_user):
        browser = client_as(user)
        assert browser.get(job_file).status_code == 404
        assert browser.post(post_url(job), {"body": "x"}).status_code == 404
        assert browser.post(post_url(job.client), {"body": "x"}).status_code == 404
    # The trainer of the job has no access to the client's page, nor its notes.
    assert client_as(trainer).post(post_url(job.client), {"body": "x"}).status_code == 404
    assert client_as(trainer).get(job.get_absolute_url()).status_code == 200
    assert "Client difficile" not in client_as(trainer).get(job.get_absolute_url()).content.decode()
    assert (
        client_note.body
        in client_as(admin_staff).get(job.client.get_absolute_url()).content.decode()
    )
    # A made-up model or record answers 404.
    assert client_as(admin_staff).post("/fil/auth.user/1/", {"body": "x"}).status_code == 404
    assert (
        client_as(admin_staff).post(f"/fil/jobs.job/{job.pk + 99}/", {"body": "x"}).status_code
        == 404
    )


def test_the_trainees_personal_notes_never_reach_the_chatter_of_others(
    client_as, trainer, social_worker, workshop
):
    trainee = TraineeFactory(workshop=workshop)
    trainee.notes = "Situation familiale difficile"
    trainee.save()
    post_note(target=trainee, author=trainer, body="Très à l’aise sur le carrelage")
    trainer_page = client_as(trainer).get(trainee.get_absolute_url()).content.decode()
    assert "Très à l’aise sur le carrelage" in trainer_page
    assert "Situation familiale difficile" not in trainer_page
    assert "Notes personnelles" not in trainer_page  # not even that they changed
    assert (
        "Notes personnelles"
        in client_as(social_worker).get(trainee.get_absolute_url()).content.decode()
    )


def test_only_its_author_takes_a_note_back_and_its_files_go_with_it(
    client_as, trainer, coordinator, workshop, django_capture_on_commit_callbacks
):
    job = JobFactory(workshop=workshop)
    note = post_note(target=job, author=trainer, body="Erreur", files=[photo()])
    attachment = note.attachments.get()
    names = [attachment.file.name, attachment.thumbnail.name]
    url = reverse("chatter_delete", args=[note.pk])
    assert client_as(coordinator).get(url).status_code == 404
    assert client_as(coordinator).post(url).status_code == 404
    browser = client_as(trainer)
    assert "Supprimer ma note ?" in browser.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post(url).status_code == 302
    assert not Note.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_deleted_job_or_an_anonymised_trainee_leaves_no_note_nor_file(
    trainer, workshop, django_capture_on_commit_callbacks
):
    from jobs import services as job_services
    from trainees.retention import anonymise

    job = JobFactory(workshop=workshop, status="draft")
    trainee = TraineeFactory(workshop=workshop)
    files = [
        post_note(target=target, author=trainer, files=[photo()]).attachments.get().file.name
        for target in (job, trainee)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        job_services.job_delete(job)
        anonymise(trainee)
    assert not Note.objects.exists()
    assert not any(default_storage.exists(name) for name in files)


def test_a_forged_image_bomb_is_refused(client_as, trainer, workshop):
    """A small file that claims 20,000 × 20,000 pixels is not opened."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = client_as(trainer).post(post_url(JobFactory(workshop=workshop)), {"files": [bomb]})
    assert "mégapixels" in response.content.decode()
    assert not Note.objects.exists()


def test_the_client_page_has_its_chatter(client_as, admin_staff):
    client = ClientFactory()
    response = client_as(admin_staff).post(post_url(client), {"body": "Rappeler lundi"})
    assert response.status_code == 302
    assert (
        "Rappeler lundi" in client_as(admin_staff).get(client.get_absolute_url()).content.decode()
    )


def test_an_anonymised_trainee_takes_no_new_note(client_as, trainer, workshop):
    from trainees.retention import anonymise

    trainee = anonymise(TraineeFactory(workshop=workshop))
    browser = client_as(trainer)
    assert browser.post(post_url(trainee), {"body": "x"}).status_code == 404
    assert 'data-testid="note-form"' not in browser.get(trainee.get_absolute_url()).content.decode()
    assert not Note.objects.exists()


def test_the_trainees_access_export_holds_the_notes_and_their_files(coordinator, trainer, workshop):
    import zipfile

    from trainees.access import access_export

    trainee = TraineeFactory(workshop=workshop)
    note = post_note(target=trainee, author=trainer, body="Premier mur monté", files=[photo()])
    _name, content = access_export(trainee=trainee, user=coordinator)
    archive = zipfile.ZipFile(io.BytesIO(content))
    [stored] = [name for name in archive.namelist() if name.startswith("pieces-jointes/")]
    attachment = note.attachments.get()
    assert stored.endswith(attachment.name)
    assert archive.read(stored) == default_storage.open(attachment.file.name).read()
