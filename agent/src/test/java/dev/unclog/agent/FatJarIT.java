/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unclog.agent.apps.Errands;
import dev.unclog.agent.apps.tinyloop.FatJarApp;
import dev.unclog.agent.apps.tinyloop.TinyLoop;
import dev.unclog.agent.apps.tinyloop.TinyLoopIntegration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integration shipped inside a Spring Boot fat jar, in {@code BOOT-INF/lib} where the agent's
 * class loader cannot see it at start, run by Boot's own launcher (spring-boot-loader 4.0) with the
 * agent: it is found when Boot's class loader appears, and its scheduler's 700 ms sleep is one
 * episode of the kind it names. The jar is laid out as Boot's build plugins lay it out: the
 * launcher at its root, the application in BOOT-INF/classes, each library a stored jar in
 * BOOT-INF/lib.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FatJarIT {
  static final Path BOOT_LOADER = Path.of("target", "spring-boot-loader");

  @TempDir Path dir;

  @Test
  void anIntegrationInTheFatJarsLibraries_isFound_andItsSchedulerWatched() throws Exception {
    Path fatJar = fatJar();
    try (ChildJvm child = ChildJvm.java(dir).startJar(fatJar)) {
      child.assertFinished("fat jar done");
      assertTrue(child.out.contains("the loop is watched"), child.describe());
      List<Map<String, Object>> episodes = child.endedAt("Errands.checkStock(");
      child.assertOnlySleep(episodes, "tiny-loop", "Errands.checkStock(");
    }
  }

  private Path fatJar() throws IOException {
    ByteArrayOutputStream library = new ByteArrayOutputStream();
    try (JarWriter lib = new JarWriter(new JarOutputStream(library))) {
      lib.put(classFile(TinyLoop.class.getName()), bytesOf(TinyLoop.class.getName()));
      String integration = TinyLoopIntegration.class.getName();
      lib.put(classFile(integration), bytesOf(integration));
      lib.put(
          "META-INF/services/dev.unclog.agent.Integration",
          (integration + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return fatJar(
        dir.resolve("app.jar"),
        FatJarApp.class,
        List.of(Errands.class.getName(), Errands.class.getPackageName() + ".Pause"),
        Map.of("tiny-loop.jar", library.toByteArray()));
  }

  /**
   * A fat jar as Boot's build plugins lay it out: the launcher at its root, {@code start} and
   * {@code classes} in BOOT-INF/classes, each library (by file name) a stored jar in BOOT-INF/lib.
   */
  static Path fatJar(Path jar, Class<?> start, List<String> classes, Map<String, byte[]> libraries)
      throws IOException {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
    main.putValue("Start-Class", start.getName());
    main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
    main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
    try (JarWriter out = new JarWriter(new JarOutputStream(Files.newOutputStream(jar), manifest))) {
      try (JarFile loader = new JarFile(onlyJarIn(BOOT_LOADER).toFile())) {
        for (Enumeration<JarEntry> entries = loader.entries(); entries.hasMoreElements(); ) {
          JarEntry entry = entries.nextElement();
          if (!entry.isDirectory() && entry.getName().startsWith("org/")) {
            out.put(entry.getName(), loader.getInputStream(entry).readAllBytes());
          }
        }
      }
      List<String> all = new java.util.ArrayList<>(classes);
      all.add(start.getName());
      for (String type : all) {
        out.put("BOOT-INF/classes/" + classFile(type), bytesOf(type));
      }
      for (Map.Entry<String, byte[]> library : new java.util.TreeMap<>(libraries).entrySet()) {
        out.stored("BOOT-INF/lib/" + library.getKey(), library.getValue());
      }
    }
    return jar;
  }

  private static Path onlyJarIn(Path folder) throws IOException {
    try (var jars = Files.list(folder)) {
      List<Path> found = jars.filter(p -> p.toString().endsWith(".jar")).toList();
      assertEquals(1, found.size(), "spring-boot-loader, copied by the build: " + found);
      return found.get(0);
    }
  }

  private static String classFile(String type) {
    return type.replace('.', '/') + ".class";
  }

  private static byte[] bytesOf(String type) throws IOException {
    try (var in = FatJarIT.class.getClassLoader().getResourceAsStream(classFile(type))) {
      return in.readAllBytes();
    }
  }

  /**
   * A jar written as jar tools write them: with an entry for each directory, through which Boot's
   * launcher finds BOOT-INF/classes.
   */
  private static final class JarWriter implements AutoCloseable {
    private final JarOutputStream out;
    private final Set<String> directories = new HashSet<>();

    JarWriter(JarOutputStream out) {
      this.out = out;
    }

    void put(String name, byte[] bytes) throws IOException {
      write(new JarEntry(name), bytes);
    }

    /* Boot reads a nested jar in place, so it must be stored, not deflated. */
    void stored(String name, byte[] bytes) throws IOException {
      JarEntry entry = new JarEntry(name);
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(bytes.length);
      CRC32 crc = new CRC32();
      crc.update(bytes);
      entry.setCrc(crc.getValue());
      write(entry, bytes);
    }

    private void write(JarEntry entry, byte[] bytes) throws IOException {
      String name = entry.getName();
      for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
        String directory = name.substring(0, slash + 1);
        if (directories.add(directory)) {
          out.putNextEntry(new JarEntry(directory));
          out.closeEntry();
        }
      }
      out.putNextEntry(entry);
      out.write(bytes);
      out.closeEntry();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
