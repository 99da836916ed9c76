package dev.unigen.examples.spring;

import dev.unigen.Generation;
import dev.unigen.GenerationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

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
  private static final Logger log = LoggerFactory.getLogger(ImageStudioApplication.class);

  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(ImageStudioApplication.class, args);
  }

  /** Logs what each generation cost; the starter adds every {@code GenerationListener} bean to the generator. */
  @Bean
  GenerationListener auditLog() {
    return new GenerationListener() {
      @Override
      public void succeeded(Generation g) {
        log.info("{} on {} cost {}", g.model(), g.provider(), g.cost());
      }
    };
  }
}
