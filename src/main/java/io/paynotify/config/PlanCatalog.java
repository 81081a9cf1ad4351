package io.paynotify.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan catalog: {@code PLANS} (JSON in the variable) or {@code PLANS_FILE} (JSON in a file, e.g.
 * a mounted ConfigMap) replaces the {@code plans} of {@code conf/config.json}, so prices can change
 * where a shop deploys without a rebuild. Every problem is added to the settings' list, named by
 * where the catalog came from.
 */
final class PlanCatalog {

  private static final String TYPE = "[A-Za-z0-9_.-]{1,64}";

  private final Settings settings;
  private final List<String> problems;

  private PlanCatalog(Settings settings) {
    this.settings = settings;
    this.problems = settings.problems();
  }

  static Map<String, Plan> read(Settings settings) {
    return new PlanCatalog(settings).read();
  }

  private Map<String, Plan> read() {
    Optional<String> inline = settings.optional("PLANS");
    Optional<String> file = settings.optional("PLANS_FILE");
    if (inline.isPresent() && file.isPresent()) {
      problems.add("set only one of PLANS and PLANS_FILE");
      return Map.of();
    }
    if (inline.isPresent()) {
      return catalog("PLANS", settings.raw("PLANS") instanceof JsonObject o ? Optional.of(o) : parse("PLANS", inline.get()));
    }
    if (file.isPresent()) {
      return catalog("PLANS_FILE " + file.get(), readFile(file.get()));
    }
    return catalog("plans", Optional.of(settings.raw("plans") instanceof JsonObject o ? o : new JsonObject()));
  }

  private Optional<JsonObject> readFile(String path) {
    try {
      return parse("PLANS_FILE " + path, Files.readString(Path.of(path)));
    } catch (IOException | RuntimeException e) {
      problems.add("PLANS_FILE " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  private Optional<JsonObject> parse(String source, String text) {
    try {
      return Optional.of(new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      problems.add(source + " is not a JSON object of plans ({\"addon_3\":{\"credits\":3,\"price\":\"1500.00\",\"currency\":\"ARS\"},...})");
      return Optional.empty();
    }
  }

  private Map<String, Plan> catalog(String source, Optional<JsonObject> json) {
    if (json.isEmpty()) {
      return Map.of();
    }
    Map<String, Plan> plans = new LinkedHashMap<>();
    for (String type : json.get().fieldNames()) {
      plan(type, json.get().getValue(type)).ifPresentOrElse(p -> plans.put(type, p), () -> problems.add(
          source + ": plan '" + type + "' needs a name of letters, digits, '_', '.' or '-', "
              + "a positive whole credits, a positive price and a 3-letter currency"));
    }
    if (plans.isEmpty() && problems.stream().noneMatch(p -> p.startsWith(source))) {
      problems.add(source + " must name at least one plan");
    }
    return Map.copyOf(plans);
  }

  private static Optional<Plan> plan(String type, Object value) {
    try {
      JsonObject p = (JsonObject) value;
      BigDecimal price = new BigDecimal(String.valueOf(p.getValue("price")));
      int credits = p.getInteger("credits");
      String currency = p.getString("currency");
      boolean valid = type.matches(TYPE) && credits > 0 && price.signum() > 0 && currency != null
          && currency.matches("[A-Z]{3}");
      return valid ? Optional.of(new Plan(type, credits, price, currency)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
