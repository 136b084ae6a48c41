#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Sdk;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Internal;
using Amazon.S3.Model;

namespace Alonzo.Aws.S3
{
    /// <summary>S3 through AWSSDK.S3, configured and observed like Alonzo's own clients (see <see cref="AwsSdkClientFactory"/>).</summary>
    internal sealed class S3Client : IS3Client, IDisposable
    {
        private readonly ObservedS3Client _sdk;
        private readonly SdkClientSettings _settings;

        private S3Client(ObservedS3Client sdk, SdkClientSettings settings)
        {
            _sdk = sdk;
            _settings = settings;
        }

        internal static S3Client Create(SdkClientSettings settings)
        {
            var config = new AmazonS3Config();
            settings.Apply(config);
            // Emulators and proxies answer on one host: buckets go in the path, not the host name.
            if (settings.IsCustomEndpoint) config.ForcePathStyle = true;
            var sdk = new ObservedS3Client(settings.Session.Credentials, config);
            sdk.Observe(settings);
            return new S3Client(sdk, settings);
        }

        public Task<S3BucketInfo> HeadBucketAsync(string bucket, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "HeadBucket", false, async ct =>
            {
                var reply = await _sdk.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, ct).ConfigureAwait(false);
                return new S3BucketInfo { BucketName = bucket, Region = string.IsNullOrEmpty(reply.BucketRegion) ? null : reply.BucketRegion };
            }, cancellationToken);

