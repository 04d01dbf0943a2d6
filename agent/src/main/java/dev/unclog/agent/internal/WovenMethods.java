/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.internal.Diagnostics;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * An integration that is a table of methods to weave, by class name: each gets an enter hook (its
 * advice names the task) and the exit hook. A library relocated under a prefix is found the same,
 * when the table allows it: each copy is woven on its own.
 *
 * <p>A plain transformer that looks up each loaded class's name in a small map: ByteBuddy's
 * AgentBuilder would describe every class the application loads, and its default set-up reaches for
 * {@code sun.misc.Unsafe}, which JDK 24+ warns about on stderr.
 */
abstract class WovenMethods implements Integration, ClassFileTransformer {
  /**
   * One method to weave. {@code supersededBy} names a class whose presence means this hook point's
   * work moved elsewhere (4.2 keeps 4.1's loop classes as thin wrappers over its I/O handlers):
   * then a missing method is expected, not an unknown build.
   */
  record HookPoint(
      String type,
      ElementMatcher<? super MethodDescription> method,
      Class<?> enterAdvice,
      String enterSlot,
      String describe,
      String supersededBy) {}

  private final String name;
  private final String library;
  private final List<EnterHook> enterHooks;
  private final Map<String, HookPoint> points;
  /* The library's own package, internal form ("io/netty/"), if it may be relocated; else null. */
  private final String relocatable;
  private final Diagnostics.Once said = new Diagnostics.Once();

  /**
   * @param name the integration, for messages
   * @param library the library, for "unknown ... build" messages
   * @param points the methods to weave
   * @param relocatable the library's package, such as {@code io.netty.}, if a copy relocated under
   *     a prefix is to be found too; else null
   * @param enterHooks the enter hooks the points' advice calls
   */
  protected WovenMethods(
      String name,
      String library,
      List<HookPoint> points,
      String relocatable,
      List<EnterHook> enterHooks) {
    this.name = name;
    this.library = library;
    this.enterHooks = enterHooks;
    this.points =
        points.stream()
            .collect(Collectors.toMap(p -> p.type().replace('.', '/'), Function.identity()));
    this.relocatable = relocatable != null ? relocatable.replace('.', '/') : null;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<EnterHook> enterHooks() {
    return enterHooks;
  }

  /**
   * The hook point for a class, by its internal name: the library's own, or (if relocatable) the
   * same class relocated under a prefix, with every name it uses relocated alike; null for any
   * other class. Called for every class loaded: one map lookup, and one search of the name for the
   * library's package.
   */
  HookPoint pointFor(String internalName) {
    HookPoint point = points.get(internalName);
    if (point != null || relocatable == null) {
      return point;
    }
    int at = internalName.indexOf('/' + relocatable);
    if (at < 0) {
      return null;
    }
    point = points.get(internalName.substring(at + 1));
    if (point == null) {
      return null;
    }
    String prefix = internalName.substring(0, at + 1).replace('/', '.');
    return new HookPoint(
        prefix + point.type(),
        point.method(),
        point.enterAdvice(),
        point.enterSlot(),
        point.describe(),
        point.supersededBy() != null ? prefix + point.supersededBy() : null);
  }

  @Override
  public void install(Instrumentation instrumentation) throws Exception {
    instrumentation.addTransformer(this, true);
    List<Class<?>> loaded = new ArrayList<>(); // attached late: the library may be running
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (pointFor(type.getName().replace('.', '/')) != null) {
        loaded.add(type);
      }
    }
    if (!loaded.isEmpty()) {
      instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
    }
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] bytes) {
    HookPoint point = internalName != null ? pointFor(internalName) : null;
    if (point == null) {
      return null;
    }
    try {
      ClassFileLocator locator =
          new ClassFileLocator.Compound(
              ClassFileLocator.Simple.of(point.type(), bytes),
              ClassFileLocator.ForClassLoader.of(loader));
      TypePool pool = TypePool.Default.of(locator);
      TypeDescription type = pool.describe(point.type()).resolve();
      if (type.getDeclaredMethods().filter(point.method()).isEmpty()) {
        if (point.supersededBy() == null || !locator.locate(point.supersededBy()).isResolved()) {
          sayOnce(
              point.type(),
              "unknown "
                  + library
                  + " build: "
                  + point.type()
                  + " has no "
                  + point.describe()
                  + "; that switch point is not watched");
        }
        return null;
      }
      return new ByteBuddy()
          .redefine(type, locator)
          .visit(HookSlots.advice(point.enterAdvice(), point.enterSlot()).on(point.method()))
          .make(pool)
          .getBytes();
    } catch (Throwable t) {
      sayOnce(point.type(), name + " is off for " + point.type() + ": " + t);
      return null;
    }
  }

  private void sayOnce(String key, String line) {
    if (said.first(key)) {
      Diagnostics.line(line);
    }
  }
}
