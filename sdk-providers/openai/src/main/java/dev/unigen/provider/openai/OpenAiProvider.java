package dev.unigen.provider.openai;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.AbstractProvider;
import dev.unigen.spi.ProviderBuilder;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.Submission;
import dev.unigen.spi.http.ProviderHttp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;

/**
 * OpenAI's Image API for the GPT Image models: text-to-image through
 * {@code POST /images/generations}, and image-to-image, inpainting (with a mask) and
 * multi-reference generation (up to 16 input images) through {@code POST /images/edits}. Every
 * call answers at once with base64 images, which become assets holding their bytes.
 *
 * <p>The actual cost is computed from the token {@code usage} of each answer (text and image
 * input tokens, image output tokens) multiplied by the offer's rate card; OpenAI reports tokens,
 * not money.
 *
 * <pre>{@code
 * try (Generator gen = Generator.builder()
 *     .provider(ctx -> OpenAiProvider.builder().build(ctx))   // reads OPENAI_API_KEY
 *     .build()) {
 *   Generation g = gen.image("gpt-image-2").prompt("a red bicycle in the rain")
 *       .size(1536, 1024).quality("medium").generate();
 * }
 * }</pre>
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class OpenAiProvider extends AbstractProvider {
  /** The provider's name in catalogs. */
  public static final String NAME = "openai";
  /** The variable the official clients read the API key from. */
  public static final String KEY_VARIABLE = "OPENAI_API_KEY";
  /** The variable the official clients read the organization id from; sent as {@code OpenAI-Organization}. */
  public static final String ORGANIZATION_VARIABLE = "OPENAI_ORG_ID";
  /** The variable the official clients read the project id from; sent as {@code OpenAI-Project}. */
  public static final String PROJECT_VARIABLE = "OPENAI_PROJECT_ID";
  /** The API's base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** How long one call may take by default; complex prompts can take two minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);
  /**
   * The default bound on an answer read into memory: 448 MiB. The largest answer the API can
   * give is ten 3840x2160 images in base64, and one such PNG with an alpha channel is up to
   * 33,177,600 bytes (44,236,800 in base64); a bound below that would refuse a paid answer.
   */
  public static final long DEFAULT_MAX_ANSWER_BYTES = 448L << 20;

  private final String name;
  private final ProviderHttp http;

  private OpenAiProvider(ProviderSettings settings, String organization, String project) {
    super(settings);
    name = settings.name();
    ProviderContext context = settings.context();
    String authorization = "Bearer " + settings.apiKey();
    http = ProviderHttp.builder(settings)
        .headers(b -> {
          b.header("Authorization", authorization).header("Accept", "application/json");
          if (organization != null) b.header("OpenAI-Organization", organization);
          if (project != null) b.header("OpenAI-Project", project);
          return b;
        })
        .errors(answer -> Optional.of(OpenAiErrors.map(name, answer, context.redactor(), context.clock())))
        .build();
  }

  /** Returns a builder for a provider named {@value #NAME} that reads its key from {@value #KEY_VARIABLE}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code call} to {@code /images/generations} or {@code /images/edits} and completes
   * with the images. Fails with {@link dev.unigen.InvalidRequestException} before sending for a
   * value the API cannot take, with a non-retryable {@link ProviderFailureException} for a model
   * OpenAI has shut down, and otherwise with the typed error of OpenAI's answer. A 200 whose body
   * breaks or is not the Image API's JSON completes with {@link dev.unigen.OutcomeUnknownException}:
   * it may have been billed.
   */
  @Override
  protected CompletableFuture<Submission> send(ProviderCall call) {
    ProviderContext context = settings().context();
    LocalDate today = LocalDate.ofInstant(context.clock().instant(), ZoneOffset.UTC);
    Optional<String> retired = Lifecycle.shutDown(call.endpoint(), today);
    if (retired.isPresent()) throw new ProviderFailureException(name, retired.get());
    ImageCall image;
    try {
      image = ImageCall.of(name, call);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(name, context.redactor().redact(e.getMessage()));
    }
    Request request = http.request(image.path).post(image.body).build();
    return http.submit(request, answer -> Submission.completed(ImageOutputs.read(name, image, answer, context.redactor())));
  }

  /**
   * Builds an {@link OpenAiProvider}. Every setting is optional: the key defaults to
   * {@value #KEY_VARIABLE}, the base URL to {@code UNIGEN_OPENAI_BASE_URL} or
   * {@value #DEFAULT_BASE_URL}, the timeout to {@link #DEFAULT_TIMEOUT}, the bound on an answer
   * to {@link OpenAiProvider#DEFAULT_MAX_ANSWER_BYTES}. Not threadsafe.
   */
  public static final class Builder extends ProviderBuilder<Builder> {
    private String organization;
    private String project;

    private Builder() {
      super(NAME, List.of(KEY_VARIABLE), DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
      maxAnswerBytes(OpenAiProvider.DEFAULT_MAX_ANSWER_BYTES);
    }

    /** Sets the organization sent as {@code OpenAI-Organization}, instead of reading {@value #ORGANIZATION_VARIABLE}. */
    public Builder organization(String organization) {
      this.organization = Objects.requireNonNull(organization, "organization");
      return this;
    }

    /** Sets the project sent as {@code OpenAI-Project}, instead of reading {@value #PROJECT_VARIABLE}. */
    public Builder project(String project) {
      this.project = Objects.requireNonNull(project, "project");
      return this;
    }

    /**
     * Returns the provider, using {@code context}'s HTTP client, clock and redactor.
     *
     * @throws IllegalStateException if no key was given and {@value #KEY_VARIABLE} is not set
     */
    @Override
    public OpenAiProvider build(ProviderContext context) {
      ProviderSettings settings = settings(context);
      String org = organization != null ? organization : context.env(ORGANIZATION_VARIABLE).orElse(null);
      String proj = project != null ? project : context.env(PROJECT_VARIABLE).orElse(null);
      return new OpenAiProvider(settings, org, proj);
    }
  }
}
