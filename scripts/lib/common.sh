# Shared shell helpers for the stack and test scripts. Source it; do not run it.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# Loads .env (created from .env.example on first use) into the environment of this script.
load_env() {
  if [[ ! -f "$REPO_ROOT/.env" ]]; then
    cp "$REPO_ROOT/.env.example" "$REPO_ROOT/.env"
    info "created .env from .env.example"
  fi
  set -a
  # shellcheck disable=SC1091
  source "$REPO_ROOT/.env.example"
  # shellcheck disable=SC1091
  source "$REPO_ROOT/.env"
  set +a
}

# Is something listening on 127.0.0.1:PORT?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Installs npm dependencies when node_modules is missing or older than the lock file, then generates the Prisma client.
ensure_node_modules() {
  cd "$REPO_ROOT"
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    step "Installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
  if [[ ! -f server/generated/prisma/client.ts || prisma/schema.prisma -nt server/generated/prisma/client.ts ]]; then
    step "Generating the Prisma client"
    npm run --silent prisma:generate >/dev/null
  fi
}

# Debian's Chromium for Playwright (Playwright cannot download its own browsers here).
ensure_chromium() {
  if [[ -x /usr/bin/chromium ]]; then return; fi
  step "Installing Debian's chromium for the browser tests"
  if [[ $(id -u) -ne 0 ]]; then fail "chromium is missing: run 'sudo apt-get install -y chromium' once"; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}
