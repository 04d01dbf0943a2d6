/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Places and the class-loading machinery, on stacks as real runs showed them. */
class FramesTest {
  private static StackTraceElement frame(String type, String method, int line) {
    return new StackTraceElement(type, method, type + ".java", line);
  }

  private static StackTraceElement nativeFrame(String type, String method) {
    return new StackTraceElement(type, method, null, -2);
  }

  private static final StackTraceElement LOOP =
      frame("io.netty.channel.nio.NioEventLoop", "run", 562);
  private static final StackTraceElement HANDLER = frame("app.Handler", "channelRead", 40);

  @Test
  void unclogsOwnFramesAroundATask_areNeitherTheCulprit_norPartOfThePlace() {
    StackTraceElement sleep = frame("java.lang.Thread", "sleep", 540);
    StackTraceElement pool = frame("java.util.concurrent.ThreadPoolExecutor", "runWorker", 1144);
    StackTraceElement hubRun = frame("dev.unclog.Hub", "run", 120);
    StackTraceElement watched = frame("dev.unclog.WatchedTask", "run", 24);
    assertEquals(
        Frames.fingerprint("executor", "w", List.of(sleep, HANDLER, pool), "t"),
        Frames.fingerprint("executor", "w", List.of(sleep, HANDLER, hubRun, watched, pool), "t"),
        "the same place whatever unclog's frames (and their lines) around the task");
    // a task whose own frames are hidden (a lambda straight into the JDK): the JDK frame, not
    // unclog
    assertEquals(sleep, Frames.culprit(List.of(sleep, hubRun, watched, pool)));
  }

  @Test
  void aCpuLoop_sampledAtDifferentFrames_isOnePlace() {
    List<StackTraceElement> inIsPrime =
        List.of(
            frame("app.Primes", "isPrime", 79),
            frame("app.Primes", "crunchNumbers", 71),
            HANDLER,
            LOOP);
    List<StackTraceElement> inCrunch =
        List.of(frame("app.Primes", "crunchNumbers", 70), HANDLER, LOOP);
    String both =
        Frames.sharedFingerprint("event-loop", "loop-1", List.of(inIsPrime, inCrunch), "t");
    String reversed =
        Frames.sharedFingerprint("event-loop", "loop-1", List.of(inCrunch, inIsPrime), "t");
    String crunchOnly = Frames.sharedFingerprint("event-loop", "loop-1", List.of(inCrunch), "t");
    String againAtOtherLine =
        Frames.sharedFingerprint(
            "event-loop",
            "loop-2",
            List.of(
                List.of(frame("app.Primes", "crunchNumbers", 73), HANDLER, LOOP),
                List.of(frame("app.Primes", "crunchNumbers", 70), HANDLER, LOOP)),
            "t");
    assertEquals(both, reversed);
    assertEquals(both, crunchOnly, "the shared innermost application frame is crunchNumbers");
    assertEquals(both, againAtOtherLine, "lines inside the hot method do not split it");
    assertNotEquals(
        both,
        Frames.sharedFingerprint(
            "event-loop",
            "loop-1",
            List.of(List.of(frame("app.Other", "work", 1), HANDLER, LOOP)),
            "t"));
  }

  /** Asserts that {@code stack}, innermost frame first, is busy loading classes. */
  private static void assertClassLoading(String why, StackTraceElement... stack) {
    assertTrue(Frames.isClassLoading(List.of(stack)), why);
  }

  /** Asserts that {@code stack}, innermost frame first, is not busy loading classes. */
  private static void assertNotClassLoading(String why, StackTraceElement... stack) {
    assertFalse(Frames.isClassLoading(List.of(stack)), why);
  }

