/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskNamesTest {
  @Test
  void lambda_isItsClassWithoutTheHiddenAddress() {
    Runnable lambda = () -> {};
    String name = TaskNames.describe(lambda);
    assertTrue(name.startsWith("dev.unclog.internal.TaskNamesTest$$Lambda"), name);
    assertTrue(!name.contains("/0x"), name);
  }

  @Test
  void toString_isUsed_whenTheClassDefinesOne_cutAt200() {
    assertEquals(
        "job-7",
        TaskNames.describe(
            new Object() {
              @Override
              public String toString() {
                return "job-7";
              }
            }));
    String longName = TaskNames.describe("x".repeat(500));
    assertEquals(203, longName.length());
  }

  @Test
  void throwingToString_fallsBackToTheClass() {
    Object task =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException();
          }
        };
    assertEquals(task.getClass().getName(), TaskNames.describe(task));
  }

  /** An inner class, like a Netty channel's unsafe, named by the instance that encloses it. */
  final class Channel {
    @Override
    public String toString() {
      return "[id: 0x1, L:/127.0.0.1:8080]";
    }

    final class Unsafe {
      Channel channel() {
        return Channel.this; // javac keeps this$0 only when it is used, as Netty's code does
      }
    }
  }

  @Test
  void innerClassInstance_isNamedByItsEnclosingInstance_whenThatHasAToString() {
    assertEquals("[id: 0x1, L:/127.0.0.1:8080]", TaskNames.describe(new Channel().new Unsafe()));
    Object plain = new Object();
    Runnable anonymousInPlainTest =
        new Runnable() {
          @Override
          public void run() {
            plain.hashCode();
          }
        };
    assertEquals(
        anonymousInPlainTest.getClass().getName(),
        TaskNames.describe(anonymousInPlainTest),
        "TaskNamesTest defines no toString");
  }

  @Test
  void nullAndThreads() {
    assertEquals("unknown task", TaskNames.describe(null));
    Thread virtual = Thread.ofVirtual().name("v-1").unstarted(() -> {});
    assertEquals("virtual thread \"v-1\" #" + virtual.threadId(), TaskNames.describe(virtual));
  }
}
