package org.sepsisiql.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed YAML document against a Kubernetes structural schema (a CRD's {@code
 * openAPIV3Schema}): types (with {@code x-kubernetes-int-or-string}), {@code properties} (a field
 * the schema does not know is an error, as the API server would prune it silently), {@code
 * additionalProperties}, {@code items}, {@code required}, {@code enum} and {@code pattern}.
 */
final class OpenApiSchema {
  private final Map<String, Object> root;

  OpenApiSchema(Map<String, Object> root) {
    this.root = root;
  }

  /** Every violation, each as {@code path: what is wrong}; empty when the document is valid. */
  List<String> validate(Object document) {
    List<String> errors = new ArrayList<>();
    check(document, root, "", errors);
    return errors;
  }

  @SuppressWarnings("unchecked")
  private void check(Object value, Map<String, Object> schema, String path, List<String> errors) {
    if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
      if (!(value instanceof Integer || value instanceof Long || value instanceof String)) {
        errors.add(path + ": expected an integer or a string, got " + describe(value));
      }
      return;
    }
    String type = (String) schema.get("type");
    if (type != null && !hasType(value, type)) {
      errors.add(path + ": expected " + type + ", got " + describe(value));
      return;
    }
    if (schema.containsKey("enum") && !((List<Object>) schema.get("enum")).contains(value)) {
      errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (schema.containsKey("pattern")
        && value instanceof String text
        && !java.util.regex.Pattern.compile((String) schema.get("pattern")).matcher(text).find()) {
      errors.add(path + ": " + text + " does not match " + schema.get("pattern"));
    }
    if (value instanceof Map<?, ?> map) {
      checkObject((Map<String, Object>) map, schema, path, errors);
    } else if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
      for (int i = 0; i < list.size(); i++) {
        check(list.get(i), (Map<String, Object>) items, path + "[" + i + "]", errors);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void checkObject(
      Map<String, Object> object, Map<String, Object> schema, String path, List<String> errors) {
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    Object additional = schema.get("additionalProperties");
    boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
    for (String required : (List<String>) schema.getOrDefault("required", List.of())) {
      if (!object.containsKey(required)) {
        errors.add(path + ": missing required field " + required);
      }
    }
    for (Map.Entry<String, Object> field : object.entrySet()) {
      String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (properties != null && properties.containsKey(field.getKey())) {
        check(
            field.getValue(), (Map<String, Object>) properties.get(field.getKey()), child, errors);
      } else if (additional instanceof Map<?, ?> values) {
        check(field.getValue(), (Map<String, Object>) values, child, errors);
      } else if (properties != null && !preserve && !Boolean.TRUE.equals(additional)) {
        errors.add(child + ": unknown field (the API server would drop it)");
      }
    }
  }

  private static boolean hasType(Object value, String type) {
    return switch (type) {
      case "object" -> value instanceof Map;
      case "array" -> value instanceof List;
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Integer || value instanceof Long;
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      default -> true;
    };
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }
}
