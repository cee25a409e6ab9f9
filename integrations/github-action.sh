#!/usr/bin/env bash
# The run step of action.yml: turn the action's inputs into one copydesk command.
# Inputs arrive as INPUT_* variables; GitHub's own variables say which event this is.
set -euo pipefail

args=(check --output-format github --fail-level "${INPUT_FAIL_LEVEL:-warning}")
[[ -n "${INPUT_CONFIG:-}" ]] && args+=(--config "$INPUT_CONFIG")
[[ -n "${INPUT_BASELINE:-}" ]] && args+=(--baseline "$INPUT_BASELINE")

since="${INPUT_CHANGED_SINCE:-}"
if [[ "$since" == "auto" ]]; then
  since=""
  if [[ -n "${GITHUB_BASE_REF:-}" ]]; then
    # A pull request: compare with the merge base, as the PR's "Files changed" tab does.
    git fetch --quiet --no-tags origin "$GITHUB_BASE_REF" 2>/dev/null || true
    if base=$(git merge-base "origin/$GITHUB_BASE_REF" HEAD 2>/dev/null); then
      since="$base"
    else
      echo "::warning title=copydesk::no merge base with origin/$GITHUB_BASE_REF (shallow clone? set fetch-depth: 0); linting every line"
    fi
  fi
fi
[[ -n "$since" ]] && args+=(--changed-since "$since")

read -r -a paths <<< "${INPUT_PATHS:-.}"
exec copydesk "${args[@]}" "${paths[@]}"
