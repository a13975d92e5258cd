#!/bin/sh
# Remake the README screenshots of the demo report (desktop, phone, print) with headless
# Chromium (/usr/bin/chromium): the ignored `screenshots` test of tests/browser.rs renders the
# demo patient and captures the page over the DevTools protocol.
set -eu
cd "$(dirname "$0")/../.."
ONCOPROFILE_SCREENSHOTS="$PWD/docs/screenshots" \
    cargo test --locked --test browser screenshots -- --ignored --exact
ls -l docs/screenshots/*.png
