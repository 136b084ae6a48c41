using System;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Waiting
{
    public enum WaitVerdict
    {
        Retry,
        Success,
        Failure,
    }

    /// <summary>A point-in-time view of a wait, for progress bars.</summary>
    public sealed class WaitProgress
    {
        public WaitProgress(string activity, string status, TimeSpan elapsed, TimeSpan timeout, int attempt)
        {
            Activity = activity; Status = status; Elapsed = elapsed; Timeout = timeout; Attempt = attempt;
        }

        public string Activity { get; }
        public string Status { get; }
        public TimeSpan Elapsed { get; }
        public TimeSpan Timeout { get; }
        public int Attempt { get; }
        public int PercentComplete => Timeout <= TimeSpan.Zero ? -1 : (int)Math.Min(99, 100 * Elapsed.TotalMilliseconds / Timeout.TotalMilliseconds);
    }

    public sealed class WaitTimeoutException : TimeoutException
    {
        public WaitTimeoutException(string message, string lastStatus) : base(message) { LastStatus = lastStatus; }
        public string LastStatus { get; }
    }

    /// <summary>
    /// Polls until an acceptor says success or failure, like the SDK waiters in the service models'
    /// waiters-2.json, but with a quick first poll that backs off to the model's delay, a wall-clock
    /// timeout instead of an attempt count, progress reports and prompt cancellation.
    /// </summary>
    public sealed class Waiter
    {
        public Waiter(TimeSpan modelDelay, TimeSpan timeout)
        {
            ModelDelay = modelDelay;
            Timeout = timeout;
        }

        public TimeSpan ModelDelay { get; }
        public TimeSpan Timeout { get; }
        /// <summary>The first poll comes this soon; later polls double up to the model's delay.</summary>
        public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        public async Task<T> WaitAsync<T>(string activity, Func<CancellationToken, Task<T>> poll,
            Func<T, (WaitVerdict verdict, string status)> accept, IProgress<WaitProgress> progress, CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            var delay = FirstDelay;
            int attempt = 0;
            string lastStatus = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                attempt++;
                T value = await poll(cancellationToken).ConfigureAwait(false);
                var (verdict, status) = accept(value);
                lastStatus = status;
                var elapsed = DateTime.UtcNow - started;
                progress?.Report(new WaitProgress(activity, status, elapsed, Timeout, attempt));
                if (verdict == WaitVerdict.Success || verdict == WaitVerdict.Failure) return value;

                if (elapsed >= Timeout)
                    throw new WaitTimeoutException(
                        $"{activity}: still '{status}' after {Timeout.TotalSeconds:0} seconds. It may still complete; check again later, or wait longer with -TimeoutSec.", status);
                var remaining = Timeout - elapsed;
                await Task.Delay(delay < remaining ? delay : remaining, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(ModelDelay.TotalMilliseconds, delay.TotalMilliseconds * 2));
            }
        }
    }
}
