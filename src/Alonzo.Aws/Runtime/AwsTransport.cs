using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Polly;
using Polly.Retry;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// Sends one logical API call: signs it with AWSSDK.Core's SigV4 signer, sends it, turns error
    /// replies into typed exceptions and retries what the standard retry mode retries (through Polly).
    /// Every attempt is re-signed, so retries never reuse a stale signature date. Disposing it releases
    /// the HttpClient it made for a given handler; the process-wide client stays.
    /// </summary>
    public sealed class AwsTransport : IDisposable
    {
        internal static readonly string UserAgent = "alonzo/" + typeof(AwsTransport).Assembly.GetName().Version.ToString(3);

        // One HttpClient for the process: connection reuse matters more than anything else for latency.
        private static readonly Lazy<HttpClient> SharedHttpClient = new Lazy<HttpClient>(() =>
        {
            var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
            return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        });

        private readonly AwsSession _session;
        private readonly AwsService _service;
        private readonly HttpMessageHandler _handler;
        private readonly SigningClientConfig _config;
        private readonly AWS4Signer _signer = new AWS4Signer();
        private readonly HttpClient _httpClient;
        private readonly bool _ownsHttpClient;
        private volatile bool _disposed;

        public AwsTransport(AwsSession session, AwsService service, IAwsCallListener listener = null, HttpMessageHandler handler = null)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            _service = service ?? throw new ArgumentNullException(nameof(service));
            Listener = listener;
            _handler = handler;
            Endpoint = session.ResolveEndpoint(service, out bool isCustom);
            IsCustomEndpoint = isCustom;
            _config = new SigningClientConfig(service, session.Region, session.SigningRegion(service), Endpoint.ToString());
            Retry = AwsRetryRules.FromSdkConfig(_config);
            _ownsHttpClient = handler != null;
            _httpClient = handler == null ? SharedHttpClient.Value : new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public void Dispose()
        {
            _disposed = true;
            if (_ownsHttpClient) _httpClient.Dispose();
        }

        public Uri Endpoint { get; }
        public bool IsCustomEndpoint { get; }
        public AwsService Service => _service;
        public AwsSession Session => _session;
        public AwsRetryRules Retry { get; private set; }
        public IAwsCallListener Listener { get; }
        /// <summary>How long one attempt may take before it is abandoned and retried.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Replaces the retry rules (tests use a short base delay).</summary>
        public AwsTransport WithRetry(AwsRetryRules rules)
        {
            Retry = rules;
            _retryPipeline = null;
            return this;
        }

        // The request travels to the retry callbacks in the resilience context, so one pipeline serves
        // every call of this transport instead of a new one being built (and validated) per call.
        private static readonly ResiliencePropertyKey<AwsHttpRequest> RequestKey = new ResiliencePropertyKey<AwsHttpRequest>("alonzo.request");
        private ResiliencePipeline<AwsHttpResponse> _retryPipeline;

        public async Task<AwsHttpResponse> SendAsync(AwsHttpRequest request, CancellationToken cancellationToken)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(AwsTransport), "The command that owned this transport has finished.");
            var pipeline = _retryPipeline ?? (_retryPipeline = BuildRetryPipeline());
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RequestKey, request);
            try
            {
                int attempt = 0;
                return await pipeline.ExecuteAsync(async ctx =>
                {
                    attempt++;
                    return await SendOnceAsync(request, attempt, ctx.CancellationToken).ConfigureAwait(false);
                }, context).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private ResiliencePipeline<AwsHttpResponse> BuildRetryPipeline()
        {
            var rules = Retry;
            if (rules == null || rules.MaxAttempts <= 1) return ResiliencePipeline<AwsHttpResponse>.Empty;
            return new ResiliencePipelineBuilder<AwsHttpResponse>()
                .AddRetry(new RetryStrategyOptions<AwsHttpResponse>
                {
                    MaxRetryAttempts = rules.MaxAttempts - 1,
                    ShouldHandle = args =>
                    {
                        var e = args.Outcome.Exception;
                        var request = args.Context.Properties.GetValue(RequestKey, null);
                        return new ValueTask<bool>(e != null && AwsRetryRules.IsRetryable(e, args.Context.CancellationToken) &&
                                                   (request == null || request.IsIdempotent || !AwsRetryRules.MayHaveBeenProcessed(e)));
                    },
                    DelayGenerator = args => new ValueTask<TimeSpan?>(rules.Delay(args.AttemptNumber)),
                    OnRetry = args =>
                    {
                        var request = args.Context.Properties.GetValue(RequestKey, null);
                        Listener?.OnRetrying(_service, request?.Operation, args.AttemptNumber + 2, args.RetryDelay, Describe(args.Outcome.Exception));
                        return default;
                    },
                })
                .Build();
        }

        private static string Describe(Exception e)
        {
            switch (e)
            {
                case AwsServiceException s: return s.ErrorCode + (string.IsNullOrEmpty(s.ServiceMessage) ? "" : ": " + s.ServiceMessage);
                case TimeoutException _: return "the attempt timed out";
                default: return e?.GetType().Name + ": " + e?.Message;
            }
        }

        private async Task<AwsHttpResponse> SendOnceAsync(AwsHttpRequest request, int attempt, CancellationToken cancellationToken)
        {
            Listener?.OnSending(_service, request.Operation, attempt);
            var stopwatch = Stopwatch.StartNew();
            var credentials = await _session.GetCredentialsAsync().ConfigureAwait(false);
            using (var message = BuildSignedMessage(request, credentials))
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var timeout = request.AttemptTimeout ?? AttemptTimeout;
                attemptTimeout.CancelAfter(timeout);
                HttpResponseMessage reply;
                try
                {
                    reply = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Listener?.OnCompleted(new AwsCallRecord(_service.DisplayName, request.Operation, request.IsMutating, attempt, 0, e.GetType().Name, null, stopwatch.Elapsed));
                    if (e is OperationCanceledException)
                        throw new TimeoutException($"{_service.DisplayName} {request.Operation} did not answer within {timeout.TotalSeconds:0} seconds ({Endpoint}).", e);
                    throw new HttpRequestException($"{_service.DisplayName} {request.Operation} could not reach {Endpoint}: {e.GetBaseException().Message}", e);
                }

                using (reply)
                {
                    byte[] body = reply.Content == null ? Array.Empty<byte>() : await reply.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var h in reply.Headers) headers[h.Key] = string.Join(",", h.Value);
                    if (reply.Content != null)
                        foreach (var h in reply.Content.Headers) headers[h.Key] = string.Join(",", h.Value);
                    var response = new AwsHttpResponse(reply.StatusCode, headers, body);

                    AwsServiceException error = response.IsSuccess ? null : AwsErrorParser.Parse(_service.DisplayName, request.Operation, response);
                    Listener?.OnCompleted(new AwsCallRecord(_service.DisplayName, request.Operation, request.IsMutating, attempt,
                        (int)reply.StatusCode, error?.ErrorCode, error?.RequestId ?? response.GetHeader("x-amzn-RequestId"), stopwatch.Elapsed));
                    if (error != null) throw error;
                    return response;
                }
            }
        }

        private HttpRequestMessage BuildSignedMessage(AwsHttpRequest request, ImmutableCredentials credentials)
        {
            var sdkRequest = new DefaultRequest(new WireRequest(), _service.SigningName)
            {
                HttpMethod = request.Method,
                Endpoint = Endpoint,
                ResourcePath = request.Path,
                Content = request.Body ?? Array.Empty<byte>(),
                AuthenticationRegion = _session.SigningRegion(_service),
                OverrideSigningServiceName = _service.SigningName,
            };
            foreach (var r in request.PathResources) sdkRequest.AddPathResource("{" + r.Key + "}", r.Value);
            sdkRequest.UseQueryString = request.Query.Count > 0;
            foreach (var q in request.Query) sdkRequest.Parameters[q.Key] = q.Value;
            foreach (var h in request.Headers) sdkRequest.Headers[h.Key] = h.Value;
            if (request.ContentType != null) sdkRequest.Headers["Content-Type"] = request.ContentType;
            sdkRequest.Headers["User-Agent"] = UserAgent;
            // Temporary credentials (a session token from the environment, assume-role, SSO, container or
            // instance metadata) are only valid with their token, which is sent and signed with the request.
            if (credentials.UseToken) sdkRequest.Headers["X-Amz-Security-Token"] = credentials.Token;

            // Signed with exactly the credentials resolved for this attempt, so a refresh in between cannot
            // pair one key with another key's token.
            var signing = _signer.SignRequest(sdkRequest, _config, new Amazon.Runtime.Internal.Util.RequestMetrics(), credentials.AccessKey, credentials.SecretKey);
            sdkRequest.Headers["Authorization"] = signing.ForAuthorizationHeader;

            var uri = AmazonServiceClient.ComposeUrl(sdkRequest);
            var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
            if (request.Body != null || request.Method == "POST" || request.Method == "PUT")
            {
                message.Content = new ByteArrayContent(request.Body ?? Array.Empty<byte>());
            }
            foreach (var h in sdkRequest.Headers)
            {
                if (string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                    continue;
                if (h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                {
                    if (message.Content != null) message.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
                    continue;
                }
                message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
            return message;
        }
    }
}
