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
CPU 1. Each server is warmed up, then measured in short windows at the same fixed rate, well
below saturation, in rounds whose order runs forward and back (A B C C B A): a drift of the
machine within a round then falls on every configuration alike. A window's figure is the
server's CPU time (its cpuacct cgroup, else the sum of its threads' schedstat) divided by the
requests answered, and its p50 and p99 latency. A round's figure for a configuration is the
mean of its two windows; its ratio is that over the round's figure without an agent. The
estimate is the geometric mean of the rounds' ratios, with a 90 % interval from a two-level
bootstrap (launches, then rounds within them), so that what differs between one JVM launch
and the next is in the interval. A launch starts new JVMs. A verdict is given only when the
interval lies on one side of the goal; until then another launch runs, up to --max-launches.
A window in which other processes took more than a tenth of the machine is run again.

How it can mislead. It measures CPU per request at a load the server handles easily; at
saturation a loop batches more work per wake-up and a fixed per-wake-up cost weighs less,
while a per-request cost weighs the same. The servers share one core, so one's background
threads (JIT, GC, unclog's monitor) slow another's latency a little, not its CPU figure.
Loopback with one client core is not a network; latency here is the client's view on a
machine with two cores. Few launches make a narrow interval look surer than it is: the
interval is only as wide as the launches it has seen.

Options:
  --rate N           offered requests per second (default: the server's, printed)
  --seconds S        a window's length (2)
  --rounds N         rounds per launch (6)
  --launches N       launches before a verdict is tried (2)
  --max-launches N   launches at most (4)
  --warm-up S        seconds of load per server before the first round (15)
  --connections N    client connections per server (16; gRPC: channels)
  --configs A,B,...  none,unclog,jfr (netty: also blockhound); none comes first
  --out DIR          where the raw windows and the summary go
                     (default bench/results/DATE/fixed-rate-SERVER)
Configurations: none (no agent), unclog (the agent jar, defaults), jfr (no agent, a JFR
recording with the default settings, what teams leave on), blockhound (BlockHound 1.0.17
with Netty's integration, for netty). Needs root for cgroups (it falls back without), taskset,
and the benchmark jars (./unclog build bench). Each launch takes about two minutes with the
defaults; a server's verdict four to eight.
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

# name: (main class, client kind, default rate, goal as the highest acceptable ratio)
SERVERS = {
    "netty": ("dev.unclog.bench.NettyHello", "http", 10000, 1.01),
    "vertx": ("dev.unclog.bench.VertxHello", "http", 10000, 1.01),
    "reactor-netty": ("dev.unclog.bench.ReactorNettyHello", "http", 8000, 1.01),
    "grpc": ("dev.unclog.bench.GrpcHello", "grpc", 3000, 1.01),
    "vthreads": ("dev.unclog.bench.VirtualThreadHttpServer", "http", 5000, 1.03),
    "helidon": ("dev.unclog.bench.HelidonHello", "http", 5000, 1.03),
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
    options = {"rate": None, "seconds": 2.0, "rounds": 6, "launches": 2, "max-launches": 4,
               "warm-up": 15.0, "connections": 16, "configs": None, "out": None}
    i = 1
    while i < len(argv):
        name = argv[i][2:] if argv[i].startswith("--") else None
        if name not in options or i + 1 >= len(argv):
            die("unknown option or missing value: '%s' (see --help)" % argv[i])
        value = argv[i + 1]
        try:
            if name in ("rounds", "launches", "max-launches", "connections"):
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
        total = 0
        tasks = "/proc/%d/task" % self.pid
        for tid in os.listdir(tasks):
            try:
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


def window(load, server, rate, seconds, others):
    """One measured window: its figures, run again while other processes took too much."""
    for attempt in range(RETRIES + 1):
        busy0, all0 = machine_busy()
        own0 = ticks_of(load.process.pid) + sum(ticks_of(s.process.pid) for s in others)
        cpu0 = server.cpu.nanos()
        answer = load.ask("run %d %g %g" % (server.port, rate, seconds)).split()
        cpu1 = server.cpu.nanos()
        busy1, all1 = machine_busy()
        own1 = ticks_of(load.process.pid) + sum(ticks_of(s.process.pid) for s in others)
        figures = dict(zip(answer[2::2], answer[3::2]))
        requests = int(figures["requests"])
        server_ticks = (cpu1 - cpu0) / 1e9 * os.sysconf("SC_CLK_TCK")
        foreign = max(0.0, (busy1 - busy0) - (own1 - own0) - server_ticks) / max(1, all1 - all0)
        if foreign <= FOREIGN_MAX or attempt == RETRIES:
            return {
                "cpu_us": (cpu1 - cpu0) / 1e3 / max(1, requests),
                "requests": requests,
                "errors": int(figures["errors"]),
                "late": int(figures["late"]),
                "p50_us": float(figures["p50_us"]),
                "p99_us": float(figures["p99_us"]),
                "foreign": foreign,
            }
        say("  (other processes took %.0f %% of the machine: the window again)" % (100 * foreign))


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def interval(launches, rng):
    """The estimate and 90 % interval of the geometric mean of per-round ratios; launches is a
    list of lists of ratios, resampled launches first, then rounds within each."""
    point = geometric_mean([r for rounds in launches for r in rounds])
    estimates = []
    for _ in range(BOOTSTRAP):
        sample = []
        for rounds in (rng.choice(launches) for _ in launches):
            sample += [rng.choice(rounds) for _ in rounds]
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
    configs = (options["configs"] or ("none,unclog,jfr,blockhound" if name == "netty"
                                      else "none,unclog,jfr")).split(",")
    for config in configs:
        if config not in ("none", "unclog", "jfr", "blockhound") or (
                config == "blockhound" and name != "netty"):
            die("unknown configuration '%s' for %s" % (config, name))
    if configs[0] != "none":
        die("--configs must begin with none, the baseline")
    os.makedirs(out, exist_ok=True)
    raw = open(os.path.join(out, "windows.tsv"), "w")
    raw.write("launch\tround\tconfig\twindow\tcpu_us_per_request\trequests\terrors\tlate"
              "\tp50_us\tp99_us\tforeign\n")
    header = ["date: %s" % datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "source: %s" % describe_source(),
              "jdk: %s" % java_home,
              "server: %s (%s); configurations: %s" % (name, main, " ".join(configs)),
              "rate: %g requests/s offered over %d connections; windows of %g s; %d rounds a "
              "launch; %g s warm-up" % (rate, options["connections"], options["seconds"],
                                        options["rounds"], options["warm-up"]),
              "pinned: servers on CPU 0 (-XX:ActiveProcessorCount=2), the load generator on "
              "CPU 1; goal: unclog / none <= %.2f in CPU per request" % goal]
    for line in header:
        say(line)
    rng = random.Random(20261203)
    ratios = {c: {"cpu": [], "p99": []} for c in configs[1:]}
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
                    load.ask("run %d %g %g" % (server.port, rate, options["warm-up"]))
                launch_ratios = {c: {"cpu": [], "p99": []} for c in configs[1:]}
                for round_ in range(1, options["rounds"] + 1):
                    order = servers[:]
                    rng.shuffle(order)
                    figures = {s.config: [] for s in servers}
                    for number, server in enumerate(order + order[::-1]):
                        others = [s for s in servers if s is not server]
                        w = window(load, server, rate, options["seconds"], others)
                        figures[server.config].append(w)
                        raw.write("%d\t%d\t%s\t%d\t%.3f\t%d\t%d\t%d\t%.1f\t%.1f\t%.3f\n" % (
                            launch, round_, server.config, number + 1, w["cpu_us"],
                            w["requests"], w["errors"], w["late"], w["p50_us"], w["p99_us"],
                            w["foreign"]))
                        raw.flush()
                    mean = {c: {m: sum(w[m] for w in ws) / len(ws) for m in ("cpu_us", "p99_us")}
                            for c, ws in figures.items()}
                    say("  round %d: %s" % (round_, ", ".join(
                        "%s %.2f us/request p99 %.0f us" % (c, mean[c]["cpu_us"], mean[c]["p99_us"])
                        for c in configs)))
                    for c in configs[1:]:
                        launch_ratios[c]["cpu"].append(mean[c]["cpu_us"] / mean["none"]["cpu_us"])
                        launch_ratios[c]["p99"].append(mean[c]["p99_us"] / mean["none"]["p99_us"])
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
    summary.append("")
    summary.append("per launch, geometric mean of the rounds' CPU ratios: " + "; ".join(
        ", ".join("%s %.4f" % (c, geometric_mean(l[c]["cpu"])) for c in configs[1:])
        for l in per_launch))
    medians = {}
    with open(os.path.join(out, "windows.tsv")) as f:
        next(f)
        for line in f:
            cells = line.split("\t")
            medians.setdefault(cells[2], []).append(float(cells[4]))
    summary.append("median CPU per request, us: " + ", ".join(
        "%s %.2f" % (c, sorted(v)[len(v) // 2]) for c, v in medians.items()))
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
    for path in (CLASSES, SERVERS_DIR, AGENT, BLOCKHOUND):
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
