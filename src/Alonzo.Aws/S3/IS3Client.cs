#nullable enable
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.S3
{
    /// <summary>
    /// The S3 operations Alonzo uses (S3 triggers: a bucket's notification configuration, and the buckets
    /// and objects the tests and demos need). Served by AWSSDK.S3 through <see cref="Sdk.AwsSdkClientFactory"/>;
    /// failures are Alonzo's exceptions (<see cref="Runtime.AwsResourceNotFoundException"/> for a missing
    /// bucket, <see cref="Runtime.AwsAccessDeniedException"/> for someone else's).
    /// </summary>
    public interface IS3Client
    {
        /// <summary>HeadBucket: the bucket exists and the caller may use it; its region.</summary>
        Task<S3BucketInfo> HeadBucketAsync(string bucket, CancellationToken cancellationToken);

        /// <summary>GetBucketLocation as a region name: us-east-1 for the empty constraint, eu-west-1 for the legacy "EU".</summary>
        Task<string> GetBucketLocationAsync(string bucket, CancellationToken cancellationToken);

        /// <summary>CreateBucket in the client's region.</summary>
        Task CreateBucketAsync(string bucket, CancellationToken cancellationToken);

        Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken);

        Task<S3PutObjectResponse> PutObjectAsync(S3PutObjectRequest request, CancellationToken cancellationToken);

        Task<S3NotificationConfiguration> GetBucketNotificationConfigurationAsync(string bucket, CancellationToken cancellationToken);

        /// <summary>Replaces the bucket's whole notification configuration with <paramref name="configuration"/>.</summary>
        Task PutBucketNotificationConfigurationAsync(string bucket, S3NotificationConfiguration configuration, CancellationToken cancellationToken);
    }
}
