#nullable enable
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;

namespace Alonzo.Resources
{
    /// <summary>
    /// How long and how often to retry a call that AWS refuses for a passing reason (IAM still
    /// propagating a role, Lambda busy with another update). Always bounded: by wall-clock time,
    /// or by a fixed list of delays.
    /// </summary>
    public sealed class RetryBudget
    {
        private readonly IReadOnlyList<TimeSpan>? _delays;

        private RetryBudget(TimeSpan timeout, TimeSpan firstDelay, TimeSpan maxDelay, IReadOnlyList<TimeSpan>? delays)
        {
            Timeout = timeout;
            FirstDelay = firstDelay;
            MaxDelay = maxDelay;
            _delays = delays;
        }

        public TimeSpan Timeout { get; }
        public TimeSpan FirstDelay { get; }
        public TimeSpan MaxDelay { get; }

        /// <summary>Retries until <paramref name="timeout"/> has passed, the delay doubling from <paramref name="firstDelay"/> up to <paramref name="maxDelay"/>.</summary>
        public static RetryBudget For(TimeSpan timeout, TimeSpan firstDelay, TimeSpan? maxDelay = null) =>
            new RetryBudget(timeout, firstDelay, maxDelay ?? TimeSpan.FromSeconds(10), null);

        /// <summary>One retry after each of the given delays, then no more.</summary>
        public static RetryBudget FromDelays(IReadOnlyList<TimeSpan> delays) =>
            new RetryBudget(TimeSpan.MaxValue, TimeSpan.Zero, TimeSpan.Zero, delays ?? throw new ArgumentNullException(nameof(delays)));

        /// <summary>
        /// The backoff before retry <paramref name="retry"/> (1-based): doubling from the first delay up
        /// to the largest, whatever the waits were cut to. Null when the budget is spent.
        /// </summary>
        internal TimeSpan? BackoffBefore(int retry, TimeSpan elapsed, TimeSpan previousBackoff)
        {
            if (_delays != null) return retry <= _delays.Count ? _delays[retry - 1] : (TimeSpan?)null;
            if (elapsed >= Timeout) return null;
            return retry == 1 ? FirstDelay : TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, previousBackoff.TotalMilliseconds * 2));
        }

        /// <summary>The wait itself: the backoff, cut so that the last try comes when the time is up, not after.</summary>
        internal TimeSpan WaitFor(TimeSpan backoff, TimeSpan elapsed)
        {
            if (_delays != null) return backoff;
            var remaining = Timeout - elapsed;
            return backoff < remaining ? backoff : remaining;
        }
    }

    /// <summary>One failed try, as the retry loop saw it.</summary>
    public sealed class RetryAttempt
    {
        internal RetryAttempt(int attempt, TimeSpan elapsed, TimeSpan? delay, TimeSpan timeout, AwsServiceException error)
        {
            Attempt = attempt;
            Elapsed = elapsed;
            Delay = delay;
            Timeout = timeout;
            Error = error;
        }

        /// <summary>How many tries have been made (1 after the first failure).</summary>
        public int Attempt { get; }
        public TimeSpan Elapsed { get; }
        /// <summary>The wait before the next try; null when the budget is spent.</summary>
        public TimeSpan? Delay { get; }
        public TimeSpan Timeout { get; }
        public AwsServiceException Error { get; }
    }

    /// <summary>The one retry loop for passing refusals; transport-level retries (throttling, 5xx) stay in the wire layer.</summary>
    public static class Retrying
    {
        /// <param name="retryable">Which refusals are passing.</param>
        /// <param name="beforeRetry">Called before each wait (say so, report progress, or wait for the resource to settle).</param>
        /// <param name="exhausted">The error to throw when the budget is spent; null rethrows the last refusal.</param>
        public static async Task<T> WhileAsync<T>(Func<CancellationToken, Task<T>> call, Func<AwsServiceException, bool> retryable,
            RetryBudget budget, Func<RetryAttempt, CancellationToken, Task>? beforeRetry, Func<RetryAttempt, Exception>? exhausted,
            CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            var backoff = TimeSpan.Zero;
            bool lastTry = false;
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                AwsServiceException error;
                try
                {
                    return await call(cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (retryable(e))
                {
                    error = e;
                }
                var elapsed = DateTime.UtcNow - started;
                // After a wait cut to the time left, that try was the last: timers may wake a little early.
                var next = lastTry ? null : budget.BackoffBefore(attempt, elapsed, backoff);
                TimeSpan? delay = next is TimeSpan wanted ? budget.WaitFor(wanted, elapsed) : (TimeSpan?)null;
                if (delay != null && delay.Value < next.GetValueOrDefault()) lastTry = true;
                var failed = new RetryAttempt(attempt, elapsed, delay, budget.Timeout, error);
                if (delay == null)
                {
                    var final = exhausted?.Invoke(failed);
                    if (final != null) throw final;
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
                }
                if (beforeRetry != null) await beforeRetry(failed, cancellationToken).ConfigureAwait(false);
                var wait = delay.GetValueOrDefault();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                backoff = next.GetValueOrDefault();
            }
        }

        public static Task WhileAsync(Func<CancellationToken, Task> call, Func<AwsServiceException, bool> retryable,
            RetryBudget budget, Func<RetryAttempt, CancellationToken, Task>? beforeRetry, Func<RetryAttempt, Exception>? exhausted,
            CancellationToken cancellationToken) =>
            WhileAsync<bool>(async ct => { await call(ct).ConfigureAwait(false); return true; }, retryable, budget, beforeRetry, exhausted, cancellationToken);
    }
}
