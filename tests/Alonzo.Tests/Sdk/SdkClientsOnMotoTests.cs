using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Ec2;
using Alonzo.Aws.Runtime;
using Alonzo.Aws.S3;
using Alonzo.Commands;
using Alonzo.Sessions;
using Alonzo.Tests.Emulators;
using Alonzo.Tests.Runtime;
using Xunit;

namespace Alonzo.Tests.Sdk
{
    /// <summary>
    /// The SDK client factory against moto_server: S3 and EC2 calls reach the endpoint that
    /// AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_EC2 name, the cmdlets' call listener (<see cref="CallLines"/>)
    /// writes their Verbose and Debug lines, and service errors arrive as Alonzo's exceptions, which the
    /// cmdlets' error records turn into Alonzo's error ids.
    /// </summary>
    [Collection("Environment")]
    public sealed class SdkClientsOnMotoTests : IClassFixture<MotoServer>, IDisposable
    {
        // Nothing listens here: a client that ignored the service variable would fail to connect.
        private const string DeadEndpoint = "http://127.0.0.1:9/";

        private readonly MotoServer _moto;
        private readonly EnvironmentScope _environment = new EnvironmentScope();
        private readonly List<string> _verbose = new List<string>();
        private readonly List<string> _debug = new List<string>();

        public SdkClientsOnMotoTests(MotoServer moto)
        {
            _moto = moto;
            _moto.Reset();
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", DeadEndpoint);
            Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "1");
        }

        public void Dispose() => _environment.Dispose();

        /// <summary>A context as a cmdlet makes it: no -EndpointUrl, the cmdlets' listener.</summary>
        private AlonzoContext Context(string endpointUrl = null) => new AlonzoContext(
            TestSessions.Create(endpointUrl), new CallLines(l => { lock (_verbose) _verbose.Add(l); }, l => { lock (_debug) _debug.Add(l); }));

        private static ErrorRecord Record(Exception e, object target) => ErrorRecords.From(e, target);

        [Fact]
        public async Task S3_calls_go_to_AWS_ENDPOINT_URL_S3_and_write_their_call_lines()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", _moto.Url);
            using var context = Context();
            var s3 = context.S3;

            await s3.CreateBucketAsync("alonzo-drop", CancellationToken.None);
            var put = await s3.PutObjectAsync(new S3PutObjectRequest { Bucket = "alonzo-drop", Key = "in/one.json", Body = Encoding.UTF8.GetBytes("{\"n\":1}"), ContentType = "application/json" }, CancellationToken.None);
            var head = await s3.HeadBucketAsync("alonzo-drop", CancellationToken.None);
            string location = await s3.GetBucketLocationAsync("alonzo-drop", CancellationToken.None);

            Assert.False(string.IsNullOrEmpty(put.ETag));
            Assert.Equal("alonzo-drop", head.BucketName);
            Assert.Equal("us-east-1", head.Region);
            Assert.Equal("us-east-1", location);
            Assert.Equal(new[] { "S3 CreateBucket", "S3 PutObject", "S3 HeadBucket", "S3 GetBucketLocation" }, _verbose);
            Assert.Equal(4, _debug.Count);
            Assert.StartsWith("S3 CreateBucket: HTTP 200 in ", _debug[0]);
            Assert.Contains(_debug, l => l.StartsWith("S3 HeadBucket: HTTP 200", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_missing_bucket_is_AwsResourceNotFound()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", _moto.Url);
            using var context = Context();

            var e = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => context.S3.GetBucketNotificationConfigurationAsync("no-such-bucket", CancellationToken.None));
            Assert.Equal("NoSuchBucket", e.ErrorCode);
            Assert.Equal("S3", e.Service);
            Assert.Equal("GetBucketNotificationConfiguration", e.Operation);
            var record = Record(e, "no-such-bucket");
            Assert.Equal("AwsResourceNotFound", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
            Assert.Equal("no-such-bucket", record.TargetObject);
            Assert.Contains("S3 GetBucketNotificationConfiguration", record.Exception.Message);

            // HEAD has no body: the bare 404 is a missing bucket too, with a message that says so.
            var head = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => context.S3.HeadBucketAsync("no-such-bucket", CancellationToken.None));
            Assert.Equal("NotFound", head.ErrorCode);
            Assert.Equal("AwsResourceNotFound", Record(head, "no-such-bucket").FullyQualifiedErrorId);
            Assert.Contains(_debug, l => l.StartsWith("S3 HeadBucket: HTTP 404 NotFound", StringComparison.Ordinal));
            // No SDK type reaches the caller, not even as an inner exception.
            Assert.Null(e.InnerException);
            Assert.Null(head.InnerException);
        }

