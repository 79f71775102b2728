package io.spear.egress;

import io.spear.model.egress.EgressRule;
import io.spear.model.egress.HostSpelling;
import io.spear.model.egress.SpecialRanges;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which destinations guests may reach: the node's {@code egress.allow} list, optionally narrowed by
 * a task's {@code http.allowed_hosts}. A URL passes when an entry of each list allows its host and
 * port; its name is resolved once and every address it resolves to must pass, an address in a
 * special range (loopback, private, link-local, ...) only through an entry naming that address.
 */
public final class EgressPolicy {

  /** A policy that lets nothing through: a node without {@code egress.allow}. */
  public static final EgressPolicy NONE =
      new EgressPolicy(List.of(), Optional.empty(), Resolver.SYSTEM);

  private final List<EgressRule> allow;
  private final Optional<List<EgressRule>> task;
  private final Resolver resolver;

  private EgressPolicy(List<EgressRule> allow, Optional<List<EgressRule>> task, Resolver resolver) {
    this.allow = List.copyOf(allow);
    this.task = task.map(List::copyOf);
    this.resolver = resolver;
  }

  /**
   * A node's policy of {@code entries}.
   *
   * @throws IllegalArgumentException naming the first malformed entry
   */
  public static EgressPolicy of(List<String> entries) {
    return new EgressPolicy(rules(entries), Optional.empty(), Resolver.SYSTEM);
  }

  /** Every entry of {@code entries}, read; throws naming the first malformed one. */
  public static List<EgressRule> rules(List<String> entries) {
    return entries.stream().map(EgressRule::parse).toList();
  }

  /** The node's entries. */
  public List<EgressRule> allow() {
    return allow;
  }

  /** The same policy looking names up with {@code value}. */
  public EgressPolicy withResolver(Resolver value) {
    return new EgressPolicy(allow, task, value);
  }

  /**
   * The entries of {@code taskRules} that this policy does not cover: a task's widening attempt.
   */
  public List<EgressRule> widenings(List<EgressRule> taskRules) {
    return taskRules.stream()
        .filter(rule -> allow.stream().noneMatch(node -> node.covers(rule)))
        .toList();
  }

  /**
   * This policy narrowed to what {@code taskRules} also allow.
   *
   * @throws IllegalArgumentException naming an entry that would widen the policy
   */
  public EgressPolicy narrowedTo(List<EgressRule> taskRules) {
    List<EgressRule> wider = widenings(taskRules);
    if (!wider.isEmpty()) {
      throw new IllegalArgumentException(
          "http.allowed_hosts entry '"
              + wider.get(0)
              + "' is not within the node's egress policy (a task may narrow it, never widen it)");
    }
    return new EgressPolicy(allow, Optional.of(taskRules), resolver);
  }

  /**
   * Checks {@code url}: parses it, resolves its host once and checks every address. An allowed
   * answer carries the address to connect to.
   */
  public EgressDecision check(String url) {
    URI uri;
    Authority authority;
    HostSpelling.Host host;
    try {
      uri = new URI(url);
      authority = Authority.of(uri);
      host = HostSpelling.canonical(authority.host());
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return new EgressDecision.Refused("malformed URL: " + e.getMessage());
    }
    if (host.address().isEmpty()) {
      Optional<String> unlisted = unlisted(host.name(), authority.port());
      if (unlisted.isPresent()) {
        return new EgressDecision.Refused(unlisted.get());
      }
    }
    List<InetAddress> addresses;
    try {
      addresses =
          host.address().isPresent()
              ? List.of(host.address().get())
              : resolver.resolve(host.name());
    } catch (UnknownHostException e) {
      return new EgressDecision.Refused("host " + host.name() + " does not resolve");
    }
    if (addresses.isEmpty()) {
      return new EgressDecision.Refused("host " + host.name() + " does not resolve");
    }
    Optional<String> name =
        host.address().isPresent() ? Optional.empty() : Optional.of(host.name());
    for (InetAddress address : addresses) {
      Optional<String> refusal = refusal(name, address, authority.port());
      if (refusal.isPresent()) {
        return new EgressDecision.Refused(refusal.get());
      }
    }
    return new EgressDecision.Allowed(
        new EgressTarget(uri, authority.scheme(), host.name(), addresses.get(0), authority.port()));
  }

