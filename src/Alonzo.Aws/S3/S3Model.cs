#nullable enable
using System.Collections.Generic;

// The S3 shapes Alonzo uses, as plain types: callers (and their test fakes) never need AWSSDK.S3.
namespace Alonzo.Aws.S3
{
    /// <summary>What HeadBucket tells about a bucket the caller may access.</summary>
    public sealed class S3BucketInfo
    {
        public string BucketName { get; set; } = "";
        /// <summary>The bucket's region (x-amz-bucket-region); null when the endpoint does not say.</summary>
        public string? Region { get; set; }
    }

    public sealed class S3PutObjectRequest
    {
        public string Bucket { get; set; } = "";
        public string Key { get; set; } = "";
        public byte[] Body { get; set; } = new byte[0];
        public string? ContentType { get; set; }
    }

    public sealed class S3PutObjectResponse
    {
        public string? ETag { get; set; }
        public string? VersionId { get; set; }
    }

    /// <summary>
    /// A bucket's whole notification configuration. PutBucketNotificationConfiguration replaces all of it,
    /// so every kind of destination is kept: change the list you own and write the rest back as read.
    /// </summary>
    public sealed class S3NotificationConfiguration
    {
        public List<S3NotificationTarget> LambdaFunctions { get; set; } = new List<S3NotificationTarget>();
        public List<S3NotificationTarget> Queues { get; set; } = new List<S3NotificationTarget>();
        public List<S3NotificationTarget> Topics { get; set; } = new List<S3NotificationTarget>();
        /// <summary>Events also go to Amazon EventBridge.</summary>
        public bool EventBridge { get; set; }
    }

    /// <summary>One destination: a function, queue or topic ARN, the events (s3:ObjectCreated:*) and the key filter.</summary>
    public sealed class S3NotificationTarget
    {
        public string? Id { get; set; }
        public string Arn { get; set; } = "";
        public List<string> Events { get; set; } = new List<string>();
        public List<S3FilterRule> FilterRules { get; set; } = new List<S3FilterRule>();
    }

    /// <summary>A key filter rule: Name is "prefix" or "suffix".</summary>
    public sealed class S3FilterRule
    {
        public S3FilterRule()
        {
        }

        public S3FilterRule(string name, string value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; set; } = "";
        public string Value { get; set; } = "";
    }
}
