/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator at a fixed rate, driven line by line on standard input by {@code
 * bench/fixed_rate.py}: unlike {@code wrk}, which sends as fast as the server answers, it offers
 * the same load to every configuration, so that the server's CPU time per request compares like
 * with like. Request {@code k} of a run is due at {@code start + k / rate}; each connection's
 * thread takes every {@code connections}-th of them, sends it when due (at once if late) and waits
 * for the answer; latency runs from when it was due, so a stalled server is charged for the
 * requests it delayed (no coordinated omission).
 *
 * <pre>
 * connect http|grpc PORT CONNECTIONS   opens the connections, sends 200 requests on each
 *                                      -> "connected PORT"
 * run PORT[,PORT...] RATE SECONDS      each port at RATE, all at once
 *                                      -> "result PORT requests N errors N late N p50_us X p99_us Y"
 *                                         (one such group per port, " | " between them)
 * close PORT                           -> "closed PORT"
 * </pre>
 *
 * A request is late when it is sent more than a millisecond after it was due: the load generator
 * (or its connections) could not keep up, and the run offered less than its rate. An answer other
 * than a 200 (or a failed call) is an error, and so is a broken connection, which ends that
 * connection's part of the run.
 */
public final class FixedRateLoad {
  private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int WARM_REQUESTS = 200;

  private final Map<Integer, List<Connection>> open = new HashMap<>();

  private FixedRateLoad() {}

