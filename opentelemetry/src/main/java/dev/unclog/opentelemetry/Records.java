/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.unclog.BlockingEvent;
import dev.unclog.MemoryEvent;
import dev.unclog.internal.Origin;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import java.time.Duration;

/**
 * One log record per event. Attribute names follow OpenTelemetry's semantic conventions v1.44.0
 * where they define one ({@code code.*}, {@code thread.id}, {@code host.name}, {@code
 * process.pid}); the rest are unclog's, under {@code unclog.}, and the fields of the JSON lines
 * they mirror are named beside them.
 */
final class Records {
  /** The semantic conventions the names follow: the scope's schema URL says so to the backend. */
  static final String SEMCONV_VERSION = "1.44.0";

  static final String SCHEMA_URL = "https://opentelemetry.io/schemas/" + SEMCONV_VERSION;

  // ---- semantic conventions v1.44.0 ----
  static final AttributeKey<String> CODE_FUNCTION_NAME = stringKey("code.function.name");
  static final AttributeKey<String> CODE_FILE_PATH = stringKey("code.file.path");
  static final AttributeKey<Long> CODE_LINE_NUMBER = longKey("code.line.number");

  /*
   * The blocked stack: code.stacktrace, "a stacktrace in the natural representation for the
   * language runtime", rather than exception.stacktrace, because nothing was thrown: backends that
   * see exception.* count the record as an error of the application.
   */
  static final AttributeKey<String> CODE_STACKTRACE = stringKey("code.stacktrace");
  static final AttributeKey<Long> THREAD_ID = longKey("thread.id");
  static final AttributeKey<String> HOST_NAME = stringKey("host.name");
  static final AttributeKey<Long> PROCESS_PID = longKey("process.pid");

  // ---- unclog's own (the JSON lines' field in brackets) ----
  static final AttributeKey<String> HUB = stringKey("unclog.hub"); // hub
  static final AttributeKey<String> HUB_KIND = stringKey("unclog.hub.kind"); // hubKind
  static final AttributeKey<String> CAUSE = stringKey("unclog.cause"); // cause
  static final AttributeKey<String> TASK = stringKey("unclog.task"); // task
  static final AttributeKey<String> EPISODE_ID = stringKey("unclog.episode.id"); // id
  static final AttributeKey<String> FINGERPRINT = stringKey("unclog.fingerprint"); // fingerprint
  static final AttributeKey<String> RUN = stringKey("unclog.run"); // run
  static final AttributeKey<String> CULPRIT = stringKey("unclog.culprit"); // culprit
  static final AttributeKey<Double> BLOCKED = doubleKey("unclog.blocked.duration"); // blockedMs
  static final AttributeKey<Double> THRESHOLD = doubleKey("unclog.threshold"); // thresholdMs
  static final AttributeKey<Double> CPU = doubleKey("unclog.cpu.time"); // cpuMs
  static final AttributeKey<Double> RUN_QUEUE = doubleKey("unclog.run_queue.time"); // runQueueMs
  static final AttributeKey<Double> THROTTLED = doubleKey("unclog.throttled.time"); // throttledMs
  static final AttributeKey<Double> GC = doubleKey("unclog.gc.time"); // gcMs
  static final AttributeKey<Double> STALL = doubleKey("unclog.stall.time"); // stallMs
  static final AttributeKey<String> THREAD_STATE = stringKey("unclog.thread.state"); // threadState
  static final AttributeKey<Long> FRAMES_CUT = longKey("unclog.stack.frames_cut"); // stackFramesCut
  static final AttributeKey<String> NO_STACK = stringKey("unclog.no_stack_reason"); // noStackReason
  static final AttributeKey<Long> SAMPLES_TAKEN = longKey("unclog.samples_taken"); // samplesTaken
  static final AttributeKey<Long> MEMORY_USED = longKey("unclog.memory.used"); // usedBytes
  static final AttributeKey<Long> MEMORY_LIMIT = longKey("unclog.memory.limit"); // limitBytes
  static final AttributeKey<Long> MEMORY_MAX = longKey("unclog.memory.max"); // maxBytes

  /* Parts of the body, cut before the whole is, so that a long hub name leaves room for the rest. */
  private static final int BODY_TASK = 200;
  private static final int BODY_HUB = 200;
  private static final int BODY_KIND = 60;
  private static final int BODY_CULPRIT = 300;

  private Records() {}

  /** The event name of a blocking event's record: {@code unclog.blocked} and so on. */
  static String eventName(BlockingEvent.Type type) {
    return "unclog." + type.jsonName();
  }

  /** The event name of a memory event's record: {@code unclog.memory_exceeded} and so on. */
  static String eventName(MemoryEvent.Type type) {
    return "unclog." + type.jsonName();
  }

  /**
   * A hub found blocked, or still blocked, is a warning; the end of an episode is information (its
   * news, the duration and cause, matter to the metrics; the blockage was warned of already).
   */
  static Severity severity(BlockingEvent.Type type) {
    return type == BlockingEvent.Type.UNBLOCKED ? Severity.INFO : Severity.WARN;
  }

  static Severity severity(MemoryEvent.Type type) {
    return type == MemoryEvent.Type.EXCEEDED ? Severity.WARN : Severity.INFO;
  }

