package dev.unigen.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which Unigen module reads which provider key variable, so that a key set for a provider whose
 * module is missing from the class path is reported instead of silently ignored. The contract
 * suite checks that every module's key variables are listed here. Internal: not a public API.
 */
public final class ProviderModules {
  private static final Map<String, String> ARTIFACT_BY_VARIABLE = new LinkedHashMap<>();

  static {
    module("unigen-provider-bfl", "BFL_API_KEY");
    module("unigen-provider-fal", "FAL_KEY");
    module("unigen-provider-getimg", "GETIMG_API_KEY");
    module("unigen-provider-google", "GEMINI_API_KEY", "GOOGLE_API_KEY");
    module("unigen-provider-huggingface", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN");
    module("unigen-provider-leonardo", "LEONARDO_API_KEY");
    module("unigen-provider-luma", "LUMA_AGENTS_API_KEY", "LUMAAI_API_KEY");
    module("unigen-provider-openai", "OPENAI_API_KEY");
    module("unigen-provider-replicate", "REPLICATE_API_TOKEN");
    module("unigen-provider-runware", "RUNWARE_API_KEY");
    module("unigen-provider-runway", "RUNWAYML_API_SECRET");
    module("unigen-provider-stability", "STABILITY_API_KEY", "SAI_API_KEY", "STABILITY_KEY");
    module("unigen-provider-together", "TOGETHER_API_KEY");
    module("unigen-provider-wavespeed", "WAVESPEED_API_KEY");
    module("unigen-provider-xai", "XAI_API_KEY", "GROK_API_KEY");
  }

  private ProviderModules() {}

  private static void module(String artifact, String... variables) {
    for (String v : variables) ARTIFACT_BY_VARIABLE.put(v, artifact);
  }

  /** The artifact of the module that reads {@code variable}, if a Unigen module does. */
  public static Optional<String> artifactFor(String variable) {
    return Optional.ofNullable(ARTIFACT_BY_VARIABLE.get(variable));
  }

  /**
   * One sentence for each key variable that is set in {@code env} although no loaded provider
   * reads it ({@code served} are the variables the loaded providers read), naming the module to
   * add. Names variables only, never their values.
   */
  public static List<String> keysWithoutModule(Collection<String> served, Function<String, Optional<String>> env) {
    List<String> out = new ArrayList<>();
    ARTIFACT_BY_VARIABLE.forEach((variable, artifact) -> {
      if (!served.contains(variable) && env.apply(variable).isPresent()) {
        out.add(variable + " is set but " + artifact + " is not on the class path; add dev.unigen:" + artifact
            + " to use it");
      }
    });
    return out;
  }
}
