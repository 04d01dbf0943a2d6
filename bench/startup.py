#!/usr/bin/env python3
"""What the agent adds to a JVM's start: a hello-world program's wall time and peak RSS, bare,
with an agent that does nothing (the floor of -javaagent itself), and with unclog's agent, in
alternated rounds (bare, empty, unclog, unclog, empty, bare) so that drift cancels. Prints each
variant's median and range, and unclog's added time and memory against bare with a 90 %
bootstrap interval of the median difference. Then the same for a hello world that starts one
virtual thread: what a program pays when the agent weaves VirtualThread at its first use.

  python3 bench/startup.py [JAVA_HOME] [ROUNDS]   (after ./unclog build; GNU time needed)
"""
import os, random, statistics, subprocess, sys, tempfile, time

home = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("JAVA_HOME", "")
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 12
java, javac, jar = (os.path.join(home, "bin", tool) for tool in ("java", "javac", "jar"))
unclog = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "agent", "target",
                      "unclog-agent.jar")
work = tempfile.mkdtemp(prefix="unclog-startup")
with open(os.path.join(work, "Hello.java"), "w") as f:
    f.write('public class Hello { public static void main(String[] a) {'
            ' System.out.println("hello"); } }')
with open(os.path.join(work, "VirtualHello.java"), "w") as f:
    f.write('public class VirtualHello { public static void main(String[] a) throws Exception {'
            ' Thread.ofVirtual().start(() -> System.out.println("hello")).join(); } }')
with open(os.path.join(work, "Empty.java"), "w") as f:
    f.write('public class Empty { public static void premain(String a,'
            ' java.lang.instrument.Instrumentation i) {} }')
with open(os.path.join(work, "manifest.txt"), "w") as f:
    f.write("Premain-Class: Empty\n")
subprocess.run([javac, "-d", work, os.path.join(work, "Hello.java"),
                os.path.join(work, "VirtualHello.java"), os.path.join(work, "Empty.java")],
               check=True)
empty = os.path.join(work, "empty.jar")
subprocess.run([jar, "cfm", empty, os.path.join(work, "manifest.txt"), "-C", work, "Empty.class"],
               check=True)
AGENTS = {"bare": None, "empty agent": empty, "unclog": unclog}

def run(agent, program):
    command = ["/usr/bin/time", "-f", "%M", java] + (["-javaagent:" + agent] if agent
        else []) + ["-cp", work, program]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("UNCLOG_") and k != "JAVA_TOOL_OPTIONS"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return (time.perf_counter() - started) * 1000, int(done.stderr.split()[-1]) / 1024

def interval(a, b):
    """90 % bootstrap interval of median(b) - median(a)."""
    random.seed(1)
    diffs = sorted(statistics.median(random.choices(b, k=len(b)))
                   - statistics.median(random.choices(a, k=len(a))) for _ in range(2000))
    return diffs[100], diffs[1899]

for program in ("Hello", "VirtualHello"):
    results = {name: [] for name in AGENTS}
    for _ in range(rounds):
        for name in ("bare", "empty agent", "unclog", "unclog", "empty agent", "bare"):
            results[name].append(run(AGENTS[name], program))
    print(program)
    for name, runs in results.items():
        walls, peaks = [r[0] for r in runs], [r[1] for r in runs]
        print("  %-11s wall ms: median %.0f (min %.0f, max %.0f); peak RSS MiB: median %.1f" % (
            name, statistics.median(walls), min(walls), max(walls), statistics.median(peaks)))
    for what, index in (("wall ms", 0), ("peak RSS MiB", 1)):
        bare = [r[index] for r in results["bare"]]
        with_unclog = [r[index] for r in results["unclog"]]
        low, high = interval(bare, with_unclog)
        print("  unclog adds %s: median %.1f (90 %% interval %.1f to %.1f)" % (
            what, statistics.median(with_unclog) - statistics.median(bare), low, high))
