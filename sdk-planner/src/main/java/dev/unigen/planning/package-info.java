/**
 * The cost planner: what a {@link dev.unigen.planning.Workload} (what each user does per period,
 * and what one user pays) costs on each {@link dev.unigen.planning.Scenario} (a way to serve it:
 * providers, assignments, subscriptions held, catalog overrides), priced exactly from the catalog
 * in one currency, with shared subscriptions, margins and {@link dev.unigen.planning.CreditPacks
 * credit packs}; and the workload file format, {@link dev.unigen.planning.WorkloadFile}. See
 * {@code docs/planning.md}.
 *
 * <p>Public API, in the {@code unigen-planner} artifact, which depends on {@code unigen-core}
 * only. The reports that render a {@link dev.unigen.planning.CostPlan} are in
 * {@link dev.unigen.reports}.
 *
 * <p>Thread safety: {@link dev.unigen.planning.CostPlanner}, {@code Workload},
 * {@code WorkloadLine}, {@code Scenario} and {@code CreditPacks} are immutable and threadsafe, so
 * one planner may price many plans on many threads at once; their builders are not threadsafe.
 * A plan and everything in it ({@code CostPlan}, {@code ScenarioCost}, {@code LineCost},
 * {@code SubscriptionCost}, {@code CreditPacks.Table}) and a parsed {@code WorkloadFile} are
 * immutable, and may be shared between threads.
 */
package dev.unigen.planning;
