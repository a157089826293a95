#!/usr/bin/env bash
# Install what the test suite needs from Debian when it is missing: chromium (browser tests),
# PostgreSQL (the second test run) and gettext (compiling translations). Idempotent; needs root.
set -euo pipefail
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v msgfmt >/dev/null || need+=(gettext)
command -v runuser >/dev/null || need+=(util-linux)
if ((${#need[@]})); then
  echo "installing Debian packages: ${need[*]}"
  if [[ $(id -u) != 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
