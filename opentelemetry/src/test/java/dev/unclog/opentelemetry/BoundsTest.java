/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cutting on its own, with frames no real test thread can have: class names of thousands of
 * characters, and characters that take four bytes in UTF-8.
 */
class BoundsTest {
  @Test
  void longFrames_areCutToTheByteBound_atAWholeLine() {
    List<StackTraceElement> stack = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      stack.add(new StackTraceElement("com.example." + "C".repeat(1_000) + i, "run", "C.java", i));
    }
    int[] cut = new int[1];
    String trace = Bounds.stackTrace(stack, cut);

    assertTrue(bytes(trace) <= Bounds.MAX_STACK_BYTES, bytes(trace) + " bytes");
    String[] lines = trace.split("\n");
    int shown = lines.length - 1;
    assertTrue(shown > 10 && shown < 60, shown + " frames shown");
    assertEquals(60 - shown, cut[0]);
    assertEquals("... " + cut[0] + " more", lines[shown]);
    for (int i = 0; i < shown; i++) {
      assertEquals("at " + stack.get(i), lines[i], "whole frames only");
    }
  }

  @Test
  void oneFrameLongerThanTheWholeBound_isShownCut() {
    StackTraceElement huge =
        new StackTraceElement("com.example." + "\uD83D\uDE00".repeat(10_000), "run", "C.java", 1);
    int[] cut = new int[1];
    String trace = Bounds.stackTrace(List.of(huge, huge), cut);

    assertTrue(bytes(trace) <= Bounds.MAX_STACK_BYTES, bytes(trace) + " bytes");
    assertTrue(trace.startsWith("at com.example.\uD83D\uDE00"), trace.substring(0, 40));
    assertTrue(trace.endsWith("\u2026\n... 1 more"), trace.substring(trace.length() - 40));
    assertEquals(1, cut[0]);
    assertTrue(noLoneSurrogate(trace), "never half a character");
  }

  @Test
  void framesAreCountedToSixtyFour_likeTheJsonLines() {
    List<StackTraceElement> stack = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      stack.add(new StackTraceElement("A", "m" + i, "A.java", i + 1));
    }
    int[] cut = new int[1];
    String[] lines = Bounds.stackTrace(stack, cut).split("\n");

    assertEquals(65, lines.length);
    assertEquals("at A.m0(A.java:1)", lines[0]);
    assertEquals("at A.m63(A.java:64)", lines[63]);
    assertEquals("... 36 more", lines[64]);
    assertEquals(36, cut[0]);

    cut[0] = -1;
    assertEquals("at A.m0(A.java:1)", Bounds.stackTrace(stack.subList(0, 1), cut));
    assertEquals(0, cut[0], "a whole stack has no last line");
  }

  @Test
  void aControlCharacterInAFrame_cannotBreakTheLines() {
    int[] cut = new int[1];
    String trace =
        Bounds.stackTrace(List.of(new StackTraceElement("A\nat Forged", "m", "A.java", 1)), cut);
    assertEquals("at A at Forged.m(A.java:1)", trace);
  }

  @Test
  void cut_endsWithAnEllipsis_andNeverSplitsACharacter() {
    assertEquals("abc", Bounds.cut("abc", 3));
    assertEquals("ab\u2026", Bounds.cut("abcd", 3));
    String cut = Bounds.cut("a\uD83D\uDE00bc", 3); // the pair would end at index 2
    assertEquals("a\u2026", cut);
    assertEquals(1_000, Bounds.cut("x".repeat(5_000), 1_000).length());
  }

  @Test
  void oneLine_turnsEveryLineBreakAndControlCharacterIntoASpace() {
    assertEquals("a b c d e f", Bounds.oneLine("a\nb\rc\u2028d\u0085e\tf"));
    String plain = "plain";
    assertTrue(plain == Bounds.oneLine(plain), "no copy when nothing changes");
  }

  static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  static boolean noLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
