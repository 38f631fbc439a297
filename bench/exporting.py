"""An export asked for as the page's button does, and made at once in this
process (the background task, run immediately), for the benchmarks."""

from django.test import override_settings

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def export_now(client, url: str, data=None) -> bytes:
    from exports.models import Export

    with override_settings(TASKS=IMMEDIATE):
        asked = client.post(url, data or {})
    assert asked.status_code == 302, asked.status_code
    export = Export.objects.get(pk=asked["Location"].rstrip("/").split("/")[-1])
    assert export.status == "done", export.error
    response = client.get(f"/mes-exports/{export.pk}/fichier/")
    return b"".join(response.streaming_content)
