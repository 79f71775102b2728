package io.spear.runtime.artifact;

import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.RuntimeErrorException;
import io.spear.model.task.Executable;
import io.spear.model.task.SmsFileUri;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity;
import io.spear.runtime.config.SpearletConfig;
import io.spear.support.net.BaseUrl;
import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Finds an instance's module bytes and checks them, in SPEAR's order: {@code
 * runtimeConfig["module_bytes"]} first, else a download of {@code executable.uri} ({@code
 * sms+file://<file_id>}, {@code sms+file://<host:port>/<file_id>} or {@code smsfile://...}) from
 * {@code GET /api/v1/files/<file_id>} of the node's SMS or the one the URI names; then the WASM
 * magic, then the declared checksum.
 */
public final class ModuleResolver implements AutoCloseable {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final SpearletConfig config;
  private final SmsFileDownloader downloader;

  private final NodeSecurity security;
  private final Optional<LocalModules> local;

  /** Creates a resolver downloading with the node's timeouts and size cap. */
  public ModuleResolver(SpearletConfig config) {
    this(config, NodeSecurity.NONE, Optional.empty());
  }

  /**
   * Creates a resolver that also presents the node's token to SMS, and reads modules it has kept
   * from {@code local} rather than downloading them again.
   */
  public ModuleResolver(
      SpearletConfig config, NodeSecurity security, Optional<LocalModules> local) {
    this.config = config;
    this.security = security;
    this.local = local;
    this.downloader =
        new SmsFileDownloader(
            config.downloadConnectTimeout(),
            config.downloadReadTimeout(),
            config.maxModuleBytes(),
            security.smsToken());
  }

  /**
   * Resolves and checks the module of an instance config.
   *
   * @throws InvalidConfigurationException when there is no usable module
   * @throws io.spear.model.error.RuntimeErrorException when the download fails
   */
  public ResolvedModule resolve(InstanceConfig instance) {
    Executable executable = instance.executable();
    Object inline = instance.runtimeConfig().get(InstanceConfig.MODULE_BYTES);
    byte[] bytes;
    String sha256 = null;
    String source;
    boolean kept = false;
    if (inline != null) {
      bytes = decode(inline);
      source = InstanceConfig.MODULE_BYTES;
    } else if (!executable.uri().isBlank()) {
      // Checked for trust first: a kept module never lets a task name an SMS the node distrusts.
      List<URI> urls = downloadUrls(executable.uri());
      Optional<LocalModules.Kept> found = local.flatMap(l -> l.find(urls.toString()));
      if (found.isPresent()) {
        bytes = found.get().bytes();
        sha256 = found.get().sha256();
        kept = true;
      } else {
        // Hashed as it arrived.
        BoundedBodySubscriber.Body body = download(urls);
        bytes = body.bytes();
        sha256 = body.sha256();
      }
      source = executable.uri();
    } else {
      throw new InvalidConfigurationException(
          "No WASM module: neither runtime_config.module_bytes nor executable.uri is set");
    }
    if (bytes.length > config.maxModuleBytes()) {
      throw new InvalidConfigurationException(
          "WASM module is larger than the limit of " + config.maxModuleBytes() + " bytes");
    }
    ModuleChecks.requireMagic(bytes);
    if (sha256 == null) {
      sha256 = ModuleChecks.sha256Hex(bytes);
    }
    String digest = sha256;
    executable
        .declaredChecksum()
        .ifPresent(declared -> ModuleChecks.requireChecksum(declared, digest));
    return new ResolvedModule(bytes, digest, source, kept);
  }

  /**
   * Keeps a downloaded module on the node's disk, without its custom sections, so that a restarted
   * node reads it from there; call only once the module passed validation and compiled. The bytes
   * without custom sections are made on the keeper's thread, and only when the module is kept.
   */
  public void keep(
      InstanceConfig instance, ResolvedModule resolved, Supplier<byte[]> withoutCustomSections) {
    String uri = instance.executable().uri();
    if (local.isEmpty()
        || resolved.kept()
        || uri.isBlank()
        || instance.runtimeConfig().get(InstanceConfig.MODULE_BYTES) != null) {
      return;
    }
    local.get().keep(downloadUrls(uri).toString(), resolved.sha256(), withoutCustomSections);
  }

  /** Finishes keeping the modules handed to {@link #keep}. */
  @Override
  public void close() {
    local.ifPresent(LocalModules::close);
  }

  // The node's SMS may be several replicas sharing one store: the next is tried when one fails.
  private BoundedBodySubscriber.Body download(List<URI> urls) {
    RuntimeErrorException failure = null;
    for (URI url : urls) {
      try {
        return downloader.download(url);
      } catch (RuntimeErrorException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private List<URI> downloadUrls(String uri) {
    SmsFileUri file =
        SmsFileUri.parse(uri)
            .orElseThrow(
                () -> {
                  String scheme = SmsFileUri.schemeOf(uri);
                  if (SmsFileUri.hasSmsFileScheme(uri)) {
                    return new InvalidConfigurationException("Malformed SMS file URI: " + uri);
                  }
                  return new InvalidConfigurationException(
                      scheme.isEmpty()
                          ? "Artifact URI has no scheme: " + uri
                          : "Unsupported artifact URI scheme: " + scheme);
                });
    List<String> own =
        Arrays.stream(config.smsHttpAddr().split(","))
            .map(String::trim)
            .filter(a -> !a.isEmpty())
            .map(BaseUrl::of)
            .toList();
    List<String> addresses = file.hostPort().map(hp -> List.of(trusted(hp, own))).orElse(own);
    return addresses.stream().map(a -> URI.create(a + file.downloadPath())).toList();
  }

  /**
   * The base URL of the SMS an {@code sms+file://<host:port>/…} URI names, when the node trusts it:
   * one of its own SMS addresses (keeping their scheme) or {@code sandbox.trusted_sms}. A task must
   * not make the node fetch from, or probe, any address its registrant chooses.
   */
  private String trusted(String hostPort, List<String> own) {
    String wanted = authority(BaseUrl.of(hostPort));
    return java.util.stream.Stream.concat(
            own.stream(), security.trustedSms().stream().map(BaseUrl::of))
        .filter(base -> authority(base).equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidConfigurationException(
                    "Artifact URI names SMS "
                        + hostPort
                        + ", which this node does not trust (its own SMS and"
                        + " sandbox.trusted_sms only)"));
  }

  private static String authority(String baseUrl) {
    return URI.create(baseUrl).getAuthority().toLowerCase(java.util.Locale.ROOT);
  }

  private static byte[] decode(Object value) {
    if (value instanceof byte[] raw) {
      return raw;
    }
    if (value instanceof String base64) {
      try {
        // Strict alphabet, but JSON producers may wrap lines.
        return Base64.getDecoder().decode(WHITESPACE.matcher(base64).replaceAll(""));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException(
            "runtime_config.module_bytes is not valid base64: " + e.getMessage(), e);
      }
    }
    throw new InvalidConfigurationException(
        "runtime_config.module_bytes must be bytes or a base64 string, not "
            + value.getClass().getSimpleName());
  }
}
