/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for the documents unclog reads back: its own JSON lines (the report tool)
 * and the JDK's JSON thread dumps. Objects become {@code LinkedHashMap}s, arrays {@code
 * ArrayList}s, numbers {@code Long} when integral and in range, else {@code Double}.
 *
 * <p>Input may be hostile (a truncated or edited report file): nesting deeper than {@value
 * #MAX_DEPTH} is refused rather than recursed into, and every error is an {@link
 * IllegalArgumentException} naming what was wrong and where, never another exception.
 */
public final class JsonReader {
  static final int MAX_DEPTH = 64;

  private final String text;
  private int at;
  private int depth;

  private JsonReader(String text) {
    this.text = text;
  }

  /** Parses one JSON value that must fill {@code text} (surrounding whitespace allowed). */
  public static Object parse(String text) {
    JsonReader reader = new JsonReader(text);
    Object value = reader.value();
    reader.space();
    if (reader.at != text.length()) {
      throw reader.error("more after the value");
    }
    return value;
  }

  /** Parses one JSON object, such as a line of a JSON lines file. */
  public static Map<String, Object> object(String text) {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    return map;
  }

  private Object value() {
    space();
    char c = peek();
    if (c == '{' || c == '[') {
      if (++depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH);
      }
      Object nested = c == '{' ? object() : array();
      depth--;
      return nested;
    }
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (text.startsWith(word, at)) {
        at += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    return number();
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    elements(
        '}',
        () -> {
          space();
          String key = string();
          space();
          expect(':');
          if (map.put(key, value()) != null) {
            throw error("duplicate key");
          }
        });
    return map;
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    elements(']', () -> list.add(value()));
    return list;
  }

  /** Reads {@code element} after element, separated by commas, up to {@code close}. */
  private void elements(char close, Runnable element) {
    at++;
    space();
    if (peek() == close) {
      at++;
      return;
    }
    while (true) {
      element.run();
      space();
      char c = next();
      if (c == close) {
        return;
      }
      if (c != ',') {
        throw error("expected , or " + close + " but found " + describe(c));
      }
    }
  }

  private Object number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    if (start == at) {
      throw error("unexpected " + describe(peek()));
    }
    String digits = text.substring(start, at);
    try {
      if (digits.indexOf('.') < 0
          && digits.indexOf('e') < 0
          && digits.indexOf('E') < 0
          && digits.length() < 19) {
        return Long.parseLong(digits);
      }
      return Double.parseDouble(digits);
    } catch (NumberFormatException e) {
      at = start;
      throw error("bad number " + digits);
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    for (char c = next(); c != '"'; c = next()) {
      if (c < 0x20) {
        throw error("raw control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> out.append(hex4());
        default -> throw error("bad escape \\" + e);
      }
    }
    return out.toString();
  }

  private char hex4() {
    if (at + 4 > text.length()) {
      throw error("unexpected end");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(at + i), 16);
      if (digit < 0) {
        throw error("bad \\u escape");
      }
      value = value * 16 + digit;
    }
    at += 4;
    return (char) value;
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) {
    char found = next();
    if (found != c) {
      at--;
      throw error("expected " + c + " but found " + describe(found));
    }
  }

  private static String describe(char c) {
    return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }

  /** Names the problem and the column, never echoing the (possibly huge or hostile) input. */
  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at column " + (at + 1));
  }
}
