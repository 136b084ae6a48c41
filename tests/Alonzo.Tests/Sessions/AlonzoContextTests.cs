using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Ec2;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.S3;
using Alonzo.Sessions;
using Alonzo.Tests.ServiceModels;
using Xunit;

namespace Alonzo.Tests.Sessions
{
    /// <summary>The context creates clients on first use and disposes what it created, never what it was given.</summary>
    public sealed class AlonzoContextTests
    {
        private static RecordingHttpHandler Handler() => new RecordingHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(@"{""StreamNames"":[],""HasMoreStreams"":false}"),
        });

        [Fact]
        public async Task Disposing_the_context_disposes_the_transports_and_SDK_clients_it_created()
        {
            var handler = Handler();
            var context = TestSessions.Context(handler);
            var kinesis = context.Kinesis;
            var s3 = context.S3;
            var ec2 = context.Ec2;
            await kinesis.ListStreamsAsync(new ListStreamsRequest(), CancellationToken.None);
            await s3.PutObjectAsync(new S3PutObjectRequest { Bucket = "b", Key = "k" }, CancellationToken.None);

            context.Dispose();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => kinesis.ListStreamsAsync(new ListStreamsRequest(), CancellationToken.None));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => s3.PutObjectAsync(new S3PutObjectRequest { Bucket = "b", Key = "k" }, CancellationToken.None));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => ec2.DescribeVpcsAsync(new Ec2Query(), CancellationToken.None));
            Assert.Throws<ObjectDisposedException>(() => context.Lambda);
            context.Dispose(); // twice is harmless
        }

        [Fact]
        public void Clients_handed_to_the_context_are_left_alone()
        {
            var context = TestSessions.Context(Handler());
            var s3 = new DisposableFakeS3();
            context.S3 = s3;
            Assert.Same(s3, context.S3);
            context.Dispose();
            Assert.Equal(0, s3.Disposed);
        }

        [Fact]
        public void Clients_are_created_once_on_first_use()
        {
            using var context = TestSessions.Context(Handler());
            Assert.Same(context.S3, context.S3);
            Assert.Same(context.Ec2, context.Ec2);
            Assert.Same(context.Kinesis, context.Kinesis);
        }

        private sealed class DisposableFakeS3 : IS3Client, IDisposable
        {
            public int Disposed { get; private set; }
            public void Dispose() => Disposed++;
            public Task<S3BucketInfo> HeadBucketAsync(string bucket, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<string> GetBucketLocationAsync(string bucket, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task CreateBucketAsync(string bucket, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<S3PutObjectResponse> PutObjectAsync(S3PutObjectRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<S3NotificationConfiguration> GetBucketNotificationConfigurationAsync(string bucket, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task PutBucketNotificationConfigurationAsync(string bucket, S3NotificationConfiguration configuration, CancellationToken cancellationToken) => throw new NotSupportedException();
        }
    }
}
