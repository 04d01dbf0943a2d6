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
    Runnable lambda = () -> { };
    String name = TaskNames.describe(lambda);
    assertTrue(name.startsWith("dev.unclog.internal.TaskNamesTest$$Lambda"), name);
    assertTrue(!name.contains("/0x"), name);
  }

  @Test
  void toString_isUsed_whenTheClassDefinesOne_cutAt200() {
    assertEquals("job-7", TaskNames.describe(new Object() {
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
    Object task = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException();
      }
    };
    assertEquals(task.getClass().getName(), TaskNames.describe(task));
  }

  @Test
  void nullAndThreads() {
    assertEquals("unknown task", TaskNames.describe(null));
    Thread virtual = Thread.ofVirtual().name("v-1").unstarted(() -> { });
    assertEquals("virtual thread \"v-1\" #" + virtual.threadId(), TaskNames.describe(virtual));
  }
}
