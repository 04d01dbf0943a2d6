/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Opens the files unclog writes (the report file, the HTML report) so that they cannot be turned
 * against their user.
 *
 * <p>A file may sit in a directory others can write (/tmp), where another user can put a link or a
 * file of theirs under its name first. So a new file is created without following links, readable
 * and writable by its owner only; an existing one is refused when it is a link, not a regular file,
 * another user's, or writable by others (group-writable is allowed: Kubernetes volumes are). The
 * standard streams, links by nature, are allowed as named: {@code /dev/stdout}, {@code
 * /dev/stderr}, {@code /proc/self/fd/N}. A FIFO is opened for reading and writing, which on Linux
 * never waits for a reader; a write waits only when its buffer is full and nothing reads it, and
 * then on the reporter's thread, never the application's.
 */
public final class OwnFiles {
  /* The file-type bits of a Unix mode, and a FIFO's. */
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;

  private OwnFiles() {}

  /**
   * Opens {@code file} to append to it, creating it owner-only if it is not there.
   *
   * @param what what the file is, for a refusal: {@code UNCLOG_REPORT_FILE}
   * @throws IllegalStateException if the file is refused, saying why in one line
   */
  public static OutputStream append(Path file, String what) throws IOException {
    return open(file, what, false);
  }

  /**
   * Opens {@code file} to write it anew (an existing one is emptied once it passes the checks),
   * creating it owner-only if it is not there.
   *
   * @param what what the file is, for a refusal: {@code the report}
   * @throws IllegalStateException if the file is refused, saying why in one line
   */
  public static OutputStream replace(Path file, String what) throws IOException {
    return open(file, what, true);
  }

  private static OutputStream open(Path file, String what, boolean truncate) throws IOException {
    if (isStream(file)) {
      return Channels.newOutputStream(Files.newByteChannel(file, writing(isFifo(file), truncate)));
    }
    try { // O_CREAT|O_EXCL: fails on anything already there, a dangling link included
      return Channels.newOutputStream(
          Files.newByteChannel(
              file,
              truncate
                  ? Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                  : Set.of(
                      StandardOpenOption.CREATE_NEW,
                      StandardOpenOption.WRITE,
                      StandardOpenOption.APPEND),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
    } catch (FileAlreadyExistsException e) {
      // there already: appended to, if it passes the checks below
    } catch (UnsupportedOperationException e) { // no POSIX permissions: no owners to check
      return Files.newOutputStream(
          file,
          StandardOpenOption.CREATE,
          truncate ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
    }
    PosixFileAttributes before = checked(file, what);
    Set<OpenOption> options = new java.util.HashSet<>(writing(!before.isRegularFile(), truncate));
    options.add(LinkOption.NOFOLLOW_LINKS);
    OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, options));
    // the file checked is the file opened: a swap in between is refused as well
    PosixFileAttributes after;
    try {
      after = checked(file, what);
    } catch (IllegalStateException | IOException e) {
      out.close();
      throw e;
    }
    if (!Objects.equals(before.fileKey(), after.fileKey())) {
      out.close();
      throw refused(file, what, "it was replaced while it was opened");
    }
    return out;
  }

  /** The existing file's attributes, if unclog may append to it; else why not, thrown. */
  private static PosixFileAttributes checked(Path file, String what) throws IOException {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw refused(file, what, "it was removed while it was opened");
    }
    if (attributes.isSymbolicLink()) {
      throw refused(file, what, "it is a symbolic link");
    }
    if (!attributes.isRegularFile() && !isFifo(file)) {
      throw refused(file, what, "it is neither a regular file nor a FIFO");
    }
    if (!attributes.owner().getName().equals(System.getProperty("user.name"))) {
      throw refused(file, what, "it belongs to " + attributes.owner().getName());
    }
    if (attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      throw refused(file, what, "others may write to it");
    }
    return attributes;
  }

  /** How to open for writing: a FIFO for reading too, so that opening never waits. */
  private static Set<OpenOption> writing(boolean fifo, boolean truncate) {
    return fifo
        ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
        : Set.of(
            StandardOpenOption.WRITE,
            truncate ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
  }

  private static boolean isFifo(Path file) throws IOException {
    try {
      return (((Integer) Files.getAttribute(file, "unix:mode")) & S_IFMT) == S_IFIFO;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return false; // no Unix modes here
    }
  }

  private static IllegalStateException refused(Path file, String what, String why) {
    return new IllegalStateException(
        what
            + " "
            + file
            + " is refused: "
            + why
            + " (a report file must be this user's regular file or FIFO, not writable by others)");
  }

  /** The standard streams and this process's file descriptors: links by nature. */
  private static boolean isStream(Path file) {
    String name = file.toString();
    return name.equals("/dev/stdout")
        || name.equals("/dev/stderr")
        || name.matches("/proc/self/fd/[0-9]{1,9}")
        || name.matches("/dev/fd/[0-9]{1,9}");
  }
}
