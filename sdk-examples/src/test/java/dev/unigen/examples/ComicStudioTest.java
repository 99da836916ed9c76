package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.catalog.Catalog;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.money.Money;
import dev.unigen.provider.bfl.BflProvider;
import dev.unigen.provider.fal.FalProvider;
import dev.unigen.provider.sandbox.SandboxProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ComicStudio offline on the sandbox, and its 10-episode table computed from the catalogs of the
 * provider modules on the classpath. Every generator reads an empty environment, so a key on the
 * test machine never spends money.
 */
class ComicStudioTest {
  @TempDir Path dir;

  @Test
  void drawsTheSheetAndFourPanelsOnTheSandbox() {
    List<Path> written = new ArrayList<>();
    String text;
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().build()) {
      text = run(gen, List.of(), written);
      assertEquals(List.of("sheet", "panel-1", "panel-2", "panel-3", "panel-4"), gen.ledger().entries().stream()
          .map(e -> e.tags().get("comic")).collect(Collectors.toList()));
      assertTrue(gen.ledger().entries().stream().allMatch(e -> e.outcome() == LedgerEntry.Outcome.SUCCEEDED));
    }

    assertEquals(List.of("character-sheet.png", "panel-1.png", "panel-2.png", "panel-3.png", "panel-4.png"),
        written.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
    for (Path p : written) {
      BufferedImage img = decode(p);
      assertEquals(1024, img.getWidth(), p.toString());
      assertEquals(1024, img.getHeight(), p.toString());
    }
    assertTrue(text.startsWith("Providers: sandbox\nCharacter sheet: sandbox flux-2-pro (sandbox/flux-2-pro), cost 0 USD"
        + " COMPUTED (estimated 0 USD)"), text);
    // The sandbox serves one FLUX.2 model, flux-2-pro, which takes up to 8 references.
    assertTrue(text.contains("Panel model: the cheapest FLUX.2 taking 1 reference image(s)\n"
        + "  flux-2-pro       0 USD on sandbox\n  chosen: flux-2-pro\n"), text);
    for (int i = 1; i <= 4; i++) {
      assertTrue(text.contains("Panel " + i + ": sandbox flux-2-pro (sandbox/flux-2-pro), cost 0 USD COMPUTED"
          + " (estimated 0 USD), saved " + dir.resolve("panel-" + i + ".png")), text);
    }
    assertEquals(1, text.split("note: the sandbox accepts but does not draw reference images", -1).length - 1,
        "a note shared by the panels is printed once");
    assertTrue(text.endsWith("This run: 5 pictures, 0 USD\n"), text);
  }

  @Test
  void extraReferencesGoToEveryPanelUpToWhatFlux2Takes() throws IOException {
    Path location = picture(dir.resolve("refs/night-market.png"), 768, 512);
    Path sidekick = picture(dir.resolve("refs/sidekick.png"), 512, 512);
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().build()) {
      String text = run(gen, List.of(location, sidekick), new ArrayList<>());
      assertTrue(text.contains("the cheapest FLUX.2 taking 3 reference image(s)"), text);
    }

