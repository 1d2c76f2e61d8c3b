package dev.graduation.ingest.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.ingest.apps.RegistrationValidator.Result;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RegistrationValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final RegistrationValidator validator =
      new RegistrationValidator(new PermissionCatalog(Set.of("ReadCallLog", "SMS", "ReadPresence")));

  private Result validate(String appId, String body) throws Exception {
    return validator.validate(appId, JSON.readTree(body));
  }

  @Test
  void aCompleteRegistrationIsValid() throws Exception {
    assertThat(
            validate(
                "app-1",
                "{\"name\": \"Call Logger\", \"description\": \"Keeps a log of calls\","
                    + " \"permissions\": [\"ReadCallLog\", \"SMS\"], \"homepage\": \"https://x\"}"))
        .isEqualTo(
            new Result.Valid(
                new RegistrationRequest("app-1", "Call Logger", "Keeps a log of calls", List.of("ReadCallLog", "SMS"))));
  }

  @Test
  void descriptionAndPermissionsMayBeLeftOut() throws Exception {
    assertThat(validate("app-1", "{\"name\": \"n\", \"description\": null}"))
        .isEqualTo(new Result.Valid(new RegistrationRequest("app-1", "n", "", List.of())));
  }

  @Test
  void repeatedPermissionsAreKeptOnceInFirstOrder() throws Exception {
    assertThat(validate("app-1", "{\"name\": \"n\", \"permissions\": [\"SMS\", \"ReadCallLog\", \"SMS\"]}"))
        .isEqualTo(new Result.Valid(new RegistrationRequest("app-1", "n", "", List.of("SMS", "ReadCallLog"))));
  }

  @Test
  void aShortDescriptionIsStoredTheRuleJudgesIt() throws Exception {
    assertThat(validate("app-1", "{\"name\": \"n\", \"description\": \"short\"}"))
        .isEqualTo(new Result.Valid(new RegistrationRequest("app-1", "n", "short", List.of())));
  }

  @Test
  void limitsAreInclusive() throws Exception {
    String name = "n".repeat(200);
    String description = "d".repeat(10_000);
    assertThat(validate("a".repeat(64), "{\"name\": \"" + name + "\", \"description\": \"" + description + "\"}"))
        .isEqualTo(new Result.Valid(new RegistrationRequest("a".repeat(64), name, description, List.of())));
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "app 1 | {\"name\": \"n\"} | appId: must match [A-Za-z0-9._-]{1,64}",
        "app-1 | [] | body: must be a JSON object",
        "app-1 | \"x\" | body: must be a JSON object",
        "app-1 | {\"appId\": \"other\", \"name\": \"n\"} | appId: must be the appId of the path, or absent",
        "app-1 | {} | name: required",
        "app-1 | {\"name\": null} | name: required",
        "app-1 | {\"name\": 5} | name: must be a string",
        "app-1 | {\"name\": \" \"} | name: must not be blank",
        "app-1 | {\"name\": \"n\", \"description\": 5} | description: must be a string",
        "app-1 | {\"name\": \"n\", \"permissions\": \"SMS\"} | permissions: must be an array of strings",
        "app-1 | {\"name\": \"n\", \"permissions\": [\"SMS\", 1]} | permissions: must be an array of strings",
        "app-1 | {\"name\": \"n\", \"permissions\": [\"SMS\", \"Faxes\"]} | permissions: unknown permission \"Faxes\"",
        "app-1 | {\"name\": \"n\", \"permissions\": [\"sms\", \"Faxes\", \"sms\"]} | permissions: unknown permissions \"sms\", \"Faxes\"",
      })
  void problemsAreNamed(String appId, String body, String error) throws Exception {
    assertThat(validate(appId, body)).isEqualTo(new Result.Invalid(error));
  }

  @Test
  void tooLongIsRefused() throws Exception {
    assertThat(validate("app-1", "{\"name\": \"" + "n".repeat(201) + "\"}"))
        .isEqualTo(new Result.Invalid("name: longer than 200 characters"));
    assertThat(validate("app-1", "{\"name\": \"n\", \"description\": \"" + "d".repeat(10_001) + "\"}"))
        .isEqualTo(new Result.Invalid("description: longer than 10000 characters"));
  }
}
