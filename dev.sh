#!/usr/bin/env bash
# The project's commands. Needs only Python 3.11 (and network access to PyPI the first time).
#   ./dev.sh demo      install, migrate, load the demo data, serve on http://127.0.0.1:8000
#   ./dev.sh test      install, then run the whole test suite (extra arguments go to pytest)
#   ./dev.sh install   create .venv and install the dependencies declared in pyproject.toml
#   ./dev.sh serve     production: migrate, collect static files, run gunicorn and a task worker
#   ./dev.sh worker    run only a background-task worker (exports), e.g. on another machine
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
VENV=.venv

install() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp
    stamp=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f .install-stamp ] || [ "$(cat .install-stamp)" != "$stamp" ]; then
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
        echo "$stamp" > .install-stamp
    fi
}

# WeasyPrint (the PDF documents) needs Pango and a font from the system.
SYSTEM_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"

system_libraries() {
    if ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" && fc-list 2>/dev/null | grep -qi "dejavu"; then
        return
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing the system libraries WeasyPrint needs: $SYSTEM_PACKAGES"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $SYSTEM_PACKAGES >/dev/null
    else
        echo "The PDF documents need Pango and a font. Install them, then run this again:" >&2
        echo "    sudo apt-get install $SYSTEM_PACKAGES" >&2
        exit 1
    fi
}

manage() { "$VENV/bin/python" manage.py "$@"; }

# The background tasks' worker (the exports): on the database queue by default,
# on Redis with TASKS_BACKEND=rq.
# `exec`: started in the background, the worker is then the process whose id
# `$!` gives (not a subshell around it), so that stopping the server stops it.
worker() {
    case "${TASKS_BACKEND:-db}" in
        rq) exec "$VENV/bin/python" manage.py rqworker --job-class django_tasks_rq.Job default ;;
        immediate) echo "TASKS_BACKEND=immediate: tasks run inside the requests, no worker needed." ;;
        *) exec "$VENV/bin/python" manage.py db_worker --no-reload ;;
    esac
}

# Start a worker beside the server unless WORKER=0 (workers run elsewhere);
# it stops with the server.
start_worker() {
    if [ "${WORKER:-1}" != 0 ] && [ "${TASKS_BACKEND:-db}" != immediate ]; then
        worker &
        WORKER_PID=$!
        trap 'kill "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM
    fi
}

command=${1:-help}
shift || true
case "$command" in
    install)
        install
        ;;
    demo)
        system_libraries
        install
        export DEBUG=${DEBUG:-1}
        manage migrate --no-input
        manage seed_demo
        start_worker
        echo "Open http://127.0.0.1:8000 — logins: coordination, formateur, secretariat, stagiaire, accompagnement (password: demo)"
        manage runserver 127.0.0.1:8000
        ;;
    test)
        system_libraries
        install
        # pytest's exit code 5 ("no tests ran") is an error here, as any non-zero code.
        # Both cores by default (pytest-xdist); TEST_WORKERS=0 runs in one process.
        "$VENV/bin/python" -m pytest -n "${TEST_WORKERS:-auto}" "$@"
        ;;
    serve)
        system_libraries
        install
        manage migrate --no-input
        manage collectstatic --no-input
        start_worker
        "$VENV/bin/gunicorn" eft.wsgi --bind "${BIND:-0.0.0.0:8000}" --workers "${WORKERS:-3}" &
        SERVER_PID=$!
        trap 'kill "$SERVER_PID" ${WORKER_PID:+"$WORKER_PID"} 2>/dev/null || true' EXIT INT TERM
        wait "$SERVER_PID"
        ;;
    worker)
        system_libraries
        install
        worker
        ;;
    *)
        sed -n '2,7p' "$0"
        exit 2
        ;;
esac
