/**
 * GetImg.ai as a Unigen provider: {@link dev.unigen.provider.getimg.GetImgProvider} and its builder,
 * and {@link dev.unigen.provider.getimg.GetImgProviderFactory}, which {@link java.util.ServiceLoader}
 * finds when {@code GETIMG_API_KEY} is set. The offers are in {@code META-INF/unigen/catalog.json};
 * docs/providers/getimg.md describes the module.
 */
package dev.unigen.provider.getimg;
