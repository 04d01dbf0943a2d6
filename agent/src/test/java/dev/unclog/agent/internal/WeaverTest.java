/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.Hubs;
import dev.unclog.agent.SwitchPoint;
import dev.unclog.agent.SwitchPoint.Task;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The weaver on methods of every shape a library has: each return type, long and double locals, a
 * loop back to the first instruction, the method's own try/catch and synchronized blocks, a throw,
 * static and instance, each way of naming the task, and Runnable calls inside a loop. Each woven
 * class is loaded and verified by the JVM, and run: the enter hook sees the task, the exit hook
 * what enter returned, once, on every way out; the method's own handlers still come first.
 */
class WeaverTest {
  /** The slot class the woven code reads in these tests, in place of the agent's in java.base. */
  public static final class Slots {
    public static Function<Object, Object> enter0;
    public static Consumer<Object> exit;
    public static Consumer<Object> spawn;

    public static void run0(Runnable task) {
      Object entered = enter0.apply(task);
      try {
        task.run();
      } finally {
        exit.accept(entered);
      }
    }
  }

  /** What the woven methods are: the shapes a scheduler's switch points come in. */
  public static final class Shapes {
    public final Object task = "the field's task";
    public final String label = "the other field";
    public final long handle = 7;

    public int ints(Object task, long a, double b) {
      long sum = a;
      for (int i = 0; i < 3; i++) {
        sum += i;
      }
      return (int) (sum + b);
    }

    public long longs(long a) {
      return a * 2;
    }

    public double doubles(double a) {
      return a / 2;
    }

    public Object objects() {
      return task;
    }

    public void loopsToItsStart(int[] count) {
      while (count[0] < 5) {
        count[0]++;
      }
    }

    public String catchesItsOwn(Object task) {
      try {
        throw new IllegalStateException("inside");
      } catch (IllegalStateException e) {
        return "caught " + e.getMessage();
      }
    }

    public void throwsOut(Object task) {
      throw new UnsupportedOperationException("out");
    }

    public int synchronizedBlock(Object task) {
      synchronized (this) {
        return 3;
      }
    }

    public static String statics(Object task, int n) {
      return task + "/" + n;
    }

    public int runsTasks(List<Runnable> tasks) {
      int ran = 0;
      for (Runnable task : tasks) {
        task.run();
        ran++;
      }
      return ran;
    }
  }

  private final List<Object> entered = new ArrayList<>();
  private final List<Object> exited = new ArrayList<>();

  @BeforeEach
  void hooks() {
    Slots.enter0 =
        task -> {
          entered.add(task);
          return "token " + entered.size();
        };
    Slots.exit = exited::add;
  }

  @Test
  void everyReturnType_andLocalsOfEveryWidth() throws Exception {
    Object shapes = woven(point("ints", "(", Task.argument(0)), point("longs", "(", Task.THIS));
    assertEquals(13, call(shapes, "ints", "the task", 7L, 3.0));
    assertEquals(List.of("the task"), entered);
    assertEquals(List.of("token 1"), exited);
    assertEquals(8L, call(shapes, "longs", 4L));
    assertEquals(shapes, entered.get(1));
  }

  @Test
  void theTaskFromAField_andFromTheReceiver() throws Exception {
    Object shapes =
        woven(point("objects", "()", Task.field("task")), point("doubles", "(D)D", Task.THIS));
    assertEquals("the field's task", call(shapes, "objects"));
    assertEquals(1.5, call(shapes, "doubles", 3.0));
    assertEquals(List.of("the field's task", shapes), entered);
    assertEquals(List.of("token 1", "token 2"), exited);
  }

  /** Found in review: the second weave's field type went into the first weave's read. */
  @Test
  void aMethodWovenTwice_keepsTheFirst_andReadsItsField() throws Exception {
    Weaver.Woven result =
        Weaver.weave(
            classFile(Shapes.class),
            List.of(
                weave(point("objects", "()", Task.field("task"))),
                weave(point("objects", "()", Task.field("label")))));
    assertEquals(1, result.refused().size(), "" + result.refused());
    assertTrue(result.refused().get(0).endsWith("is a switch point twice"), "" + result.refused());
    Object shapes = load(result.bytes()).getConstructor().newInstance();
    assertEquals("the field's task", call(shapes, "objects"));
    assertEquals(List.of("the field's task"), entered);
  }

  @Test
  void aLoopBackToTheFirstInstruction_entersOnce() throws Exception {
    Object shapes = woven(point("loopsToItsStart", "(", Task.THIS));
    int[] count = {0};
    call(shapes, "loopsToItsStart", (Object) count);
    assertEquals(5, count[0]);
    assertEquals(1, entered.size());
    assertEquals(1, exited.size());
  }

  @Test
  void theMethodsOwnHandlersComeFirst_andAThrowExitsOnce() throws Exception {
    Object shapes =
        woven(
            point("catchesItsOwn", "(", Task.argument(0)),
            point("throwsOut", "(", Task.argument(0)),
            point("synchronizedBlock", "(", Task.argument(0)));
    assertEquals("caught inside", call(shapes, "catchesItsOwn", "a"));
    InvocationTargetException thrown =
        assertThrows(InvocationTargetException.class, () -> call(shapes, "throwsOut", "b"));
    assertTrue(thrown.getCause() instanceof UnsupportedOperationException);
    assertEquals(3, call(shapes, "synchronizedBlock", "c"));
    assertEquals(List.of("a", "b", "c"), entered);
    assertEquals(List.of("token 1", "token 2", "token 3"), exited);
  }

