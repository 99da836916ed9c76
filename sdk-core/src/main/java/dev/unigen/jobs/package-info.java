/**
 * API: long-running work. {@link dev.unigen.jobs.Job} is a handle on one generation in flight;
 * {@link dev.unigen.jobs.JobJournal} is where calls are written before they are sent and again
 * before they are polled, so a restarted process resumes them without paying twice (in memory, or
 * one fsync'd file per job; another backend implements the interface).
 *
 * <p>Thread safety: jobs and journals are threadsafe; journal entries are immutable.
 */
package dev.unigen.jobs;
