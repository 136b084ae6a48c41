using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Ec2;
using Alonzo.Aws.Runtime;
using Alonzo.Aws.S3;
using Alonzo.Aws.Sdk;
using Alonzo.Commands;
using Alonzo.Tests.Runtime;
using Alonzo.Tests.ServiceModels;
using Xunit;

namespace Alonzo.Tests.Sdk
{
    /// <summary>
    /// The SDK clients' wire behaviour with AWS's exact replies played by a handler: endpoints and
    /// addressing, signing scope, paging, retries with their events, timeouts, and error mapping.
    /// </summary>
    [Collection("Environment")]
    public sealed class SdkClientTests : IDisposable
    {
        private const string Ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
        private readonly EnvironmentScope _environment = new EnvironmentScope();

        public void Dispose() => _environment.Dispose();

        internal static HttpResponseMessage Xml(string body, HttpStatusCode status = HttpStatusCode.OK) =>
            new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };

        private static HttpResponseMessage Ec2Error(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) =>
            Xml($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>req-{code}</RequestID></Response>", status);

        private static HttpResponseMessage Vpcs() =>
            Xml($"<DescribeVpcsResponse xmlns=\"{Ec2Namespace}\"><requestId>req-vpcs</requestId><vpcSet><item><vpcId>vpc-1</vpcId><state>available</state><cidrBlock>172.31.0.0/16</cidrBlock><isDefault>true</isDefault></item></vpcSet></DescribeVpcsResponse>");

        private static string SecurityGroupPage(string token, params string[] ids) =>
            $"<DescribeSecurityGroupsResponse xmlns=\"{Ec2Namespace}\"><requestId>r</requestId><securityGroupInfo>" +
            string.Concat(ids.Select(id => $"<item><ownerId>123456789012</ownerId><groupId>{id}</groupId><groupName>{id}-name</groupName><groupDescription>d</groupDescription><vpcId>vpc-1</vpcId><ipPermissions/><ipPermissionsEgress/></item>")) +
            "</securityGroupInfo>" + (token == null ? "" : $"<nextToken>{token}</nextToken>") + "</DescribeSecurityGroupsResponse>";

        private static AwsSdkClientFactory Factory(HttpMessageHandler handler, IAwsCallListener listener = null, string endpoint = "http://127.0.0.1:9/",
            string region = "us-east-1", AwsRetryRules retry = null) =>
            new AwsSdkClientFactory(TestSessions.Create(endpoint, region), listener, handler) { RetryOverride = retry ?? AwsRetryRules.Standard(3, TimeSpan.FromMilliseconds(1)) };

        [Fact]
        public async Task S3_on_a_custom_endpoint_uses_path_style_and_signs_for_the_session_region()
        {
            var handler = new RecordingHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
            using var s3 = (IDisposable)Factory(handler, region: "eu-west-1").CreateS3();
            await ((IS3Client)s3).CreateBucketAsync("alonzo-bucket", CancellationToken.None);

            var request = handler.Last;
            Assert.Equal("PUT", request.Method);
            Assert.Equal("127.0.0.1", request.Uri.Host);
            Assert.Equal("/alonzo-bucket/", request.Uri.AbsolutePath);
            Assert.Contains("/eu-west-1/s3/aws4_request", request.Headers["Authorization"]);
            Assert.Contains("<LocationConstraint>eu-west-1</LocationConstraint>", request.BodyText);
        }

        [Fact]
        public async Task Without_an_endpoint_override_the_public_endpoints_are_used()
        {
            var handler = new RecordingHttpHandler(r => r.Uri.Host.StartsWith("ec2.", StringComparison.Ordinal) ? Vpcs() : new HttpResponseMessage(HttpStatusCode.OK));
            var factory = Factory(handler, endpoint: null, region: "eu-west-1");
            using (var s3 = (IDisposable)factory.CreateS3())
                await ((IS3Client)s3).CreateBucketAsync("alonzo-bucket", CancellationToken.None);
            Assert.Equal("alonzo-bucket.s3.eu-west-1.amazonaws.com", handler.Last.Uri.Host);
            using (var ec2 = (IDisposable)factory.CreateEc2())
                await ((IEc2Client)ec2).DescribeVpcsAsync(new Ec2Query(), CancellationToken.None);
            Assert.Equal("https://ec2.eu-west-1.amazonaws.com/", handler.Last.Uri.ToString());
            Assert.Contains("/eu-west-1/ec2/aws4_request", handler.Last.Headers["Authorization"]);
        }

        [Fact]
        public async Task EC2_describe_calls_follow_NextToken_across_pages()
        {
            var handler = new RecordingHttpHandler(r =>
            {
                string body = r.BodyText;
                if (!body.Contains("NextToken=")) return Xml(SecurityGroupPage("page2", "sg-1", "sg-2"));
                if (body.Contains("NextToken=page2")) return Xml(SecurityGroupPage("page3", "sg-3"));
                return Xml(SecurityGroupPage("", "sg-4"));
            });
            var listener = new RecordingListener();
            var ec2 = (Ec2Client)Factory(handler, listener).CreateEc2();
            ec2.PageSize = 5;

            var groups = await ec2.DescribeSecurityGroupsAsync(Ec2Query.Where(new Ec2Filter("vpc-id", "vpc-1")), CancellationToken.None);

            Assert.Equal(new[] { "sg-1", "sg-2", "sg-3", "sg-4" }, groups.Select(g => g.GroupId));
            Assert.Equal(3, handler.Requests.Count);
            Assert.All(handler.Requests, r => Assert.Contains("MaxResults=5", r.BodyText));
            Assert.All(handler.Requests, r => Assert.Contains("Filter.1.Name=vpc-id", r.BodyText));
            Assert.Contains("NextToken=page3", handler.Requests[2].BodyText);
            Assert.Equal(3, listener.Events.Count(e => e == "Sending EC2 DescribeSecurityGroups 1"));
        }

        [Fact]
        public async Task EC2_describe_by_ids_sends_no_page_size()
        {
            // EC2 refuses MaxResults together with ids.
            var handler = new RecordingHttpHandler(_ => Xml(SecurityGroupPage(null, "sg-1")));
            var ec2 = Factory(handler).CreateEc2();
            await ec2.DescribeSecurityGroupsAsync(Ec2Query.ById("sg-1"), CancellationToken.None);
            Assert.DoesNotContain("MaxResults", handler.Last.BodyText);
            Assert.Contains("GroupId.1=sg-1", handler.Last.BodyText);
        }

        [Fact]
        public async Task A_repeated_NextToken_stops_with_AwsPaginationLoop()
        {
            var handler = new RecordingHttpHandler(_ => Xml(SecurityGroupPage("same", "sg-1")));
            var ec2 = Factory(handler).CreateEc2();
            var e = await Assert.ThrowsAsync<AwsPaginationException>(() => ec2.DescribeSecurityGroupsAsync(new Ec2Query(), CancellationToken.None));
            Assert.Equal(2, handler.Requests.Count);
            Assert.Contains("EC2 DescribeSecurityGroups", e.Message);
            Assert.Equal("AwsPaginationLoop", ErrorRecords.From(e, null).FullyQualifiedErrorId);
        }

        [Fact]
        public async Task Retries_are_announced_with_the_reason_and_the_next_attempt()
        {
            int calls = 0;
            var handler = new RecordingHttpHandler(_ => ++calls == 1 ? Ec2Error("Unavailable", "The server is overloaded.", HttpStatusCode.ServiceUnavailable) : Vpcs());
            var listener = new RecordingListener();
            var vpcs = await Factory(handler, listener).CreateEc2().DescribeVpcsAsync(new Ec2Query(), CancellationToken.None);

            Assert.Equal("vpc-1", Assert.Single(vpcs).VpcId);
            Assert.Equal(new[]
            {
                "Sending EC2 DescribeVpcs 1", "Completed EC2 DescribeVpcs 1 503 Unavailable", "Retrying EC2 DescribeVpcs 2",
                "Sending EC2 DescribeVpcs 2", "Completed EC2 DescribeVpcs 2 200",
            }, listener.Events);
            var retry = Assert.Single(listener.Retries);
            Assert.StartsWith("Unavailable: The server is overloaded.", retry.Reason);
            Assert.InRange(retry.Delay, TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
            Assert.Equal("req-Unavailable", listener.Completed[0].RequestId);
            Assert.Equal("req-vpcs", listener.Completed[1].RequestId);
            Assert.False(listener.Completed[0].IsMutating);
        }

        [Fact]
        public async Task Throttling_that_outlasts_the_attempts_is_AwsThrottled()
        {
            var handler = new RecordingHttpHandler(_ => Ec2Error("RequestLimitExceeded", "Request limit exceeded.", HttpStatusCode.ServiceUnavailable));
            var ec2 = Factory(handler, retry: AwsRetryRules.Standard(2, TimeSpan.FromMilliseconds(1))).CreateEc2();
            var e = await Assert.ThrowsAsync<AwsThrottlingException>(() => ec2.CreateTagsAsync(new[] { "sg-1" }, new System.Collections.Generic.Dictionary<string, string> { ["a"] = "b" }, CancellationToken.None));
            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal("CreateTags", e.Operation);
            Assert.Equal("AwsThrottled", ErrorRecords.From(e, "sg-1").FullyQualifiedErrorId);
        }

        [Fact]
        public async Task AWS_MAX_ATTEMPTS_and_AWS_RETRY_MODE_set_the_attempts_and_mode()
        {
            Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "2");
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "adaptive");
            var handler = new RecordingHttpHandler(_ => Ec2Error("InternalError", "An internal error has occurred.", HttpStatusCode.InternalServerError));
            var listener = new RecordingListener();
            var factory = new AwsSdkClientFactory(TestSessions.Create(), listener, handler);
            var e = await Assert.ThrowsAnyAsync<AwsServiceException>(() => factory.CreateEc2().DescribeVpcsAsync(new Ec2Query(), CancellationToken.None));
            Assert.Equal("InternalError", e.ErrorCode);
            Assert.Equal(2, handler.Requests.Count);
            // The adaptive policy waits and announces like the standard one.
            Assert.Equal(2, Assert.Single(listener.Retries).Attempt);
        }

