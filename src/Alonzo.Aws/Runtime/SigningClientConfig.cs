using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// The ClientConfig that AWSSDK.Core's signer and retry settings need. Alonzo resolves endpoints
    /// itself, so endpoint rules are not used; the signing name and region are set explicitly, because
    /// with a custom endpoint the SDK would otherwise take the credential scope from the host name.
    /// </summary>
    internal sealed class SigningClientConfig : ClientConfig
    {
        private readonly string _serviceName;

        public SigningClientConfig(AwsService service, string region, string signingRegion, string endpoint)
            : base(new StandardDefaults())
        {
            _serviceName = service.SigningName;
            RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            AuthenticationRegion = signingRegion;
            AuthenticationServiceName = service.SigningName;
            ServiceURL = endpoint;
        }

        public override string RegionEndpointServiceName => _serviceName;
        public override string ServiceVersion => "1";
        public override string UserAgent => AwsTransport.UserAgent;
        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => null;

        /// <summary>The SDK's "standard" defaults mode: standard retries unless AWS_RETRY_MODE says otherwise.</summary>
        private sealed class StandardDefaults : IDefaultConfigurationProvider
        {
            public IDefaultConfiguration GetDefaultConfiguration(RegionEndpoint clientRegion, DefaultConfigurationMode? requestedConfigurationMode = null) =>
                new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard };
        }
    }

    /// <summary>DefaultRequest needs an originating request object; the wire layer has its own request types.</summary>
    internal sealed class WireRequest : AmazonWebServiceRequest
    {
    }
}
