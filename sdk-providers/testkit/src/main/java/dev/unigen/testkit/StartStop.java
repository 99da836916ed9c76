package dev.unigen.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the annotated {@code MockWebServer} field before each test, unless it is started already,
 * and closes it after, so a test class needs no set-up of its own for its local server. Start it in
 * the field itself ({@link TestServers#started()}) when other fields, such as the provider under
 * test, are built from its URL:
 *
 * <pre>{@code
 * @StartStop private final MockWebServer server = TestServers.started();
 * private final AcmeProvider provider = AcmeProvider.builder().build(Fixtures.context(server));
 * }</pre>
 *
 * The field must be an instance field holding a new server (a closed server cannot be started
 * again; JUnit makes a new test instance for each test).
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StartStopExtension.class)
public @interface StartStop {}
