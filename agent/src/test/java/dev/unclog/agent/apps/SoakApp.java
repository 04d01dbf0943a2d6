/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed load for the soak ({@code SoakIT}, {@code stress/soak.sh}): for {@code args[0]} seconds a
 * Netty 4.2 HTTP server on loopback answers a client of {@value #CLIENTS} virtual threads, virtual
 * threads are started and ended by the thousand each second, and every {@code args[1]} seconds one
 * real block of {@value #BLOCK_MILLIS} ms is injected, in turn on an event loop (a task named
 * {@code soak-el-K} sleeping in {@link #blockEventLoop}) and on a carrier (a virtual thread named
 * {@code soak-vt-K} spinning in {@link #blockCarrier}).
 *
 * <p>Prints {@code injected K el|vt EPOCH_MILLIS} for each block, {@code heap SECONDS BYTES} (used
 * after a full GC) every {@value #HEAP_EVERY_SECONDS} s, and at the end {@code requests N}, {@code
 * virtual-threads N}, {@code injected N}.
 */
public final class SoakApp {
  static final int CLIENTS = 8;
  static final long BLOCK_MILLIS = 300;
  static final int HEAP_EVERY_SECONDS = 10;
  /* No block in the first seconds: the first requests load classes on the event loops. */
  static final long WARM_UP_SECONDS = 3;
  static volatile long sink;

  private SoakApp() {}

  public static void main(String[] args) throws Exception {
    long seconds = Long.parseLong(args[0]);
    long blockEvery = Long.parseLong(args[1]);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    EventLoopGroup boss = NettyHttpApp.Netty42.group("io-nio", 1);
    EventLoopGroup workers = NettyHttpApp.Netty42.group("io-nio", 2);
    try {
      Channel server = NettyHttpApp.serve(boss, workers, NioServerSocketChannel.class);
      int port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
      // A first request from here: the client's first use initializes TLS and loads classes,
      // which on a virtual thread holds its carrier past the threshold (a true report, but
      // not one of the load's).
      request(port, start, new AtomicLong());
      AtomicLong requests = new AtomicLong();
      AtomicLong virtualThreads = new AtomicLong();
      List<Thread> load = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        load.add(
            Thread.ofVirtual().name("soak-client-" + i).start(() -> request(port, end, requests)));
      }
      load.add(Thread.ofPlatform().name("soak-churn").start(() -> churn(end, virtualThreads)));
      int injected = injectAndSample(workers, start, end, blockEvery);
      for (Thread thread : load) {
        thread.join();
      }
      server.close().sync();
      System.out.println("requests " + requests.get());
      System.out.println("virtual-threads " + virtualThreads.get());
      System.out.println("injected " + injected);
    } finally {
      NettyHttpApp.shutDown(boss);
      NettyHttpApp.shutDown(workers);
    }
  }

  /** One client: requests {@code /} over a kept-alive connection, once and until {@code end}. */
  private static void request(int port, long end, AtomicLong requests) {
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
              .timeout(Duration.ofSeconds(10))
              .build();
      do {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("status " + response.statusCode());
        }
        requests.incrementAndGet();
      } while (System.nanoTime() - end < 0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts virtual threads in batches of 100, about 5,000 a second, each sleeping 1 ms. */
  private static void churn(long end, AtomicLong count) {
    Thread[] batch = new Thread[100];
    try {
      while (System.nanoTime() - end < 0) {
        for (int i = 0; i < batch.length; i++) {
          batch[i] =
              Thread.ofVirtual()
                  .start(
                      () -> {
                        try {
                          Thread.sleep(1);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
        }
        for (Thread thread : batch) {
          thread.join();
        }
        count.addAndGet(batch.length);
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Injects a block every {@code blockEvery} s and samples the heap; returns the blocks. */
  private static int injectAndSample(EventLoopGroup workers, long start, long end, long blockEvery)
      throws InterruptedException {
    long second = TimeUnit.SECONDS.toNanos(1);
    long nextBlock = start + WARM_UP_SECONDS * second;
    long nextHeap = start + HEAP_EVERY_SECONDS * second;
    int injected = 0;
    // The last block ends well before the load does, so that it is reported before exit.
    while (true) {
      long next = Math.min(nextBlock, nextHeap);
      if (next - (end - second) >= 0) {
        return injected;
      }
      TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
      if (next == nextHeap) {
        System.gc();
        System.out.println(
            "heap "
                + (nextHeap - start) / second
                + " "
                + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        nextHeap += HEAP_EVERY_SECONDS * second;
      } else {
        injected++;
        String kind = injected % 2 == 1 ? "el" : "vt";
        String name = "soak-" + kind + "-" + injected;
        System.out.println("injected " + injected + " " + kind + " " + System.currentTimeMillis());
        if (kind.equals("el")) {
          workers.next().execute(named(name, SoakApp::blockEventLoop));
        } else {
          Thread.ofVirtual().name(name).start(SoakApp::blockCarrier);
        }
        nextBlock += blockEvery * second;
      }
    }
  }

  /** The injected block on an event loop: a sleep, the classic mistake. */
  static void blockEventLoop() {
    try {
      Thread.sleep(BLOCK_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The injected block on a carrier: a virtual thread that spins never unmounts. */
  static void blockCarrier() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BLOCK_MILLIS);
    long work = 0;
    while (System.nanoTime() - until < 0) {
      work++;
    }
    sink = work;
  }

  private static Runnable named(String name, Runnable task) {
    return new Runnable() {
      @Override
      public void run() {
        task.run();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
