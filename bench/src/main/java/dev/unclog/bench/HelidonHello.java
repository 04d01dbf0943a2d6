/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import io.helidon.webserver.WebServer;

/**
 * An HTTP/1.1 keep-alive hello-world server on Helidon 4 SE, whose handlers run on a virtual thread
 * per request: every request gets {@code 200 OK} and {@code Hello, World!}. Listens on {@code
 * 127.0.0.1}, prints {@code listening PORT} and runs until killed.
 *
 * <pre>
 * java -cp 'bench/target/classes:bench/target/servers/*' dev.unclog.bench.HelidonHello [PORT]
 * </pre>
 */
public final class HelidonHello {
  private HelidonHello() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    WebServer server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(port)
            .routing(routing -> routing.any((request, response) -> response.send(Hello.TEXT)))
            .build()
            .start();
    Hello.listening(server.port());
  }
}
