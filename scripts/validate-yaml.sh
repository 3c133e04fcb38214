#!/usr/bin/env bash
# Validates every action.yml and workflow against the published schemas, so a YAML typo fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
validator=node_modules/.bin/action-validator
files=(action.yml emit/action.yml .github/workflows/*.yml examples/*.yml)
count=0
for file in "${files[@]}"; do
  [ -f "$file" ] || continue
  if [[ "$file" == examples/* ]]; then
    # The validator tells actions from workflows by name, so examples are checked under .github/.
    tmp=$(mktemp -d)/.github/workflows
    mkdir -p "$tmp"
    cp "$file" "$tmp/"
    "$validator" "$tmp/$(basename "$file")"
  else
    "$validator" "$file"
  fi
  count=$((count + 1))
done
echo "$count YAML files valid"
