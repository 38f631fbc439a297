"""Invoicing at scale: issuing from 8 processes at once, an invoice's PDF and
UBL, and the accountant's export of a year. Run bench/generate_invoicing.py first
(on the same database).

    .venv/bin/python bench/invoicing.py [all|issue|documents|export] [--runs 30]

On PostgreSQL (the concurrent issuing needs it; SQLite measures one process):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_invoicing \\
        .venv/bin/python bench/invoicing.py

* issue: --invoices (1,600) done jobs are made, then --workers (8) processes,
  each on its own connection, turn their share into drafts and issue them
  through the real services (invoice_create, then invoice_issue), all started
  at once; invoices per second over the wall time (--seconds 20 stops them
  after 20 s instead). Before that, --serial (100) are issued from this one
  process, and the queries of one create and one issue are counted, with
  those that run while the year's sequence row is locked. Afterwards the
  year's numbers must be 1..N (no gap, no duplicate), the sequence at N, the
  structured communications unique and valid mod 97. Issued on 30/06/2026,
  so the export year (2025) keeps its 20,000 invoices.
* documents: the median over --runs (30, after a warm-up) of the PDF
  (documents.invoice_pdf) of a typical issued invoice (4 lines, two or more
  VAT rates), target 300 ms; and of its UBL with that PDF already made
  (ubl.invoice_xml(invoice, pdf=...)), target 20 ms; queries per call.
* export: write_xlsx(exports.document_rows(1/1, 31/12), ...) of the year
  (--year 2025) end to end, in a process of its own (--export-runs 3, the
  median), with the peak resident memory (VmHWM) and, in the same process, the
  time and queries of reading the rows alone; target 30 s.

A table of the figures ends the output.
"""

import argparse
import datetime
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("MEDIA_ROOT", str(BENCH / "media"))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402
from stdnum.be import ogm_vcs  # noqa: E402

from bench.generate_invoicing import CATALOGUE  # noqa: E402
from clients.choices import ClientKind  # noqa: E402
from clients.models import Client  # noqa: E402
from eft.exports import write_xlsx  # noqa: E402
from eft.models import Organisation, Workshop  # noqa: E402
from eft.text import fold  # noqa: E402
from eft.vat import VatTreatment  # noqa: E402
from invoicing import exports, services, ubl  # noqa: E402
from invoicing.choices import DocumentKind, InvoiceStatus  # noqa: E402
from invoicing.documents import invoice_pdf  # noqa: E402
from invoicing.models import Invoice, Sequence  # noqa: E402
from jobs.choices import JobStatus, LineKind, Pricing  # noqa: E402
from jobs.models import Job, JobLine  # noqa: E402

ISSUE_DAY = datetime.date(2026, 6, 30)
PDF_TARGET_MS, UBL_TARGET_MS, EXPORT_TARGET_S = 300, 20, 30
RESULTS = []  # (what, figure, target, verdict)


def database() -> str:
    name = connection.settings_dict["NAME"]
    return f"{connection.vendor} ({Path(str(name)).name})"


def result(what, figure, target="", ok=None):
    RESULTS.append((what, figure, target, "" if ok is None else ("ok" if ok else "MISSED")))


def median_ms(runs, call):
    call()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), max(times)


def queries_of(call):
    with CaptureQueriesContext(connection) as queries:
        value = call()
    return value, [q["sql"] for q in queries]


# --- a. Issuing -----------------------------------------------------------------------


