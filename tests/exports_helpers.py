"""Asking for a file the way the pages' buttons do, in tests."""

from urllib.parse import urlencode

from django.urls import resolve, reverse

from exports.models import Export


def exported(browser, url, query=None, data=None):
    """POST the page's export button (tasks run at once under the test
    settings), check that the export is ready, and return its download."""
    target = url + ("?" + urlencode(query, doseq=True) if query else "")
    response = browser.post(target, data or {})
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.url_name == "export_detail", response["Location"]
    export = Export.objects.get(pk=match.kwargs["pk"])
    assert export.status == "done", export.error
    download = browser.get(reverse("export_download", args=[export.pk]))
    assert download.status_code == 200
    return download
