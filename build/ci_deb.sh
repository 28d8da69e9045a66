#!/usr/bin/env bash
# CI: install dist/votedesk_*.deb as an office would, start the installed votedesk (selftest), check its menu
# entry and file types, remove it, and check that it is gone while a user's election file is left as it was.
# Needs root or sudo, and a machine that may have packages installed and removed (CI, a test VM).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive QT_QPA_PLATFORM=offscreen
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
debs=(dist/votedesk_*.deb)
[ "${#debs[@]}" -eq 1 ] && [ -f "${debs[0]}" ] || { echo "ci_deb: expected one dist/votedesk_*.deb" >&2; exit 1; }
fail() { echo "ci_deb: $*" >&2; exit 1; }
step() { echo "-- $* (${SECONDS} s)"; }
mime_of() { .venv/bin/python -c 'import sys; from PySide6.QtCore import QMimeDatabase
print(QMimeDatabase().mimeTypeForFile(sys.argv[1]).name())' "$1" 2>/dev/null; }

step "install ${debs[0]}"
$sudo apt-get install -y -qq "./${debs[0]}" >/dev/null
[ "$(command -v votedesk)" = /usr/bin/votedesk ] || fail "votedesk is not on the PATH as /usr/bin/votedesk"

step "installed votedesk --selftest"
(cd / && votedesk --selftest) || fail "the installed votedesk failed its selftest"

step "menu entry, icon, file types"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/votedesk.desktop || fail "desktop-file-validate"
fi
[ -f /usr/share/icons/hicolor/48x48/apps/votedesk.png ] || fail "no menu icon"
# A user's files, made by the installed app in the home folder, must survive the removal byte for byte.
user_dir="$HOME/votedesk-ci-user-files"
rm -rf "$user_dir" && mkdir -p "$user_dir"
votedesk demo "$user_dir/branch.votedesk" >/dev/null
votedesk demo-package "$user_dir/usb" >/dev/null 2>&1
votedesk audit "$user_dir/branch.votedesk" >/dev/null || fail "the installed votedesk cannot read a user's file"
[ "$(mime_of "$user_dir/branch.votedesk")" = application/x-votedesk ] || fail ".votedesk is not registered"
[ "$(mime_of "$user_dir/usb/demo.vdpkg")" = application/x-votedesk-package ] || fail ".vdpkg is not registered"
(cd "$user_dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum) > "$user_dir.sha256"

step "remove"
$sudo apt-get remove -y -qq votedesk >/dev/null
[ ! -e /opt/votedesk ] || fail "/opt/votedesk is left after removal: $(find /opt/votedesk | head -5)"
[ ! -e /usr/bin/votedesk ] && [ ! -e /usr/share/applications/votedesk.desktop ] || fail "files left after removal"
[ "$(mime_of "$user_dir/branch.votedesk")" != application/x-votedesk ] || fail "the file type outlived the package"
(cd "$user_dir" && sha256sum --quiet -c "$user_dir.sha256") || fail "removing votedesk changed a user's files"
rm -rf "$user_dir" "$user_dir.sha256"
step "the package installs, starts and uninstalls"
