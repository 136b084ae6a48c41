using System.Collections.Generic;
using System.Net;
using System.Text;
using Alonzo.Aws.Runtime;
using Xunit;

namespace Alonzo.Tests.Runtime
{
    /// <summary>Error replies in each of AWS's formats become the right typed exception.</summary>
    public sealed class ErrorParsingTests
    {
        internal static AwsServiceException Parse(int status, string body, params (string, string)[] headers)
        {
            var h = new Dictionary<string, string>();
            foreach (var (k, v) in headers) h[k] = v;
            return AwsErrorParser.Parse("Kinesis", "CreateStream", new AwsHttpResponse((HttpStatusCode)status, h, Encoding.UTF8.GetBytes(body)));
        }

        [Fact]
        public void Json_1_1_error_with_namespaced_type()
        {
            var e = Parse(400, @"{""__type"":""com.amazonaws.kinesis.v20131202#ResourceInUseException"",""message"":""Stream alonzo under account 123456789012 already exists.""}",
                ("x-amzn-RequestId", "req-1"));
            var conflict = Assert.IsType<AwsConflictException>(e);
            Assert.Equal("ResourceInUseException", conflict.ErrorCode);
            Assert.Equal("Stream alonzo under account 123456789012 already exists.", conflict.ServiceMessage);
            Assert.Equal("req-1", conflict.RequestId);
            Assert.Equal(HttpStatusCode.BadRequest, conflict.StatusCode);
        }

        [Fact]
        public void Json_not_found()
        {
            var e = Parse(400, @"{""__type"":""ResourceNotFoundException"",""message"":""Stream x under account 123456789012 not found.""}");
            Assert.IsType<AwsResourceNotFoundException>(e);
        }

        [Fact]
        public void Rest_json_error_from_header_with_capitalised_message()
        {
            var e = Parse(404, @"{""Type"":""User"",""Message"":""Function not found: arn:aws:lambda:us-east-1:123456789012:function:alonzo""}",
                ("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awslambda/"), ("x-amzn-RequestId", "r2"));
            Assert.IsType<AwsResourceNotFoundException>(e);
            Assert.Equal("ResourceNotFoundException", e.ErrorCode);
            Assert.StartsWith("Function not found", e.ServiceMessage);
        }

        [Fact]
        public void Rest_json_conflict_is_a_conflict()
        {
            var e = Parse(409, @"{""Type"":""User"",""message"":""The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:alonzo""}",
                ("X-Amzn-ErrorType", "ResourceConflictException"));
            Assert.IsType<AwsConflictException>(e);
        }

        [Fact]
        public void Query_xml_error()
        {
            var e = Parse(404, "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name alonzo cannot be found.</Message></Error><RequestId>abc-123</RequestId></ErrorResponse>");
            Assert.IsType<AwsResourceNotFoundException>(e);
            Assert.Equal("NoSuchEntity", e.ErrorCode);
            Assert.Equal("abc-123", e.RequestId);
            Assert.Equal("The role with name alonzo cannot be found.", e.ServiceMessage);
        }

        [Fact]
        public void Signature_errors_are_authentication_errors_in_either_format()
        {
            Assert.IsType<AwsAuthenticationException>(Parse(403, "<?xml version=\"1.0\"?><Response><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error></Errors><RequestID>x</RequestID></Response>"));
            Assert.IsType<AwsAuthenticationException>(Parse(400, @"{""__type"":""UnrecognizedClientException"",""message"":""The security token included in the request is invalid.""}"));
            Assert.IsType<AwsAuthenticationException>(Parse(403, @"{""__type"":""InvalidSignatureException"",""message"":""Signature expired""}"));
        }

        [Fact]
        public void Throttling_and_access_denied()
        {
            Assert.IsType<AwsThrottlingException>(Parse(400, @"{""__type"":""LimitExceededException"",""message"":""Rate exceeded""}"));
            Assert.IsType<AwsThrottlingException>(Parse(429, @"{""Type"":""User"",""message"":""Rate Exceeded.""}", ("X-Amzn-ErrorType", "TooManyRequestsException")));
            Assert.IsType<AwsAccessDeniedException>(Parse(400, @"{""__type"":""AccessDeniedException"",""message"":""User is not authorized""}"));
        }

        [Fact]
        public void Empty_or_html_bodies_fall_back_to_the_status()
        {
            var e = Parse(503, "");
            Assert.Equal("ServiceUnavailable", e.ErrorCode);
            Assert.True(AwsRetryRules.IsRetryable(e, default));
            var html = Parse(502, "<html><body>Bad gateway</body></html>");
            Assert.Equal("BadGateway", html.ErrorCode);
        }
    }
}
