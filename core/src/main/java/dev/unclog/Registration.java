/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

/**
 * Something added to a monitor that can be taken back: a listener, a monitoring function. Closing
 * it twice does nothing.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {
  /** Takes it back. Never throws. */
  @Override
  void close();
}
