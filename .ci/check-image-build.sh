#!/usr/bin/env bash
# Builds the Docker image the way the Dockerfile does, without a Docker engine: the build stage's COPY and
# RUN instructions run in an empty temporary folder (so a file the build needs but the Dockerfile does not
# copy fails here), the final stage's COPY --from=build, ENV and CMD assemble the image's folder, and its
# CMD must serve 200 on /health with a temporary SQLite database. Instructions this script does not know
# fail it, so the Dockerfile cannot drift away from what is checked.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/autorenew-image.XXXXXX")"
build="$work/build"
image="$work/image"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$build" "$image"
# Reuse the local npm cache: the check is about what the Dockerfile copies, not about the registry.
export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false

# COPY <source>... <dest> from the build context: a directory's contents, or files, land in <dest>, minus
# what .dockerignore names (top-level names, as Docker matches them).
copy_from_context() {
  local dest="${*: -1}" sources=("${@:1:$#-1}") staging source
  staging="$(mktemp -d "$work/context.XXXXXX")"
  if [[ "${sources[*]}" == . ]]; then mapfile -t sources < <(ls -A "$repo"); fi
  tar -C "$repo" --anchored --exclude-from="$repo/.dockerignore" -cf - "${sources[@]}" | tar -C "$staging" -xf -
  for source in "${sources[@]}"; do
    [[ -e "$staging/$source" ]] || continue
    if [[ -d "$staging/$source" ]]; then
      mkdir -p "$build/$dest" && cp -a "$staging/$source/." "$build/$dest/"
    elif [[ "$dest" == */ || "$dest" == . || ${#sources[@]} -gt 1 ]]; then
      mkdir -p "$build/$dest" && cp -a "$staging/$source" "$build/$dest/"
    else
      mkdir -p "$(dirname "$build/$dest")" && cp -a "$staging/$source" "$build/$dest"
    fi
  done
}

# COPY --from=build /app/<source> <dest> into the final image.
copy_from_build() {
  local source="${1#/app/}" dest="$2"
  if [[ "$dest" == */ || "$dest" == . ]]; then dest="$dest$(basename "$source")"; fi
  mkdir -p "$(dirname "$image/$dest")"
  cp -a "$build/$source" "$image/$dest"
}

stage=0
cmd=()
env_vars=()
while IFS= read -r line || [[ -n "$line" ]]; do
  while [[ "$line" == *\\ ]] && IFS= read -r next; do line="${line%\\} $next"; done
  [[ -z "${line// /}" || "$line" == \#* ]] && continue
  read -r instruction args <<<"$line"
  case "$instruction" in
    FROM) stage=$((stage + 1)) ;;
    WORKDIR | USER | EXPOSE) ;;
    COPY)
      # shellcheck disable=SC2206 # Dockerfile COPY arguments are plain words.
      words=($args)
      if [[ "${words[0]}" == --from=build ]]; then copy_from_build "${words[1]}" "${words[2]}"; else copy_from_context "${words[@]}"; fi
      ;;
    RUN)
      if [[ "$args" == apt-get* ]]; then
        echo "skipped (the CI machine has the build tools): RUN $args"
      else
        echo "RUN $args"
        (cd "$build" && bash -euo pipefail -c "$args")
      fi
      ;;
    ENV) env_vars+=("$args") ;;
    CMD) mapfile -t cmd < <(node -e 'for (const word of JSON.parse(process.argv[1])) console.log(word)' "$args") ;;
    *) echo "check-image-build.sh does not know the Dockerfile instruction: $instruction" >&2; exit 1 ;;
  esac
done <"$repo/Dockerfile"
[[ $stage -eq 2 && ${#cmd[@]} -gt 0 ]] || { echo "expected a build stage and a final stage with a CMD" >&2; exit 1; }

port="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
mkdir -p "$work/data"
(
  cd "$image"
  for assignment in "${env_vars[@]}"; do export "${assignment?}"; done
  export PORT="$port" HOST=127.0.0.1 DATA_DIR="$work/data" PUBLIC_URL="http://127.0.0.1:$port" APP_URL="http://127.0.0.1:$port" LOG_LEVEL=warn \
    JWT_SECRET="$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64url"))')"
  exec "${cmd[@]}"
) &
server_pid=$!
for _ in $(seq 1 60); do
  if status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" && [[ "$status" == 200 ]]; then
    echo "image build OK: ${cmd[*]} answers 200 on /health"
    exit 0
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "the image's CMD exited before answering /health" >&2; exit 1; }
  sleep 1
done
echo "the image's CMD did not answer 200 on /health within 60 s (last status: ${status:-none})" >&2
exit 1
