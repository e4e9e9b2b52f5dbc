#!/usr/bin/env bash
# A short tour: create a trial database from the PEER protocol, add one user per role, show the
# protocol, make a change or two, read and verify the audit trail, then generate the sealed
# allocation lists, randomize 296 participants across the five municipalities, report and unblind.
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

step "10. Randomization: the external statistician stan assesses the design, then generates the sealed lists"
run user add stan --role statistician --reason "external trial statistician, keeps the sealed lists"
TRIALKIT_USER=stan run randomize simulate --protocol peer.yaml --runs 2000 | sed -n '1,2p;/^Forced/,$p'
TRIALKIT_USER=stan run randomize generate --seed 20240917

step "11. tom randomizes one participant, then 295 more from a file (each in its own transaction)"
TRIALKIT_USER=tom run randomize P001 --stratum municipality=Fredericia
# 296 simulated participants in all: København 80, Fredericia 55, Helsingør 50, Rødovre 46, Gladsaxe 65.
awk 'BEGIN {
    split("København Fredericia Helsingør Rødovre Gladsaxe", name, " "); split("80 55 50 46 65", size, " ")
    print "participant_id,municipality"; n = 1
    for (m = 1; m <= 5; m++) for (i = 1; i <= size[m] - (m == 2); i++) printf "P%03d,%s\n", ++n, name[m]
}' > participants.csv
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

printf '\nDemo finished: the database lived in %s and has been removed.\n' "$work"