def make_jobs(count: int, rng: random.Random) -> list[int]:
    """``count`` done fixed-price jobs of 1 to 4 lines for the bench's companies."""
    clients = list(
        Client.objects.filter(kind=ClientKind.COMPANY, is_archived=False)
        .exclude(vat_number="")
        .order_by("pk")[:300]
    )
    workshop = Workshop.objects.get(name="Bench facturation")
    stamp = int(time.time()) % 10**7
    jobs = []
    for index in range(count):
        client = rng.choice(clients)
        reference = f"FB{stamp:07d}-{index:05d}"
        title = f"Chantier bench {index}"
        jobs.append(
            Job(
                reference=reference,
                client=client,
                workshop=workshop,
                title=title,
                pricing=Pricing.FIXED,
                vat_treatment=VatTreatment.STANDARD,
                buyer_reference=f"PO-{index}" if index % 3 == 0 else "",
                status=JobStatus.DONE,
                actual_start=ISSUE_DAY - datetime.timedelta(days=20),
                actual_end=ISSUE_DAY - datetime.timedelta(days=2),
                search_text=fold(f"{reference} {title} {client.display_name}"),
            )
        )
    jobs = Job.objects.bulk_create(jobs, batch_size=2000)
    lines = []
    for job in jobs:
        for position, (description, unit, (low, high), price, rate) in enumerate(
            rng.sample(CATALOGUE, rng.choice([1, 2, 3, 4])), 1
        ):
            lines.append(
                JobLine(
                    job=job,
                    position=position,
                    kind=LineKind.LABOUR if unit == "h" else LineKind.MATERIALS,
                    description=description,
                    quantity=Decimal(rng.randint(low, high)),
                    unit=unit,
                    unit_price=Decimal(price),
                    vat_rate=Decimal(rate),
                )
            )
    JobLine.objects.bulk_create(lines, batch_size=5000)
    return [job.pk for job in jobs]


def create_and_issue(job, staff):
    """One invoice as the pages make it: a draft from the done job, then issued."""
    started = time.perf_counter()
    draft = services.invoice_create(client=job.client, jobs=[job], user=staff)
    created = time.perf_counter()
    services.invoice_issue(invoice=draft, user=staff, today=ISSUE_DAY)
    return (created - started) * 1000, (time.perf_counter() - created) * 1000


def _drop_inherited_connections():
    """A forked child never uses its parent's sockets (as tests/invoicing/test_numbering.py)."""
    for alias in connections:
        connections[alias].inc_thread_sharing()
        connections[alias].connection = None
        connections[alias].dec_thread_sharing()


def _worker(share, user_pk, barrier, seconds, results):
    """In a process of its own: create and issue its share, after the common start."""
    import traceback

    out = {"issued": 0, "create_ms": [], "issue_ms": [], "errors": [], "start": 0, "end": 0}
    try:
        _drop_inherited_connections()
        staff = get_user_model().objects.get(pk=user_pk)
        jobs = list(Job.objects.filter(pk__in=share).select_related("client").order_by("pk"))
        barrier.wait(timeout=120)
        out["start"] = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process
        for job in jobs:
            create_ms, issue_ms = create_and_issue(job, staff)
            out["create_ms"].append(create_ms)
            out["issue_ms"].append(issue_ms)
            out["issued"] += 1
            if seconds and time.monotonic() - out["start"] >= seconds:
                break
        out["end"] = time.monotonic()
        connections.close_all()
    except Exception:  # noqa: BLE001 (reported by the parent)
        out["errors"].append(traceback.format_exc())
        barrier.abort()
    results.put(out)


def lock_profile(job, staff) -> str:
    """Queries of one create and one issue; those after the sequence row lock."""
    _, created = queries_of(
        lambda: services.invoice_create(client=job.client, jobs=[job], user=staff)
    )
    draft = Invoice.objects.filter(jobs=job).get()
    _, issued = queries_of(
        lambda: services.invoice_issue(invoice=draft, user=staff, today=ISSUE_DAY)
    )
    statements = [
        q for q in issued if "SAVEPOINT" not in q and q.strip().upper() not in ("BEGIN", "COMMIT")
    ]
    touching = [i for i, q in enumerate(statements) if '"invoicing_sequence"' in q]
    locking = [i for i in touching if "FOR UPDATE" in statements[i].upper()]
    lock = (locking or touching)[0] if locking else touching[-1]  # SQLite: no FOR UPDATE
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for i, q in enumerate(statements):
            print(f"      {'*' if i == lock else ' '}{i:2d} {q[:150]}")
    return (
        f"a job of {job.lines.count()} lines: create {len(created)} queries, issue {len(issued)} "
        f"({len(statements)} without savepoints; {len(statements) - lock - 1} of them after "
        "taking the sequence row, whose lock is held until the commit)"
    )


