#!/usr/bin/env bash
# Builds minima (installing what it needs) and runs its main job on the built-in default:
# every method on the seeds' examples and on Rosenbrock, as a comparison table.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh" "$root/build" >&2
exec "$root/build/bin/minima" demo "$@"
