using System;
using System.Net.Http;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;

namespace Alonzo.Tests
{
    /// <summary>Sessions with fixed test credentials that never look at the machine's AWS configuration.</summary>
    internal static class TestSessions
    {
        public static AwsSession Create(string endpoint = "http://127.0.0.1:9/", string region = "us-east-1") =>
            AwsSession.Create(new AwsSessionOptions
            {
                Region = region,
                EndpointUrl = endpoint,
                AccessKeyId = "AKIDEXAMPLE",
                SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            });

        public static AlonzoContext Context(HttpMessageHandler handler, AwsRetryRules retry = null) =>
            new AlonzoContext(Create(), null, handler) { RetryOverride = retry ?? AwsRetryRules.Standard(3, TimeSpan.FromMilliseconds(1)) };
    }
}
