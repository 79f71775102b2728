package io.spear.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.model.egress.EgressRule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTest {

  // Names resolve only where this map says: no test asks the real DNS.
  private static final Map<String, List<String>> DNS =
      Map.of(
          "api.example.com", List.of("93.184.216.34"),
          "raw.github.com", List.of("140.82.112.3"),
          "github.com", List.of("140.82.112.4"),
          "evil.example", List.of("127.0.0.1"),
          "mixed.example", List.of("93.184.216.35", "10.0.0.7"),
          "localhost", List.of("127.0.0.1"),
          "metadata.example", List.of("169.254.169.254"));

  private static final Resolver FAKE_DNS =
      name -> {
        List<String> addresses = DNS.get(name);
        if (addresses == null) {
          throw new UnknownHostException(name);
        }
        return addresses.stream().map(EgressPolicyTest::literal).toList();
      };

  private static EgressPolicy policy(String... entries) {
    return EgressPolicy.of(List.of(entries)).withResolver(FAKE_DNS);
  }

  private static final EgressPolicy ISSUE_EXAMPLE =
      policy("api.example.com", "*.github.com:443", "127.0.0.1:18099");

  @Test
  void aListedNameIsAllowedAtTheAddressItResolvedTo() {
    EgressDecision decision = ISSUE_EXAMPLE.check("https://api.example.com/v1/weather?q=x");

    assertThat(decision).isInstanceOf(EgressDecision.Allowed.class);
    EgressTarget target = ((EgressDecision.Allowed) decision).target();
    assertThat(target.address()).isEqualTo(literal("93.184.216.34"));
    assertThat(target.host()).isEqualTo("api.example.com");
    assertThat(target.port()).isEqualTo(443);
    assertThat(target.scheme()).isEqualTo("https");
  }

  @Test
  void anEntryWithoutAPortAllowsOnlyPorts80And443() {
    assertThat(ISSUE_EXAMPLE.check("http://api.example.com/"))
        .isInstanceOf(EgressDecision.Allowed.class);
    assertRefused(ISSUE_EXAMPLE.check("http://api.example.com:8080/"), "egress.allow");
  }

  @Test
  void aWildcardAllowsNamesUnderItsDomainOnItsPortButNotTheDomainItself() {
    assertThat(ISSUE_EXAMPLE.check("https://raw.github.com/x"))
        .isInstanceOf(EgressDecision.Allowed.class);
    assertRefused(ISSUE_EXAMPLE.check("http://raw.github.com/x"), "egress.allow");
    assertRefused(ISSUE_EXAMPLE.check("https://github.com/x"), "egress.allow");
  }

  @Test
  void aListedLoopbackAddressAndPortIsAllowedButNoOtherPort() {
    assertThat(ISSUE_EXAMPLE.check("http://127.0.0.1:18099/hook"))
        .isInstanceOf(EgressDecision.Allowed.class);
    assertRefused(ISSUE_EXAMPLE.check("http://127.0.0.1:18080/api/v1/tasks"), "loopback");
  }

  @Test
  void anUnlistedHostIsRefusedNamingTheNodesList() {
    assertRefused(
        ISSUE_EXAMPLE.check("https://unlisted.example.org/"),
        "unlisted.example.org:443 is not allowed by any entry of egress.allow of the node");
    assertRefused(policy("*").check("https://nowhere.invalid/"), "does not resolve");
    assertRefused(ISSUE_EXAMPLE.check("https://140.82.112.4/"), "egress.allow of the node");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0x7f.1/",
        "http://0177.0.0.1/",
        "http://0177.0.0.01/",
        "http://127.1/",
        "http://127.0.1/",
        "http://127.0.0.1./",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[::127.0.0.1]/",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://evil.example/",
        "http://\uff11\uff12\uff17.0.0.1/",
      })
  void everySpellingOfLoopbackIsRefusedUnlessTheAddressItselfIsListed(String url) {
    EgressDecision decision = policy("*", "*:80").check(url);

    assertThat(decision).isInstanceOf(EgressDecision.Refused.class);
    assertThat(((EgressDecision.Refused) decision).reason())
        .containsAnyOf("loopback", "IPv4-compatible");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://0.0.0.0/",
        "http://0/",
        "http://[::]/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://3232235777/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0xa9fea9fe/",
        "http://0251.0376.0251.0376/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://metadata.example/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://239.255.255.250/",
        "http://255.255.255.255/",
        "http://[ff02::1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[fd12:3456::1]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[2002:7f00:1::]/",
        "http://mixed.example/",
      })
  void everyPrivateLinkLocalMulticastOrUnspecifiedSpellingIsRefused(String url) {
    assertThat(policy("*").check(url)).isInstanceOf(EgressDecision.Refused.class);
  }

  @Test
  void theRefusalOfTheCloudMetadataAddressSaysWhichRangeItIsIn() {
    assertRefused(policy("*").check("http://169.254.169.254/"), "link-local (169.254.0.0/16");
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefusedEvenWhenTheNameIsListed() {
    assertRefused(policy("evil.example", "localhost").check("http://evil.example/"), "loopback");
    assertRefused(policy("localhost").check("http://localhost/"), "loopback");
  }

  @Test
  void aNameNoEntryCouldAllowIsNeverLookedUp() {
    int[] lookups = {0};
    EgressPolicy counting =
        policy("api.example.com")
            .withResolver(
                name -> {
                  lookups[0]++;
                  return List.of(literal("93.184.216.34"));
                });

    assertRefused(counting.check("https://exfiltrate-this.attacker.example/"), "egress.allow");
    assertThat(lookups[0]).isZero();
  }

  @Test
  void aNameResolvingToOnePublicAndOnePrivateAddressIsRefused() {
    assertRefused(policy("mixed.example").check("http://mixed.example/"), "private (10.0.0.0/8)");
  }

  @Test
  void theNameIsResolvedOnceAndTheCheckedAddressIsTheOneReturned() {
    int[] lookups = {0};
    EgressPolicy rebinding =
        policy("api.example.com")
            .withResolver(
                name -> {
                  lookups[0]++;
                  // A rebinding resolver answers differently each time; only the first answer
                  // counts.
                  return List.of(literal(lookups[0] == 1 ? "93.184.216.34" : "127.0.0.1"));
                });

    EgressDecision decision = rebinding.check("https://api.example.com/");

    assertThat(lookups[0]).isEqualTo(1);
    assertThat(((EgressDecision.Allowed) decision).target().address())
        .isEqualTo(literal("93.184.216.34"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://api.example.com/",
        "file:///etc/passwd",
        "http://user:pw@api.example.com/",
        "http://api.example.com@127.0.0.1/",
        "http://%31%32%37.0.0.1/",
        "http://[::1%25eth0]/",
        "http://api.example.com:0/",
        "http://api.example.com:99999/",
        "http://api.example.com:-1/",
        "http://256.0.0.1/",
        "http://1.2.3.4.5/",
        "http://example.123/",
        "http:///nohost",
        "not a url",
      })
  void malformedOrTrickyUrlsAreRefusedAsMalformed(String url) {
    assertThat(policy("*", "api.example.com").check(url))
        .isInstanceOf(EgressDecision.Refused.class);
  }

  @Test
  void aNodeWithoutAnEgressListAllowsNothing() {
    assertRefused(
        EgressPolicy.NONE.withResolver(FAKE_DNS).check("https://api.example.com/"), "egress.allow");
  }

  @Test
  void aTaskMayNarrowTheNodesListAndTheNarrowedListIsChecked() {
    EgressPolicy narrowed =
        ISSUE_EXAMPLE.narrowedTo(EgressPolicy.rules(List.of("raw.github.com:443")));

    assertThat(narrowed.check("https://raw.github.com/"))
        .isInstanceOf(EgressDecision.Allowed.class);
    assertRefused(narrowed.check("https://api.example.com/"), "http.allowed_hosts of the task");
  }

  @Test
  void aTaskCannotWidenTheNodesList() {
    for (String wider :
        List.of(
            "*",
            "*.example.com",
            "other.example",
            "api.example.com:8443",
            "127.0.0.1:18080",
            "*.github.com",
            "10.0.0.1:443")) {
      assertThatThrownBy(() -> ISSUE_EXAMPLE.narrowedTo(EgressPolicy.rules(List.of(wider))), wider)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(wider)
          .hasMessageContaining("never widen");
    }
    assertThat(
            ISSUE_EXAMPLE.widenings(
                EgressPolicy.rules(
                    List.of(
                        "x.y.github.com:443",
                        "*.a.github.com:443",
                        "api.example.com:80",
                        "127.0.0.1:18099"))))
        .isEmpty();
  }

  @Test
  void anyPublicHostDoesNotCoverAPrivateAddress() {
    assertThat(policy("*").widenings(EgressPolicy.rules(List.of("10.0.0.1:80")))).hasSize(1);
    assertThat(policy("*").widenings(EgressPolicy.rules(List.of("93.184.216.34:443")))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "http://a.example",
        "a.example/x",
        "a.*.example",
        "*a.example",
        "a.example:0",
        "a.example:x",
        "*.127.0.0.1",
        "u@a.example",
        "::1"
      })
  void malformedEntriesAreRefusedSayingWhichEntry(String entry) {
    assertThatThrownBy(() -> EgressRule.parse(entry)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entriesAreReadInEveryAddressSpellingToOneCanonicalAddress() {
    assertThat(EgressRule.parse("0x7f.1:80").host()).isEqualTo("127.0.0.1");
    assertThat(EgressRule.parse("[::ffff:127.0.0.1]:80").host()).isEqualTo("127.0.0.1");
    assertThat(EgressRule.parse("API.Example.COM.").host()).isEqualTo("api.example.com");
    assertThat(EgressRule.parse("[::1]:8080").kind()).isEqualTo(EgressRule.Kind.ADDRESS);
  }

  private static void assertRefused(EgressDecision decision, String reasonPart) {
    assertThat(decision).isInstanceOf(EgressDecision.Refused.class);
    assertThat(((EgressDecision.Refused) decision).reason()).contains(reasonPart);
  }

  private static InetAddress literal(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
