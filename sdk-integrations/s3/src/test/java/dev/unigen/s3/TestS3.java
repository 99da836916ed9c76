package dev.unigen.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for the tests: S3Proxy, run in the test JVM on loopback, keeping objects in a
 * temporary directory, checking SigV4 signatures with a test key pair. One per test JVM, stopped
 * (and its directory removed) when the JVM exits.
 */
final class TestS3 {
  static final String ACCESS_KEY = "test-key-access";
  static final String SECRET_KEY = "test-key-secret";
  private static TestS3 instance;

  private final S3Proxy proxy;
  private final Path directory;

  private TestS3(S3Proxy proxy, Path directory) {
    this.proxy = proxy;
    this.directory = directory;
  }

  /** The shared server, started on first use. */
  static synchronized TestS3 get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start S3Proxy", e);
      }
      TestS3 started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return instance;
  }

  private static TestS3 start() throws Exception {
    Path dir = Files.createTempDirectory("unigen-s3-");
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
        .credentials("identity", "credential")
        .overrides(props)
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) Thread.sleep(10);
    if (!"STARTED".equals(proxy.getState())) throw new IllegalStateException("S3Proxy is " + proxy.getState());
    return new TestS3(proxy, dir);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** A client of the server, for what the tests check behind the store's back. */
  S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Creates bucket {@code name}. */
  void createBucket(String name) {
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(name));
    }
  }

  /**
   * A store builder pointed at this server, set up as {@link S3AssetStore#cloudflareR2} sets up
   * R2: S3Proxy, like R2, does not take the streamed trailing checksums the SDK sends by default.
   */
  S3AssetStore.Builder store(String bucket) {
    return S3AssetStore.builder(bucket).endpoint(endpoint()).region("us-east-1").pathStyle(true)
        .checksumsWhenRequired().credentials(ACCESS_KEY, SECRET_KEY);
  }

  private void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // The directory is removed either way.
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
