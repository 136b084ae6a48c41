#nullable enable
using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace Alonzo.Aws.Sdk
{
    /// <summary>
    /// Hooks an SDK client's runtime pipeline so that it reports like Alonzo's transport: a handler just
    /// inside the retry handler sees every attempt (<see cref="IAwsCallListener.OnSending"/> and
    /// <see cref="IAwsCallListener.OnCompleted"/>), and the service's own retry policy (which decides what
    /// is retried) waits with Alonzo's backoff and announces each retry (<see cref="IAwsCallListener.OnRetrying"/>).
    /// </summary>
    internal static class SdkPipeline
    {
        private const string FailureKey = "alonzo.lastFailure";

        /// <summary>
        /// Puts the service's retry policy for the mode in force (built by <paramref name="standard"/> or
        /// <paramref name="adaptive"/>, subclasses whose waits call <see cref="WaitAsync"/>) and the call
        /// events into a client's pipeline.
        /// </summary>
        public static void Install(RuntimePipeline pipeline, IClientConfig config, SdkClientSettings settings,
            Func<RetryPolicy> standard, Func<RetryPolicy> adaptive)
        {
            var policy = config.RetryMode == RequestRetryMode.Adaptive ? adaptive() : standard();
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(policy));
            pipeline.AddHandlerAfter<RetryHandler>(new CallEventsHandler(settings));
        }

        /// <summary>Announces the retry about to be waited for and returns the wait: full jitter, as Alonzo's transport waits.</summary>
        private static TimeSpan AnnounceRetry(SdkClientSettings settings, IExecutionContext context)
        {
            var request = context.RequestContext;
            // The retry handler has counted this retry already: 1 before the second attempt.
            int retries = Math.Max(1, request.Retries);
            var delay = settings.Retry.Delay(retries - 1);
            string reason = request.ContextAttributes != null && request.ContextAttributes.TryGetValue(FailureKey, out var failure) && failure is string text
                ? text
                : "the previous attempt failed";
            settings.Listener?.OnRetrying(settings.Service, SdkCall.Current(request).Name, retries + 1, delay, reason);
            return delay;
        }

        /// <summary>For the services' retry policies: their own rules decide what is retried, this is the wait.</summary>
        public static Task WaitAsync(SdkClientSettings settings, IExecutionContext context) =>
            Task.Delay(AnnounceRetry(settings, context), context.RequestContext.CancellationToken);

        public static void Wait(SdkClientSettings settings, IExecutionContext context) =>
            Thread.Sleep(AnnounceRetry(settings, context));

        private static string Describe(Exception e)
        {
            switch (e)
            {
                case AmazonServiceException s when !string.IsNullOrEmpty(s.ErrorCode):
                    return s.ErrorCode + (string.IsNullOrEmpty(s.Message) ? "" : ": " + s.Message);
                case AmazonServiceException s:
                    return $"HTTP {(int)s.StatusCode}";
                case OperationCanceledException _:
                case TimeoutException _:
                    return "the attempt timed out";
                default:
                    return e.GetType().Name + ": " + e.GetBaseException().Message;
            }
        }

        /// <summary>Sits inside the retry handler, so it runs once per attempt.</summary>
        private sealed class CallEventsHandler : PipelineHandler
        {
            private readonly SdkClientSettings _settings;

            public CallEventsHandler(SdkClientSettings settings)
            {
                _settings = settings;
            }

            public override void InvokeSync(IExecutionContext executionContext)
            {
                var attempt = Begin(executionContext);
                try
                {
                    base.InvokeSync(executionContext);
                }
                catch (Exception e)
                {
                    Failed(attempt, executionContext, e);
                    throw;
                }
                Succeeded(attempt, executionContext);
            }

            public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
            {
                var attempt = Begin(executionContext);
                T result;
                try
                {
                    result = await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Failed(attempt, executionContext, e);
                    throw;
                }
                Succeeded(attempt, executionContext);
                return result;
            }

            private Attempt Begin(IExecutionContext context)
            {
                var operation = SdkCall.Current(context.RequestContext);
                int number = context.RequestContext.Retries + 1;
                _settings.Listener?.OnSending(_settings.Service, operation.Name, number);
                return new Attempt(operation, number, Stopwatch.StartNew());
            }

            private void Succeeded(Attempt attempt, IExecutionContext context)
            {
                var response = context.ResponseContext;
                int status = response?.HttpResponse == null ? 0 : (int)response.HttpResponse.StatusCode;
                Record(attempt, status, null, response?.Response?.ResponseMetadata?.RequestId);
            }

            private void Failed(Attempt attempt, IExecutionContext context, Exception e)
            {
                var request = context.RequestContext;
                if (request.ContextAttributes != null) request.ContextAttributes[FailureKey] = Describe(e);
                // The caller's own cancellation is not a call that completed.
                if (request.CancellationToken.IsCancellationRequested) return;
                if (e is AmazonServiceException s && (s.StatusCode != 0 || !string.IsNullOrEmpty(s.ErrorCode)))
                    Record(attempt, (int)s.StatusCode, s.ErrorCode ?? AwsErrorParser.DefaultCode(s.StatusCode), s.RequestId);
                else
                    Record(attempt, 0, e.GetType().Name, null);
            }

            private void Record(Attempt attempt, int status, string? errorCode, string? requestId) =>
                _settings.Listener?.OnCompleted(new AwsCallRecord(_settings.Service.DisplayName, attempt.Operation.Name, attempt.Operation.IsMutating,
                    attempt.Number, status, errorCode, requestId, attempt.Clock.Elapsed));

            private sealed class Attempt
            {
                public Attempt(SdkCall.Operation operation, int number, Stopwatch clock)
                {
                    Operation = operation;
                    Number = number;
                    Clock = clock;
                }

                public SdkCall.Operation Operation { get; }
                public int Number { get; }
                public Stopwatch Clock { get; }
            }
        }
    }
}
