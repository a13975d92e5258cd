#!/usr/bin/env bash
# The README's screenshots of a 200-patient cohort page (docs/cohort-page.png, desktop 1400 px;
# docs/cohort-page-phone.png, 390 px): a synthetic cohort (tests/support/cohort_synth.rs: four
# real reports varied by a fixed pseudo-random sequence), `oncoprofile cohort --formats html`,
# and headless Chromium (Debian's `chromium`).
#
#   bash docs/cohort-screenshot.sh      # from anywhere in the repository
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -x /usr/bin/chromium ] || { echo "error: /usr/bin/chromium is absent (apt-get install chromium)" >&2; exit 1; }
COHORT_SCREENSHOT_DIR="$PWD/docs" cargo test --locked --test browser cohort_page_screenshot -- --ignored --nocapture
ls -l docs/cohort-page.png docs/cohort-page-phone.png
