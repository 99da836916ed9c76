package dev.unigen.provider.sandbox;

import com.squareup.moshi.Moshi;
import dev.unigen.spi.ProviderContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;

/**
 * The context of a sandbox built without one: its own HTTP client and a small scheduler on daemon
 * threads, created on first use and shared by every such sandbox, so a test kit needs no setup and
 * never keeps the JVM alive.
 */
final class DefaultContext {
  static final ProviderContext INSTANCE = create();

  private DefaultContext() {}

  private static ProviderContext create() {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "unigen-sandbox");
      t.setDaemon(true);
      return t;
    });
    return ProviderContext.builder()
        .httpClient(new OkHttpClient())
        .moshi(new Moshi.Builder().build())
        .scheduler(scheduler)
        .build();
  }
}
