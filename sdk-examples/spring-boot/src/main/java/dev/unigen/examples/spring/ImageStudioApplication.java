package dev.unigen.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small image service on the Unigen starter: {@code GET /quote} prices a picture on every
 * configured provider, {@code POST /images} makes it on the cheapest. The {@code Generator} comes
 * from {@code application.yml}; Actuator shows each provider's circuit under
 * {@code /actuator/health} and the Unigen meters under {@code /actuator/metrics}. With no key set
 * it runs on the offline sandbox provider; run it with {@code mvn -f sdk-examples/spring-boot
 * spring-boot:run} or from the IDE.
 */
@SpringBootApplication
public class ImageStudioApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(ImageStudioApplication.class, args);
  }
}