        [Fact]
        public async Task An_attempt_without_an_answer_is_AwsTimeout()
        {
            var handler = new DelayingHandler(TimeSpan.FromSeconds(30));
            var factory = Factory(handler, retry: AwsRetryRules.NoRetry());
            factory.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            var e = await Assert.ThrowsAsync<TimeoutException>(() => factory.CreateS3().HeadBucketAsync("slow", CancellationToken.None));
            Assert.StartsWith("S3 HeadBucket did not answer within", e.Message);
            Assert.Equal("AwsTimeout", ErrorRecords.From(e, "slow").FullyQualifiedErrorId);
        }

        [Fact]
        public async Task The_callers_cancellation_stays_a_cancellation()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var handler = new DelayingHandler(TimeSpan.FromSeconds(30));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Factory(handler).CreateS3().HeadBucketAsync("slow", cts.Token));
        }

        [Fact]
        public async Task Access_denied_and_refused_credentials_keep_their_own_ids()
        {
            var handler = new RecordingHttpHandler(r => r.BodyText.Contains("Action=DescribeVpcs")
                ? Ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation.", HttpStatusCode.Forbidden)
                : Ec2Error("AuthFailure", "AWS was not able to validate the provided access credentials", HttpStatusCode.Unauthorized));
            var ec2 = Factory(handler).CreateEc2();
            var denied = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => ec2.DescribeVpcsAsync(new Ec2Query(), CancellationToken.None));
            Assert.Equal("AwsAccessDenied", ErrorRecords.From(denied, null).FullyQualifiedErrorId);
            var refused = await Assert.ThrowsAsync<AwsAuthenticationException>(() => ec2.DescribeSubnetsAsync(new Ec2Query(), CancellationToken.None));
            Assert.Equal("AwsAuthenticationFailed", ErrorRecords.From(refused, null).FullyQualifiedErrorId);
        }

        [Fact]
        public async Task A_group_still_in_use_is_a_conflict()
        {
            // moto never answers DependencyViolation; EC2 does while Lambda's network interfaces linger.
            var handler = new RecordingHttpHandler(_ => Ec2Error("DependencyViolation", "resource sg-1 has a dependent object"));
            var e = await Assert.ThrowsAsync<AwsConflictException>(() => Factory(handler).CreateEc2().DeleteSecurityGroupAsync("sg-1", CancellationToken.None));
            Assert.Equal("DependencyViolation", e.ErrorCode);
            Assert.Equal("resource sg-1 has a dependent object", e.ServiceMessage);
            Assert.Equal("req-DependencyViolation", e.RequestId);
            Assert.Equal("AwsConflict.DependencyViolation", ErrorRecords.From(e, "sg-1").FullyQualifiedErrorId);
        }

        [Fact]
        public async Task The_cmdlets_call_lines_read_the_same_for_SDK_clients()
        {
            int calls = 0;
            var handler = new RecordingHttpHandler(_ => ++calls == 1 ? Ec2Error("RequestLimitExceeded", "Request limit exceeded.", HttpStatusCode.ServiceUnavailable) : Vpcs());
            var verbose = new System.Collections.Generic.List<string>();
            var debug = new System.Collections.Generic.List<string>();
            await Factory(handler, new CallLines(verbose.Add, debug.Add)).CreateEc2().DescribeVpcsAsync(new Ec2Query(), CancellationToken.None);
            Assert.Equal(3, verbose.Count);
            Assert.Equal("EC2 DescribeVpcs", verbose[0]);
            Assert.StartsWith("EC2 DescribeVpcs failed (RequestLimitExceeded: Request limit exceeded.); retrying in 0.0s (attempt 2).", verbose[1]);
            Assert.Equal("EC2 DescribeVpcs (attempt 2)", verbose[2]);
            Assert.StartsWith("EC2 DescribeVpcs: HTTP 503 RequestLimitExceeded in ", debug[0]);
            Assert.EndsWith(", request id req-RequestLimitExceeded", debug[0]);
            Assert.EndsWith(", request id req-vpcs", debug[1]);
        }

        /// <summary>Answers after a long delay unless the request is cancelled first.</summary>
        private sealed class DelayingHandler : HttpMessageHandler
        {
            private readonly TimeSpan _delay;
            public DelayingHandler(TimeSpan delay) { _delay = delay; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
                return new HttpResponseMessage(HttpStatusCode.OK);
            }
        }
    }
}
