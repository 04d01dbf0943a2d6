/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * An HTTP/1.1 keep-alive hello-world server on Vert.x 5, as Vert.x ships: its blocked-thread
 * checker on, two event loops (its default is two per core; pinned to one core, the JVM is told it
 * has two). Every request gets {@code 200 OK} and {@code Hello, World!}. Listens on {@code
 * 127.0.0.1}, prints {@code listening PORT} and runs until killed.
 *
 * <pre>
 * java -cp 'bench/target/classes:bench/target/servers/*' dev.unclog.bench.VertxHello [PORT]
 * </pre>
 */
public final class VertxHello {
  private VertxHello() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    HttpServer server =
        Vertx.vertx()
            .createHttpServer()
            .requestHandler(
                request ->
                    request.response().putHeader("content-type", "text/plain").end(Hello.TEXT))
            .listen(port, "127.0.0.1")
            .await();
    Hello.listening(server.actualPort());
  }
}
