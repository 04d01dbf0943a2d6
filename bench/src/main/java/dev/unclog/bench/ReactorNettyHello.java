/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An HTTP/1.1 keep-alive hello-world server on Reactor Netty 1.3, with its default event loops:
 * every request gets {@code 200 OK} and {@code Hello, World!}. Listens on {@code 127.0.0.1}, prints
 * {@code listening PORT} and runs until killed.
 *
 * <pre>
 * java -cp 'bench/target/classes:bench/target/servers/*' dev.unclog.bench.ReactorNettyHello [PORT]
 * </pre>
 */
public final class ReactorNettyHello {
  private ReactorNettyHello() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(port)
            .handle(
                (request, response) ->
                    response
                        .header("content-type", "text/plain")
                        .header("content-length", Integer.toString(Hello.TEXT.length()))
                        .sendString(Mono.just(Hello.TEXT)))
            .bindNow();
    Hello.listening(server.port());
    server.onDispose().block();
  }
}
