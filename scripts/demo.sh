#!/usr/bin/env bash
# make demo: migrate, load reference and demo data, then serve with a background worker.
set -euo pipefail
ZW=.venv/bin/zhengwu
$ZW migrate --noinput -v0
$ZW demo-data
$ZW compilemessages -v0 >/dev/null 2>&1 || true
$ZW collectstatic --noinput -v0
$ZW worker >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
cat <<MSG

  罗湖政务平台 zhengwu is running:   http://127.0.0.1:8000/
  Log in as   admin / luohu-demo-2016   (district administrator)
  Other demo users (same password): fgj_operator, fgj_reviewer, cgj_operator, gy_operator,
  wgb_operator (dispatcher), supervisor, auditor — see README.md.
  Stop with Ctrl-C.

MSG
$ZW runserver 127.0.0.1:8000 --noreload
