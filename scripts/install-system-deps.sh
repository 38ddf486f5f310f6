#!/usr/bin/env bash
# Installs what notice_kit needs outside Python: LibreOffice (PDF conversion), poppler
# (tests inspect PDFs with pdffonts/pdftotext; poppler-data shows the fillable 回执's
# STSong-Light fields), MuPDF's mutool (tests check those fields show in a second reader), fontconfig and free CJK fonts, plus a
# FangSong (仿宋) face, which no Debian font package ships on its own. For the ofd.js render
# check (tests/ofd/test_ofdjs_render.py): Debian's chromium, and the npm packages of
# tests/ofd/ofdjs (ofd.js, playwright-core, pinned by its package-lock.json) when node and npm
# are there. Where apt has no chromium package (Ubuntu ships it as a snap) that test skips.
# NOTICE_KIT_NO_OFDJS=1 leaves both out.
#
# Idempotent and quiet: safe to run on every CI start; prints only on failure.
# Runs as root (apt-get directly; no sudo needed). Set NOTICE_KIT_FONT_DIR to change where
# the extracted FangSong font goes.
set -euo pipefail

PACKAGES=(
  libreoffice-writer-nogui
  python3-uno
  poppler-utils
  poppler-data
  mupdf-tools
  fontconfig
  fonts-noto-cjk
  fonts-lxgw-wenkai
  fonts-arphic-ukai
  fonts-wqy-zenhei
  fonts-liberation2
)
FONT_DIR="${NOTICE_KIT_FONT_DIR:-/usr/local/share/fonts/notice-kit}"
FANDOL_FILE="FandolFang-Regular.otf"
# Path of the fandol fonts inside texlive-lang-chinese's data tarball.
FANDOL_SRC="./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"

export DEBIAN_FRONTEND=noninteractive

log_file="$(mktemp)"
work_dir=""
cleanup() {
  rm -f "$log_file"
  if [[ -n "$work_dir" ]]; then rm -rf "$work_dir"; fi
}
trap cleanup EXIT

# Runs a command with its output captured; on failure shows that output and stops.
run_quiet() {
  if ! "$@" >"$log_file" 2>&1; then
    echo "install-system-deps: failed: $*" >&2
    tail -n 40 "$log_file" >&2
    exit 1
  fi
}

if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-system-deps: must run as root (apt-get install, /usr/local/share/fonts)" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  # dpkg-query -W also lists removed-but-not-purged packages, so check the status too.
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  if [[ "$status" != "installed" ]]; then
    missing+=("$pkg")
  fi
done

apt_updated=0
apt_update_once() {
  if [[ "$apt_updated" -eq 0 ]]; then
    run_quiet apt-get update
    apt_updated=1
  fi
}

want_ofdjs=1
if [[ "${NOTICE_KIT_NO_OFDJS:-}" == "1" ]]; then want_ofdjs=0; fi
chromium_status="$(dpkg-query -W -f='${db:Status-Status}' chromium 2>/dev/null || true)"
if [[ "$want_ofdjs" -eq 1 && "$chromium_status" != "installed" ]]; then
  # Installed with the rest, in one apt-get call, where the (fresh) package lists offer it.
  apt_update_once
  candidate="$(LC_ALL=C apt-cache policy chromium 2>/dev/null | sed -n 's/^ *Candidate: *//p')"
  if [[ -n "$candidate" && "$candidate" != "(none)" ]]; then
    missing+=(chromium)
  fi
fi

if [[ "${#missing[@]}" -gt 0 ]]; then
  apt_update_once
  run_quiet apt-get install -y --no-install-recommends "${missing[@]}"
fi

# ofd.js and playwright-core for the render check, exactly as package-lock.json pins them;
# npm ci runs only when the lock file changed since the last run (its hash is kept in
# node_modules).
ofdjs_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/ofd/ofdjs"
ofdjs_stamp="$ofdjs_dir/node_modules/.notice-kit-lock.sha256"
if [[ "$want_ofdjs" -eq 1 && -f "$ofdjs_dir/package-lock.json" ]] \
    && command -v node >/dev/null && command -v npm >/dev/null; then
  lock_hash="$(sha256sum "$ofdjs_dir/package-lock.json" | cut -d' ' -f1)"
  if [[ "$(cat "$ofdjs_stamp" 2>/dev/null || true)" != "$lock_hash" ]]; then
    # --ignore-scripts: nothing to build, and no install script may fetch anything.
    (cd "$ofdjs_dir" && run_quiet npm ci --ignore-scripts --no-audit --no-fund)
    echo "$lock_hash" >"$ofdjs_stamp"
  fi
fi

if [[ ! -s "$FONT_DIR/$FANDOL_FILE" ]]; then
  # Installing texlive-lang-chinese would pull ~280 MB of TeX; only its .deb is fetched and
  # the fandol directory extracted from it.
  work_dir="$(mktemp -d)"
  # apt-get download runs unsandboxed as root here (_apt cannot write to this dir); its
  # warning about that goes to the log and is shown only on failure.
  if ! (cd "$work_dir" && apt-get download texlive-lang-chinese >"$log_file" 2>&1); then
    # The package lists may be missing or stale on a fresh machine.
    apt_update_once
    (cd "$work_dir" && run_quiet apt-get download texlive-lang-chinese)
  fi
  deb="$(find "$work_dir" -maxdepth 1 -name 'texlive-lang-chinese_*.deb' -print -quit)"
  if [[ -z "$deb" ]]; then
    echo "install-system-deps: apt-get download texlive-lang-chinese wrote no .deb" >&2
    exit 1
  fi
  mkdir -p "$work_dir/x"
  if ! dpkg-deb --fsys-tarfile "$deb" \
      | tar -x -C "$work_dir/x" --wildcards "$FANDOL_SRC/*" 2>"$log_file"; then
    echo "install-system-deps: extracting $FANDOL_SRC from $deb failed" >&2
    cat "$log_file" >&2
    exit 1
  fi
  src="$work_dir/x/$FANDOL_SRC/$FANDOL_FILE"
  if [[ ! -s "$src" ]]; then
    echo "install-system-deps: $FANDOL_FILE not found in $deb" >&2
    exit 1
  fi
  mkdir -p "$FONT_DIR"
  # Copy then rename so an interrupted run never leaves a truncated font behind.
  install -m 0644 "$src" "$FONT_DIR/.$FANDOL_FILE.tmp"
  mv -f "$FONT_DIR/.$FANDOL_FILE.tmp" "$FONT_DIR/$FANDOL_FILE"
  run_quiet fc-cache -f "$FONT_DIR"
elif ! fc-list : file | grep -qF "$FONT_DIR/$FANDOL_FILE"; then
  # The file is there but fontconfig's cache does not know it (e.g. copied by hand).
  run_quiet fc-cache -f "$FONT_DIR"
fi
