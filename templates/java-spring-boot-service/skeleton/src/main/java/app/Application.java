package app;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** ${{ values.name }}: ${{ values.description }} */
@SpringBootApplication
@RestController
public class Application {

  @Value("${DYPLOMA_SERVICE:${{ values.name }}}")
  private String service;

  @Value("${DYPLOMA_VERSION:dev}")
  private String version;

  @Value("${DYPLOMA_ENVIRONMENT:local}")
  private String environment;

  public static void main(String[] args) {
    SpringApplication.run(Application.class, args);
  }

  @GetMapping("/")
  public Map<String, String> hello() {
    return Map.of("hello", "world", "service", service, "version", version, "environment", environment);
  }
}
