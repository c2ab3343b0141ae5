#!/usr/bin/env bash
# `npm run test:clock [-- FILE…]`: show that no test depends on the time zone or the time of
# day. Runs the suite (or the named test files) once per time zone in CLOCK_TZS, then once per
# faked UTC wall-clock time in CLOCK_TIMES (today's date; by default 18:29 and 18:30 UTC, just
# before and at midnight in Asia/Kolkata, where the CoWIN centres are, then 20:59 and 21:00 UTC,
# midnight in Asia/Riyadh, where the sandbox's clinics and doctors are, and 23:59:50 UTC, so
# the suite seeds its sandbox on one UTC day and tests it on the next). A test that makes a
# session "half an hour ago" and asks for it by its local date fails in the half hour after
# such a midnight.
# The clock is shifted with libfaketime (Debian: apt-get install faketime) by an offset, so
# it keeps ticking, and every child process (CLI, server, workers) sees the same shifted time;
# all but Chromium, which crashes with libfaketime preloaded (test/helpers/browser.ts launches
# it on the real clock).
# Takes one full suite per run (8 runs ≈ 70-80 minutes); not part of .ci/run.
set -uo pipefail
cd "$(dirname "$0")/.."

tzs=${CLOCK_TZS-"UTC Asia/Kolkata America/Los_Angeles"}  # empty: no TZ runs
times=${CLOCK_TIMES-"18:29:00 18:30:00 20:59:00 21:00:00 23:59:50"}  # empty: no faked-clock runs
results=()

run() {
  local label=$1; shift
  echo "== $label"
  if "$@" npm test -- "${FILES[@]}"; then results+=("pass  $label"); else results+=("FAIL  $label"); fi
}

FILES=("$@")
for tz in $tzs; do run "TZ=$tz" env TZ="$tz"; done

if [ -n "$times" ]; then
  if ! command -v faketime >/dev/null; then
    echo "!! faketime is not installed (apt-get install -y faketime): clock runs skipped" >&2
    results+=("SKIP  faked clock ($times UTC): no faketime")
  else
    for t in $times; do
      # An offset, computed once: every process started during the run gets the same shift.
      offset=$(( $(date -u -d "today $t" +%s) - $(date -u +%s) ))
      run "clock at $t UTC (offset ${offset}s)" env FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$( ((offset >= 0)) && echo +)${offset}"
    done
  fi
fi

echo
printf '%s\n' "${results[@]}"
! printf '%s\n' "${results[@]}" | grep -qv '^pass'