  @Test
  void aStaticMethod_namesItsTaskByArgument() throws Exception {
    Object shapes = woven(point("statics", "(Ljava/lang/Object;I)", Task.argument(0)));
    assertEquals("x/4", call(shapes, "statics", "x", 4));
    assertEquals(List.of("x"), entered);
  }

  @Test
  void eachRunnableCall_isASwitch() throws Exception {
    Object shapes = woven(point("runsTasks", "(", Task.EACH_RUNNABLE));
    List<Object> ran = new ArrayList<>();
    Runnable first = () -> ran.add("first");
    Runnable second = () -> ran.add("second");
    assertEquals(2, call(shapes, "runsTasks", List.of(first, second)));
    assertEquals(List.of("first", "second"), ran);
    assertEquals(List.of(first, second), entered);
    assertEquals(List.of("token 1", "token 2"), exited);
  }

  @Test
  void whatCannotBeWoven_isSaid_andTheRestIsWoven() throws Exception {
    Weaver.Woven result =
        Weaver.weave(
            classFile(Shapes.class),
            List.of(
                weave(point("statics", "(", Task.THIS)),
                weave(point("longs", "(", Task.argument(0))),
                weave(point("objects", "()", Task.field("handle"))),
                weave(point("objects", "()", Task.field("nothing"))),
                weave(point("noSuchMethod", "(", Task.THIS)),
                weave(point("ints", "(", Task.argument(5))),
                weave(point("doubles", "(", Task.THIS))));
    assertEquals(1, result.absent().size(), "noSuchMethod");
    assertEquals(
        java.util.Set.of(
            "dev.unclog.agent.internal.WeaverTest$Shapes.statics(Ljava/lang/Object;I)Ljava/lang/String;"
                + " is static: it has no receiver to name the task",
            "dev.unclog.agent.internal.WeaverTest$Shapes.longs(J)J has a primitive argument 0",
            "dev.unclog.agent.internal.WeaverTest$Shapes.objects()Ljava/lang/Object;"
                + " has a primitive field handle",
            "dev.unclog.agent.internal.WeaverTest$Shapes.objects()Ljava/lang/Object;"
                + " has no instance field nothing declared with it",
            "dev.unclog.agent.internal.WeaverTest$Shapes.ints(Ljava/lang/Object;JD)I has no argument 5"),
        java.util.Set.copyOf(result.refused()),
        "in the class file's order");
    assertNotNull(result.bytes(), "doubles is woven");
    Object shapes = load(result.bytes()).getConstructor().newInstance();
    assertEquals(2.0, call(shapes, "doubles", 4.0));
    assertEquals(1, entered.size());
  }

  @Test
  void aClassWithNothingToWeave_isLeftAsItIs() throws Exception {
    assertNull(
        Weaver.weave(classFile(Shapes.class), List.of(weave(point("none", "(", Task.THIS))))
            .bytes());
  }

  // ---- helpers ----

  private static SwitchPoint point(String method, String descriptor, Task task) {
    return new SwitchPoint(Shapes.class.getName(), method, descriptor, task, Hubs.every("test"));
  }

  private static Weave weave(SwitchPoint point) {
    return new Weave(
        Weave.internal(point.type()),
        point.method(),
        point.descriptor(),
        new Weave.Switch(Weave.internal(Slots.class.getName()), 0, point.task()),
        null,
        "test",
        null,
        null);
  }

  private Object woven(SwitchPoint... points) throws Exception {
    List<Weave> weaves = new ArrayList<>();
    for (SwitchPoint point : points) {
      weaves.add(weave(point));
    }
    Weaver.Woven result = Weaver.weave(classFile(Shapes.class), weaves);
    assertEquals(List.of(), result.refused());
    assertEquals(List.of(), result.absent());
    return load(result.bytes()).getConstructor().newInstance();
  }

  /* Defines the woven Shapes in a loader of its own, which the JVM verifies as it links it. */
  private static Class<?> load(byte[] bytes) throws Exception {
    ClassLoader loader =
        new ClassLoader(WeaverTest.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(Shapes.class.getName())) {
              synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
              }
            }
            return super.loadClass(name, resolve);
          }
        };
    Class<?> type = Class.forName(Shapes.class.getName(), true, loader);
    assertEquals(loader, type.getClassLoader());
    return type;
  }

  private static Object call(Object target, String name, Object... args) throws Exception {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name)) {
        return method.invoke(target, args);
      }
    }
    throw new AssertionError("no method " + name);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in =
        type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void theWovenClass_differsFromTheOriginal_onlyInTheMethodsWoven() throws Exception {
    byte[] original = classFile(Shapes.class);
    byte[] woven = Weaver.weave(original, List.of(weave(point("longs", "(", Task.THIS)))).bytes();
    assertTrue(woven.length > original.length);
    assertArrayEquals(
        java.util.Arrays.copyOf(original, 8), java.util.Arrays.copyOf(woven, 8), "same version");
  }
}
