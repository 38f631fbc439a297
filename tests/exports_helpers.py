"""Asking for a file the way the pages' buttons do, in tests."""

from urllib.parse import urlencode

from django.urls import resolve, reverse

from exports.models import Export


def asked(browser, url, query=None, data=None) -> Export:
    """POST the page's export button; the export it opens."""
    target = url + ("?" + urlencode(query, doseq=True) if query else "")
    response = browser.post(target, data or {})
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.url_name == "export_detail", response["Location"]
    return Export.objects.get(pk=match.kwargs["pk"])


def exported(browser, url, query=None, data=None):
    """Ask for an export (tasks run at once under the test settings), check
    that it is ready, and return its download."""
    export = asked(browser, url, query, data)
    assert export.status == "done", export.error
    download = browser.get(reverse("export_download", args=[export.pk]))
    assert download.status_code == 200
    return download
