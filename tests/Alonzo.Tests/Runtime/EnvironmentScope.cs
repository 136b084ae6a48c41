using System;
using System.Collections.Generic;

namespace Alonzo.Tests.Runtime
{
    /// <summary>
    /// Clears the AWS variables that decide endpoints and retries for a test and puts them back after it
    /// (tests using it belong to the "Environment" collection: the process environment is shared).
    /// </summary>
    internal sealed class EnvironmentScope : IDisposable
    {
        public static readonly string[] AwsVariables =
        {
            "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_EC2",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE",
        };

        private readonly Dictionary<string, string> _saved = new Dictionary<string, string>();

        public EnvironmentScope()
        {
            foreach (var name in AwsVariables)
            {
                _saved[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        public void Dispose()
        {
            foreach (var pair in _saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
        }
    }
}
