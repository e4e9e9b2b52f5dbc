#!/usr/bin/env bash
# A short tour of the foundation: create a trial database from the PEER protocol, add one user
# per role, show the protocol, make a change or two, read and verify the audit trail.
# Usage: scripts/demo.sh BIN   (make demo passes .build/release/trialkit)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
bin="${1:?usage: scripts/demo.sh PATH-TO-trialkit}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
[ -x "$bin" ] || { echo "demo: $bin is not an executable; build it with 'make build' first." >&2; exit 66; }

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

if command -v sqlite3 >/dev/null 2>&1; then
    step "10. Someone edits a copy of the file behind TrialKit's back; verify names the event"
    cp trial.sqlite tampered.sqlite
    sqlite3 tampered.sqlite "UPDATE audit_event SET reason = 'routine' WHERE seq = 8;"
    echo "$ sqlite3 tampered.sqlite \"UPDATE audit_event SET reason = 'routine' WHERE seq = 8;\""
    TRIALKIT_DB=tampered.sqlite expect_status 65 audit verify
fi

# --- Analysis: `trialkit fit` (a statistical tool on any CSV; no database, no user) ---
step "Fit the primary-outcome mixed model to simulated trial data, with EMMs per visit"
cp "$root/fixtures/reference/data/trial_sim.csv" trial_sim.csv
run fit trial_sim.csv --formula "qpr15 ~ arm * visit + municipality + (1 | participant_id)" \
    --ref arm=SAU --emmeans "arm | visit"
echo "(The same with --json gives one object: fixed effects, variance components, EMMs, contrasts.)"
expect_status 64 fit trial_sim.csv --formula "qpr15 ~ arm * + visit + (1 | participant_id)"

printf '\nDemo finished: the database lived in %s and has been removed.\n' "$work"
