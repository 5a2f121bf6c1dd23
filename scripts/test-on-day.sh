#!/usr/bin/env bash
# Runs vitest with the whole process tree's clock moved (libfaketime) to given hall times, to
# prove that no test depends on the real day or hour. By default: the coming Saturday 10:00 and
# Sunday 23:30 in the hall (Asia/Shanghai; 23:30 is 15:30 UTC, when UTC and the hall disagree
# about the date), each run once.
#
#   scripts/test-on-day.sh --project unit
#   scripts/test-on-day.sh --project e2e test/e2e/leave.test.ts        # after `npx vite build`
#   TEST_DAYS='2026-12-31 23:59' scripts/test-on-day.sh test/unit       # other hall times
#
# Arguments go to `vitest run`. Needs faketime (apt-get install -y faketime). The clock runs on
# from the given time at real speed and every child (server process, Chromium) gets the same
# offset, except Chromium (see below). An external PostgreSQL keeps the real clock: leave TEST_DATABASE_URL unset to test the
# integration suites on PGlite only (its clock is the process's).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null; then
  echo "faketime is missing: apt-get update && apt-get install -y faketime" >&2
  exit 2
fi

# The coming weekend by default.
IFS=';' read -r -a days <<< "${TEST_DAYS:-$(TZ=Asia/Shanghai date -d 'next saturday 10:00' '+%F %H:%M');$(TZ=Asia/Shanghai date -d 'next sunday 23:30' '+%F %H:%M')}"
status=0
for day in "${days[@]}"; do
  target=$(TZ=Asia/Shanghai date -d "$day" +%s)
  offset=$(( target - $(date +%s) ))
  # (Chromium cannot run under libfaketime: page loads hang. It keeps the real clock; its pages
  # get the test clock measured against it, see onTestClock in test/support/browser.ts.)
  sign=$([ "$offset" -ge 0 ] && echo + || echo -)
  label="$(TZ=Asia/Shanghai date -d "@$target" '+%A %Y-%m-%d %H:%M') Asia/Shanghai"
  echo "=== vitest run $* on $label (offset ${sign}${offset#-} s)"
  # A relative offset (not "@time"): every process started later sees the same clock.
  # The monotonic clock stays real, so timers and timeouts are unaffected.
  if FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "${sign}${offset#-}" npx vitest run "$@"; then
    echo "=== passed on $label"
  else
    echo "=== FAILED on $label"
    status=1
  fi
done
exit $status
