#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for running and testing
# `snakemake --profile profiles/slurm` for real (tests/test_slurm.py).
#
# It sets up what a small real cluster has, on one machine:
#   munge      authentication between the SLURM daemons and commands
#   mariadb    the accounting database (smallest storage slurmdbd supports)
#   slurmdbd   accounting daemon: `sacctmgr` (the executor plugin's account
#              check) and `sacct` (its default job status query, and the
#              job history the tests read) need it
#   slurmctld  the controller, SlurmctldHost=localhost
#   slurmd     the single compute node, NodeName=localhost, with the CPUs and
#              memory that `slurmd -C` reads off this machine
# plus one partition (default: debug, Default=YES) and one account (default:
# budgetmaal) that the invoking user may submit to.
#
# Idempotent: run it again and it only starts what is not running (and
# restarts the SLURM daemons if their configuration changed). Works with
# systemd (as on a normal Debian server) and without it (containers, CI VMs),
# where the daemons are started directly.
#
# Settings (environment variables, all optional):
#   SLURM_LOCALHOST_CLUSTER    cluster name           (default: localcluster)
#   SLURM_LOCALHOST_PARTITION  partition name         (default: debug)
#   SLURM_LOCALHOST_ACCOUNT    account to create      (default: budgetmaal)
#   SLURM_LOCALHOST_USER       user put in the account (default: the user who
#                              ran the script, through sudo if it was used)
#   SLURM_LOCALHOST_TIMEOUT    seconds to wait for each daemon (default: 60)
#   SLURM_LOCALHOST_CGROUPS    auto (default): cgroups when systemd runs the
#                              machine; no: never (/proc based tracking)
#
# Not for production: one machine is controller, database and node at once.
set -euo pipefail

CLUSTER="${SLURM_LOCALHOST_CLUSTER:-localcluster}"
PARTITION="${SLURM_LOCALHOST_PARTITION:-debug}"
ACCOUNT="${SLURM_LOCALHOST_ACCOUNT:-budgetmaal}"
TIMEOUT="${SLURM_LOCALHOST_TIMEOUT:-60}"
CGROUPS="${SLURM_LOCALHOST_CGROUPS:-auto}"
NODE="localhost"

# Root does the work; anybody else goes through sudo (non-interactive, so a
# missing password fails at once instead of hanging a test session).
if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
    SUBMIT_USER="${SLURM_LOCALHOST_USER:-${SUDO_USER:-root}}"
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
    SUBMIT_USER="${SLURM_LOCALHOST_USER:-$(id -un)}"
else
    echo "slurm_localhost: needs root or password-less sudo" >&2
    exit 2
fi

ETC=/etc/slurm
SLURM_CONF="$ETC/slurm.conf"
DBD_CONF="$ETC/slurmdbd.conf"
CGROUP_CONF="$ETC/cgroup.conf"
PACKAGES=(munge mariadb-server slurm-wlm slurmdbd)

log() { echo "slurm_localhost: $*" >&2; }
as_root() { "${SUDO[@]}" "$@"; }

# True when systemd runs this machine (PID 1); otherwise daemons are started
# directly.
have_systemd() { [[ -d /run/systemd/system ]]; }

# Wait up to TIMEOUT seconds for a command to succeed.
wait_for() {
    local what="$1"
    shift
    local deadline=$((SECONDS + TIMEOUT))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            log "timed out after ${TIMEOUT}s waiting for $what"
            return 1
        fi
        sleep 1
    done
}

# Write a file only when its content differs; returns 0 if it was written.
# Usage: install_file PATH MODE OWNER < content
install_file() {
    local path="$1" mode="$2" owner="$3" tmp
    tmp="$(mktemp)"
    cat >"$tmp"
    if as_root test -f "$path" && as_root cmp -s "$tmp" "$path"; then
        rm -f "$tmp"
        return 1
    fi
    as_root install -D -m "$mode" -o "${owner%:*}" -g "${owner#*:}" "$tmp" "$path"
    rm -f "$tmp"
    log "wrote $path"
    return 0
}

# Start a daemon directly (no systemd). Its own output goes to a file, not
# to the caller: a daemon that kept the caller's pipe open would make a
# caller that reads our output (a test fixture) wait forever.
START_LOG=/var/log/slurm-localhost-start.log
start_direct() {
    as_root sh -c 'exec "$@" </dev/null >>'"$START_LOG"' 2>&1' sh "$@"
}

# Is a process with this exact name running? (Checks only; nothing is killed
# by name.)
running() { pgrep -x "$1" >/dev/null; }

