#!/usr/bin/env python3
# Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
"""What the agent costs a server, decided: CPU per request at a fixed offered load.

    bench/fixed_rate.py SERVER [options]      (./unclog bench rate SERVER [options] calls this)

SERVER is one of: netty (Netty 4.2), vertx (Vert.x 5, its blocked-thread checker on),
reactor-netty (Reactor Netty 1.3), grpc (gRPC 1.85 unary, grpc-netty-shaded), vthreads (the
JDK's HttpServer, a virtual thread per exchange), helidon (Helidon 4 SE, virtual threads);
or all, one after the other.

The method. Every configuration's server runs at once, each a JVM pinned to CPU 0 (told it
has two processors, so that it sizes its pools as unpinned); the load generator
(dev.unclog.bench.FixedRateLoad, open loop, latency from when each request was due) runs on
CPU 1. All servers are loaded at the same time, each at the same fixed rate, well below what
CPU 0 can serve in all, in short windows that coincide: a drift of the machine (another
guest's load on the host, the clock speed, the kernel's loopback work) then falls on every
configuration alike, within the window. A window's figure is each server's CPU time (its
cpuacct cgroup, else the sum of its threads' schedstat) divided by the requests it answered,
and its p50 and p99 latency; its ratio is that over the same window's figure without an agent.
The estimate is the geometric mean of the windows' ratios, with a 90 % interval from a
two-level bootstrap (launches, then windows within them), so that what differs between one
JVM launch and the next (what the JIT made of each) is in the interval. A launch starts new
JVMs. A verdict is given only when the interval lies on one side of the goal; until then
another launch runs, up to --max-launches. A window in which other processes took more than a
tenth of the machine is run again.

How it can mislead. It measures CPU per request at a load the server handles easily; at
saturation a loop batches more work per wake-up, so a per-wake-up cost weighs less. The
agent's monitor thread costs a fixed CPU time per second, whatever the load: its share of
the CPU per request falls as the rate rises, so a ratio holds for its rate only; the summary
gives that fixed part on its own, and the rate from which it is 1 %. The servers share CPU 0
and evict each other's caches, so each one's CPU per request is higher than alone, for every
configuration alike; one's background threads (JIT, GC, unclog's monitor) slow another's
latency a little. Loopback with one client core is not a network; latency here is the
client's view on a machine with two cores. Few launches make a narrow interval look surer
than it is: the interval is only as wide as the launches it has seen.

Options:
  --rate N           requests per second offered to each server (default: the server's, printed)
  --seconds S        a window's length (4)
  --windows N        windows per launch (12)
  --launches N       launches before a verdict is tried (3)
  --max-launches N   launches at most (4)
  --warm-up S        seconds of load, all servers at once, before the first window (30)
  --connections N    client connections per server (16; gRPC: channels)
  --configs A,B,...  of none, empty, unclog, jfr, blockhound (netty only); none first
                     (default none,unclog: the verdict; the others for contrast)
  --out DIR          where the raw windows and the summary go
                     (default bench/results/DATE/fixed-rate-SERVER)
Configurations: none (no agent), empty (an agent that does nothing, with unclog's manifest:
what loading any agent costs), unclog (the agent jar, defaults), jfr (no agent, a JFR
recording with the default settings, what teams leave on), blockhound (BlockHound 1.0.17
with Netty's integration, for netty). Needs root for cgroups (it falls back without), taskset,
and the benchmark jars (./unclog build bench). Each launch takes about 85 s with the defaults;
a server's verdict four to six minutes.
"""
import math
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLASSES = os.path.join(ROOT, "bench", "target", "classes")
SERVERS_DIR = os.path.join(ROOT, "bench", "target", "servers")
AGENT = os.path.join(ROOT, "agent", "target", "unclog-agent.jar")
BLOCKHOUND = os.path.join(ROOT, "bench", "target", "blockhound.jar")
EMPTY_AGENT = os.path.join(ROOT, "bench", "target", "empty-agent.jar")

