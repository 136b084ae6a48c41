#nullable enable
using System;
using System.Net.Http;
using Alonzo.Aws.Runtime;
using Amazon;
using Amazon.Runtime;

namespace Alonzo.Aws.Sdk
{
    /// <summary>
    /// What one SDK client shares with Alonzo's own transport for the same service: the session
    /// (credentials, region), the endpoint resolved by <see cref="AwsSession.ResolveEndpoint"/>, the retry
    /// rules, the per-attempt timeout, the call listener and (in tests) the HTTP handler.
    /// </summary>
    internal sealed class SdkClientSettings
    {
        public SdkClientSettings(AwsSession session, AwsService service, IAwsCallListener? listener, HttpMessageHandler? handler,
            AwsRetryRules? retryOverride, TimeSpan attemptTimeout)
        {
            Session = session;
            Service = service;
            Listener = listener;
            Handler = handler;
            RetryOverride = retryOverride;
            AttemptTimeout = attemptTimeout;
            Endpoint = session.ResolveEndpoint(service, out bool isCustom);
            IsCustomEndpoint = isCustom;
        }

        public AwsSession Session { get; }
        public AwsService Service { get; }
        public IAwsCallListener? Listener { get; }
        public HttpMessageHandler? Handler { get; }
        public AwsRetryRules? RetryOverride { get; }
        public TimeSpan AttemptTimeout { get; }
        public Uri Endpoint { get; }
        /// <summary>-EndpointUrl or an AWS_ENDPOINT_URL variable: an emulator, a proxy or a private endpoint.</summary>
        public bool IsCustomEndpoint { get; }
        /// <summary>The rules in force, known once <see cref="Apply"/> has read the configuration.</summary>
        public AwsRetryRules Retry { get; private set; } = AwsRetryRules.NoRetry();

        /// <summary>Configures an SDK client config exactly as Alonzo's transport is configured.</summary>
        public void Apply(ClientConfig config)
        {
            // Alonzo has decided the endpoint, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS included; the SDK must not
            // second-guess it from its own (once per process) reading of the same variables.
            config.IgnoreConfiguredEndpointUrls = true;
            if (IsCustomEndpoint)
            {
                // ServiceURL and RegionEndpoint exclude each other in the SDK: the region then signs the request.
                config.ServiceURL = Endpoint.ToString();
                config.AuthenticationRegion = Session.SigningRegion(Service);
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(Session.Region);
            }

            Retry = RetryOverride ?? AwsRetryRules.FromSdkConfig(config);
            config.MaxErrorRetry = Retry.MaxAttempts - 1;
            config.RetryMode = Retry.Mode;
            config.Timeout = AttemptTimeout;
            if (Handler != null) config.HttpClientFactory = new HandlerHttpClientFactory(Handler, AttemptTimeout);
        }

        /// <summary>Sends the SDK's requests through a given handler (the diagnostics and test handler of Alonzo's transport).</summary>
        private sealed class HandlerHttpClientFactory : HttpClientFactory
        {
            private readonly HttpMessageHandler _handler;
            private readonly TimeSpan _timeout;

            public HandlerHttpClientFactory(HttpMessageHandler handler, TimeSpan timeout)
            {
                _handler = handler;
                _timeout = timeout;
            }

            public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
                new HttpClient(_handler, disposeHandler: false) { Timeout = _timeout };

            public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

            public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
        }
    }
}