    // Eight extras and the sheet are nine: more than the 8 FLUX.2 [pro] takes, refused before any panel.
    List<Path> eight = new ArrayList<>();
    for (int i = 0; i < 8; i++) eight.add(location);
    Path out = dir.resolve("too-many");
    try (Generator gen = Generator.builder().environment(Map.of()).providersFromEnvironment().build()) {
      GenerationException e = assertThrows(GenerationException.class,
          () -> ComicStudio.run(gen, out, eight, new PrintStream(new ByteArrayOutputStream(), true,
              StandardCharsets.UTF_8)));
      assertEquals("no configured FLUX.2 offer takes 9 reference images: flux-2-pro (sandbox: 9 reference images"
          + " asked, 8 allowed)", e.getMessage());
      assertEquals(1, gen.ledger().entries().size(), "only the sheet was made");
    }
    assertTrue(Files.exists(out.resolve("character-sheet.png")));
    assertFalse(Files.exists(out.resolve("panel-1.png")));
  }

  @Test
  void theCheapestFlux2ThatTakesTheReferencesDrawsThePanels() throws IOException {
    // A sandbox priced like a marketplace: flux-2-pro $0.05 an image with up to 8 references,
    // flux-2-flash $0.01 with up to 4.
    Catalog priced = Catalog.parse("""
        {"format": 1, "provider": "sandbox", "offers": [
          {"model": "flux-2-pro", "endpoint": "sandbox/flux-2-pro", "tasks": ["text-to-image", "multi-reference"],
           "capabilities": {"sizes": {"min": 256, "max": 2048, "multipleOf": 8}, "maxReferences": 8},
           "price": {"kind": "per-image", "price": "0.05"}, "asOf": "2026-11-23", "source": "ComicStudioTest"},
          {"model": "flux-2-flash", "endpoint": "sandbox/flux-2-flash", "tasks": ["multi-reference"],
           "capabilities": {"sizes": {"min": 256, "max": 2048, "multipleOf": 8}, "maxReferences": 4},
           "price": {"kind": "per-image", "price": "0.01"}, "asOf": "2026-11-23", "source": "ComicStudioTest"}]}
        """, "ComicStudioTest");
    Path extra = picture(dir.resolve("refs/extra.png"), 512, 512);

    // One reference: the sheet at $0.05, then four panels on flash at $0.01: 0.05 + 4 x 0.01 = $0.09.
    try (Generator gen = Generator.builder().environment(Map.of())
        .provider(ctx -> SandboxProvider.builder().catalog(priced).build(ctx)).build()) {
      String text = run(gen, List.of(), new ArrayList<>());
      assertTrue(text.contains("  flux-2-flash     0.01 USD on sandbox\n  flux-2-pro       0.05 USD on sandbox\n"
          + "  chosen: flux-2-flash\n"), text);
      assertTrue(text.contains("Panel 4: sandbox flux-2-flash (sandbox/flux-2-flash), cost 0.01 USD COMPUTED"), text);
      assertTrue(text.endsWith("This run: 5 pictures, 0.09 USD\n"), text);
      assertEquals(Money.usd("0.09"), gen.ledger().total());
    }
    // Five references (the sheet and four extras): flash takes 4, so every picture is on pro: 5 x 0.05 = $0.25.
    try (Generator gen = Generator.builder().environment(Map.of())
        .provider(ctx -> SandboxProvider.builder().catalog(priced).build(ctx)).build()) {
      String text = run(gen, List.of(extra, extra, extra, extra), new ArrayList<>());
      assertTrue(text.contains("  flux-2-flash     none: sandbox: 5 reference images asked, 4 allowed\n"
          + "  flux-2-pro       0.05 USD on sandbox\n  chosen: flux-2-pro\n"), text);
      assertTrue(text.endsWith("This run: 5 pictures, 0.25 USD\n"), text);
    }
  }

  /**
   * The table, worked out by hand from the modules' catalog.json for one 1024x1024 panel drawn
   * from one 1024x1024 reference (1 MP on 2^20 pixels each), times 68 panels x 10 episodes = 680:
   * <ul>
   *   <li>fal flux-2-flash: $0.005 output + $0.005 input = $0.010; x 680 = $6.80 (published $0.012, $6.12)
   *   <li>BFL flux-2-klein-4b: 1.4 + 0.1 credits = $0.015; $10.20 (not in the published table)
   *   <li>fal flux-2-turbo: $0.008 + $0.008 = $0.016; $10.88 (published $0.016, $10.88)
   *   <li>BFL flux-2-klein-9b: 1.5 + 0.2 credits = $0.017; $11.56 (published $0.030, $13.89)
   *   <li>fal flux-2-dev: $0.012 + $0.012 = $0.024; $16.32 (published $0.022, $11.56)
   *   <li>BFL flux-2-pro: 3 + 1.5 credits = $0.045; $30.60 (published $0.081, $42.44)
   *   <li>fal flux-2-pro: $0.03 + $0.015 = $0.045; $30.60 (published $0.049, $28.56)
   *   <li>BFL flux-2-flex: 5 + 5 credits and flux-2-max: 7 + 3 credits, both $0.100; $68.00
   * </ul>
   */
  @Test
  void tenEpisodesArePricedFromTheCatalogsBesideThePublishedFigures() {
    // fal's and BFL's catalogs, and the sandbox's to show it is left out; main() quotes every module
    // on the classpath, which may one day add FLUX.2 offers of other providers.
    Catalog catalogs = Catalog.ofModule(FalProvider.class).withOverrides(Catalog.ofModule(BflProvider.class))
        .withOverrides(Catalog.ofModule(SandboxProvider.class));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ComicStudio.printTenEpisodes(catalogs, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertTrue(text.startsWith("10 episodes = 10 x 68 panels = 680 panels (as published: \"Phase 5: Panel generation"
        + " (68 panels)\").\n"), text);
    List<String> rows = text.lines().filter(l -> l.startsWith("  ") && l.contains("/flux-2-"))
        .map(l -> l.trim().replaceAll(" +", " ")).collect(Collectors.toList());
    assertEquals(List.of(
        "fal/flux-2-flash 0.010 6.80 | 0.012 6.12 | -0.002 +0.68",
        "bfl/flux-2-klein-4b 0.015 10.20",
        "fal/flux-2-turbo 0.016 10.88 | 0.016 10.88 | +0.000 +0.00",
        "bfl/flux-2-klein-9b 0.017 11.56 | 0.030 13.89 | -0.013 -2.33",
        "fal/flux-2-dev 0.024 16.32 | 0.022 11.56 | +0.002 +4.76",
        "bfl/flux-2-pro 0.045 30.60 | 0.081 42.44 | -0.036 -11.84",
        "fal/flux-2-pro 0.045 30.60 | 0.049 28.56 | -0.004 +2.04",
        "bfl/flux-2-flex 0.100 68.00",
        "bfl/flux-2-max 0.100 68.00"), rows);
    assertFalse(text.contains("sandbox"), "the sandbox's zero prices are not a quote");
    assertFalse(text.contains("left out"), text);
    assertFalse(text.contains("published rows with no offer"), text);
  }

  /** Runs the example into the temp dir and returns what it printed. */
  private String run(Generator gen, List<Path> extras, List<Path> written) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      written.addAll(ComicStudio.run(gen, dir, extras, out));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Path picture(Path file, int width, int height) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    img.setRGB(width / 2, height / 2, 0xFF3366);
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  private static BufferedImage decode(Path file) {
    assertTrue(Files.isRegularFile(file), file + " missing");
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      assertNotNull(img, file + " is not a readable image");
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