  // A name no entry could let through is refused before any lookup: a guest learns nothing from
  // the resolver, and sends nothing through it.
  private Optional<String> unlisted(String name, int port) {
    if (!mayReach(allow, name, port)) {
      return Optional.of(
          name + ":" + port + " is not allowed by any entry of egress.allow of the node");
    }
    if (task.isPresent() && !mayReach(task.get(), name, port)) {
      return Optional.of(
          name + ":" + port + " is not allowed by any entry of http.allowed_hosts of the task");
    }
    return Optional.empty();
  }

  private static boolean mayReach(List<EgressRule> rules, String name, int port) {
    return rules.stream()
        .anyMatch(
            rule ->
                rule.allowsPort(port)
                    && (rule.kind() == EgressRule.Kind.ADDRESS
                        || rule.allowsHost(Optional.of(name), null, false)));
  }

  private Optional<String> refusal(Optional<String> name, InetAddress address, int port) {
    Optional<String> special = SpecialRanges.of(address);
    String where =
        name.map(n -> n + ":" + port + " (at " + address.getHostAddress() + ")")
            .orElse(address.getHostAddress() + ":" + port);
    if (!allows(allow, name, address, special.isPresent(), port)) {
      return Optional.of(where + " " + because(special, "egress.allow of the node"));
    }
    if (task.isPresent() && !allows(task.get(), name, address, special.isPresent(), port)) {
      return Optional.of(where + " " + because(special, "http.allowed_hosts of the task"));
    }
    return Optional.empty();
  }

  private static String because(Optional<String> special, String list) {
    return special
        .map(
            range ->
                "is "
                    + range
                    + ", reachable only when "
                    + list
                    + " lists that address itself, which it does not")
        .orElse("is not allowed by any entry of " + list);
  }

  private static boolean allows(
      List<EgressRule> rules,
      Optional<String> name,
      InetAddress address,
      boolean special,
      int port) {
    return rules.stream()
        .anyMatch(rule -> rule.allowsPort(port) && rule.allowsHost(name, address, special));
  }

  /** The parts of a URL's authority this policy reads, split by hand: URI drops odd hosts. */
  private record Authority(String scheme, String host, int port) {

    static Authority of(URI uri) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("only http and https URLs may be called");
      }
      String raw = uri.getRawAuthority();
      if (raw == null || raw.isEmpty()) {
        throw new IllegalArgumentException("the URL names no host");
      }
      if (raw.contains("@")) {
        throw new IllegalArgumentException("a URL may not carry user information");
      }
      if (raw.contains("%")) {
        throw new IllegalArgumentException("a host may not be percent-encoded");
      }
      String host = raw;
      String port = "";
      int close = raw.lastIndexOf(']');
      int colon = raw.lastIndexOf(':');
      if (raw.startsWith("[")) {
        host = raw.substring(0, close + 1);
        port = raw.substring(close + 1);
      } else if (colon >= 0) {
        host = raw.substring(0, colon);
        port = raw.substring(colon);
      }
      return new Authority(scheme, host, port(port, scheme));
    }

    private static int port(String text, String scheme) {
      if (text.isEmpty() || text.equals(":")) {
        return scheme.equals("https") ? 443 : 80;
      }
      String digits = text.substring(1);
      if (!text.startsWith(":")
          || !digits.matches("[0-9]{1,5}")
          || Integer.parseInt(digits) < 1
          || Integer.parseInt(digits) > 65535) {
        throw new IllegalArgumentException("the port is not a number from 1 to 65535");
      }
      return Integer.parseInt(digits);
    }
  }

  @Override
  public String toString() {
    List<String> entries = new ArrayList<>();
    allow.forEach(rule -> entries.add(rule.text()));
    return "egress " + entries;
  }
}