  public static void main(String[] args) throws IOException {
    FixedRateLoad load = new FixedRateLoad();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      String[] words = line.trim().split("\\s+");
      try {
        System.out.println(load.command(words));
      } catch (Exception e) {
        System.out.println("error " + line + ": " + e);
      }
      System.out.flush();
    }
    load.open.values().forEach(FixedRateLoad::closeAll);
  }

  private String command(String[] words) throws Exception {
    switch (words[0]) {
      case "connect" -> {
        int port = Integer.parseInt(words[2]);
        int connections = Integer.parseInt(words[3]);
        List<Connection> list = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
          list.add(words[1].equals("grpc") ? new GrpcConnection(port) : new HttpConnection(port));
        }
        for (Connection connection : list) {
          for (int i = 0; i < WARM_REQUESTS; i++) {
            if (!connection.exchange()) {
              throw new IOException("a warm-up request failed on port " + port);
            }
          }
        }
        closeAll(open.put(port, list));
        return "connected " + port;
      }
      case "run" -> {
        // every port's load starts at the same instant, so that the servers' windows coincide
        // and a drift of the machine falls on all of them alike; each port's requests are
        // offset by a fraction of the spacing, so that the ports' requests never come in bursts
        String[] ports = words[1].split(",");
        double rate = Double.parseDouble(words[2]);
        long total = Math.round(Double.parseDouble(words[3]) * rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long spacing = Math.round(1e9 / rate);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
          List<Connection> list = open.get(Integer.parseInt(ports[i]));
          if (list == null) {
            throw new IllegalStateException("not connected to " + ports[i]);
          }
          runs.add(new Run(list, spacing, total, start + i * spacing / ports.length));
        }
        StringBuilder answer = new StringBuilder("result");
        for (int i = 0; i < ports.length; i++) {
          answer
              .append(i == 0 ? " " : " | ")
              .append(ports[i])
              .append(' ')
              .append(runs.get(i).end());
        }
        return answer.toString();
      }
      case "close" -> {
        closeAll(open.remove(Integer.parseInt(words[1])));
        return "closed " + words[1];
      }
      default -> throw new IllegalArgumentException("unknown command " + words[0]);
    }
  }

  /** One port's share of a run: a thread per connection, each taking every n-th request. */
  private static final class Run {
    private final long[][] latencies;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final Thread[] threads;

    Run(List<Connection> connections, long spacing, long total, long start) {
      int n = connections.size();
      latencies = new long[n][];
      threads = new Thread[n];
      for (int i = 0; i < n; i++) {
        int first = i;
        Connection connection = connections.get(i);
        threads[i] =
            new Thread(
                () -> {
                  long[] mine = new long[(int) (total / n + 1)];
                  int done = 0;
                  for (long k = first; k < total; k += n) {
                    long due = start + k * spacing;
                    long now = System.nanoTime();
                    while (due - now > 0) {
                      LockSupport.parkNanos(due - now);
                      now = System.nanoTime();
                    }
                    if (now - due > LATE_NANOS) {
                      late.incrementAndGet();
                    }
                    boolean ok;
                    try {
                      ok = connection.exchange();
                    } catch (Exception e) {
                      errors.incrementAndGet();
                      break; // the connection is gone: its share of the run ends
                    }
                    if (!ok) {
                      errors.incrementAndGet();
                    }
                    mine[done++] = System.nanoTime() - due;
                  }
                  latencies[first] = Arrays.copyOf(mine, done);
                },
                "load-" + i);
        threads[i].start();
      }
    }

    /** Waits for the run's end; its figures. */
    String end() throws InterruptedException {
      for (Thread thread : threads) {
        thread.join();
      }
      long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      return String.format(
          Locale.ROOT,
          "requests %d errors %d late %d p50_us %.1f p99_us %.1f",
          all.length,
          errors.get(),
          late.get(),
          percentile(all, 0.50) / 1e3,
          percentile(all, 0.99) / 1e3);
    }
  }

  private static double percentile(long[] sorted, double q) {
    return sorted.length == 0
        ? Double.NaN
        : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
  }

  private static void closeAll(List<Connection> connections) {
    if (connections != null) {
      connections.forEach(Connection::close);
    }
  }

  /** One connection's request and answer. */
  private interface Connection {
    /** Sends one request and waits for its answer: whether it succeeded. */
    boolean exchange() throws IOException;

    void close();
  }

  /** HTTP/1.1 keep-alive over a blocking socket: a GET, and an answer with a Content-Length. */
  private static final class HttpConnection implements Connection {
    private static final byte[] REQUEST =
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    HttpConnection(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    @Override
    public boolean exchange() throws IOException {
      out.write(REQUEST);
      int headEnd;
      while ((headEnd = headEnd()) < 0) {
        fill();
      }
      String head = new String(buffer, start, headEnd - start, StandardCharsets.ISO_8859_1);
      int length = contentLength(head);
      start = headEnd + 4;
      while (end - start < length) {
        fill();
      }
      start += length;
      return head.startsWith("HTTP/1.1 200");
    }

    private int headEnd() {
      for (int i = start; i + 3 < end; i++) {
        if (buffer[i] == '\r'
            && buffer[i + 1] == '\n'
            && buffer[i + 2] == '\r'
            && buffer[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private void fill() throws IOException {
      if (start == end) {
        start = end = 0;
      } else if (end == buffer.length) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
      }
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        throw new EOFException("the server closed the connection");
      }
      end += read;
    }

    private static int contentLength(String head) throws IOException {
      String lower = head.toLowerCase(Locale.ROOT);
      int at = lower.indexOf("\r\ncontent-length:");
      if (at < 0) {
        throw new IOException("an answer without a Content-Length: " + head);
      }
      int from = at + "\r\ncontent-length:".length();
      int to = lower.indexOf('\r', from);
      return Integer.parseInt(lower.substring(from, to < 0 ? lower.length() : to).trim());
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing: nothing to do
      }
    }
  }

  /** A gRPC channel of its own (one HTTP/2 connection) and a blocking unary call on it. */
  private static final class GrpcConnection implements Connection {
    private static final byte[] REQUEST = "hello".getBytes(StandardCharsets.US_ASCII);
    private final ManagedChannel channel;

    GrpcConnection(int port) {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @Override
    public boolean exchange() {
      byte[] answer =
          ClientCalls.blockingUnaryCall(channel, GrpcHello.SAY, CallOptions.DEFAULT, REQUEST);
      return answer.length == Hello.TEXT.length();
    }

    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
