using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Amazon.Runtime;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// The SDKs' retry rules. How many attempts and which mode come from AWSSDK.Core's ClientConfig
    /// (so AWS_MAX_ATTEMPTS, AWS_RETRY_MODE and the profile's max_attempts/retry_mode are honoured);
    /// what is retryable and how long to wait follow the standard mode: throttling and transient codes,
    /// 5xx replies and network failures, with full-jitter exponential backoff capped at 20 seconds.
    /// </summary>
    public sealed class AwsRetryRules
    {
        private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(20);
        [ThreadStatic] private static Random _random;

        public AwsRetryRules(int maxAttempts, RequestRetryMode mode, TimeSpan baseDelay)
        {
            MaxAttempts = Math.Max(1, maxAttempts);
            Mode = mode;
            BaseDelay = baseDelay;
        }

        public int MaxAttempts { get; }
        public RequestRetryMode Mode { get; }
        public TimeSpan BaseDelay { get; }

        /// <summary>One attempt only: for argument completion, which must answer quickly or not at all.</summary>
        public static AwsRetryRules NoRetry() => new AwsRetryRules(1, RequestRetryMode.Standard, TimeSpan.Zero);

        /// <summary>Standard retries with a custom base delay (tests and benchmarks use a short one).</summary>
        public static AwsRetryRules Standard(int maxAttempts, TimeSpan baseDelay) => new AwsRetryRules(maxAttempts, RequestRetryMode.Standard, baseDelay);

        /// <summary>Reads the configured attempts and mode through AWSSDK.Core.</summary>
        public static AwsRetryRules FromSdkConfig(ClientConfig config)
        {
            // The SDK reads AWS_MAX_ATTEMPTS/AWS_RETRY_MODE once per process; a PowerShell session may
            // change them between commands, so the variables are read here first and the SDK's
            // resolved values (which include the profile's max_attempts/retry_mode) are the fallback.
            int attempts = config.MaxErrorRetry + 1;
            var mode = config.RetryMode;
            string maxAttempts = Environment.GetEnvironmentVariable("AWS_MAX_ATTEMPTS");
            if (!string.IsNullOrWhiteSpace(maxAttempts))
            {
                if (!int.TryParse(maxAttempts.Trim(), out attempts) || attempts < 1)
                    throw new AwsConfigurationException("Retry", $"AWS_MAX_ATTEMPTS is '{maxAttempts}'; it must be a whole number of 1 or more.");
            }
            string retryMode = Environment.GetEnvironmentVariable("AWS_RETRY_MODE");
            if (!string.IsNullOrWhiteSpace(retryMode))
            {
                // AWSSDK.Core 4 has no legacy mode any more; legacy behaves as standard there too.
                if (string.Equals(retryMode.Trim(), "legacy", StringComparison.OrdinalIgnoreCase))
                    mode = RequestRetryMode.Standard;
                else if (!Enum.TryParse(retryMode.Trim(), true, out mode))
                    throw new AwsConfigurationException("Retry", $"AWS_RETRY_MODE is '{retryMode}'; use standard or adaptive (legacy is treated as standard).");
            }
            return new AwsRetryRules(attempts, mode, TimeSpan.FromSeconds(1));
        }

        public static bool IsRetryable(Exception exception, CancellationToken callerToken)
        {
            switch (exception)
            {
                case AwsThrottlingException _:
                    return true;
                case AwsAuthenticationException _:
                    // Clock skew aside, a refused signature does not improve by asking again.
                    return false;
                case AwsServiceException service:
                    int status = (int)service.StatusCode;
                    return AwsErrorCodes.IsTransient(service.ErrorCode) || status == 500 || status == 502 || status == 503 || status == 504 || status == 429;
                case TimeoutException _:
                    // An attempt that got no answer in time (the transport's per-attempt timeout).
                    return !callerToken.IsCancellationRequested;
                case OperationCanceledException _:
                    // A per-attempt timeout is transient; the caller's own cancellation is not.
                    return !callerToken.IsCancellationRequested;
                case HttpRequestException _:
                case IOException _:
                case SocketException _:
                case WebException _:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Failures after which the request may have reached the service and been acted on: a timeout
        /// or a broken connection. Service error replies and throttling mean it was not.
        /// </summary>
        public static bool MayHaveBeenProcessed(Exception exception) =>
            !(exception is AwsServiceException service) || (int)service.StatusCode >= 500 && !(exception is AwsThrottlingException);

        /// <summary>Full jitter: a random share of min(base * 2^retry, 20 s).</summary>
        public TimeSpan Delay(int retryNumber)
        {
            var random = _random ?? (_random = new Random(Guid.NewGuid().GetHashCode()));
            double ceiling = Math.Min(MaxBackoff.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retryNumber));
            return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
        }
    }
}
