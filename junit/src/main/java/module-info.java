/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/** JUnit 5 support: {@code @FailOnBlocking} and {@code assertSwitches}. */
module dev.unclog.junit {
  requires transitive dev.unclog;
  requires transitive org.junit.jupiter.api;

  exports dev.unclog.junit;
}
