#!/usr/bin/env bash
# Build the example course of therapy: ten weekly sessions with client C017, a rupture at
# session 5 and its repair at session 7, no check-in after session 9.
#
#   examples/course/build.sh [DATABASE [REPORT_FOLDER]]
#   (defaults: /tmp/alliance-example-course.sqlite3, and this folder)
#
# Every line below that starts with "alliance " is also run by tests/test_course_example.py.
set -euo pipefail
cd "$(dirname "$0")"
export ALLIANCE_DB="${1:-/tmp/alliance-example-course.sqlite3}"
OUT="${2:-.}"
rm -f "$ALLIANCE_DB" "$ALLIANCE_DB-wal" "$ALLIANCE_DB-shm"

alliance client add C017
alliance session add --client C017 --number 1 --date 2026-09-07 --transcript sessions/session-01.txt
alliance session add --client C017 --number 2 --date 2026-09-14 --transcript sessions/session-02.txt
alliance session add --client C017 --number 3 --date 2026-09-21 --transcript sessions/session-03.txt
alliance session add --client C017 --number 4 --date 2026-09-28 --transcript sessions/session-04.txt
alliance session add --client C017 --number 5 --date 2026-10-05 --transcript sessions/session-05.txt
alliance session add --client C017 --number 6 --date 2026-10-12 --transcript sessions/session-06.txt
alliance session add --client C017 --number 7 --date 2026-10-19 --transcript sessions/session-07.txt
alliance session add --client C017 --number 8 --date 2026-10-26 --transcript sessions/session-08.txt
alliance session add --client C017 --number 9 --date 2026-11-02 --transcript sessions/session-09.txt
alliance session add --client C017 --number 10 --date 2026-11-09 --transcript sessions/session-10.txt
alliance checkin import checkins-brief.csv
alliance checkin import checkins-full.json
alliance goal add --client C017 --session 2 "six hours of sleep on most nights"
alliance goal add --client C017 --session 4 "back to the Tuesday climbing group"
alliance goal update --client C017 1 --session 3 --progress 2
alliance goal update --client C017 1 --session 6 --progress 3
alliance goal update --client C017 1 --session 8 --progress 6
alliance goal update --client C017 1 --session 10 --progress 8
alliance goal update --client C017 2 --session 4 --progress 1
alliance goal update --client C017 2 --session 8 --progress 6
alliance goal update --client C017 2 --session 10 --progress 9 --status achieved
alliance course --client C017 --format text --out "$OUT/course.txt"
alliance course --client C017 --format json --out "$OUT/course.json"
alliance course --client C017 --format html --out "$OUT/course.html"
