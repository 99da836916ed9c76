package dev.unigen.cli;

import dev.unigen.catalog.Offer;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Shutdowns announced for offers: the warning {@code quote}, {@code generate} and {@code chain}
 * print on standard error when an offer they quote retires within {@value #WARN_DAYS} days, and
 * the wording the audit shares with them.
 */
final class Retirements {
  /** How many days ahead of a shutdown the commands warn. */
  static final int WARN_DAYS = 30;

  private Retirements() {}

  /** Days from {@code today} to {@code offer}'s shutdown: negative once it has passed, empty if none is announced. */
  static Optional<Long> daysLeft(Offer offer, LocalDate today) {
    return offer.retires().map(day -> ChronoUnit.DAYS.between(today, day));
  }

  /** Whether {@code offer} is still served today and shuts down within {@code days} days. */
  static boolean retiringWithin(Offer offer, LocalDate today, long days) {
    Optional<Long> left = daysLeft(offer, today);
    return left.isPresent() && left.get() > 0 && left.get() <= days;
  }

  /** "in 14 days", "tomorrow". */
  static String inDays(long days) {
    return days == 1 ? "tomorrow" : "in " + days + " days";
  }

  /**
   * Prints one warning line on {@code err}, as {@code who}, for every offer quoted in {@code plan}
   * that shuts down within {@value #WARN_DAYS} days of {@code today}.
   */
  static void warn(Plan plan, LocalDate today, String who, PrintWriter err) {
    warn(java.util.List.of(plan), today, who, err);
  }

  /** The same for the offers quoted in every plan of {@code plans}, such as a chain's steps; each offer once. */
  static void warn(java.util.List<Plan> plans, LocalDate today, String who, PrintWriter err) {
    Set<Offer> seen = new LinkedHashSet<>();
    for (Plan plan : plans) for (Quote q : plan.quotes()) seen.add(q.offer());
    for (Offer o : seen) {
      if (!retiringWithin(o, today, WARN_DAYS)) continue;
      err.println(who + ": warning: " + o.key() + " retires on " + o.retires().get() + ", "
          + inDays(daysLeft(o, today).get()) + " (" + o.retirementSource().orElse("no source given")
          + "); after that day it is left out");
    }
    err.flush();
  }
}
