/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test during which a hub of the global monitor (an event loop, a carrier with the agent, a
 * watched executor) blocked for at least {@link #maxBlockingTime()}; the failure message is
 * unclog's report, culprit's stack included. On a class it applies to each test, and to the class
 * itself: a blockage in {@code @BeforeAll}, {@code @AfterAll} or between tests fails the class. On
 * a method it overrides the class's.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(UnclogExtension.class)
public @interface FailOnBlocking {
  /**
   * The longest blockage the test tolerates, such as {@code "250ms"} or {@code "0.5"} seconds;
   * empty for the global monitor's own threshold ({@code UNCLOG_MAX_BLOCKING_TIME}). It cannot be
   * lower than that threshold, which decides what is seen at all.
   */
  String maxBlockingTime() default "";

  /**
   * Whether episodes that were not the code's doing also fail the test: class loading, a starved or
   * throttled CPU, GC, a stalled process, a debugger (see docs/causes.md). Off by default: a test
   * on a busy CI machine should fail for what its code did, not for the machine. The {@code
   * failOn...} attributes say what makes a test fail.
   */
  boolean failOnNotTheCode() default false;

  /**
   * Whether a test fails when the unclog agent is not loaded. Without it only watched executors are
   * hubs: event loops and virtual-thread carriers are not seen, and a test about them would pass
   * whatever it did. Off by default, so that executor tests run anywhere; without the agent one
   * line on stderr says so, once.
   */
  boolean failOnNoAgent() default false;
}
