/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import dev.unclog.BlockingEvent;
import dev.unclog.BlockingListener;
import dev.unclog.MemoryEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends one JSON object per event to a file (JSON lines), flushed per event so that another
 * program can follow it. If the file cannot be opened or written, the reporter names the failure
 * once and the next event tries again.
 *
 * <p>The file is opened by {@link OwnFiles}: never through a link, and never one that is another
 * user's or writable by others.
 */
public final class JsonLinesSink implements BlockingListener {
  private final Path file;
  private OutputStream out;

  public JsonLinesSink(Path file) {
    this.file = file;
  }

  @Override
  public void onEvent(BlockingEvent event) {
    write(Json.line(event));
  }

  @Override
  public void onMemoryEvent(MemoryEvent event) {
    write(Json.line(event));
  }

  private void write(String json) {
    byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (out == null) {
        out = open();
      }
      out.write(line);
      out.flush();
    } catch (IOException e) {
      closeQuietly();
      throw new IllegalStateException("cannot write " + file + ": " + e, e);
    } catch (IllegalStateException e) { // refused: nothing was opened
      closeQuietly();
      throw e;
    }
  }

  private OutputStream open() throws IOException {
    return OwnFiles.append(file, "UNCLOG_REPORT_FILE");
  }

  /** Closes the file; a later event opens it again. Reporter thread only. */
  void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // it failed already; the error being reported is the write's
      }
      out = null;
    }
  }

  @Override
  public String toString() {
    return "report file " + file;
  }
}
