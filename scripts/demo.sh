#!/usr/bin/env bash
# A short tour: create a trial database from the PEER protocol, add one user per role, show the
# protocol, make a change or two, read and verify the audit trail, then generate the sealed
# allocation lists, randomize 296 simulated participants, report and unblind, then simulate the
# CRF data for the real allocations, validate a batch with planted errors, import the clean data,
# run a query through its life, enter one record interactively, convert a REDCap data dictionary,
# estimate the power of the primary analysis, analyse the trial and write the HTML report.
# Usage: scripts/demo.sh BIN   (make demo passes .build/release/trialkit)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
bin="${1:?usage: scripts/demo.sh PATH-TO-trialkit}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
[ -x "$bin" ] || { echo "demo: $bin is not an executable; build it with 'make build' first." >&2; exit 66; }

report_dir="${DEMO_REPORT_DIR:-$root/.build/demo}"   # the HTML report outlives the temporary database
work="$(mktemp -d "${TMPDIR:-/tmp}/trialkit-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$root/protocols/peer.yaml" peer.yaml
export TRIALKIT_DB=trial.sqlite

step() { printf '\n== %s\n' "$*"; }
show() { # prints the command line, quoting arguments with spaces
    local line="\$ trialkit" arg
    for arg in "$@"; do
        case "$arg" in *" "*) line+=" \"$arg\"" ;; *) line+=" $arg" ;; esac
    done
    printf '%s\n' "$line"
}
run() { show "$@"; "$bin" "$@" 2>&1; }
expect_status() { # expect_status CODE command...
    local want="$1"; shift
    show "$@"
    set +e; "$bin" "$@" 2>&1; local got=$?; set -e
    printf '(exit %s)\n' "$got"
    [ "$got" -eq "$want" ] || { echo "demo: expected exit $want, got $got" >&2; exit 70; }
}

step "1. Check the protocol file (no database needed)"
run protocol check peer.yaml

step "2. Create the trial database; alice becomes its first admin (file mode 0600)"
run init --protocol peer.yaml --user alice
ls -l trial.sqlite | awk '{print $1, $NF}'

step "3. Creating it again is refused with exit 73, and the file is left untouched"
before="$(cksum < trial.sqlite)"
expect_status 73 init --protocol peer.yaml --user alice
[ "$before" = "$(cksum < trial.sqlite)" ] && echo "trial.sqlite is byte-identical."

step "4. alice adds one user per role"
export TRIALKIT_USER=alice
run user add tom --role trial-manager --reason "randomizes participants"
run user add dina --role data-manager --reason "enters and cleans CRF data"
run user add sara --role statistician --reason "trial statistician"
run user add ulla --role unblinder --reason "emergency unblinding"
run user add mona --role monitor --reason "sponsor monitor"
run user list

step "5. Every role can read the stored protocol"
TRIALKIT_USER=mona run protocol show | sed -n '1,6p;/^Stored in/,$p'

step "6. Changes: sara moves to the monitor role, ulla leaves; each needs a reason"
run user role sara --role monitor --reason "replaced by an external statistician"
run user deactivate ulla --reason "left the trial"

step "7. Permissions: a monitor may not add users (exit 77), and a stranger is refused too"
TRIALKIT_USER=mona expect_status 77 user add eve --role admin
TRIALKIT_USER=eve expect_status 77 user list

step "8. The audit trail: who changed what, when, why, old and new values"
TRIALKIT_USER=mona run audit log --entity user --entity-id sara

step "9. Verify the hash chain and the records against it"
TRIALKIT_USER=mona run audit verify

step "10. Randomization: the external statistician stan assesses the design, then generates the sealed lists"
run user add stan --role statistician --reason "external trial statistician, keeps the sealed lists"
TRIALKIT_USER=stan run randomize simulate --protocol peer.yaml --runs 2000 | sed -n '1,2p;/^Forced/,$p'
TRIALKIT_USER=stan run randomize generate --seed 20240917

step "11. tom randomizes one participant, then 295 more from a file (each in its own transaction)"
# 296 participants recruited in five municipalities, simulated from the protocol alone
# (participants.csv: participant_id and the stratification factor).
run simulate-trial --protocol peer.yaml --seed 20241123 --out recruited | sed -n '1,2p'
cp recruited/participants.csv participants.csv
first_site="$(sed -n 2p participants.csv | cut -d, -f2)"
TRIALKIT_USER=tom run randomize P001 --stratum "municipality=$first_site"
sed -i 2d participants.csv
echo "(participants.csv: $(($(wc -l < participants.csv) - 1)) rows)"
TRIALKIT_USER=tom run randomize --from-csv participants.csv | tail -n 3

step "12. Randomizing P001 again is refused (exit 65), naming the existing allocation"
TRIALKIT_USER=tom expect_status 65 randomize P001 --stratum municipality=Gladsaxe

step "13. The report: stan sees arms and slots; mona, whom the protocol blinds, sees totals only"
TRIALKIT_USER=stan run randomize report
TRIALKIT_USER=mona run randomize report

