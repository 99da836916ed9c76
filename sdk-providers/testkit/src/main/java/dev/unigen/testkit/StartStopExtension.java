package dev.unigen.testkit;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts and closes the {@link StartStop} servers of each test instance. */
final class StartStopExtension implements BeforeEachCallback, AfterEachCallback {
  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    for (MockWebServer server : servers(context)) {
      if (!server.getStarted()) server.start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (MockWebServer server : servers(context)) server.close();
  }

  private static List<MockWebServer> servers(ExtensionContext context) throws IllegalAccessException {
    List<MockWebServer> out = new ArrayList<>();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Class<?> c = instance.getClass(); c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!f.isAnnotationPresent(StartStop.class)) continue;
          if (!MockWebServer.class.isAssignableFrom(f.getType())) {
            throw new IllegalStateException("@StartStop on " + f + ", which is not a MockWebServer");
          }
          f.setAccessible(true);
          Object server = f.get(instance);
          if (server == null) throw new IllegalStateException("@StartStop field " + f + " holds no server");
          out.add((MockWebServer) server);
        }
      }
    }
    return out;
  }
}