        public Task<string> GetBucketLocationAsync(string bucket, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "GetBucketLocation", false, async ct =>
            {
                var reply = await _sdk.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, ct).ConfigureAwait(false);
                return RegionOf(reply.Location?.Value);
            }, cancellationToken);

        /// <summary>A LocationConstraint as a region name: empty is us-east-1, the legacy EU is eu-west-1.</summary>
        internal static string RegionOf(string? locationConstraint)
        {
            if (string.IsNullOrEmpty(locationConstraint)) return "us-east-1";
            return locationConstraint == "EU" ? "eu-west-1" : locationConstraint!;
        }

        public Task CreateBucketAsync(string bucket, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "CreateBucket", true, ct =>
            {
                string region = _settings.Session.Region;
                var request = new PutBucketRequest { BucketName = bucket, UseClientRegion = false };
                // us-east-1 takes no LocationConstraint (S3 rejects one naming it); others take the region's
                // name, as other clients send it (the SDK's BucketRegionName would send the legacy "EU" for eu-west-1).
                if (region != "us-east-1")
                    request.PutBucketConfiguration = new PutBucketConfiguration { LocationConstraint = BucketLocationConstraint.FindValue(region) };
                return _sdk.PutBucketAsync(request, ct);
            }, cancellationToken);

        public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "DeleteBucket", true, ct => _sdk.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, ct), cancellationToken);

        public Task<S3PutObjectResponse> PutObjectAsync(S3PutObjectRequest request, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "PutObject", true, async ct =>
            {
                using (var body = new MemoryStream(request.Body ?? new byte[0], writable: false))
                {
                    var reply = await _sdk.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = request.Bucket,
                        Key = request.Key,
                        InputStream = body,
                        AutoCloseStream = false,
                        ContentType = request.ContentType,
                    }, ct).ConfigureAwait(false);
                    return new S3PutObjectResponse { ETag = reply.ETag, VersionId = reply.VersionId };
                }
            }, cancellationToken);

        public Task<S3NotificationConfiguration> GetBucketNotificationConfigurationAsync(string bucket, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "GetBucketNotificationConfiguration", false, async ct =>
            {
                var reply = await _sdk.GetBucketNotificationAsync(new GetBucketNotificationRequest { BucketName = bucket }, ct).ConfigureAwait(false);
                return new S3NotificationConfiguration
                {
                    LambdaFunctions = (reply.LambdaFunctionConfigurations ?? new List<LambdaFunctionConfiguration>())
                        .Select(c => Target(c.Id, c.FunctionArn, c.Events, c.Filter)).ToList(),
                    Queues = (reply.QueueConfigurations ?? new List<QueueConfiguration>())
                        .Select(c => Target(c.Id, c.Queue, c.Events, c.Filter)).ToList(),
                    Topics = (reply.TopicConfigurations ?? new List<TopicConfiguration>())
                        .Select(c => Target(c.Id, c.Topic, c.Events, c.Filter)).ToList(),
                    EventBridge = reply.EventBridgeConfiguration != null,
                };
            }, cancellationToken);

        public Task PutBucketNotificationConfigurationAsync(string bucket, S3NotificationConfiguration configuration, CancellationToken cancellationToken) =>
            SdkCall.RunAsync(_settings, "PutBucketNotificationConfiguration", true, ct =>
            {
                configuration = configuration ?? new S3NotificationConfiguration();
                var request = new PutBucketNotificationRequest
                {
                    BucketName = bucket,
                    LambdaFunctionConfigurations = configuration.LambdaFunctions.Select(t => new LambdaFunctionConfiguration
                    {
                        Id = t.Id, FunctionArn = t.Arn, Events = Events(t), Filter = Filter(t),
                    }).ToList(),
                    QueueConfigurations = configuration.Queues.Select(t => new QueueConfiguration
                    {
                        Id = t.Id, Queue = t.Arn, Events = Events(t), Filter = Filter(t),
                    }).ToList(),
                    TopicConfigurations = configuration.Topics.Select(t => new TopicConfiguration
                    {
                        Id = t.Id, Topic = t.Arn, Events = Events(t), Filter = Filter(t),
                    }).ToList(),
                    EventBridgeConfiguration = configuration.EventBridge ? new EventBridgeConfiguration() : null,
                };
                return _sdk.PutBucketNotificationAsync(request, ct);
            }, cancellationToken);

        private static S3NotificationTarget Target(string id, string arn, List<EventType>? events, Filter? filter) => new S3NotificationTarget
        {
            Id = id,
            Arn = arn ?? "",
            Events = (events ?? new List<EventType>()).Select(e => e.Value).ToList(),
            FilterRules = (filter?.S3KeyFilter?.FilterRules ?? new List<FilterRule>()).Select(r => new S3FilterRule(r.Name, r.Value)).ToList(),
        };

        private static List<EventType> Events(S3NotificationTarget target) =>
            target.Events.Select(e => EventType.FindValue(e)).ToList();

        private static Filter? Filter(S3NotificationTarget target) =>
            target.FilterRules.Count == 0
                ? null
                : new Filter { S3KeyFilter = new S3KeyFilter { FilterRules = target.FilterRules.Select(r => new FilterRule { Name = r.Name, Value = r.Value }).ToList() } };

        public void Dispose() => _sdk.Dispose();

        /// <summary>The SDK client with Alonzo's call events and retry waits in its pipeline.</summary>
        private sealed class ObservedS3Client : AmazonS3Client
        {
            public ObservedS3Client(AWSCredentials credentials, AmazonS3Config config) : base(credentials, config)
            {
            }

            public void Observe(SdkClientSettings settings) =>
                SdkPipeline.Install(RuntimePipeline, Config, settings, () => new StandardRetry(Config, settings), () => new AdaptiveRetry(Config, settings));
        }

        // S3's own policies decide what is retried (S3 retries replies other services do not); the wait is Alonzo's.
        private sealed class StandardRetry : AmazonS3StandardRetryPolicy
        {
            private readonly SdkClientSettings _settings;
            public StandardRetry(IClientConfig config, SdkClientSettings settings) : base(config) { _settings = settings; }
            public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) => SdkPipeline.WaitAsync(_settings, executionContext);
            public override void WaitBeforeRetry(IExecutionContext executionContext) => SdkPipeline.Wait(_settings, executionContext);
        }

        private sealed class AdaptiveRetry : AmazonS3AdaptiveRetryPolicy
        {
            private readonly SdkClientSettings _settings;
            public AdaptiveRetry(IClientConfig config, SdkClientSettings settings) : base(config) { _settings = settings; }
            public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) => SdkPipeline.WaitAsync(_settings, executionContext);
            public override void WaitBeforeRetry(IExecutionContext executionContext) => SdkPipeline.Wait(_settings, executionContext);
        }
    }
}
