using System;
using System.Net;
using Alonzo.Aws.Runtime;
using Xunit;

namespace Alonzo.Tests.Runtime
{
    /// <summary>EC2's dotted codes, S3's codes and the query-compatible error header classify like the rest.</summary>
    public sealed class ErrorClassificationTests
    {
        private static AwsServiceException Create(string code, int status = 400) =>
            AwsServiceException.Create("EC2", "DescribeSecurityGroups", code, "message", "req", (HttpStatusCode)status);

        [Theory]
        [InlineData("InvalidGroup.NotFound")]
        [InlineData("InvalidSubnetID.NotFound")]
        [InlineData("InvalidVpcID.NotFound")]
        [InlineData("InvalidRouteTableID.NotFound")]
        [InlineData("InvalidNetworkInterfaceID.NotFound")]
        [InlineData("InvalidPermission.NotFound")]
        // A resource this list does not name: the condition after the dot decides.
        [InlineData("InvalidPrefixListID.NotFound")]
        [InlineData("NoSuchBucket")]
        [InlineData("NoSuchKey")]
        [InlineData("NotFound")]
        [InlineData("ResourceNotFound")]
        public void Not_found_codes(string code) => Assert.IsType<AwsResourceNotFoundException>(Create(code, 404));

        [Theory]
        [InlineData("InvalidPermission.Duplicate")]
        [InlineData("InvalidGroup.Duplicate")]
        [InlineData("InvalidGroup.InUse")]
        [InlineData("InvalidNetworkInterface.InUse")]
        [InlineData("DependencyViolation")]
        [InlineData("IncorrectState")]
        [InlineData("BucketAlreadyExists")]
        [InlineData("BucketAlreadyOwnedByYou")]
        [InlineData("BucketNotEmpty")]
        public void Conflict_codes(string code) => Assert.IsType<AwsConflictException>(Create(code));

        [Theory]
        [InlineData("InvalidGroupId.Malformed")]
        [InlineData("InvalidSubnetID.Malformed")]
        [InlineData("InvalidGroup.Reserved")]
        [InlineData("InvalidParameterValue")]
        [InlineData("InvalidParameterCombination")]
        [InlineData("MissingParameter")]
        [InlineData("InvalidBucketName")]
        [InlineData("MalformedXML")]
        public void Validation_codes(string code) => Assert.IsType<AwsValidationException>(Create(code));

        [Theory]
        [InlineData("RequestLimitExceeded")]
        [InlineData("SlowDown")]
        [InlineData("Throttling")]
        public void Throttling_codes(string code) => Assert.IsType<AwsThrottlingException>(Create(code, 503));

        [Fact]
        public void Ec2_access_and_credential_codes()
        {
            Assert.IsType<AwsAccessDeniedException>(Create("UnauthorizedOperation", 403));
            Assert.IsType<AwsAuthenticationException>(Create("AuthFailure", 401));
        }

        [Theory]
        [InlineData("InvalidGroup.Something")]
        [InlineData("SecurityGroupLimitExceeded")]
        [InlineData("Foo.")]
        public void Other_codes_stay_general(string code) => Assert.Equal(typeof(AwsServiceException), Create(code).GetType());

        [Fact]
        public void Unavailable_is_retried()
        {
            Assert.True(AwsRetryRules.IsRetryable(Create("Unavailable", 503), default));
            Assert.True(AwsRetryRules.IsRetryable(Create("RequestLimitExceeded", 503), default));
            Assert.False(AwsRetryRules.IsRetryable(Create("InvalidGroup.NotFound"), default));
            Assert.False(AwsRetryRules.IsRetryable(Create("DependencyViolation"), default));
        }

        [Theory]
        [InlineData("InvalidGroup.NotFound", "NotFound")]
        [InlineData("A.B.Duplicate", "Duplicate")]
        [InlineData("DependencyViolation", "")]
        [InlineData(".NotFound", "")]
        [InlineData("NotFound.", "")]
        [InlineData(null, "")]
        public void Condition_is_the_part_after_the_last_dot(string code, string condition) =>
            Assert.Equal(condition, AwsErrorCodes.Condition(code));

        private static AwsServiceException Parse(int status, string body, params (string, string)[] headers) =>
            ErrorParsingTests.Parse(status, body, headers);

        [Fact]
        public void Ec2_xml_error_reply()
        {
            var e = Parse(400, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>The security group 'sg-1' does not exist</Message></Error></Errors><RequestID>59dbff89-35bd-4eac-99ed-be587EXAMPLE</RequestID></Response>");
            Assert.IsType<AwsResourceNotFoundException>(e);
            Assert.Equal("InvalidGroup.NotFound", e.ErrorCode);
            Assert.Equal("The security group 'sg-1' does not exist", e.ServiceMessage);
            Assert.Equal("59dbff89-35bd-4eac-99ed-be587EXAMPLE", e.RequestId);
        }

        [Fact]
        public void Query_compatible_header_gives_the_code()
        {
            // CloudWatch over JSON: __type names the Smithy shape, the header the Query code its documentation uses.
            var e = Parse(400, @"{""__type"":""com.amazonaws.cloudwatch#ResourceNotFoundException"",""message"":""Dashboard ops does not exist""}",
                ("x-amzn-query-error", "ResourceNotFound;Sender"), ("x-amzn-RequestId", "cw-1"));
            Assert.IsType<AwsResourceNotFoundException>(e);
            Assert.Equal("ResourceNotFound", e.ErrorCode);
            Assert.Equal("Dashboard ops does not exist", e.ServiceMessage);
            Assert.Equal("cw-1", e.RequestId);

            var sqs = Parse(400, @"{""__type"":""com.amazonaws.sqs#QueueDoesNotExist"",""message"":""The specified queue does not exist.""}",
                ("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"));
            Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", sqs.ErrorCode);

            var throttled = Parse(400, @"{""__type"":""com.amazonaws.cloudwatch#LimitExceededFault""}", ("x-amzn-query-error", "Throttling;Sender"));
            Assert.IsType<AwsThrottlingException>(throttled);
        }

        [Theory]
        [InlineData("ResourceNotFound")]
        [InlineData(";Sender")]
        [InlineData("A;B;C")]
        [InlineData("")]
        public void A_malformed_query_compatible_header_is_ignored(string header)
        {
            var e = Parse(400, @"{""__type"":""com.amazonaws.cloudwatch#InvalidParameterValueException"",""message"":""bad""}", ("x-amzn-query-error", header));
            Assert.Equal("InvalidParameterValueException", e.ErrorCode);
            Assert.Null(AwsErrorParser.QueryCompatibleCode(header));
        }
    }
}
