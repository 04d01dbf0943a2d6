/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An HTTP/1.1 keep-alive hello-world server on virtual threads, for load generators such as {@code
 * wrk}: the JDK's own {@code com.sun.net.httpserver.HttpServer} with {@link
 * Executors#newVirtualThreadPerTaskExecutor()} as its executor, so that every exchange runs on a
 * virtual thread of its own, as a server written for virtual threads does. Every request, whatever
 * its path, gets {@code 200 OK} and {@code Hello, World!}. Listens on {@code 127.0.0.1}, prints
 * {@code listening PORT} once it accepts connections and runs until killed.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.unclog.bench.VirtualThreadHttpServer [PORT]   (0, the default: any free port)
 * wrk -t2 -c64 -d10s --latency http://127.0.0.1:PORT/
 * </pre>
 *
 * With {@code -javaagent:agent/target/unclog-agent.jar} the carrier threads are unclog hubs and
 * every mount of a virtual thread passes through the hook; {@code bench/run.sh vthreads} compares
 * it with no agent, an empty agent and the agent without JVMTI's virtual-thread events.
 */
public final class VirtualThreadHttpServer {
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  private VirtualThreadHttpServer() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    server.createContext("/", VirtualThreadHttpServer::hello);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    System.out.println("listening " + server.getAddress().getPort());
    System.out.flush();
  }

  private static void hello(HttpExchange exchange) throws IOException {
    try (exchange) {
      try (InputStream body = exchange.getRequestBody()) {
        body.transferTo(OutputStream.nullOutputStream()); // a GET has none; drain it anyway
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    }
  }
}
