package dev.unigen.examples;

import dev.unigen.money.Money;
import java.util.Optional;

/** Money as the examples print it. */
final class Format {
  private Format() {}

  /**
   * The amount without the trailing zeros that exact arithmetic leaves (a 2^20-pixel megapixel
   * price comes out as {@code 0.001300000000000000000000}), and its currency; {@code unpriced} when
   * there is none. Only the text is shortened: the value is unchanged.
   */
  static String money(Optional<Money> money) {
    return money.map(m -> m.amount().stripTrailingZeros().toPlainString() + " " + m.currency().getCurrencyCode())
        .orElse("unpriced");
  }
}
