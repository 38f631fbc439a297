"""The chatter in the browser: a photo taken on site, from a phone."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from chatter.models import Note
from chatter.services import post_note
from tests.factories import AttendanceFactory, JobFactory, SessionFactory
from trainees.models import Trainee

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def jpeg(width=3000, height=2000):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "sienna").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_trainer_attaches_a_photo_from_a_phone_and_the_trainee_sees_no_client_chatter(
    live_server, login, page, trainer, trainee_user, admin_staff, workshop
):
    job = JobFactory(workshop=workshop, title="Terrasse en bois", status="in_progress")
    trainee = Trainee.objects.get(user=trainee_user)
    AttendanceFactory(session=SessionFactory(job=job), trainee=trainee)
    client_note = post_note(target=job.client, author=admin_staff, body="Payeur lent, relancer")

    page.set_viewport_size(PHONE)
    login("trainer")
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    form = page.locator("[data-testid=note-form]")
    form.scroll_into_view_if_needed()
    form.locator("textarea").fill("Avant travaux : dalle fissurée")
    form.locator("input[type=file]").set_input_files(
        [{"name": "IMG_0042.JPG", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Note ajoutée.")
    note = page.locator("[data-testid=note]", has_text="Avant travaux : dalle fissurée")
    expect(note).to_be_visible()
    photo = note.locator("[data-testid=note-photo]")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert photo.evaluate("img => img.naturalWidth") == 480  # the small copy, not the photo
    # Nothing scrolls sideways on the phone.
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    attachment = Note.objects.get(object_id=job.pk, body__startswith="Avant").attachments.get()
    assert (attachment.width, attachment.height) == (1600, 1067)

    # The trainee of the job: neither the client's chatter nor the job's files.
    page.context.clear_cookies()
    login("stagiaire")
    for path in ("/moi/", "/planning/mon-planning/"):
        page.goto(f"{live_server.url}{path}")
        assert client_note.body not in page.content()
    assert page.goto(f"{live_server.url}{job.client.get_absolute_url()}").status == 403
    assert page.goto(f"{live_server.url}{attachment.get_absolute_url()}").status == 404