step "14. An emergency: the unblinder reveals one arm, with a reason; everyone can see that it happened"
run user add ulrik --role unblinder --reason "emergency unblinding, replaces ulla"
TRIALKIT_USER=ulrik run unblind P017 --reason "serious adverse event, treating physician asks"
TRIALKIT_USER=mona run unblind list
TRIALKIT_USER=mona run audit verify

if command -v sqlite3 >/dev/null 2>&1; then
    step "15. Someone edits a copy of the file behind TrialKit's back; verify names the event"
    cp trial.sqlite tampered.sqlite
    sqlite3 tampered.sqlite "UPDATE audit_event SET reason = 'routine' WHERE seq = 8;"
    echo "$ sqlite3 tampered.sqlite \"UPDATE audit_event SET reason = 'routine' WHERE seq = 8;\""
    TRIALKIT_DB=tampered.sqlite expect_status 65 audit verify
fi


step "16. CRF data: stan lists the real allocations; CRFs are simulated for them (arm effect on QPR-15 only)"
TRIALKIT_USER=stan "$bin" randomize list --json > allocations.json
echo "\$ trialkit randomize list --json > allocations.json   (as stan; $(grep -c '"participant_id"' allocations.json) allocations)"
run simulate-trial --protocol peer.yaml --seed 20241123 --allocations allocations.json \
    --effect qpr15=5.1 --sd 11.9 --dropout 0.15 --with-errors --out crf
head -n 3 crf/qpr15.csv

step "17. dina (data manager) validates the batch with planted errors: exactly those, nothing written, exit 65"
TRIALKIT_USER=dina expect_status 65 crf validate crf/errors/qpr15.csv --form qpr15

step "18. dina imports every clean form; each file is one transaction, every value audited"
for form in eligibility demographics qpr15 wsas mansa esr shs gse; do
    TRIALKIT_USER=dina run crf import "crf/$form.csv" --form "$form"
done

step "19. Queries: mona (monitor) opens one, tom answers it, mona closes it; each step is audited"
TRIALKIT_USER=mona run queries open P001 --visit baseline --form qpr15 --field qpr05 --text "Item 5 differs from the paper form; please check"
TRIALKIT_USER=dina run queries list --status open
TRIALKIT_USER=tom run queries respond 1 --text "Paper form checked: the entered value is right"
TRIALKIT_USER=mona run queries close 1
TRIALKIT_USER=mona run audit verify

step "19a. dina enters a missing 6-month QPR-15 interactively (answers piped in; the first is mistyped)"
# The first randomized participant without a 6-month QPR-15 record in the simulated data.
missing="$(awk -F, 'NR == FNR { if ($2 == "followup") seen[$1] = 1; next }
    /"participant_id"/ { gsub(/.*: *"|",?/, ""); if (!($0 in seen)) { print; exit } }' crf/qpr15.csv allocations.json)"
followup="$(date -u -d '+182 days' +%F 2>/dev/null || date -u -v+182d +%F)"
show crf enter "$missing" --visit followup --form qpr15
{ printf '%s\n5\n3\n' "$followup"; for _ in $(seq 14); do printf '2\n'; done; printf 'y\n'; } \
    | TRIALKIT_USER=dina "$bin" crf enter "$missing" --visit followup --form qpr15 2>&1

step "19b. Convert a REDCap data dictionary into protocol form YAML (no database needed)"
cp "$root/fixtures/redcap/unsupported-dictionary.csv" redcap-dictionary.csv
run crf import-dictionary redcap-dictionary.csv --out redcap-forms.yaml
sed -n '/^forms:/,$p' redcap-forms.yaml | head -n 12

step "20. Power of the planned primary analysis (Kenward-Roger EMM contrast at post), 100 simulated trials"
run simulate-trial --protocol peer.yaml --power --runs 100 --seed 20241123 --effect qpr15=5.1 --sd 11.9

step "21. stan (statistician) runs the analysis plan on the stored data; the run is recorded"
mkdir -p "$report_dir"
TRIALKIT_USER=stan run analyze --html "$report_dir/report.html" --force | sed -n '1,13p;/^Missing data/,/^  qpr15  followup/p;/^Recorded/p'

step "22. The same primary numbers from \`trialkit fit\` on \`export long\` (the JSON's fit_command)"
TRIALKIT_USER=stan run export long --outcome qpr15_post --out long.csv
run fit long.csv --formula "qpr15 ~ arm * visit + qpr15_baseline + municipality + (1 | participant_id)" \
    --df kenward-roger --ref arm=SAU --emmeans "arm | visit" | sed -n '/marginal means/,$p'
expect_status 64 fit long.csv --formula "qpr15 ~ arm * + visit + (1 | participant_id)"

step "23. Finally: the audit trail is intact"
TRIALKIT_USER=mona run audit verify

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -n "$browser" ]; then # a picture of the page, as a reader would see it (make test installs chromium)
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,3800 \
        --screenshot="$report_dir/report.png" "file://$report_dir/report.html" >/dev/null 2>&1 \
        && echo "Rendered in headless Chromium: $report_dir/report.png"
fi
printf '\nDemo finished: the database lived in %s and has been removed.\n' "$work"
printf 'The trial report: %s/report.html (one self-contained HTML file; open it in any browser).\n' "$report_dir"
