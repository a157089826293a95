#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (Django 6 needs it), or fail with a clear message.
set -euo pipefail
candidates=(python3.13 python3.12 python3)
for c in "${candidates[@]}"; do
  if p=$(command -v "$c" 2>/dev/null) && "$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "$p"; exit 0
  fi
done
for p in /root/.pyenv/versions/3.1[2-9]*/bin/python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/bin/python3.1[2-9]; do
  if [[ -x $p ]]; then echo "$p"; exit 0; fi
done
echo "zhengwu needs Python >= 3.12 (Django 6); none found. Install python3.12 (e.g. apt-get install python3.12 python3.12-venv)." >&2
exit 1
