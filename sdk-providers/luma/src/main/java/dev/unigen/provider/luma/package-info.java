/**
 * Luma AI as two Unigen providers: {@link dev.unigen.provider.luma.LumaProvider} ({@code luma}, the
 * Luma Agents API: uni-1, uni-1-max, Ray 3.2), found by {@link java.util.ServiceLoader} when
 * {@code LUMA_AGENTS_API_KEY} is set, and {@link dev.unigen.provider.luma.DreamMachineProvider}
 * ({@code luma-dream-machine}: Ray 2, Ray Flash 2, Photon), found when {@code LUMAAI_API_KEY} is
 * set. The offers and prices are in {@code META-INF/unigen/catalog.json}; docs/providers/luma.md
 * describes the module.
 */
package dev.unigen.provider.luma;
