/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.Threads;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The one transformer: every method the integrations weave, by class name, and the weaving of each
 * class that has some as it loads (or, if it had loaded before, again). A library that may be
 * relocated is found under any prefix ({@code io/grpc/netty/shaded/io/netty/...}); each copy is
 * woven on its own.
 *
 * <p>Called for every class the JVM defines, so its common path is one map lookup and, per
 * relocatable library, one search of the name; and one look at the class loader, handed to {@code
 * newLoader} the first time it is seen (where integrations shipped with the application are looked
 * for).
 *
 * <p>A class the JVM loads at start but few programs use ({@code VirtualThread}) is woven only at
 * the first sign of use, the loading of its weave's {@code firstUse} class, while that class's
 * transformation waits: so that no use can come first.
 *
 * <p>Memory ordering: the tables are immutable maps published through volatile fields, replaced
 * whole when integrations are added (rarely, under this object's lock); a transformation reads each
 * once. The waiting classes and the first uses seen are concurrent collections: a class waits until
 * whichever of the table and the loading thread removes it first weaves it.
 */
final class SwitchTable implements ClassFileTransformer {
  private static final long FIRST_USE_WAIT_MILLIS = 2_000;
  /* By class, internal name: the weaves of every integration, relocatable ones included. */
  private volatile Map<String, List<Weave>> byType = Map.of();
  /* By a relocatable library's package as it follows a prefix ("/io/netty/"): its weaves by
   * class. */
  private volatile Map<String, Map<String, List<Weave>>> relocatable = Map.of();
  private final Set<String> woven = ConcurrentHashMap.newKeySet();
  /* The firstUse classes of every weave (internal names), watched as they load. */
  private volatile Set<String> firstUses = Set.of();
  /* Those of them loaded so far. */
  private final Set<String> used = ConcurrentHashMap.newKeySet();
  /* Classes loaded already whose weaving waits for their first use, with its class. */
  private final Map<Class<?>, String> waiting = new ConcurrentHashMap<>();
  private volatile Instrumentation instrumentation;
  private boolean transforming; // guarded by this
  private final Diagnostics.Once said = new Diagnostics.Once();
  private final Consumer<ClassLoader> newLoader;
  /* What to do when one of these classes loads (internal names), handed its loader; never blocks. */
  private final Map<String, Consumer<ClassLoader>> whenLoaded;
  /* The last loader seen: most classes load after one of the same loader. Racy but benign;
   * weak, so that it keeps no loader alive. */
  private volatile WeakReference<ClassLoader> lastLoader = new WeakReference<>(null);
  private final Set<ClassLoader> loaders =
      Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

  /**
   * @param newLoader told, on the loading thread, of each class loader the first time
   * @param whenLoaded told, on the loading thread, when one of these classes loads (or at the first
   *     batch, if it had loaded before), with its loader
   */
  SwitchTable(Consumer<ClassLoader> newLoader, Map<String, Consumer<ClassLoader>> whenLoaded) {
    this.newLoader = newLoader;
    this.whenLoaded = Map.copyOf(whenLoaded);
  }

  /**
   * Adds weaves, then weaves again every class already loaded that they name (the library may be
   * running: attached late, or an integration found after its library).
   */
  void add(Instrumentation instrumentation, List<Weave> weaves) throws Exception {
    this.instrumentation = instrumentation;
    register(weaves);
    // In place from the first weaves on, not before: every class defined while a transformer is
    // in place costs the JVM a copy of its bytes and a call here, the agent's own included.
    synchronized (this) {
      if (!transforming) {
        instrumentation.addTransformer(this, true);
        transforming = true;
      }
    }
    Set<String> named = new HashSet<>(); // binary names, as Class.getName() gives them
    Set<String> relocatable = new HashSet<>(); // a library's package after a prefix: ".io.netty."
    for (Weave weave : weaves) {
      named.add(weave.type().replace('/', '.'));
      if (weave.relocatedFrom() != null) {
        relocatable.add('.' + weave.relocatedFrom().replace('/', '.'));
      }
    }
    // An array, not the set: it is searched for each of the thousands of classes loaded
    String[] libraries = relocatable.toArray(new String[0]);
    // The classes watched as they load, by binary name, as Class.getName() gives them
    Map<String, Consumer<ClassLoader>> callbacks = new HashMap<>();
    for (Map.Entry<String, Consumer<ClassLoader>> watch : whenLoaded.entrySet()) {
      callbacks.put(watch.getKey().replace('/', '.'), watch.getValue());
    }
    Map<String, String> watched = new HashMap<>();
    for (String firstUse : firstUses) {
      watched.put(firstUse.replace('/', '.'), firstUse);
    }
    Set<Class<?>> done = new HashSet<>();
    // Twice: a class another thread was defining as the table changed passed the old table and
    // may be missing from the first list; the second finds it loaded and not yet woven.
    for (int pass = 0; pass < 2; pass++) {
      // Both passes watch loads too: a class loaded as the transformer came may be in the second
      // list alone. Each callback acts once; a first use newly seen weaves, after the list, the
      // classes that wait for it (those of this list decided before it came included).
      List<String> newlyUsed = new ArrayList<>();
      for (Class<?> type : instrumentation.getAllLoadedClasses()) {
        String name = type.getName();
        Consumer<ClassLoader> callback = callbacks.get(name);
        if (callback != null) {
          callback.accept(type.getClassLoader()); // loaded before the agent came
        }
        String firstUseLoaded = watched.get(name);
        if (firstUseLoaded != null && used.add(firstUseLoaded)) {
          newlyUsed.add(firstUseLoaded);
        }
        if (!named.contains(name) && !isRelocated(name, libraries) || done.contains(type)) {
          continue; // the common case, for the thousands of classes the batch does not name
        }
        String internal = name.replace('.', '/');
        List<Weave> own = weavesFor(internal);
        if ((pass == 0 || !woven.contains(internal) && !waiting.containsKey(type))
            && own != null
            && instrumentation.isModifiableClass(type)) {
          done.add(type);
          String firstUse = unusedFirstUse(own);
          if (firstUse == null) {
            retransform(instrumentation, type, internal);
          } else {
            waiting.put(type, firstUse);
            if (used.contains(firstUse)) { // it loaded as we looked
              weaveWaiting(firstUse);
            }
          }
        }
      }
      for (String firstUse : newlyUsed) {
        weaveWaiting(firstUse); // classes that waited since an earlier batch or pass
      }
    }
  }

  /* The first use that a class's weaves still wait for, or null if none does. */
  private String unusedFirstUse(List<Weave> weaves) {
    for (Weave weave : weaves) {
      if (weave.firstUse() != null && !used.contains(weave.firstUse())) {
        return weave.firstUse();
      }
    }
    return null;
  }

  /*
   * Weaves the classes waiting for firstUse, which is loading on this thread, on a thread of its
   * own: the instrument agent calls no transformer for a class loaded or retransformed inside a
   * transformation on the same thread, so done here VirtualThread would be redefined as it was.
   * This thread waits for it, at most FIRST_USE_WAIT_MILLIS: should weaving need the class this
   * one is defining, each would wait for the other until then, and the weaving ends after.
   */
  private void weaveWaitingElsewhere(String firstUse) {
    Thread weaver =
        Threads.startDaemon(
            new Runnable() { // a class, not a lambda: made inside a class's definition
              @Override
              public void run() {
                weaveWaiting(firstUse);
              }
            },
            "weaving");
    if (!Threads.joinUninterruptibly(weaver, FIRST_USE_WAIT_MILLIS)) {
      sayOnce(
          "first use " + firstUse,
          "weaving at the first use of "
              + firstUse.replace('/', '.')
              + " takes over "
              + FIRST_USE_WAIT_MILLIS
              + " ms; it goes on meanwhile");
    }
  }

  /* Weaves the classes waiting for {@code firstUse}, which has just loaded (or is loading). */
  private void weaveWaiting(String firstUse) {
    for (Map.Entry<Class<?>, String> entry : waiting.entrySet()) {
      Class<?> type = entry.getKey();
      if (entry.getValue().equals(firstUse) && waiting.remove(type, firstUse)) {
        retransform(instrumentation, type, type.getName().replace('.', '/'));
      }
    }
  }

  /* One class at a time: one that cannot be woven again is named, and the others go on. */
  private void retransform(Instrumentation instrumentation, Class<?> type, String internal) {
    try {
      instrumentation.retransformClasses(type);
    } catch (Throwable t) {
      woven.remove(internal); // its new bytes were refused: it runs as it was
      sayOnce(internal, "the agent left " + type.getName() + " as it was: " + t);
    }
  }

  /* Whether a class may be a relocated copy of a library in {@code libraries}: its name has the
   * library's package after a prefix. */
  private static boolean isRelocated(String name, String[] libraries) {
    for (String library : libraries) {
      if (name.indexOf(library) > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds weaves to the table, for the classes loaded from now on. Loops, not lambdas: this runs at
   * every start, where each lambda costs a class spun at run time.
   */
  synchronized void register(List<Weave> weaves) {
    Map<String, List<Weave>> types = new HashMap<>(byType);
    Map<String, Map<String, List<Weave>>> libraries = new HashMap<>(relocatable);
    for (Weave weave : weaves) {
      types.put(weave.type(), with(types.get(weave.type()), weave));
      if (weave.relocatedFrom() != null) {
        String key = '/' + weave.relocatedFrom(); // as it appears after a prefix: "/io/netty/"
        Map<String, List<Weave>> library = new HashMap<>(libraries.getOrDefault(key, Map.of()));
        library.put(weave.type(), with(library.get(weave.type()), weave));
        libraries.put(key, Map.copyOf(library));
      }
    }
    byType = Map.copyOf(types);
    relocatable = Map.copyOf(libraries);
    Set<String> uses = new HashSet<>(firstUses);
    for (Weave weave : weaves) {
      if (weave.firstUse() != null) {
        uses.add(weave.firstUse());
      }
    }
    firstUses = Set.copyOf(uses);
  }

  private static List<Weave> with(List<Weave> weaves, Weave weave) {
    List<Weave> more = weaves != null ? new ArrayList<>(weaves) : new ArrayList<>();
    more.add(weave);
    return List.copyOf(more);
  }

  /** Whether a class, by internal name, has been woven. */
  boolean wove(String internalName) {
    return woven.contains(internalName);
  }

  /**
   * The weaves for a class by its internal name: its own or, under a prefix, those of a relocatable
   * library's class, relocated alike; null for any other class.
   */
  List<Weave> weavesFor(String internalName) {
    List<Weave> weaves = byType.get(internalName);
    if (weaves != null) {
      return weaves;
    }
    for (Map.Entry<String, Map<String, List<Weave>>> library : relocatable.entrySet()) {
      int at = internalName.indexOf(library.getKey());
      if (at < 0) {
        continue;
      }
      List<Weave> own = library.getValue().get(internalName.substring(at + 1));
      if (own != null) {
        String prefix = internalName.substring(0, at + 1);
        List<Weave> relocated = new ArrayList<>(own.size());
        for (Weave weave : own) {
          relocated.add(weave.relocated(prefix));
        }
        return relocated;
      }
    }
    return null;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] bytes) {
    try {
      noticeLoader(loader);
    } catch (Throwable t) {
      sayOnce("loaders", "integrations in new class loaders are not looked for: " + t);
    }
    try {
      Consumer<ClassLoader> watch = internalName != null ? whenLoaded.get(internalName) : null;
      if (watch != null) {
        watch.accept(loader);
      }
    } catch (Throwable t) {
      sayOnce(
          "when loaded " + internalName, "the agent could not act on " + internalName + ": " + t);
    }
    try {
      if (internalName != null && firstUses.contains(internalName) && used.add(internalName)) {
        weaveWaitingElsewhere(internalName); // before it is even defined: no use comes first
      }
    } catch (Throwable t) {
      sayOnce("first use", "the agent could not weave at " + internalName + ": " + t);
    }
    try {
      List<Weave> weaves = internalName != null ? weavesFor(internalName) : null;
      return weaves != null ? weave(loader, internalName, bytes, weaves) : null;
    } catch (Throwable t) {
      sayOnce(String.valueOf(internalName), "the agent left " + internalName + " as it was: " + t);
      return null;
    }
  }

  private void noticeLoader(ClassLoader loader) {
    if (loader == null || lastLoader.get() == loader) {
      return;
    }
    lastLoader = new WeakReference<>(loader);
    if (loaders.add(loader)) {
      newLoader.accept(loader);
    }
  }

  private byte[] weave(ClassLoader loader, String internalName, byte[] bytes, List<Weave> weaves) {
    Weaver.Woven result = Weaver.weave(bytes, weaves);
    for (Weave absent : result.absent()) {
      if (absent.absentWith() == null || !present(loader, absent.absentWith())) {
        sayOnce(
            internalName + absent.describe(),
            "unknown build: "
                + internalName.replace('/', '.')
                + " has no method "
                + absent.describe()
                + " ("
                + absent.library()
                + "); that switch point is not watched");
      }
    }
    for (String refused : result.refused()) {
      sayOnce(refused, refused + "; that switch point is not watched");
    }
    if (result.bytes() == null) {
      return null;
    }
    try {
      // Only now, before the first class that needs them runs: a program in which nothing is
      // woven never warms the hooks up nor defines their slots
      AgentHooks.warmUpOnce();
      for (Weave weave : weaves) {
        HookSlots.define(weave.slots());
      }
    } catch (Throwable t) {
      sayOnce("hooks", "the agent's hooks could not be readied (" + t + "); nothing is woven");
      return null;
    }
    woven.add(internalName);
    return result.bytes();
  }

  private static boolean present(ClassLoader loader, String internalName) {
    String file = internalName + ".class";
    return loader != null
        ? loader.getResource(file) != null
        : ClassLoader.getSystemResource(file) != null;
  }

  private void sayOnce(String key, String line) {
    if (said.first(key)) {
      Diagnostics.line(line);
    }
  }
}
