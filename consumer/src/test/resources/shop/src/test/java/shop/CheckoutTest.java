package shop;

import dev.unclog.junit.FailOnBlocking;
import org.junit.jupiter.api.Test;

@FailOnBlocking(failOnNoAgent = true)
class CheckoutTest {
  @Test
  void pricesTheBasket() throws InterruptedException {
    Thread.ofVirtual().start(CheckoutTest::computePrices).join();
  }

  /** Holds its carrier for 600 ms: it never parks, sleeps or does I/O. */
  static void computePrices() {
    long end = System.nanoTime() + 600_000_000L;
    long x = 0;
    while (System.nanoTime() - end < 0) {
      x = x * 31 + 7;
    }
    if (x == 42) {
      System.out.println("unlikely");
    }
  }

  @Test
  void waitsForThePaymentService() throws InterruptedException {
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(300); // a virtual thread's sleep gives its carrier back
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).join();
  }
}
