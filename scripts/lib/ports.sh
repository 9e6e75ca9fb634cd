# shellcheck shell=bash
# Port checks for scripts/demo: a clear sentence instead of an EADDRINUSE stack trace.

port_in_use() {
  local port=$1 host
  for host in 127.0.0.1 ::1; do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      return 0
    fi
  done
  return 1
}

# Prints "<command> <pid>" of the process listening on a port, when the machine can tell
# (ss shows PIDs only to their owner or root).
port_owner() {
  command -v ss >/dev/null || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null |
    sed -nE 's/.*users:\(\("([^"]*)",pid=([0-9]+).*/\1 \2/p' | head -n 1
}

require_free_port() {
  local port=$1 what=$2 cmd pid
  port_in_use "$port" || return 0
  read -r cmd pid <<<"$(port_owner "$port")" || true
  if [ -n "${pid:-}" ]; then
    echo "[dyploma] Port $port is already in use by $cmd (pid $pid); $what needs it." >&2
    echo "[dyploma] Stop it (kill $pid) and run this command again." >&2
  else
    echo "[dyploma] Port $port is already in use; $what needs it." >&2
    echo "[dyploma] Stop whatever listens there (ss -ltnp 'sport = :$port' shows it) and run this command again." >&2
  fi
  echo "[dyploma] If that is an earlier demo, its terminal's Ctrl-C stops it." >&2
  exit 3
}