# name: (main class, client kind, default rate to each server, goal as the highest acceptable
# ratio): the two default configurations at that rate at once keep CPU 0 well below busy; with
# more configurations, lower it (--rate)
SERVERS = {
    "netty": ("dev.unclog.bench.NettyHello", "http", 4000, 1.01),
    "vertx": ("dev.unclog.bench.VertxHello", "http", 4000, 1.01),
    "reactor-netty": ("dev.unclog.bench.ReactorNettyHello", "http", 3000, 1.01),
    "grpc": ("dev.unclog.bench.GrpcHello", "grpc", 1500, 1.01),
    "vthreads": ("dev.unclog.bench.VirtualThreadHttpServer", "http", 2500, 1.03),
    "helidon": ("dev.unclog.bench.HelidonHello", "http", 2500, 1.03),
}
BLOCKHOUND_OPTS = [
    "-XX:+AllowRedefinitionToAddDeleteMethods",
    "-XX:+EnableDynamicAgentLoading",
    "--sun-misc-unsafe-memory-access=allow",
]
FOREIGN_MAX = 0.10
RETRIES = 2
BOOTSTRAP = 4000
CGROUP_ROOTS = ("/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpu,cpuacct")


def die(message):
    print("fixed-rate: " + message, file=sys.stderr)
    sys.exit(2)


def say(message):
    print("fixed-rate: " + message, file=sys.stderr, flush=True)


def parse(argv):
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        sys.exit(0)
    server = argv[0]
    if server != "all" and server not in SERVERS:
        die("unknown server '%s': one of %s, or all" % (server, ", ".join(SERVERS)))
    options = {"rate": None, "seconds": 4.0, "windows": 12, "launches": 3, "max-launches": 4,
               "warm-up": 30.0, "connections": 16, "configs": None, "out": None}
    i = 1
    while i < len(argv):
        name = argv[i][2:] if argv[i].startswith("--") else None
        if name not in options or i + 1 >= len(argv):
            die("unknown option or missing value: '%s' (see --help)" % argv[i])
        value = argv[i + 1]
        try:
            if name in ("windows", "launches", "max-launches", "connections"):
                options[name] = int(value)
                ok = options[name] > 0
            elif name in ("rate", "seconds", "warm-up"):
                options[name] = float(value)
                ok = options[name] > 0
            else:
                options[name] = value
                ok = bool(value)
        except ValueError:
            ok = False
        if not ok:
            die("--%s needs a positive number or a value, not '%s'" % (name, value))
        i += 2
    return server, options


def java():
    try:
        home = subprocess.run([os.path.join(ROOT, "unclog"), "jdk"], check=True,
                              capture_output=True, text=True).stdout.strip()
    except subprocess.CalledProcessError as e:
        die(e.stderr.strip() or "no JDK 21+")
    return home, os.path.join(home, "bin", "java")


class CpuMeter:
    """A process's CPU time in nanoseconds: its own cpuacct cgroup when one can be made (every
    thread, exited ones too), else the sum of its threads' schedstat."""

    def __init__(self, pid, name):
        self.pid = pid
        self.group = None
        for root in CGROUP_ROOTS:
            if os.access(root, os.W_OK):
                group = os.path.join(root, "unclog-rate-%d-%s" % (os.getpid(), name))
                try:
                    os.makedirs(group, exist_ok=True)
                    with open(os.path.join(group, "cgroup.procs"), "w") as f:
                        f.write(str(pid))
                    self.group = group
                except OSError:
                    self.group = None
                break

    def nanos(self):
        if self.group:
            with open(os.path.join(self.group, "cpuacct.usage")) as f:
                return int(f.read())
        return self.threads_nanos("")

    def own_threads_nanos(self):
        """The CPU time of the process's live threads named unclog-* (the monitor, the
        reporter): what the agent costs whatever the load, apart from its hooks."""
        return self.threads_nanos("unclog")

    def threads_nanos(self, prefix):
        """The summed schedstat CPU time of the live threads whose name starts with prefix."""
        total = 0
        tasks = "/proc/%d/task" % self.pid
        for tid in os.listdir(tasks):
            try:
                if prefix:
                    with open(os.path.join(tasks, tid, "comm")) as f:
                        if not f.read().startswith(prefix):
                            continue
                with open(os.path.join(tasks, tid, "schedstat")) as f:
                    total += int(f.read().split()[0])
            except OSError:
                pass  # a thread that ended meanwhile
        return total

    def close(self):
        if self.group:
            for _ in range(50):
                try:
                    os.rmdir(self.group)
                    return
                except OSError:
                    time.sleep(0.1)  # the process is still leaving it


