#nullable enable
using System;
using System.Net.Http;
using Alonzo.Aws.Ec2;
using Alonzo.Aws.Runtime;
using Alonzo.Aws.S3;

namespace Alonzo.Aws.Sdk
{
    /// <summary>
    /// Clients of the AWS SDK service packages served here (AWSSDK.S3, AWSSDK.EC2) that behave like Alonzo's
    /// own clients: the session's credentials and region; the same endpoint precedence (-EndpointUrl, then
    /// AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_EC2, then AWS_ENDPOINT_URL, then the public endpoint), with S3
    /// path-style addressing on a custom endpoint (emulators have no bucket host names); the same attempt
    /// count and retry mode, backoff and per-attempt timeout; the same call events for the Verbose and Debug
    /// lines. Their service errors arrive as <see cref="AwsServiceException"/> subclasses and their network
    /// failures as <see cref="HttpRequestException"/> and <see cref="TimeoutException"/>, so callers never see
    /// an SDK type. The SDK assemblies are loaded only when a client is created.
    /// </summary>
    public sealed class AwsSdkClientFactory
    {
        private readonly IAwsCallListener? _listener;
        private readonly HttpMessageHandler? _handler;

        public AwsSdkClientFactory(AwsSession session, IAwsCallListener? listener = null, HttpMessageHandler? handler = null)
        {
            Session = session ?? throw new ArgumentNullException(nameof(session));
            _listener = listener;
            _handler = handler;
        }

        public AwsSession Session { get; }

        /// <summary>Replaces the configured attempts, mode and base delay (tests use a short delay), as <see cref="AwsTransport.WithRetry"/> does.</summary>
        public AwsRetryRules? RetryOverride { get; set; }

        /// <summary>How long one attempt may take before it is abandoned (and retried): the transport's default.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>An S3 client; dispose it (it is <see cref="IDisposable"/>) when done.</summary>
        public IS3Client CreateS3() => S3Client.Create(Settings(AwsService.S3));

        /// <summary>An EC2 client; dispose it (it is <see cref="IDisposable"/>) when done.</summary>
        public IEc2Client CreateEc2() => Ec2Client.Create(Settings(AwsService.Ec2));

        private SdkClientSettings Settings(AwsService service) =>
            new SdkClientSettings(Session, service, _listener, _handler, RetryOverride, AttemptTimeout);
    }
}