  static void emit(Logger logger, BlockingEvent event) {
    LogRecordBuilder record =
        record(logger, event.time(), eventName(event.type()), severity(event.type()), body(event));
    record
        .setAttribute(HUB, bounded(event.hub()))
        .setAttribute(HUB_KIND, bounded(event.hubKind()))
        .setAttribute(CAUSE, event.cause().jsonName())
        .setAttribute(TASK, bounded(event.task()))
        .setAttribute(EPISODE_ID, bounded(event.episodeId()))
        .setAttribute(FINGERPRINT, bounded(event.fingerprint()))
        .setAttribute(BLOCKED, seconds(event.blocked()))
        .setAttribute(THRESHOLD, seconds(event.threshold()))
        .setAttribute(GC, seconds(event.gcTime()))
        .setAttribute(STALL, seconds(event.stallTime()))
        .setAttribute(SAMPLES_TAKEN, (long) event.samplesTaken());
    setIfMeasured(record, CPU, event.cpuTime());
    setIfMeasured(record, RUN_QUEUE, event.runQueueTime());
    setIfMeasured(record, THROTTLED, event.throttledTime());
    if (event.threadId() >= 0) {
      record.setAttribute(THREAD_ID, event.threadId());
      record.setAttribute(THREAD_STATE, String.valueOf(event.threadState()));
    }
    StackTraceElement culprit = event.culprit();
    if (culprit != null) {
      record.setAttribute(CULPRIT, bounded(culprit.toString()));
      record.setAttribute(
          CODE_FUNCTION_NAME, bounded(culprit.getClassName() + '.' + culprit.getMethodName()));
      if (culprit.getFileName() != null) {
        record.setAttribute(CODE_FILE_PATH, bounded(culprit.getFileName()));
      }
      if (culprit.getLineNumber() > 0) {
        record.setAttribute(CODE_LINE_NUMBER, (long) culprit.getLineNumber());
      }
    }
    if (!event.stack().isEmpty()) {
      int[] cut = new int[1];
      record.setAttribute(CODE_STACKTRACE, Bounds.stackTrace(event.stack(), cut));
      if (cut[0] > 0) {
        record.setAttribute(FRAMES_CUT, (long) cut[0]);
      }
    }
    if (event.noStackReason() != null) {
      record.setAttribute(NO_STACK, bounded(event.noStackReason()));
    }
    record.emit();
  }

  static void emit(Logger logger, MemoryEvent event) {
    LogRecordBuilder record =
        record(logger, event.time(), eventName(event.type()), severity(event.type()), body(event));
    record
        .setAttribute(MEMORY_USED, event.usedBytes())
        .setAttribute(MEMORY_LIMIT, event.limitBytes())
        .setAttribute(MEMORY_MAX, event.maxBytes())
        .emit();
  }

  /* A record of an event, saying where it comes from, whatever the SDK's resource holds. */
  private static LogRecordBuilder record(
      Logger logger, java.time.Instant time, String name, Severity severity, String body) {
    LogRecordBuilder record =
        logger
            .logRecordBuilder()
            .setTimestamp(time)
            .setEventName(name)
            .setSeverity(severity)
            .setSeverityText(severity.name())
            .setBody(body);
    origin(record, Origin.run());
    return record;
  }

  private static void origin(LogRecordBuilder record, String run) {
    record.setAttribute(HOST_NAME, bounded(Origin.host()));
    record.setAttribute(PROCESS_PID, Origin.pid());
    if (run != null) {
      record.setAttribute(RUN, bounded(run));
    }
  }

  /**
   * One line of at most {@value Bounds#MAX_BODY} characters, for log views that show only the body:
   * what ran, where, how long, why, which episode, and the culprit frame.
   */
  static String body(BlockingEvent event) {
    String task = part(event.task(), BODY_TASK);
    String hub = part(event.hub(), BODY_HUB) + " (" + part(event.hubKind(), BODY_KIND) + ")";
    long millis = event.blocked().toMillis();
    StringBuilder body = new StringBuilder(160);
    switch (event.type()) {
      case BLOCKED ->
          body.append(task)
              .append(" is blocking hub ")
              .append(hub)
              .append(": ")
              .append(millis)
              .append(" ms so far");
      case STILL_BLOCKED ->
          body.append(task)
              .append(" is still blocking hub ")
              .append(hub)
              .append(": ")
              .append(millis)
              .append(" ms so far");
      case UNBLOCKED ->
          body.append(task)
              .append(" blocked hub ")
              .append(hub)
              .append(" for ")
              .append(millis)
              .append(" ms");
    }
    body.append(", ").append(event.cause().jsonName());
    body.append(", episode ").append(part(event.episodeId(), BODY_TASK));
    StackTraceElement culprit = event.culprit();
    if (culprit != null) {
      body.append(", at ").append(part(culprit.toString(), BODY_CULPRIT));
    } else if (event.noStackReason() != null) {
      body.append(", no stack: ").append(part(event.noStackReason(), BODY_CULPRIT));
    }
    return Bounds.cut(Bounds.oneLine(body.toString()), Bounds.MAX_BODY);
  }

  static String body(MemoryEvent event) {
    String what =
        event.type() == MemoryEvent.Type.EXCEEDED
            ? "heap above the monitor's limit: "
            : "heap back under the monitor's limit: ";
    return what + event.usedBytes() + " bytes used, limit " + event.limitBytes() + " bytes";
  }

  private static String part(String text, int max) {
    return Bounds.cut(Bounds.oneLine(text), max);
  }

  private static String bounded(String text) {
    return Bounds.cut(text, Bounds.MAX_STRING);
  }

  private static void setIfMeasured(
      LogRecordBuilder record, AttributeKey<Double> key, Duration duration) {
    if (duration != null) {
      record.setAttribute(key, seconds(duration));
    }
  }

  /** A duration in seconds, the unit the semantic conventions give durations. */
  static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
