package dev.unigen.s3;

import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import dev.unigen.request.Task;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * An {@link AssetStore} that keeps outputs in an S3-compatible bucket: Cloudflare R2
 * ({@link #cloudflareR2}), Amazon S3 or MinIO ({@link #builder}). Content is streamed: up to one
 * part ({@linkplain Builder#partSize 8 MiB} by default) is held in memory at a time, sent as a
 * single PUT when it all fits in one part, else as a multipart upload (aborted if anything
 * fails). On the way it is counted against a size bound, hashed with SHA-256 and checked to be of
 * a type the task produces; the object gets the content's media type.
 *
 * <p>Object keys come from a {@linkplain Builder#keyTemplate template} with placeholders: the
 * built-in {@code {generation}}, {@code {index}}, {@code {ext}}, {@code {task}}, {@code {date}}
 * ({@code 2026-12-06}), {@code {yyyy}}, {@code {MM}} and {@code {dd}}, and any the application
 * sets, such as {@code {project}} and {@code {user}}, with {@link Builder#variable} or per
 * request with {@link #withVariables}. The stored asset keeps its SHA-256 and its URL becomes a
 * link to the stored copy: under the {@linkplain Builder#publicBaseUrl public base URL} if one is
 * set, else a presigned GET URL with the store's {@linkplain Builder#urlLifetime lifetime}.
 * Threadsafe.
 *
 * <pre>{@code
 * S3AssetStore store = S3AssetStore.cloudflareR2(accountId, "outputs", accessKeyId, secretAccessKey)
 *     .keyTemplate("{project}/{user}/{date}/{generation}-{index}{ext}")
 *     .variable("project", "comic-studio")
 *     .build();
 * Generator generator = Generator.builder().assetStore(store.withVariables(Map.of("user", "u-42")))...;
 * }</pre>
 */
public final class S3AssetStore implements AssetStore, AutoCloseable {
  /** The longest a presigned URL can last: a SigV4 signature, on S3 and on R2 alike, is valid for at most 7 days. */
  public static final Duration MAX_URL_LIFETIME = Duration.ofDays(7);
  /** The smallest part S3 accepts in a multipart upload, but for the last one. */
  static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024 * 1024;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._=@+-]+");
  private static final List<String> BUILT_IN = List.of("generation", "index", "ext", "task", "date", "yyyy", "MM", "dd");

  private final Clients clients;
  private final String bucket;
  private final String keyTemplate;
  private final Map<String, String> variables;
  private final int partSize;
  private final long maxBytes;
  private final Duration urlLifetime;
  private final String publicBaseUrl;
  private final Clock clock;
  private final ZoneId zone;

  private S3AssetStore(Clients clients, String bucket, String keyTemplate, Map<String, String> variables,
      int partSize, long maxBytes, Duration urlLifetime, String publicBaseUrl, Clock clock, ZoneId zone) {
    this.clients = clients;
    this.bucket = bucket;
    this.keyTemplate = keyTemplate;
    this.variables = Map.copyOf(variables);
    this.partSize = partSize;
    this.maxBytes = maxBytes;
    this.urlLifetime = urlLifetime;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * Returns a builder for {@code bucket} on Amazon S3, or on any S3-compatible server once
   * {@link Builder#endpoint} is set. Without {@link Builder#credentials} and
   * {@link Builder#region}, the AWS SDK's default providers find them (environment variables,
   * profile files, instance roles).
   *
   * @throws IllegalArgumentException if {@code bucket} is blank
   */
  public static Builder builder(String bucket) {
    return new Builder(requireText(bucket, "bucket"));
  }

  /**
   * Returns a builder set up for {@code bucket} on Cloudflare R2: endpoint
   * {@code https://<accountId>.r2.cloudflarestorage.com}, region {@code auto}, path-style
   * addressing, and request and response checksums only where an operation requires them (R2
   * answers 501 to the checksum headers the SDK would otherwise send).
   *
   * @throws IllegalArgumentException if an argument is blank, or {@code accountId} is not a
   *     Cloudflare account id (32 hexadecimal digits)
   */
  public static Builder cloudflareR2(String accountId, String bucket, String accessKeyId, String secretAccessKey) {
    requireText(accountId, "accountId");
    if (!accountId.matches("[0-9a-fA-F]{32}")) {
      throw new IllegalArgumentException("a Cloudflare account id is 32 hexadecimal digits");
    }
    return builder(bucket)
        .endpoint(URI.create("https://" + accountId.toLowerCase(Locale.ROOT) + ".r2.cloudflarestorage.com"))
        .region("auto")
        .pathStyle(true)
        .checksumsWhenRequired()
        .credentials(accessKeyId, secretAccessKey);
  }

  /**
   * Returns a store that shares this one's clients and settings, with {@code values} added to its
   * key variables (replacing those of the same name): {@code store.withVariables(Map.of("user",
   * "u-42"))} keys that user's outputs under their id.
   *
   * @throws IllegalArgumentException if a name is not a placeholder name or a value is not made
   *     of letters, digits and {@code . _ = @ + -} (so a value cannot add a path segment)
   */
  public S3AssetStore withVariables(Map<String, String> values) {
    Map<String, String> merged = new LinkedHashMap<>(variables);
    values.forEach((k, v) -> merged.put(requireName(k), requireValue(k, v)));
    return new S3AssetStore(clients, bucket, keyTemplate, merged, partSize, maxBytes, urlLifetime, publicBaseUrl,
        clock, zone);
  }

  /**
   * Streams the content of {@code asset} into the bucket under the key the template gives, and
   * returns the asset with its SHA-256 and a URL of the stored copy.
   *
   * @throws IOException if the key template needs a variable that is not set (before anything is
   *     read), the content cannot be read, is empty, too large, or not of a type the task
   *     produces, or the server refuses the upload
   */
  @Override
  public Asset store(Asset asset, Source source, String generationId, int index, Task task) throws IOException {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(task, "task");
    requireValue("generation", generationId);
    try (Source.Content content = source.open()) {
      String type = content.mediaType().map(S3AssetStore::baseType).orElse(asset.mediaType());
      if (!expected(task, type)) {
        throw new IOException("content of type " + type + " is not what " + task.wireName() + " produces");
      }
      if (content.length().isPresent() && content.length().getAsLong() > maxBytes) {
        throw new IOException("content of " + content.length().getAsLong() + " bytes is over the limit of " + maxBytes);
      }
      String key = key(generationId, index, task, type);
      String sha256;
      try (InputStream in = content.stream()) {
        sha256 = upload(key, in, type);
      }
      return asset.toBuilder().url(linkTo(key)).sha256(sha256).build();
    }
  }

  /**
   * Returns a presigned GET URL of object {@code key} valid for {@code lifetime}. Anyone with the
   * URL can read the object until then; nothing is sent to the server.
   *
   * @throws IllegalArgumentException if {@code key} is blank or {@code lifetime} is not positive
   *     or over {@link #MAX_URL_LIFETIME}
   */
  public String presignedUrl(String key, Duration lifetime) {
    requireText(key, "key");
    requireLifetime(lifetime);
    GetObjectPresignRequest request = GetObjectPresignRequest.builder()
        .signatureDuration(lifetime)
        .getObjectRequest(GetObjectRequest.builder().bucket(bucket).key(key).build())
        .build();
    return clients.presigner.presignGetObject(request).url().toString();
  }

  /**
   * Copies object {@code sourceKey} to {@code targetKey} in the bucket, on the server: no content
   * passes through this process. Objects up to 5 GiB, the limit of one S3 copy.
   *
   * @throws IllegalArgumentException if a key is blank
   * @throws IOException if the server refuses the copy (no such object, say)
   */
  public void copy(String sourceKey, String targetKey) throws IOException {
    requireText(sourceKey, "sourceKey");
    requireText(targetKey, "targetKey");
    try {
      clients.s3.copyObject(CopyObjectRequest.builder()
          .sourceBucket(bucket).sourceKey(sourceKey)
          .destinationBucket(bucket).destinationKey(targetKey)
          .build());
    } catch (SdkException e) {
      throw new IOException("cannot copy " + sourceKey + " to " + targetKey + " in bucket " + bucket + ": "
          + e.getMessage(), e);
    }
  }

  /** The key of output {@code index} of {@code generationId}, from the template. */
  String key(String generationId, int index, Task task, String mediaType) throws IOException {
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    Map<String, String> values = new LinkedHashMap<>(variables);
    values.put("generation", generationId);
    values.put("index", Integer.toString(index));
    values.put("ext", extension(mediaType));
    values.put("task", task.wireName());
    values.put("date", today.toString());
    values.put("yyyy", String.format(Locale.ROOT, "%04d", today.getYear()));
    values.put("MM", String.format(Locale.ROOT, "%02d", today.getMonthValue()));
    values.put("dd", String.format(Locale.ROOT, "%02d", today.getDayOfMonth()));
    Matcher m = PLACEHOLDER.matcher(keyTemplate);
    StringBuilder key = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IOException("the key template " + keyTemplate + " needs variable '" + m.group(1)
            + "'; set it with variable() or withVariables()");
      }
      m.appendReplacement(key, Matcher.quoteReplacement(value));
    }
    m.appendTail(key);
    return key.toString();
  }

  /** Uploads {@code in} to {@code key}, one part in memory at a time; returns the content's SHA-256. */
  private String upload(String key, InputStream in, String mediaType) throws IOException {
    MessageDigest sha = sha256();
    byte[] part = new byte[partSize];
    int n = readPart(in, part, sha, 0);
    if (n == 0) throw new IOException("content is empty");
    try {
      if (n < partSize) {
        // It all fits in one part: one PUT.
        int length = n;
        clients.s3.putObject(b -> b.bucket(bucket).key(key).contentType(mediaType).contentLength((long) length),
            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, mediaType));
        return HexFormat.of().formatHex(sha.digest());
      }
    } catch (SdkException e) {
      throw new IOException("cannot upload " + key + " to bucket " + bucket + ": " + e.getMessage(), e);
    }
    String uploadId;
    try {
      uploadId = clients.s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(mediaType)).uploadId();
    } catch (SdkException e) {
      throw new IOException("cannot start uploading " + key + " to bucket " + bucket + ": " + e.getMessage(), e);
    }
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long total = n;
      while (n > 0) {
        int number = parts.size() + 1;
        int length = n;
        String etag = clients.s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                .contentLength((long) length),
            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, mediaType))
            .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        n = readPart(in, part, sha, total);
        total += n;
      }
      clients.s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException | RuntimeException e) {
      // Parts of an upload never completed are kept (and billed) by the server until aborted.
      try {
        clients.s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException abort) {
        e.addSuppressed(abort);
      }
      if (e instanceof SdkException) {
        throw new IOException("cannot upload " + key + " to bucket " + bucket + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /** Fills {@code part} from {@code in} (fewer bytes only at the end), hashing and counting against the bound. */
  private int readPart(InputStream in, byte[] part, MessageDigest sha, long before) throws IOException {
    int n = 0;
    while (n < part.length) {
      int r = in.read(part, n, part.length - n);
      if (r < 0) break;
      sha.update(part, n, r);
      n += r;
      if (before + n > maxBytes) throw new IOException("content is over the limit of " + maxBytes + " bytes");
    }
    return n;
  }

  private String linkTo(String key) {
    if (publicBaseUrl != null) return publicBaseUrl + "/" + key;
    return presignedUrl(key, urlLifetime);
  }

  /** Closes the S3 clients; stores made by {@link #withVariables} share them and close with them. */
  @Override
  public void close() {
    clients.s3.close();
    clients.presigner.close();
  }

  @Override
  public String toString() {
    return "S3AssetStore(" + bucket + ", " + clients.where + ", keys " + keyTemplate + ")";
  }

  static String baseType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Whether a task can produce content of {@code type}, as the local store decides it. */
  static boolean expected(Task task, String type) {
    if (type.equals("application/octet-stream") || type.equals("binary/octet-stream")) return true;
    if (task.producesVideo()) return type.startsWith("video/") || type.equals("image/gif");
    if (task == Task.LORA_TRAINING) return type.startsWith("application/");
    if (task == Task.TEXT) return type.startsWith("text/") || type.equals("application/json");
    return type.startsWith("image/");
  }

  static String extension(String type) {
    switch (type) {
      case "image/png": return ".png";
      case "image/jpeg": return ".jpg";
      case "image/webp": return ".webp";
      case "image/gif": return ".gif";
      case "video/mp4": return ".mp4";
      case "video/webm": return ".webm";
      case "application/zip": return ".zip";
      case "application/octet-stream": return ".bin";
      case "text/plain": return ".txt";
      default: return ".bin";
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) throw new IllegalArgumentException("blank " + what);
    return value;
  }

  private static String requireName(String name) {
    Objects.requireNonNull(name, "variable name");
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) throw new IllegalArgumentException("not a variable name: " + name);
    if (BUILT_IN.contains(name)) throw new IllegalArgumentException("variable " + name + " is built in");
    return name;
  }

  private static String requireValue(String name, String value) {
    Objects.requireNonNull(value, name);
    if (!VALUE.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException("value of " + name + " must be letters, digits and . _ = @ + -: " + value);
    }
    return value;
  }

  private static Duration requireLifetime(Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_URL_LIFETIME) > 0) {
      throw new IllegalArgumentException("a presigned URL lasts more than 0 and at most 7 days: " + lifetime);
    }
    return lifetime;
  }

  /** The SDK clients, shared by a store and those {@link #withVariables} makes. */
  private static final class Clients {
    final S3Client s3;
    final S3Presigner presigner;
    final String where;

    Clients(S3Client s3, S3Presigner presigner, String where) {
      this.s3 = s3;
      this.presigner = presigner;
      this.where = where;
    }
  }

  /** Configures an {@link S3AssetStore}. Not threadsafe. */
  public static final class Builder {
    private final String bucket;
    private URI endpoint;
    private String region;
    private AwsCredentialsProvider credentials;
    private boolean pathStyle;
    private boolean checksumsWhenRequired;
    private String keyTemplate = "{date}/{generation}-{index}{ext}";
    private final Map<String, String> variables = new LinkedHashMap<>();
    private int partSize = 8 * 1024 * 1024;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private Duration urlLifetime = Duration.ofDays(1);
    private String publicBaseUrl;
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneOffset.UTC;

    private Builder(String bucket) {
      this.bucket = bucket;
    }

    /**
     * Sends requests to {@code endpoint} (an S3-compatible server such as MinIO) instead of Amazon S3.
     *
     * @throws IllegalArgumentException if it is not an http or https URI
     */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
        throw new IllegalArgumentException("endpoint must be an http or https URI: " + endpoint);
      }
      this.endpoint = endpoint;
      return this;
    }

    /** Sets the region, such as {@code us-east-1}, or {@code auto} on R2. */
    public Builder region(String region) {
      this.region = requireText(region, "region");
      return this;
    }

    /**
     * Signs requests with this access key; never logged or shown.
     *
     * @throws IllegalArgumentException if either is blank
     */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
          requireText(accessKeyId, "accessKeyId"), requireText(secretAccessKey, "secretAccessKey")));
      return this;
    }

    /** Addresses buckets in the path ({@code https://host/bucket/key}) rather than the host name. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Sends and checks checksums only where an operation requires them, for servers (R2) that
     * refuse the ones the SDK adds by default.
     */
    public Builder checksumsWhenRequired() {
      this.checksumsWhenRequired = true;
      return this;
    }

    /**
     * Sets the object key template; default {@code {date}/{generation}-{index}{ext}}. It must
     * contain {@code {generation}} and {@code {index}}, so no two outputs share a key.
     *
     * @throws IllegalArgumentException if it lacks either, starts with {@code /}, or has a
     *     placeholder that is not a name
     */
    public Builder keyTemplate(String template) {
      requireText(template, "key template");
      if (!template.contains("{generation}") || !template.contains("{index}")) {
        throw new IllegalArgumentException("a key template must contain {generation} and {index}: " + template);
      }
      if (template.startsWith("/")) throw new IllegalArgumentException("a key does not start with /: " + template);
      String rest = PLACEHOLDER.matcher(template).replaceAll("");
      if (rest.contains("{") || rest.contains("}")) {
        throw new IllegalArgumentException("a placeholder is {name}, of letters, digits, _ and -: " + template);
      }
      this.keyTemplate = template;
      return this;
    }

    /**
     * Sets key variable {@code name} (used as {@code {name}} in the template) for every output.
     *
     * @throws IllegalArgumentException if {@code name} is built in or not a name, or {@code value}
     *     is not made of letters, digits and {@code . _ = @ + -}
     */
    public Builder variable(String name, String value) {
      variables.put(requireName(name), requireValue(name, value));
      return this;
    }

    /**
     * Sets the size of the parts content is uploaded in, and so the memory one upload holds;
     * default 8 MiB. Content of less than one part goes up in a single PUT.
     *
     * @throws IllegalArgumentException if under 5 MiB (the S3 minimum) or over 512 MiB
     */
    public Builder partSize(int bytes) {
      if (bytes < MIN_PART_SIZE || bytes > 512 * 1024 * 1024) {
        throw new IllegalArgumentException("part size must be 5 MiB to 512 MiB: " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * Refuses content over {@code bytes}; default 5 GiB.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxBytes(long bytes) {
      if (bytes < 1) throw new IllegalArgumentException("maxBytes must be positive");
      this.maxBytes = bytes;
      return this;
    }

    /**
     * Sets how long the presigned URL of a stored asset lasts; default 1 day.
     *
     * @throws IllegalArgumentException if not positive or over {@link #MAX_URL_LIFETIME} (7 days)
     */
    public Builder urlLifetime(Duration lifetime) {
      this.urlLifetime = requireLifetime(lifetime);
      return this;
    }

    /**
     * Links stored assets as {@code baseUrl + "/" + key}, for a bucket served publicly (an R2
     * custom domain, say), instead of presigned URLs.
     *
     * @throws IllegalArgumentException if it is not an http or https URL
     */
    public Builder publicBaseUrl(String baseUrl) {
      requireText(baseUrl, "publicBaseUrl");
      if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
        throw new IllegalArgumentException("publicBaseUrl must be an http or https URL: " + baseUrl);
      }
      this.publicBaseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      return this;
    }

    /** Sets the clock and zone {@code {date}}, {@code {yyyy}}, {@code {MM}} and {@code {dd}} are read from; default UTC. */
    public Builder clock(Clock clock, ZoneId zone) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Returns the store, with its own S3 clients; close it to close them. */
    public S3AssetStore build() {
      S3ClientBuilder s3 = S3Client.builder().forcePathStyle(pathStyle);
      S3Presigner.Builder presigner = S3Presigner.builder()
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
      if (endpoint != null) {
        s3.endpointOverride(endpoint);
        presigner.endpointOverride(endpoint);
      }
      if (region != null) {
        s3.region(Region.of(region));
        presigner.region(Region.of(region));
      }
      AwsCredentialsProvider creds = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
      s3.credentialsProvider(creds);
      presigner.credentialsProvider(creds);
      if (checksumsWhenRequired) {
        s3.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      }
      String where = endpoint != null ? endpoint.toString() : "s3" + (region != null ? " " + region : "");
      Clients clients = new Clients(s3.build(), presigner.build(), where);
      return new S3AssetStore(clients, bucket, keyTemplate, variables, partSize, maxBytes, urlLifetime,
          publicBaseUrl, clock, zone);
    }
  }

  /** The object key a stored asset's URL names, for tests. */
  static Optional<String> keyInPathStyleUrl(String url, String bucket) {
    int at = url.indexOf("/" + bucket + "/");
    if (at < 0) return Optional.empty();
    int query = url.indexOf('?');
    return Optional.of(url.substring(at + bucket.length() + 2, query < 0 ? url.length() : query));
  }
}
