#!/usr/bin/env bash
# Fails when a module imports something the architecture forbids.
# Usage: scripts/check-deps.sh [SOURCES_DIR] [RULES_FILE]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sources="${1:-$here/../Sources}"
rules="${2:-$here/allowed-imports.txt}"
always="Foundation Glibc Dispatch FoundationEssentials Synchronization"
status=0
for dir in "$sources"/*/; do
    module="$(basename "$dir")"
    case "$module" in C*) [ -f "$dir/module.modulemap" ] && continue ;; esac
    line="$(grep -E "^$module:" "$rules" || true)"
    if [ -z "$line" ]; then
        echo "check-deps: module $module has no entry in $rules; add one with the modules it may import." >&2
        status=1; continue
    fi
    allowed=" ${line#*:} $always "
    while IFS=: read -r file lineno text; do
        imported="$(sed -E 's/^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|internal|package|private|fileprivate)[[:space:]]+)?import[[:space:]]+(struct|class|enum|func|protocol|typealias|var|let[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*).*/\5/' <<<"$text")"
        if [[ "$allowed" != *" $imported "* ]]; then
            echo "check-deps: $file:$lineno: $module may not import $imported (allowed: ${line#*: })." >&2
            status=1
        fi
    done < <(grep -rnE '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|internal|package|private|fileprivate)[[:space:]]+)?import[[:space:]]' "$dir" --include='*.swift' || true)
done
[ $status -eq 0 ] && echo "check-deps: all module imports follow docs/ARCHITECTURE.md."
exit $status