def machine_busy():
    """(busy ticks, all ticks) of the whole machine so far."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:9]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def ticks_of(pid):
    with open("/proc/%d/stat" % pid) as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])


class Server:
    def __init__(self, name, config, java_bin, out, launch, agent):
        main, self.kind, _, _ = SERVERS[name]
        classpath = CLASSES + os.pathsep + os.path.join(SERVERS_DIR, "*")
        options = ["-XX:ActiveProcessorCount=2"]
        if config == "unclog":
            options.append("-javaagent:" + agent)
        elif config == "jfr":
            options.append("-XX:StartFlightRecording:settings=default,filename=%s"
                           % os.path.join(out, "launch%d-%s.jfr" % (launch, name)))
        elif config == "empty":
            options.append("-javaagent:" + EMPTY_AGENT)
        elif config == "blockhound":
            options += BLOCKHOUND_OPTS
            classpath += os.pathsep + BLOCKHOUND
            main = "dev.unclog.bench.NettyHelloBlockHound"
        self.log = open(os.path.join(out, "launch%d-%s.log" % (launch, config)), "w")
        self.process = subprocess.Popen(
            ["taskset", "-c", "0", java_bin] + options + ["-cp", classpath, main, "0"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.config = config
        self.port = None
        deadline = time.time() + 60
        while self.port is None and time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            if line.startswith("listening "):
                self.port = int(line.split()[1])
        if self.port is None:
            self.stop()
            die("the %s server (%s) did not start: see %s" % (name, config, self.log.name))
        self.cpu = CpuMeter(self.process.pid, "%d-%s" % (launch, config))

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.log.close()
        if getattr(self, "cpu", None):
            self.cpu.close()


class Load:
    """The load generator JVM, pinned to CPU 1, one command at a time."""

    def __init__(self, java_bin, out):
        classpath = CLASSES + os.pathsep + os.path.join(SERVERS_DIR, "*")
        self.log = open(os.path.join(out, "load.log"), "w")
        self.process = subprocess.Popen(
            ["taskset", "-c", "1", java_bin, "-cp", classpath, "dev.unclog.bench.FixedRateLoad"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)

    def ask(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if not answer or answer.startswith("error"):
            die("the load generator: %s" % (answer or "gone"))
        return answer

    def close(self):
        self.process.stdin.close()
        self.process.wait()
        self.log.close()


def window(load, servers, rate, seconds):
    """One measured window, every server loaded at once: each one's figures, run again while
    other processes took too much of the machine."""
    for attempt in range(RETRIES + 1):
        busy0, all0 = machine_busy()
        own0 = ticks_of(load.process.pid)
        cpu0 = [s.cpu.nanos() for s in servers]
        own_threads0 = [s.cpu.own_threads_nanos() for s in servers]
        answer = load.ask("run %s %g %g" % (",".join(str(s.port) for s in servers), rate,
                                            seconds))
        cpu1 = [s.cpu.nanos() for s in servers]
        own_threads1 = [s.cpu.own_threads_nanos() for s in servers]
        busy1, all1 = machine_busy()
        own1 = ticks_of(load.process.pid)
        groups = [g.split() for g in answer[len("result "):].split(" | ")]
        servers_ticks = (sum(cpu1) - sum(cpu0)) / 1e9 * os.sysconf("SC_CLK_TCK")
        foreign = max(0.0, (busy1 - busy0) - (own1 - own0) - servers_ticks) / max(1, all1 - all0)
        if foreign <= FOREIGN_MAX or attempt == RETRIES:
            figures = {}
            for i, (server, group) in enumerate(zip(servers, groups)):
                f = dict(zip(group[1::2], group[2::2]))
                requests = int(f["requests"])
                own = own_threads1[i] - own_threads0[i]
                figures[server.config] = {
                    "cpu_us": (cpu1[i] - cpu0[i]) / 1e3 / max(1, requests),
                    # the rest once unclog's own threads are taken out: the hooks' part
                    "cpu_us_without_own": (cpu1[i] - cpu0[i] - own) / 1e3 / max(1, requests),
                    "own_core_pct": 100.0 * own / 1e9 / seconds,
                    "requests": requests,
                    "errors": int(f["errors"]),
                    "late": int(f["late"]),
                    "p50_us": float(f["p50_us"]),
                    "p99_us": float(f["p99_us"]),
                    "foreign": foreign,
                }
            return figures
        say("  (other processes took %.0f %% of the machine: the window again)" % (100 * foreign))


def median(values):
    """The upper median, as the summaries have always given it."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def interval(launches, rng):
    """The estimate and 90 % interval of the geometric mean of per-window ratios; launches is a
    list of lists of ratios, resampled launches first, then windows within each."""
    point = geometric_mean([r for windows in launches for r in windows])
    estimates = []
    for _ in range(BOOTSTRAP):
        sample = []
        for windows in (rng.choice(launches) for _ in launches):
            sample += [rng.choice(windows) for _ in windows]
        estimates.append(geometric_mean(sample))
    estimates.sort()
    return point, estimates[int(0.05 * BOOTSTRAP)], estimates[int(0.95 * BOOTSTRAP) - 1]