def check_numbering(year: int, job_pks: list[int], issued: int) -> str:
    numbers = list(
        Invoice.objects.filter(kind=DocumentKind.INVOICE, year=year)
        .order_by("sequence_number")
        .values_list("sequence_number", flat=True)
    )
    assert numbers == list(range(1, len(numbers) + 1)), "a gap or a duplicate in the numbers"
    last = Sequence.objects.get(kind=DocumentKind.INVOICE, year=year).last_number
    assert last == len(numbers), (last, len(numbers))
    mine = Invoice.objects.filter(jobs__in=job_pks)
    assert mine.count() == issued, (mine.count(), issued)
    assert not mine.filter(status=InvoiceStatus.DRAFT).exists(), "a draft left behind"
    communications = list(
        Invoice.objects.filter(kind=DocumentKind.INVOICE, year=year).values_list(
            "structured_communication", flat=True
        )
    )
    assert len(set(communications)) == len(communications), "a communication twice"
    assert all(ogm_vcs.is_valid(c) for c in communications), "a communication not mod 97"
    invoiced = Job.objects.filter(pk__in=job_pks, status=JobStatus.INVOICED).count()
    return (
        f"numbers of {year}: 1..{last}, gapless and unique, sequence at {last}; "
        f"{len(communications)} communications unique and valid; "
        f"{invoiced} of the {len(job_pks)} jobs invoiced"
    )


