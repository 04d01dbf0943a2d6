/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import dev.unclog.internal.SpawnSites;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code UNCLOG_SPAWN_STACKS=true} adds to a thread start: nanoseconds per start and join of a
 * {@code virtual} or {@code platform} thread that does nothing, with
 *
 * <ul>
 *   <li>{@code off}: the start alone, as with the knob off (nothing is woven then);
 *   <li>{@code on}: {@code SpawnSites.recordThread(thread)} first, which is all the woven spawn
 *       hook does (one interface call away): a stack walk of up to 16 frames turned into {@code
 *       StackTraceElement}s, a look-up among shared sites and a weak-map insertion;
 * </ul>
 *
 * and {@code captureOnly}, the recording alone for a new unstarted virtual thread (its creation
 * included, which {@code off} also pays). The cost of the knob per start is {@code on - off}.
 *
 * <p>Run it from the repository root (about 2 minutes):
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow \
 *     mvn -B -ntp -q -o -DskipTests -Dstyle.color=never package -pl core,bench
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar bench/target/benchmarks.jar SpawnSiteBenchmark
 * </pre>
 */
@Fork(2)
@Warmup(iterations = 4, time = 1, timeUnit = TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class SpawnSiteBenchmark extends NanosPerOperation {
  private static final Runnable NOTHING = () -> {};

  @Param({"virtual", "platform"})
  public String kind;

  private Thread.Builder builder() {
    return kind.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform();
  }

  @Benchmark
  public Thread off() throws InterruptedException {
    Thread thread = builder().unstarted(NOTHING);
    thread.start();
    thread.join();
    return thread;
  }

  @Benchmark
  public Thread on() throws InterruptedException {
    Thread thread = builder().unstarted(NOTHING);
    SpawnSites.recordThread(thread);
    thread.start();
    thread.join();
    return thread;
  }

  @Benchmark
  public Thread captureOnly() {
    Thread thread = Thread.ofVirtual().unstarted(NOTHING);
    SpawnSites.recordThread(thread);
    return thread;
  }
}
