/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A module's public API as text, one line per public type and member, to be checked against a
 * committed list ({@code api.txt} in the module), so that a change to the API is deliberate: run
 * the test with {@code -Dunclog.api.update=true} to rewrite the list, and commit it.
 */
public final class ApiListing {
  private ApiListing() {}

  /** Fails unless the public API of {@code anchor}'s package matches {@code listing}. */
  public static void check(Class<?> anchor, Path listing) throws IOException {
    List<String> actual = of(anchor);
    if (Boolean.getBoolean("unclog.api.update")) {
      Files.write(listing, actual, StandardCharsets.UTF_8);
      return;
    }
    List<String> expected =
        Files.exists(listing) ? Files.readAllLines(listing, StandardCharsets.UTF_8) : List.of();
    if (!actual.equals(expected)) {
      List<String> added = new ArrayList<>(actual);
      added.removeAll(expected);
      List<String> removed = new ArrayList<>(expected);
      removed.removeAll(actual);
      fail(
          "the public API of "
              + anchor.getPackageName()
              + " changed; if that is meant, run"
              + " with -Dunclog.api.update=true and commit "
              + listing
              + "\n  added: "
              + added
              + "\n  removed: "
              + removed);
    }
  }

  /** The public types of {@code anchor}'s package and their public and protected members. */
  public static List<String> of(Class<?> anchor) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Class<?> type : typesOf(anchor)) {
      if (!isVisible(type)) {
        continue;
      }
      lines.add(type.toGenericString());
      TreeSet<String> members = new TreeSet<>();
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (visible(constructor.getModifiers()) && !constructor.isSynthetic()) {
          members.add("  " + constructor.toGenericString());
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
          members.add("  " + method.toGenericString());
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers()) && !field.isSynthetic()) {
          members.add("  " + field.toGenericString());
        }
      }
      lines.addAll(members);
    }
    return lines;
  }

  /** The compiled module descriptor beside {@code anchor}'s classes. */
  public static java.lang.module.ModuleDescriptor descriptorOf(Class<?> anchor) throws IOException {
    try (var in = Files.newInputStream(classesOf(anchor).resolve("module-info.class"))) {
      return java.lang.module.ModuleDescriptor.read(in);
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /* A public type, nested only in public types. */
  private static boolean isVisible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static Path classesOf(Class<?> anchor) throws IOException {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  /* Every class compiled into the package's directory (main classes are a directory in a build). */
  private static List<Class<?>> typesOf(Class<?> anchor) throws IOException {
    Path directory = classesOf(anchor).resolve(anchor.getPackageName().replace('.', '/'));
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class") && !name.equals("package-info.class")) {
          String binary = anchor.getPackageName() + "." + name.substring(0, name.length() - 6);
          try {
            types.add(Class.forName(binary, false, anchor.getClassLoader()));
          } catch (ClassNotFoundException e) {
            throw new IOException(binary, e);
          }
        }
      }
    }
    return types;
  }
}
