package dev.unigen.provider.sandbox;

import dev.unigen.testkit.ProviderContractTest;

/**
 * The sandbox passes the provider contract, except what needs HTTP or a key: it renders locally and
 * takes none. Its videos are jobs, so the job checks run on a text-to-video offer.
 */
class SandboxContractTest extends ProviderContractTest {
  SandboxContractTest() {
    super(new SandboxProviderFactory());
  }

  @Override
  protected boolean speaksHttp() {
    return false;
  }

  @Override
  protected boolean pricesArePublished() {
    return false;
  }
}