def verdict(low, high, goal):
    if high <= goal:
        return "met"
    if low > goal:
        return "missed"
    return "undecided"


def measure(name, options, java_home, java_bin, out, agent):
    main, _, default_rate, goal = SERVERS[name]
    rate = options["rate"] or default_rate
    configs = (options["configs"] or "none,unclog").split(",")
    for config in configs:
        if config not in ("none", "empty", "unclog", "jfr", "blockhound") or (
                config == "blockhound" and name != "netty"):
            die("unknown configuration '%s' for %s" % (config, name))
    if configs[0] != "none":
        die("--configs must begin with none, the baseline")
    os.makedirs(out, exist_ok=True)
    raw = open(os.path.join(out, "windows.tsv"), "w")
    raw.write("launch\twindow\tconfig\tcpu_us_per_request\trequests\terrors\tlate"
              "\tp50_us\tp99_us\tforeign\tcpu_us_without_own_threads\town_threads_core_pct\n")
    header = ["date: %s" % datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "source: %s" % describe_source(),
              "jdk: %s" % java_home,
              "server: %s (%s); configurations: %s" % (name, main, " ".join(configs)),
              "rate: %g requests/s offered to each server over %d connections; windows of %g s, "
              "%d a launch; %g s warm-up" % (rate, options["connections"], options["seconds"],
                                        options["windows"], options["warm-up"]),
              "pinned: servers on CPU 0 (-XX:ActiveProcessorCount=2), the load generator on "
              "CPU 1; goal: unclog / none <= %.2f in CPU per request" % goal]
    for line in header:
        say(line)
    rng = random.Random(20261203)
    per_launch = []
    launch = 0
    load = Load(java_bin, out)
    try:
        while True:
            launch += 1
            say("%s: launch %d" % (name, launch))
            servers = []
            try:
                for config in configs:
                    servers.append(Server(name, config, java_bin, out, launch, agent))
                kind = servers[0].kind
                for server in servers:
                    load.ask("connect %s %d %d" % (kind, server.port, options["connections"]))
                window(load, servers, rate, options["warm-up"])
                launch_ratios = {c: {"cpu": [], "p99": [], "hooks": [], "own": []}
                                 for c in configs[1:]}
                for number in range(1, options["windows"] + 1):
                    w = window(load, servers, rate, options["seconds"])
                    for c in configs:
                        raw.write("%d\t%d\t%s\t%.3f\t%d\t%d\t%d\t%.1f\t%.1f\t%.3f\t%.3f\t%.4f\n" % (
                            launch, number, c, w[c]["cpu_us"], w[c]["requests"], w[c]["errors"],
                            w[c]["late"], w[c]["p50_us"], w[c]["p99_us"], w[c]["foreign"],
                            w[c]["cpu_us_without_own"], w[c]["own_core_pct"]))
                    raw.flush()
                    say("  window %d: %s" % (number, ", ".join(
                        "%s %.2f us/request p99 %.0f us" % (c, w[c]["cpu_us"], w[c]["p99_us"])
                        for c in configs)))
                    for c in configs[1:]:
                        launch_ratios[c]["cpu"].append(w[c]["cpu_us"] / w["none"]["cpu_us"])
                        launch_ratios[c]["p99"].append(w[c]["p99_us"] / w["none"]["p99_us"])
                        launch_ratios[c]["hooks"].append(
                            w[c]["cpu_us_without_own"] / w["none"]["cpu_us"])
                        launch_ratios[c]["own"].append(w[c]["own_core_pct"])
            finally:
                for server in servers:
                    load.ask("close %d" % server.port)
                    server.stop()
            per_launch.append(launch_ratios)
            if launch >= options["launches"]:
                point, low, high = interval([l["unclog"]["cpu"] for l in per_launch], rng) \
                    if "unclog" in configs else (0, 0, 0)
                if "unclog" not in configs or verdict(low, high, goal) != "undecided" \
                        or launch >= options["max-launches"]:
                    break
                say("%s: unclog / none %.4f (%.4f to %.4f), undecided against %.2f: one more "
                    "launch" % (name, point, low, high, goal))
    finally:
        load.close()
        raw.close()
    summary = header + ["launches: %d" % launch, ""]
    summary.append("%-12s %-28s %-28s %s" % ("config", "CPU per request / none", "p99 / none",
                                              "verdict"))
    for c in configs[1:]:
        cpu = interval([l[c]["cpu"] for l in per_launch], rng)
        p99 = interval([l[c]["p99"] for l in per_launch], rng)
        judged = ""
        if c == "unclog":
            judged = "%s (goal <= %.2f); p99 %s" % (
                verdict(cpu[1], cpu[2], goal), goal,
                "worse" if p99[1] > 1 else "not worse beyond the interval")
        summary.append("%-12s %.4f (%.4f to %.4f)     %.3f (%.3f to %.3f)       %s" % (
            c, cpu[0], cpu[1], cpu[2], p99[0], p99[1], p99[2], judged))
    medians = {}
    with open(os.path.join(out, "windows.tsv")) as f:
        next(f)
        for line in f:
            cells = line.split("\t")
            medians.setdefault(cells[2], []).append(float(cells[3]))
    if "unclog" in configs:
        hooks = interval([l["unclog"]["hooks"] for l in per_launch], rng)
        own = sorted(v for l in per_launch for v in l["unclog"]["own"])
        summary.append("%-12s %.4f (%.4f to %.4f)     its threads unclog-* (the monitor's) "
                       "taken out, the hooks' part: %s" % ("  unclog -", *hooks,
                                                          verdict(hooks[1], hooks[2], goal)))
        own_us_per_second = median(own) / 100 * 1e6
        summary.append("unclog's own threads: %.3f %% of a core (median of the windows; %.3f "
                       "to %.3f), %.2f us per request at this rate; a fixed cost, which is 1 %% "
                       "of the CPU per request from %.0f requests/s on" % (
                           median(own), own[0], own[-1], own_us_per_second / rate,
                           own_us_per_second / (0.01 * median(medians["none"]))))
    summary.append("")
    summary.append("per launch, geometric mean of the windows' CPU ratios: " + "; ".join(
        ", ".join("%s %.4f" % (c, geometric_mean(l[c]["cpu"])) for c in configs[1:])
        for l in per_launch))
    summary.append("median CPU per request, us: " + ", ".join(
        "%s %.2f" % (c, median(v)) for c, v in medians.items()))
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write("\n".join(summary) + "\n")
    print("\n".join(summary), flush=True)


def describe_source():
    try:
        return subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    server, options = parse(sys.argv[1:])
    if not shutil.which("taskset"):
        die("needs taskset (util-linux)")
    if os.cpu_count() < 2:
        die("needs two CPUs: one for the servers, one for the load generator")
    for path in (CLASSES, SERVERS_DIR, AGENT, BLOCKHOUND, EMPTY_AGENT):
        if not os.path.exists(path):
            die("no %s: build first (./unclog build bench)" % path)
    java_home, java_bin = java()
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    names = list(SERVERS) if server == "all" else [server]
    for name in names:
        out = options["out"] or os.path.join(ROOT, "bench", "results", day, "fixed-rate-" + name)
        if server == "all" and options["out"]:
            out = os.path.join(options["out"], name)
        os.makedirs(out, exist_ok=True)
        agent = os.path.join(out, "unclog-agent.jar")  # a copy: a rebuild meanwhile changes nothing
        shutil.copyfile(AGENT, agent)
        try:
            measure(name, options, java_home, java_bin, out, agent)
        finally:
            os.remove(agent)


if __name__ == "__main__":
    main()