# Stop a daemon this script (or an earlier run of it) started, by the PID in
# its pid file.
stop_daemon() {
    local name="$1" pidfile="$2"
    if have_systemd; then
        as_root systemctl stop "$name" || true
        return
    fi
    if as_root test -s "$pidfile"; then
        local pid
        pid="$(as_root cat "$pidfile")"
        if as_root kill "$pid" 2>/dev/null; then
            log "stopping $name (pid $pid)"
            local deadline=$((SECONDS + TIMEOUT))
            while as_root kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
                sleep 0.5
            done
        fi
        as_root rm -f "$pidfile"
    fi
}

# --- 1. Packages ------------------------------------------------------------
missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    # Package scripts may try to start services; without systemd some cannot,
    # which is fine: they are started below.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${PACKAGES[@]}" >/dev/null
fi

# --- 2. munge ---------------------------------------------------------------
if ! as_root test -s /etc/munge/munge.key; then
    log "creating the munge key"
    as_root mungekey --create --force
fi
as_root chown munge:munge /etc/munge/munge.key
as_root chmod 400 /etc/munge/munge.key
if ! running munged; then
    log "starting munged"
    if have_systemd; then
        as_root systemctl enable --now munge
    else
        as_root install -d -o munge -g munge -m 755 /run/munge
        start_direct runuser -u munge -- /usr/sbin/munged
    fi
fi
wait_for "munge" bash -c 'munge -n | unmunge'

# --- 3. MariaDB, the accounting storage --------------------------------------
mariadb_up() { as_root mariadb-admin --protocol=socket ping; }
if ! mariadb_up >/dev/null 2>&1; then
    log "starting mariadb"
    if have_systemd; then
        as_root systemctl enable --now mariadb
    else
        as_root install -d -o mysql -g mysql -m 755 /run/mysqld
        # mysqld_safe stays in the foreground; detach it from this shell.
        start_direct setsid -f /usr/bin/mysqld_safe
    fi
fi
wait_for "mariadb" mariadb_up

# The slurm database user's password lives only in slurmdbd.conf (mode 600,
# owner slurm); keep the one already there so that reruns change nothing.
DB_PASS=""
if as_root test -f "$DBD_CONF"; then
    DB_PASS="$(as_root sed -n 's/^StoragePass=//p' "$DBD_CONF")"
fi
if [[ -z "$DB_PASS" ]]; then
    DB_PASS="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
fi
as_root mariadb --protocol=socket <<SQL
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '${DB_PASS}';
ALTER USER 'slurm'@'localhost' IDENTIFIED BY '${DB_PASS}';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
SQL

# --- 4. Configuration -------------------------------------------------------
as_root install -d -o slurm -g slurm -m 755 /var/log/slurm /var/lib/slurm \
    /var/lib/slurm/slurmctld
as_root install -d -o root -g root -m 755 /var/lib/slurm/slurmd

# The node's real hardware, as slurmd sees it: CPUs, sockets, cores, threads
# and RealMemory (MB), without the NodeName (this node is "localhost").
HARDWARE="$(slurmd -C | head -n 1 | tr ' ' '\n' |
    grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' |
    tr '\n' ' ' || true)"
if [[ -z "$HARDWARE" ]]; then
    log "could not read the node's hardware from 'slurmd -C'"
    exit 1
fi

