#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks, in a temporary folder, reachable only through a Unix
# socket in that folder, run by an unprivileged user (postgres when started as root), with durability switched off.
#   eval "$(scripts/throwaway-postgres.sh start)"   # exports ERHVERVSDIALOG_TEST_POSTGRES and ERHVERVSDIALOG_PG_FOLDER
#   scripts/throwaway-postgres.sh stop "$ERHVERVSDIALOG_PG_FOLDER"   # stops it and removes the folder
# Installs Debian's postgresql package first when it is missing and we are root.
set -euo pipefail

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -z "$(bin_dir)" ]; then
      if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installerer postgresql …" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      else
        echo "PostgreSQL mangler: installér med sudo apt-get install postgresql" >&2
        exit 1
      fi
    fi
    bin="$(bin_dir)"
    folder="$(mktemp -d /tmp/erhvervsdialog-pg.XXXXXX)"
    chmod 755 "$folder"
    [ "$(id -u)" = "0" ] && chown postgres "$folder"
    as_owner "$bin/initdb" -D "$folder/data" -U erhvervsdialog --auth=trust --encoding=UTF8 --locale=C.UTF-8 -N >"$folder/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
      -o "-k $folder -c listen_addresses='' -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" \
      start >&2
    echo "export ERHVERVSDIALOG_PG_FOLDER='$folder'"
    echo "export ERHVERVSDIALOG_TEST_POSTGRES='Host=$folder;Username=erhvervsdialog;Database=postgres'"
    ;;
  stop)
    folder="${2:?the folder start printed}"
    case "$folder" in /tmp/erhvervsdialog-pg.*) ;; *) echo "not a throwaway cluster: $folder" >&2; exit 1 ;; esac
    if [ -d "$folder/data" ]; then
      as_owner "$(bin_dir)/pg_ctl" -D "$folder/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$folder"
    ;;
  *)
    echo "usage: $0 start | stop FOLDER" >&2
    exit 2
    ;;
esac