        [Fact]
        public async Task Deleting_a_bucket_that_holds_objects_is_a_conflict()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", _moto.Url);
            using var context = Context();
            await context.S3.CreateBucketAsync("alonzo-full", CancellationToken.None);
            await context.S3.PutObjectAsync(new S3PutObjectRequest { Bucket = "alonzo-full", Key = "k", Body = new byte[] { 1 } }, CancellationToken.None);
            var e = await Assert.ThrowsAsync<AwsConflictException>(() => context.S3.DeleteBucketAsync("alonzo-full", CancellationToken.None));
            Assert.Equal("BucketNotEmpty", e.ErrorCode);
            Assert.Equal("AwsConflict.BucketNotEmpty", Record(e, "alonzo-full").FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceBusy, Record(e, "alonzo-full").CategoryInfo.Category);
        }

        [Fact]
        public async Task Notification_configuration_round_trips_every_kind_of_destination()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", _moto.Url);
            using var context = Context();
            await context.S3.CreateBucketAsync("alonzo-events", CancellationToken.None);
            var written = new S3NotificationConfiguration
            {
                LambdaFunctions =
                {
                    new S3NotificationTarget
                    {
                        Id = "alonzo", Arn = "arn:aws:lambda:us-east-1:123456789012:function:alonzo",
                        Events = { "s3:ObjectCreated:*" },
                        FilterRules = { new S3FilterRule("prefix", "in/"), new S3FilterRule("suffix", ".json") },
                    },
                },
                Queues = { new S3NotificationTarget { Id = "audit", Arn = "arn:aws:sqs:us-east-1:123456789012:audit", Events = { "s3:ObjectRemoved:*" } } },
            };
            await context.S3.PutBucketNotificationConfigurationAsync("alonzo-events", written, CancellationToken.None);
            var read = await context.S3.GetBucketNotificationConfigurationAsync("alonzo-events", CancellationToken.None);

            var function = Assert.Single(read.LambdaFunctions);
            Assert.Equal("alonzo", function.Id);
            Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:alonzo", function.Arn);
            Assert.Equal(new[] { "s3:ObjectCreated:*" }, function.Events);
            Assert.Equal(new[] { "prefix=in/", "suffix=.json" }, function.FilterRules.Select(r => r.Name.ToLowerInvariant() + "=" + r.Value).OrderBy(x => x));
            var queue = Assert.Single(read.Queues);
            Assert.Equal("arn:aws:sqs:us-east-1:123456789012:audit", queue.Arn);
            Assert.Empty(read.Topics);
            Assert.Contains("S3 PutBucketNotificationConfiguration", _verbose);
        }

        [Fact]
        public async Task A_bucket_is_created_in_the_sessions_region()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", _moto.Url);
            using var context = new AlonzoContext(TestSessions.Create(null, "eu-west-1"));
            await context.S3.CreateBucketAsync("alonzo-eu", CancellationToken.None);
            Assert.Equal("eu-west-1", await context.S3.GetBucketLocationAsync("alonzo-eu", CancellationToken.None));
            Assert.Equal("eu-west-1", (await context.S3.HeadBucketAsync("alonzo-eu", CancellationToken.None)).Region);
        }

        [Fact]
        public async Task EndpointUrl_beats_AWS_ENDPOINT_URL_S3()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", DeadEndpoint);
            using var context = Context(_moto.Url);
            await context.S3.CreateBucketAsync("explicit-endpoint", CancellationToken.None);
            Assert.Equal("explicit-endpoint", (await context.S3.HeadBucketAsync("explicit-endpoint", CancellationToken.None)).BucketName);
        }

        [Fact]
        public async Task Without_a_service_variable_AWS_ENDPOINT_URL_is_used()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", _moto.Url);
            using var context = Context();
            Assert.NotEmpty(await context.Ec2.DescribeVpcsAsync(new Ec2Query(), CancellationToken.None));
            await context.S3.CreateBucketAsync("general-endpoint", CancellationToken.None);
        }

        [Fact]
        public async Task An_unreachable_endpoint_is_EndpointUnreachable()
        {
            using var context = Context();
            var e = await Assert.ThrowsAsync<System.Net.Http.HttpRequestException>(() => context.S3.HeadBucketAsync("any", CancellationToken.None));
            Assert.Contains("S3 HeadBucket could not reach http://127.0.0.1:9/", e.Message);
            Assert.Equal("EndpointUnreachable", Record(e, "any").FullyQualifiedErrorId);
            Assert.Contains(_debug, l => l.StartsWith("S3 HeadBucket: HTTP 0", StringComparison.Ordinal));
        }

        [Fact]
        public async Task EC2_calls_go_to_AWS_ENDPOINT_URL_EC2_and_manage_a_security_group()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_EC2", _moto.Url);
            using var context = Context();
            var ec2 = context.Ec2;

            var vpc = Assert.Single(await ec2.DescribeVpcsAsync(Ec2Query.Where(new Ec2Filter("is-default", "true")), CancellationToken.None));
            Assert.True(vpc.IsDefault);
            var subnets = await ec2.DescribeSubnetsAsync(Ec2Query.Where(new Ec2Filter("vpc-id", vpc.VpcId)), CancellationToken.None);
            Assert.NotEmpty(subnets);
            Assert.All(subnets, s => Assert.Equal(vpc.VpcId, s.VpcId));
            var main = await ec2.DescribeRouteTablesAsync(Ec2Query.Where(new Ec2Filter("vpc-id", vpc.VpcId), new Ec2Filter("association.main", "true")), CancellationToken.None);
            Assert.Contains(Assert.Single(main).Associations, a => a.Main);

            string target = await ec2.CreateSecurityGroupAsync(new Ec2CreateSecurityGroupRequest { GroupName = "alonzo-target", Description = "the database", VpcId = vpc.VpcId }, CancellationToken.None);
            string groupId = await ec2.CreateSecurityGroupAsync(new Ec2CreateSecurityGroupRequest
            {
                GroupName = "alonzo", Description = "Alonzo function", VpcId = vpc.VpcId, Tags = { ["alonzo:service"] = "alonzo" },
            }, CancellationToken.None);
            var https = new Ec2IpPermission
            {
                IpProtocol = "tcp", FromPort = 443, ToPort = 443,
                Ipv4Ranges = { new Ec2IpRange("10.0.0.0/16", "office") },
                Groups = { new Ec2GroupReference(groupId, "from alonzo") },
            };
            await ec2.AuthorizeSecurityGroupIngressAsync(target, new[] { https }, CancellationToken.None);
            await ec2.CreateTagsAsync(new[] { target }, new Dictionary<string, string> { ["owner"] = "alonzo" }, CancellationToken.None);

            var groups = await ec2.DescribeSecurityGroupsAsync(Ec2Query.ById(target, groupId), CancellationToken.None);
            var created = Assert.Single(groups, g => g.GroupId == groupId);
            Assert.Equal("alonzo", created.Tags["alonzo:service"]);
            var rule = Assert.Single(Assert.Single(groups, g => g.GroupId == target).Ingress);
            Assert.Equal(("tcp", 443, 443), (rule.IpProtocol, rule.FromPort, rule.ToPort));
            Assert.Equal("10.0.0.0/16", Assert.Single(rule.Ipv4Ranges).Cidr);
            Assert.Equal(groupId, Assert.Single(rule.Groups).GroupId);
            Assert.Equal("alonzo", Assert.Single(groups, g => g.GroupId == target).Tags["owner"]);

            // The same rule again: EC2's dotted duplicate code, a conflict with its own error id.
            var duplicate = await Assert.ThrowsAsync<AwsConflictException>(() => ec2.AuthorizeSecurityGroupIngressAsync(target, new[] { https }, CancellationToken.None));
            Assert.Equal("InvalidPermission.Duplicate", duplicate.ErrorCode);
            Assert.Equal("AwsConflict.InvalidPermission.Duplicate", Record(duplicate, target).FullyQualifiedErrorId);

            Assert.Empty(await ec2.RevokeSecurityGroupIngressAsync(target, new[] { https }, CancellationToken.None));
            Assert.Empty(Assert.Single(await ec2.DescribeSecurityGroupsAsync(Ec2Query.ById(target), CancellationToken.None)).Ingress);
            Assert.Empty(await ec2.DescribeNetworkInterfacesAsync(Ec2Query.Where(new Ec2Filter("group-id", groupId)), CancellationToken.None));

            await ec2.DeleteSecurityGroupAsync(groupId, CancellationToken.None);
            var gone = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => ec2.DescribeSecurityGroupsAsync(Ec2Query.ById(groupId), CancellationToken.None));
            Assert.Equal("InvalidGroup.NotFound", gone.ErrorCode);
            var record = Record(gone, groupId);
            Assert.Equal("AwsResourceNotFound", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);

            Assert.Equal(new[]
            {
                "EC2 DescribeVpcs", "EC2 DescribeSubnets", "EC2 DescribeRouteTables", "EC2 CreateSecurityGroup", "EC2 CreateSecurityGroup",
                "EC2 AuthorizeSecurityGroupIngress", "EC2 CreateTags", "EC2 DescribeSecurityGroups", "EC2 AuthorizeSecurityGroupIngress",
                "EC2 RevokeSecurityGroupIngress", "EC2 DescribeSecurityGroups", "EC2 DescribeNetworkInterfaces", "EC2 DeleteSecurityGroup",
                "EC2 DescribeSecurityGroups",
            }, _verbose);
            Assert.Contains(_debug, l => l.StartsWith("EC2 AuthorizeSecurityGroupIngress: HTTP 400 InvalidPermission.Duplicate", StringComparison.Ordinal));
            Assert.Contains(_debug, l => l.StartsWith("EC2 DescribeSecurityGroups: HTTP 400 InvalidGroup.NotFound", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_missing_subnet_is_AwsResourceNotFound()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_EC2", _moto.Url);
            using var context = Context();
            var e = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => context.Ec2.DescribeSubnetsAsync(Ec2Query.ById("subnet-0123456789abcdef0"), CancellationToken.None));
            Assert.Equal("InvalidSubnetID.NotFound", e.ErrorCode);
            Assert.Equal("AwsResourceNotFound", Record(e, "subnet-0123456789abcdef0").FullyQualifiedErrorId);
        }
    }
}
