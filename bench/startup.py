#!/usr/bin/env python3
"""What the agent adds to a JVM's start: a hello-world program's wall time and peak RSS, bare
and with -javaagent, in alternated rounds (bare, agent, agent, bare) so that drift cancels.

  python3 bench/startup.py [JAVA_HOME] [ROUNDS]   (after ./unclog build; GNU time needed)
"""
import os, statistics, subprocess, sys, tempfile, time

home = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("JAVA_HOME", "")
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 12
java, javac = os.path.join(home, "bin", "java"), os.path.join(home, "bin", "javac")
agent = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "agent", "target",
                     "unclog-agent.jar")
work = tempfile.mkdtemp(prefix="unclog-startup")
with open(os.path.join(work, "Hello.java"), "w") as f:
    f.write('public class Hello { public static void main(String[] a) {'
            ' System.out.println("hello"); } }')
subprocess.run([javac, "-d", work, os.path.join(work, "Hello.java")], check=True)

def run(with_agent):
    command = ["/usr/bin/time", "-f", "%M", java] + (["-javaagent:" + agent] if with_agent
        else []) + ["-cp", work, "Hello"]
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("UNCLOG_") and k != "JAVA_TOOL_OPTIONS"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return (time.perf_counter() - started) * 1000, int(done.stderr.split()[-1]) / 1024

results = {False: [], True: []}
for _ in range(rounds):
    for with_agent in (False, True, True, False):
        results[with_agent].append(run(with_agent))
for with_agent in (False, True):
    walls = [r[0] for r in results[with_agent]]
    peaks = [r[1] for r in results[with_agent]]
    print("%-5s wall ms: median %.0f (min %.0f, max %.0f); peak RSS MiB: median %.1f" % (
        "agent" if with_agent else "bare", statistics.median(walls), min(walls), max(walls),
        statistics.median(peaks)))