# Process tracking: cgroups when systemd manages them (a normal server with
# the unified cgroup v2 hierarchy); otherwise (a container or a VM without an
# init system, like CI here) the /proc based plugins, which need no cgroup
# hierarchy of their own.
if [[ "$CGROUPS" != no ]] && have_systemd && [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    PROCTRACK=proctrack/cgroup
    TASK_PLUGIN=task/cgroup,task/affinity
else
    PROCTRACK=proctrack/linuxproc
    TASK_PLUGIN=task/none
fi

changed=0
install_file "$SLURM_CONF" 644 root:root <<CONF && changed=1
# Written by tools/slurm_localhost.sh: a one-node cluster for testing.
ClusterName=${CLUSTER}
SlurmctldHost=localhost
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=${PROCTRACK}
TaskPlugin=${TASK_PLUGIN}
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# A node that was down (e.g. the machine restarted) comes back by itself.
ReturnToService=2
# Finished jobs stay visible to squeue/scontrol for 5 minutes; sacct keeps
# them for good (accounting below).
MinJobAge=300
# Accounting through slurmdbd, for sacct and sacctmgr.
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStorageEnforce=associations
# Keep the job comment (the plugin writes rule and wildcards into it).
AccountingStoreFlags=job_comment
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
JobCompType=jobcomp/none
NodeName=${NODE} NodeAddr=127.0.0.1 ${HARDWARE}State=UNKNOWN
PartitionName=${PARTITION} Nodes=${NODE} Default=YES MaxTime=INFINITE State=UP
CONF

if [[ "$PROCTRACK" == proctrack/cgroup ]]; then
    install_file "$CGROUP_CONF" 644 root:root <<CONF && changed=1
# Written by tools/slurm_localhost.sh.
CgroupPlugin=autodetect
ConstrainCores=yes
ConstrainRAMSpace=yes
CONF
fi

dbd_changed=0
install_file "$DBD_CONF" 600 slurm:slurm <<CONF && dbd_changed=1
# Written by tools/slurm_localhost.sh: accounting in the local MariaDB.
AuthType=auth/munge
DbdHost=localhost
SlurmUser=slurm
PidFile=/run/slurmdbd.pid
LogFile=/var/log/slurm/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageLoc=slurm_acct_db
StorageUser=slurm
StoragePass=${DB_PASS}
CONF

# Without systemd, slurmd is told its node name on the command line; with
# systemd, Debian's unit reads the same option from /etc/default/slurmd.
if have_systemd; then
    install_file /etc/default/slurmd 644 root:root <<CONF && changed=1
SLURMD_OPTIONS="-N ${NODE}"
CONF
fi

# --- 5. Daemons -------------------------------------------------------------
if ((dbd_changed)); then
    stop_daemon slurmdbd /run/slurmdbd.pid
fi
if ((changed)); then
    stop_daemon slurmd /run/slurmd.pid
    stop_daemon slurmctld /run/slurmctld.pid
fi

dbd_up() { as_root sacctmgr -n -P list cluster format=cluster; }
if ! running slurmdbd; then
    log "starting slurmdbd"
    if have_systemd; then
        as_root systemctl enable slurmdbd
        as_root systemctl restart slurmdbd
    else
        start_direct slurmdbd
    fi
fi
wait_for "slurmdbd" dbd_up

# The cluster must be known to the accounting database before slurmctld
# registers with it.
if ! as_root sacctmgr -n -P list cluster format=cluster | grep -qx "$CLUSTER"; then
    as_root sacctmgr -i add cluster "$CLUSTER" >/dev/null
fi

if ! running slurmctld; then
    log "starting slurmctld"
    if have_systemd; then
        as_root systemctl enable slurmctld
        as_root systemctl restart slurmctld
    else
        start_direct slurmctld
    fi
fi
wait_for "slurmctld" as_root scontrol ping

if ! running slurmd; then
    log "starting slurmd"
    if have_systemd; then
        as_root systemctl enable slurmd
        as_root systemctl restart slurmd
    else
        start_direct slurmd -N "$NODE"
    fi
fi

# --- 6. Account and user ----------------------------------------------------
if ! as_root sacctmgr -n -P list account format=account | grep -qx "$ACCOUNT"; then
    as_root sacctmgr -i add account "$ACCOUNT" Cluster="$CLUSTER" \
        Description="budget-goal reports" Organization="kommune" >/dev/null
fi
for user in root "$SUBMIT_USER"; do
    if ! as_root sacctmgr -n -P list association cluster="$CLUSTER" \
        account="$ACCOUNT" user="$user" format=user | grep -qx "$user"; then
        as_root sacctmgr -i add user "$user" Account="$ACCOUNT" \
            DefaultAccount="$ACCOUNT" Cluster="$CLUSTER" >/dev/null
    fi
done

# --- 7. Wait for the node ---------------------------------------------------
node_state() { sinfo -h -N -n "$NODE" -o %T 2>/dev/null | head -n 1; }
node_ready() { [[ "$(node_state)" =~ ^(idle|mixed|allocated|completing) ]]; }
deadline=$((SECONDS + TIMEOUT))
until node_ready; do
    state="$(node_state)"
    # A node left down or drained by an earlier, killed run: resume it.
    if [[ "$state" =~ ^(down|drain) ]]; then
        as_root scontrol update NodeName="$NODE" State=RESUME || true
    fi
    if ((SECONDS >= deadline)); then
        log "node $NODE is '${state:-unknown}', not idle, after ${TIMEOUT}s"
        sinfo -N -l >&2 || true
        exit 1
    fi
    sleep 1
done

log "cluster '$CLUSTER' is up: partition '$PARTITION', account '$ACCOUNT'" \
    "for user '$SUBMIT_USER'"
sinfo -N -o "%N %P %T %c %m" >&2
