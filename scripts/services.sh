#!/usr/bin/env bash
# Makes sure the PostgreSQL and MariaDB servers the SQL tests use are up on 127.0.0.1, starting them if not.
set -uo pipefail
wait_for() { # name, check command
  for _ in $(seq 1 60); do eval "$2" >/dev/null 2>&1 && { echo "$1 is up"; return 0; }; sleep 0.5; done
  echo "$1 did not come up" >&2; return 1
}
pg_up='pg_isready -q -h 127.0.0.1 -p 5432'
if ! eval "$pg_up" >/dev/null 2>&1; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
fi
wait_for PostgreSQL "$pg_up" || exit 1
my_up='mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot status'
if ! eval "$my_up" >/dev/null 2>&1; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
wait_for MariaDB "$my_up" || exit 1
