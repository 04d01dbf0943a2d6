/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import dev.unclog.internal.Frames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Who is to blame for an episode, for files that do not say: the culprit frame and the fingerprint
 * that groups episodes blocked at the same place. Files that carry {@code culprit} and {@code
 * fingerprint} are taken at their word; this is the one place that derives them otherwise.
 */
final class Blame {
  /** Frames of the stack's innermost end that make up a fingerprint. */
  static final int FINGERPRINT_FRAMES = 8;

  private Blame() {}

  /**
   * The innermost frame outside the JDK's own packages: the code that made the blocking call. The
   * innermost frame if all are the JDK's, and {@code "(no stack)"} if there is none.
   */
  static String culprit(List<String> stack) {
    for (String frame : stack) {
      if (!isPlatform(frame)) {
        return frame;
      }
    }
    return stack.isEmpty() ? "(no stack)" : stack.get(0);
  }

  /** A short hex hash of the hub kind and the innermost {@value #FINGERPRINT_FRAMES} frames. */
  static String fingerprint(String hubKind, List<String> stack) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    sha256.update(hubKind.getBytes(StandardCharsets.UTF_8));
    for (String frame : stack.subList(0, Math.min(stack.size(), FINGERPRINT_FRAMES))) {
      sha256.update((byte) '\n'); // so that frames ["ab"] and ["a", "b"] differ
      sha256.update(frame.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha256.digest(), 0, 6);
  }

  /**
   * Whether a frame, as {@code StackTraceElement.toString()} prints it ({@code
   * java.base/java.lang.Thread.sleep(Thread.java:509)}, {@code app//a.B.run(B.java:1)}), is in one
   * of the JDK's packages, as the monitor judges a live frame.
   */
  static boolean isPlatform(String frame) {
    return Frames.isJdk(qualifiedMethod(frame));
  }

  /**
   * The method with its class, without module, class loader or source: {@code
   * java.lang.Thread.sleep} for {@code java.base/java.lang.Thread.sleep(Thread.java:509)}.
   */
  static String qualifiedMethod(String frame) {
    int open = frame.indexOf('(');
    String method = open < 0 ? frame : frame.substring(0, open);
    return method.substring(method.lastIndexOf('/') + 1);
  }
}