def bench_issue(args):
    rng = random.Random(8)
    staff = get_user_model().objects.get(username="bench")
    concurrent = args.invoices if connection.vendor == "postgresql" else 0
    job_pks = make_jobs(args.serial + 1 + concurrent, rng)
    serial, profile, shared = (
        job_pks[: args.serial],
        job_pks[args.serial],
        job_pks[args.serial + 1 :],
    )

    jobs = list(Job.objects.filter(pk__in=serial).select_related("client").order_by("pk"))
    started = time.perf_counter()
    times = [create_and_issue(job, staff) for job in jobs]
    elapsed = time.perf_counter() - started
    create = statistics.median(t[0] for t in times)
    issue = statistics.median(t[1] for t in times)
    print(
        f"1 process: {len(jobs)} invoices in {elapsed:.1f} s, {len(jobs) / elapsed:.1f}/s "
        f"(median create {create:.1f} ms, issue {issue:.1f} ms)"
    )
    result(
        f"issue, 1 process, {len(jobs)} invoices",
        f"{len(jobs) / elapsed:6.1f} inv/s  (create {create:.0f} + issue {issue:.0f} ms)",
    )
    print("   ", lock_profile(Job.objects.select_related("client").get(pk=profile), staff))

    if not concurrent:
        print(
            "    concurrent issuing: skipped on SQLite (one writer at a time); "
            "set BENCH_DATABASE_URL to a PostgreSQL database"
        )
        print("   ", check_numbering(ISSUE_DAY.year, serial + [profile], len(serial) + 1))
        return
    shares = [shared[i :: args.workers] for i in range(args.workers)]
    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.workers + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(share, staff.pk, barrier, args.seconds, results))
        for share in shares
    ]
    for process in processes:
        process.start()
    barrier.wait(timeout=120)
    outcomes = [results.get(timeout=900) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    errors = [e for o in outcomes for e in o["errors"]]
    if errors:
        print(errors[0])
        raise SystemExit(f"{len(errors)} worker(s) failed")
    issued = sum(o["issued"] for o in outcomes)
    wall = max(o["end"] for o in outcomes) - min(o["start"] for o in outcomes)
    creates = [t for o in outcomes for t in o["create_ms"]]
    issues = sorted(t for o in outcomes for t in o["issue_ms"])
    p95 = issues[int(len(issues) * 0.95)]
    print(
        f"{args.workers} processes: {issued} invoices in {wall:.1f} s, {issued / wall:.1f}/s "
        f"(median create {statistics.median(creates):.1f} ms, issue "
        f"{statistics.median(issues):.1f} ms, p95 {p95:.0f} ms; per process "
        + ", ".join(str(o["issued"]) for o in outcomes)
        + ")"
    )
    check = check_numbering(ISSUE_DAY.year, job_pks, len(serial) + 1 + issued)
    print("   ", check)
    left, _ = Job.objects.filter(pk__in=job_pks, status=JobStatus.DONE).delete()  # --seconds
    if left:
        print(f"    ({left} rows of the jobs not reached in time deleted)")
    result(
        f"issue, {args.workers} processes, {issued} invoices",
        f"{issued / wall:6.1f} inv/s  ({wall:.1f} s; issue p50 {statistics.median(issues):.0f}"
        f" / p95 {p95:.0f} ms)",
    )
    last = Sequence.objects.get(kind=DocumentKind.INVOICE, year=ISSUE_DAY.year).last_number
    result(f"  numbers of {ISSUE_DAY.year} afterwards", f"1..{last}: gapless, unique, mod 97 ok")


# --- b. PDF and UBL ---------------------------------------------------------------------


def typical_invoice(year: int) -> Invoice:
    """An issued invoice of 4 lines at two VAT rates or more, in French, standard VAT."""
    return (
        Invoice.objects.filter(
            kind=DocumentKind.INVOICE,
            year=year,
            vat_treatment=VatTreatment.STANDARD,
            language="fr",
        )
        .annotate(n=Count("lines"), rates=Count("lines__vat_rate", distinct=True))
        .filter(n=4, rates__gte=2)
        .order_by("sequence_number")
        .first()
    )


def bench_documents(args):
    invoice = typical_invoice(args.year)
    if invoice is None:
        raise SystemExit(f"No invoice of {args.year}: run bench/generate_invoicing.py first.")
    invoice = Invoice.objects.select_related("client").get(pk=invoice.pk)  # as the page loads it
    if not Organisation.get().logo:
        print("    (the centre has no logo: the PDF is made without)")
    rates = sorted({f"{line.vat_rate:.0f}" for line in invoice.lines.all()}, key=int)
    label = f"{invoice.number}, {invoice.lines.count()} lines at {'/'.join(rates)} %"
    pdf, pdf_queries = queries_of(lambda: invoice_pdf(invoice))
    median, low, high = median_ms(args.runs, lambda: invoice_pdf(invoice))
    print(
        f"invoice PDF ({label}): median {median:.0f} ms (min {low:.0f}, max {high:.0f}) over "
        f"{args.runs}, {len(pdf_queries)} queries, {len(pdf) / 1024:.0f} kB"
    )
    result(
        f"invoice PDF, 4 lines, median of {args.runs}",
        f"{median:6.0f} ms  ({len(pdf_queries)} queries, {len(pdf) / 1024:.0f} kB)",
        f"<= {PDF_TARGET_MS} ms",
        median <= PDF_TARGET_MS,
    )
    xml, ubl_queries = queries_of(lambda: ubl.invoice_xml(invoice, pdf=pdf))
    median, low, high = median_ms(args.runs, lambda: ubl.invoice_xml(invoice, pdf=pdf))
    print(
        f"UBL with the PDF made: median {median:.1f} ms (min {low:.1f}, max {high:.1f}), "
        f"{len(ubl_queries)} queries, {len(xml) / 1024:.0f} kB"
    )
    result(
        f"UBL (PDF already made), median of {args.runs}",
        f"{median:6.1f} ms  ({len(ubl_queries)} queries, {len(xml) / 1024:.0f} kB)",
        f"<= {UBL_TARGET_MS} ms",
        median <= UBL_TARGET_MS,
    )


# --- c. The accountant's export -----------------------------------------------------------


def memory_mb(field: str) -> float:
    """VmHWM (this process's own peak resident memory, not ru_maxrss: a child keeps its
    parent's high-water mark across fork and exec) or VmRSS, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def export_child(year: int):
    """In a process of its own: the year's documents as .xlsx, then the rows alone."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    with translation.override("fr"):
        title = translation.gettext("Invoices and credit notes")
        connection.ensure_connection()
        before = memory_mb("VmRSS")
        started = time.perf_counter()
        handle = write_xlsx(exports.document_rows(start, end), title=title)
        elapsed = time.perf_counter() - started
        peak = memory_mb("VmHWM")
        size = handle.seek(0, 2)
        handle.close()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            rows = sum(1 for _ in exports.document_rows(start, end)) - 1
        rows_only = time.perf_counter() - started
    print(
        json.dumps(
            dict(
                seconds=elapsed,
                peak=peak,
                before=before,
                size=size,
                rows=rows,
                rows_only=rows_only,
                queries=len(queries),
            )
        )
    )


def bench_export(args):
    documents = Invoice.objects.filter(year=args.year).exclude(status=InvoiceStatus.DRAFT)
    count = documents.count()
    credits = documents.filter(kind=DocumentKind.CREDIT_NOTE).count()
    runs = []
    for _ in range(args.export_runs):
        child = subprocess.run(
            [sys.executable, __file__, "export", "--export-child", "--year", str(args.year)],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if child.returncode:
            raise SystemExit(child.stderr)
        runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak"] for r in runs)
    last = runs[-1]
    print(
        f"export of {args.year}: {count} documents ({credits} credit notes), {last['rows']} rows, "
        f".xlsx of {last['size'] / 1e6:.1f} MB in {seconds:.1f} s (median of {len(runs)}: "
        + ", ".join(f"{r['seconds']:.1f}" for r in runs)
        + f"), peak {peak:.0f} MB resident ({last['before']:.0f} MB before); the rows alone "
        f"{last['rows_only']:.1f} s, {last['queries']} queries"
    )
    result(
        f"export {args.year}, {count} documents -> .xlsx",
        f"{seconds:6.1f} s   (peak {peak:.0f} MB, rows alone {last['rows_only']:.1f} s, "
        f"{last['queries']} queries)",
        f"<= {EXPORT_TARGET_S} s",
        seconds <= EXPORT_TARGET_S,
    )


def table():
    print()
    print(f"Results on {database()}")
    width = max(len(r[0]) for r in RESULTS)
    figure = max(len(r[1]) for r in RESULTS)
    for what, value, target, verdict in RESULTS:
        print(f"  {what:{width}s}  {value:{figure}s}  {target:10s} {verdict}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "what", nargs="?", default="all", choices=["all", "issue", "documents", "export"]
    )
    parser.add_argument("--runs", type=int, default=30, help="PDF and UBL timings")
    parser.add_argument("--year", type=int, default=2025, help="the generated year")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--invoices", type=int, default=1600, help="issued concurrently")
    parser.add_argument("--seconds", type=float, default=0, help="stop issuing after this")
    parser.add_argument("--serial", type=int, default=100, help="issued from one process")
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()  # fmt: skip
    if args.export_child:
        return export_child(args.year)
    print(
        f"{Invoice.objects.filter(year=args.year).count()} documents of {args.year} on {database()}"
    )
    if args.what in ("all", "documents"):
        bench_documents(args)
    if args.what in ("all", "export"):
        bench_export(args)
    if args.what in ("all", "issue"):
        bench_issue(args)
    table()


if __name__ == "__main__":
    main()