  // The cases below are alike in shape because each is data: a stack as a real run showed it.
  @Test
  void classLoadingMachinery_isFoundAboveTheFirstApplicationFrame() {
    assertClassLoading(
        "defining a class that a constructor needs",
        nativeFrame("java.lang.ClassLoader", "defineClass1"),
        frame("java.lang.ClassLoader", "defineClass", 1000),
        frame("jdk.internal.loader.BuiltinClassLoader", "loadClass", 600),
        frame("reactor.netty.channel.ChannelOperations", "<init>", 120),
        LOOP);
    assertClassLoading(
        "reading the jar is part of the loading",
        frame("java.util.zip.Inflater", "inflate", 10),
        frame("jdk.internal.loader.URLClassPath$JarLoader", "getResource", 900),
        frame("jdk.internal.loader.BuiltinClassLoader", "findClassOnClassPathOrNull", 700),
        HANDLER,
        LOOP);
    assertClassLoading(
        "JFR registering an event class",
        frame("jdk.jfr.internal.MetadataRepository", "register", 150),
        frame("jdk.jfr.internal.JVMUpcalls", "onRetransform", 60),
        frame("io.netty.buffer.AllocateChunkEvent", "<clinit>", 30),
        LOOP);
    assertClassLoading(
        "a lambda's first call",
        frame("java.lang.invoke.InnerClassLambdaMetafactory", "spinInnerClass", 300),
        frame("java.lang.invoke.MethodHandleNatives", "linkCallSite", 270),
        HANDLER,
        LOOP);
    assertClassLoading(
        "a JFR event class's generated initializer, as a cold Vert.x 5 loop shows it",
        frame("io.netty.buffer.AllocateChunkEvent", "<clinit>", -1),
        frame("io.netty.buffer.AdaptivePoolingAllocator$Chunk", "<init>", 1618),
        LOOP);
  }

  @Test
  void realWaitsAndComputations_areNotClassLoading() {
    assertNotClassLoading(
        "a sleep in an application's static initializer",
        nativeFrame("java.lang.Thread", "sleepNanos0"),
        frame("java.lang.Thread", "sleep", 540),
        frame("app.Config", "<clinit>", 12),
        frame("java.lang.Class", "forName0", -1),
        HANDLER,
        LOOP);
    assertNotClassLoading(
        "a computation in one",
        frame("app.Config", "compute", 20),
        frame("app.Config", "<clinit>", 12),
        HANDLER,
        LOOP);
    assertNotClassLoading(
        "a loop in a static block itself has its lines",
        frame("app.Config", "<clinit>", 14),
        HANDLER,
        LOOP);
    assertNotClassLoading(
        "a custom class loader's own sleep is its code's",
        nativeFrame("java.lang.Thread", "sleepNanos0"),
        frame("java.lang.Thread", "sleep", 540),
        frame("app.MyLoader", "findClass", 30),
        frame("java.lang.ClassLoader", "loadClass", 500),
        HANDLER);
    assertNotClassLoading(
        "a socket read", nativeFrame("sun.nio.ch.SocketDispatcher", "read0"), HANDLER, LOOP);
    assertNotClassLoading("no stack");
  }

  @Test
  void waitsAndRunnableJava_fromTheStateAndTheTopFrame() {
    List<StackTraceElement> sleeping =
        List.of(nativeFrame("java.lang.Thread", "sleepNanos0"), HANDLER);
    List<StackTraceElement> reading =
        List.of(nativeFrame("sun.nio.ch.SocketDispatcher", "read0"), HANDLER);
    List<StackTraceElement> atInit =
        List.of(frame("io.netty.buffer.AdaptivePoolingAllocator$Chunk", "<init>", 80), HANDLER);
    assertTrue(Frames.waitsInCode(sleeping, Thread.State.TIMED_WAITING));
    assertTrue(Frames.waitsInCode(reading, Thread.State.RUNNABLE), "I/O: a native frame");
    assertTrue(Frames.waitsInCode(atInit, Thread.State.BLOCKED), "a lock");
    assertFalse(Frames.waitsInCode(atInit, Thread.State.RUNNABLE));
    assertTrue(Frames.runnableInJava(atInit, Thread.State.RUNNABLE));
    assertFalse(Frames.runnableInJava(reading, Thread.State.RUNNABLE));
    assertFalse(Frames.runnableInJava(List.of(), Thread.State.RUNNABLE));
  }
}
