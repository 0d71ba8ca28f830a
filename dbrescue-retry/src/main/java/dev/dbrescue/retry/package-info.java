/**
 * Retrying JDBC transactions that lost a deadlock or a lock wait: {@link dev.dbrescue.retry.DeadlockRetry} runs a
 * {@link dev.dbrescue.retry.UnitOfWork} in a transaction and runs it again, after a capped exponential
 * {@link dev.dbrescue.retry.Backoff} with {@link dev.dbrescue.retry.Jitter}, when
 * {@link dev.dbrescue.retry.RetryableErrors} says the failure is worth it. Depends on the JDK alone ({@code java.sql}).
 */
package dev.dbrescue.retry;
