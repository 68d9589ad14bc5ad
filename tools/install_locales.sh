#!/bin/sh
# Installs the Danish locale da_DK.UTF-8, which the environment tests of the
# fault suite (tests/reliability/test_environments.py) run the workflow under.
# Idempotent: exits at once when `locale -a` already lists it. Debian/Ubuntu:
# installs the `locales` package if needed, enables da_DK.UTF-8 in
# /etc/locale.gen and runs locale-gen, as root or through sudo (like the
# Makefile does for Chromium).
set -eu

LOCALE=da_DK.UTF-8

has_locale() {
    # locale -a spells it da_DK.utf8; compare case- and hyphen-blind.
    locale -a 2>/dev/null | tr -d '-' | tr '[:upper:]' '[:lower:]' | grep -qx 'da_dk.utf8'
}

if has_locale; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=
else
    SUDO=sudo
fi

if ! command -v locale-gen >/dev/null 2>&1 || [ ! -f /usr/share/i18n/SUPPORTED ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq locales
fi

# Uncomment the line if it is there, add it if it is not.
if grep -q "^# *$LOCALE UTF-8" /etc/locale.gen 2>/dev/null; then
    $SUDO sed -i "s/^# *\($LOCALE UTF-8\)/\1/" /etc/locale.gen
elif ! grep -q "^$LOCALE UTF-8" /etc/locale.gen 2>/dev/null; then
    echo "$LOCALE UTF-8" | $SUDO tee -a /etc/locale.gen >/dev/null
fi
$SUDO locale-gen

if ! has_locale; then
    echo "install_locales.sh: $LOCALE is still missing from locale -a" >&2
    exit 1
fi
