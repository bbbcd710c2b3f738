package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Stripe account in the simulator: what its API keys (or, for a connected account, its
 * platform's key with {@code Stripe-Account}) can see. Guarded by the simulator's lock.
 */
final class Account {

  final String id;

  /** For a connected account: the platform account it is connected to. */
  String platform;

  /** The API version its events are rendered in: the first one its requests named. */
  String apiVersion;

  /** Every object, by id, in creation order. */
  final Map<String, Map<String, Object>> objects = new LinkedHashMap<>();

  /** A checkout session's line items, by session id. */
  final Map<String, List<Map<String, Object>>> lineItems = new LinkedHashMap<>();

  /** Events in the order they happened. */
  final List<Map<String, Object>> events = new ArrayList<>();

  final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

  Account(String id) {
    this.id = id;
  }

  /** A webhook endpoint, with the secrets that sign deliveries to it (two while rolling). */
  static final class Endpoint {
    final Map<String, Object> object;
    final List<String> secrets = new ArrayList<>();

    Endpoint(Map<String, Object> object, String secret) {
      this.object = object;
      this.secrets.add(secret);
    }

    String id() {
      return (String) object.get("id");
    }

    String url() {
      return (String) object.get("url");
    }

    boolean connect() {
      return Boolean.TRUE.equals(object.get("connect"));
    }

    boolean enabled() {
      return "enabled".equals(object.get("status"));
    }

    boolean wants(String type) {
      @SuppressWarnings("unchecked")
      List<Object> events = (List<Object>) object.get("enabled_events");
      return events.contains("*") || events.contains(type);
    }
  }
}
