using System;
using Alonzo.Aws.Runtime;
using Xunit;

namespace Alonzo.Tests.Runtime
{
    /// <summary>Tests that change process environment variables run one at a time.</summary>
    [CollectionDefinition("Environment", DisableParallelization = true)]
    public sealed class EnvironmentCollection
    {
    }

    [Collection("Environment")]
    public sealed class SessionTests : IDisposable
    {
        private readonly EnvironmentScope _environment = new EnvironmentScope();

        public void Dispose() => _environment.Dispose();

        private static AwsSession Session(string endpoint = null, string region = "eu-west-1") => AwsSession.Create(new AwsSessionOptions
        {
            Region = region, EndpointUrl = endpoint, AccessKeyId = "AKID", SecretAccessKey = "secret",
        });

        [Fact]
        public void Public_endpoints_by_partition()
        {
            Assert.Equal("https://kinesis.eu-west-1.amazonaws.com/", Session().ResolveEndpoint(AwsService.Kinesis, out _).ToString());
            Assert.Equal("https://iam.amazonaws.com/", Session().ResolveEndpoint(AwsService.Iam, out _).ToString());
            Assert.Equal("us-east-1", Session().SigningRegion(AwsService.Iam));
            Assert.Equal("https://lambda.cn-north-1.amazonaws.com.cn/", Session(region: "cn-north-1").ResolveEndpoint(AwsService.Lambda, out _).ToString());
            Assert.Equal("https://iam.us-gov.amazonaws.com/", Session(region: "us-gov-west-1").ResolveEndpoint(AwsService.Iam, out _).ToString());
        }

        [Fact]
        public void Endpoint_precedence_explicit_then_service_variable_then_general_variable()
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", "http://127.0.0.1:4000");
            Assert.Equal("http://127.0.0.1:4000/", Session().ResolveEndpoint(AwsService.Lambda, out bool custom).ToString());
            Assert.True(custom);

            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:4567/");
            Assert.Equal("http://127.0.0.1:4567/", Session().ResolveEndpoint(AwsService.Kinesis, out _).ToString());
            Assert.Equal("http://127.0.0.1:4000/", Session().ResolveEndpoint(AwsService.Lambda, out _).ToString());

            Assert.Equal("http://127.0.0.1:9999/", Session("http://127.0.0.1:9999").ResolveEndpoint(AwsService.Kinesis, out _).ToString());

            Environment.SetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
            Assert.Equal("https://kinesis.eu-west-1.amazonaws.com/", Session().ResolveEndpoint(AwsService.Kinesis, out custom).ToString());
            Assert.False(custom);
        }

        [Fact]
        public void Bad_endpoint_is_a_configuration_error_naming_its_origin()
        {
            var e = Assert.Throws<AwsConfigurationException>(() => Session("ftp://example"));
            Assert.Contains("ftp://example", e.Message);
            Assert.Contains("-EndpointUrl", e.Message);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_KINESIS", "not a url");
            var fromEnv = Assert.Throws<AwsConfigurationException>(() => Session().ResolveEndpoint(AwsService.Kinesis, out _));
            Assert.Contains("AWS_ENDPOINT_URL_KINESIS", fromEnv.Message);
        }

        [Fact]
        public void Bad_region_is_refused()
        {
            var e = Assert.Throws<AwsConfigurationException>(() => Session(region: "EU West 1"));
            Assert.Equal("Region", e.Kind);
            Assert.Contains("EU West 1", e.Message);
        }

        [Fact]
        public void Max_attempts_and_retry_mode_come_from_the_environment_through_the_sdk()
        {
            Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "7");
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "standard");
            var transport = new AwsTransport(Session(), AwsService.Kinesis);
            Assert.Equal(7, transport.Retry.MaxAttempts);
            Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", null);
            Assert.Equal(3, new AwsTransport(Session(), AwsService.Kinesis).Retry.MaxAttempts);
        }

        [Fact]
        public void Legacy_retry_mode_is_accepted_and_nonsense_is_refused()
        {
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "legacy");
            Assert.Equal(Amazon.Runtime.RequestRetryMode.Standard, new AwsTransport(Session(), AwsService.Kinesis).Retry.Mode);
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", "sometimes");
            var e = Assert.Throws<AwsConfigurationException>(() => new AwsTransport(Session(), AwsService.Kinesis));
            Assert.Equal("Retry", e.Kind);
            Environment.SetEnvironmentVariable("AWS_RETRY_MODE", null);
            Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "zero");
            Assert.Equal("Retry", Assert.Throws<AwsConfigurationException>(() => new AwsTransport(Session(), AwsService.Kinesis)).Kind);
        }

        [Fact]
        public void Half_a_credential_is_refused()
        {
            var e = Assert.Throws<AwsConfigurationException>(() => AwsSession.Create(new AwsSessionOptions { Region = "eu-west-1", AccessKeyId = "AKID" }));
            Assert.Equal("Credentials", e.Kind);
        }
    }
}
