#!/usr/bin/env bash
# The date-sensitive tests at three moments of the coming year, under Debian's faketime (libfaketime).
#
# Moments, in UTC (Yekaterinburg is UTC+5): 15 May 23:30 and 16 May 00:30 local (a day boundary in the middle of
# the spring application window and of the academic year's last quarter), and 31 December 23:30 local (the
# calendar year turns over in the middle of an academic year). faketime "starts at" the moment and the clock moves
# on, so timeouts and sleeps still work; the test database is created and the demo seeded under the fake time.
#
# SQLite only: libfaketime fakes this process's clock, SQLite's CURRENT_TIMESTAMP included, but not a PostgreSQL
# server's now(); DATABASE_URL (and REQUIRE_POSTGRES, as CI sets it) are ignored here.
#
#   tools/ci_faketime.sh                 # every moment
#   tools/ci_faketime.sh "2027-05-15 18:30:00" -x   # one moment (UTC), extra pytest options after it
set -euo pipefail
cd "$(dirname "$0")/.."

PYTEST=${PYTEST:-.venv/bin/pytest}
FILES=(
    tests/test_events.py
    tests/test_reminders.py
    tests/test_certificates.py
    tests/test_feedback.py
    tests/test_center_lifecycle.py
    tests/test_applications.py
    tests/test_center_report.py
    tests/test_department_report.py
    tests/test_work_plans.py
    tests/test_calendar.py
    tests/test_subscriptions.py
)
# Next calendar year's moments, so that they never fall behind the real date.
YEAR=$(($(date -u +%Y) + 1))
MOMENTS=("${YEAR}-05-15 18:30:00" "${YEAR}-05-15 19:30:00" "${YEAR}-12-31 18:30:00")
if [ $# -gt 0 ]; then
    MOMENTS=("$1")
    shift
fi

command -v faketime >/dev/null || { echo "faketime is missing: apt-get install faketime" >&2; exit 2; }
status=0
for moment in "${MOMENTS[@]}"; do
    echo "== tests at ${moment} UTC"
    started=$(date +%s)
    # The fake clock must reach Python: check it before trusting the run.
    seen=$(TZ=UTC faketime "$moment" .venv/bin/python -c 'import datetime; print(datetime.datetime.now(datetime.UTC).date())')
    if [ "$seen" != "${moment%% *}" ]; then
        echo "faketime did not reach Python (it sees ${seen})" >&2
        exit 2
    fi
    TZ=UTC faketime "$moment" env -u DATABASE_URL -u REQUIRE_POSTGRES "$PYTEST" -q -p no:cacheprovider --create-db "$@" "${FILES[@]}" \
        || status=1
    echo "== ${moment} UTC: $(($(date +%s) - started)) s"
done
exit $status
