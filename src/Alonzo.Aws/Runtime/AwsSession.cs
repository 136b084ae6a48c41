using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// Resolved credentials, region and endpoints for one cmdlet invocation. All resolution is done by
    /// AWSSDK.Core (profiles, environment, SSO, assume-role, web identity, container and instance
    /// metadata); this class only decides the order and explains failures.
    /// </summary>
    public sealed class AwsSession
    {
        private readonly string _explicitEndpoint;

        private AwsSession(AWSCredentials credentials, string region, string explicitEndpoint, string credentialSource)
        {
            Credentials = credentials;
            Region = region;
            _explicitEndpoint = explicitEndpoint;
            CredentialSource = credentialSource;
        }

        internal AWSCredentials Credentials { get; }
        public string Region { get; }
        /// <summary>Where the credentials came from, for Verbose output (never the secret).</summary>
        public string CredentialSource { get; }

        /// <summary>
        /// The credentials to sign one request with. Sources that fetch them (assume-role, SSO, a
        /// credential process, container or instance metadata) do it here, on first use and when they
        /// expire; a failure says which source failed and why, without any secret.
        /// </summary>
        internal async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            try
            {
                return await Credentials.GetCredentialsAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                var reasons = new List<string>();
                for (var inner = e; inner != null; inner = inner.InnerException)
                {
                    if (!string.IsNullOrWhiteSpace(inner.Message) && !inner.Message.StartsWith("Exception of type ", StringComparison.Ordinal) && !reasons.Contains(inner.Message.Trim()))
                        reasons.Add(inner.Message.Trim());
                }
                throw new AwsConfigurationException("Credentials",
                    $"The credentials from {CredentialSource} could not be obtained: {string.Join(": ", reasons)}. " +
                    "Check that source's settings (for a profile: role_arn, source_profile, credential_process, sso_*), or pass -Credential or another -ProfileName.", e);
            }
        }

        public static AwsSession Create(AwsSessionOptions options)
        {
            options = options ?? new AwsSessionOptions();
            string endpoint = NormalizeEndpoint(options.EndpointUrl, "-EndpointUrl");
            var credentials = ResolveCredentials(options, out string source);
            string region = ResolveRegion(options);
            return new AwsSession(credentials, region, endpoint, source);
        }

        /// <summary>The region the options resolve to, as Create resolves it, or null when none is found (no credentials needed).</summary>
        public static string ResolveRegionOrNull(AwsSessionOptions options)
        {
            try
            {
                return ResolveRegion(options ?? new AwsSessionOptions());
            }
            catch (AwsConfigurationException)
            {
                return null;
            }
        }

        /// <summary>
        /// The credentials as the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
        /// variables a process started on this session's behalf gets (as Lambda gives a function its
        /// role's). For a child's environment only: never to be written anywhere.
        /// </summary>
        public IDictionary<string, string> CredentialVariables()
        {
            var values = Credentials.GetCredentials();
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_ACCESS_KEY_ID"] = values.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = values.SecretKey,
            };
            if (!string.IsNullOrEmpty(values.Token)) variables["AWS_SESSION_TOKEN"] = values.Token;
            return variables;
        }

        /// <summary>
        /// Endpoint precedence, as the AWS SDKs document it: explicit -EndpointUrl, then
        /// AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL, then the service's public endpoint.
        /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns off the environment variables.
        /// </summary>
        public Uri ResolveEndpoint(AwsService service, out bool isCustom)
        {
            isCustom = true;
            if (_explicitEndpoint != null) return new Uri(_explicitEndpoint);
            if (!IsTrue(Environment.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))
            {
                string specific = NormalizeEndpoint(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_" + service.EnvironmentId), "AWS_ENDPOINT_URL_" + service.EnvironmentId);
                if (specific != null) return new Uri(specific);
                string general = NormalizeEndpoint(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL");
                if (general != null) return new Uri(general);
            }
            isCustom = false;
            return new Uri(DefaultEndpoint(service, Region));
        }

        /// <summary>The region a request to this service is signed for.</summary>
        public string SigningRegion(AwsService service)
        {
            if (!service.IsGlobal) return Region;
            if (Region.StartsWith("cn-", StringComparison.Ordinal)) return "cn-north-1";
            if (Region.StartsWith("us-gov-", StringComparison.Ordinal)) return "us-gov-west-1";
            return "us-east-1";
        }

        internal static string DefaultEndpoint(AwsService service, string region)
        {
            string suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
            if (service.IsGlobal)
            {
                if (region.StartsWith("us-gov-", StringComparison.Ordinal)) return $"https://{service.EndpointPrefix}.us-gov.amazonaws.com/";
                if (region.StartsWith("cn-", StringComparison.Ordinal)) return $"https://{service.EndpointPrefix}.cn-north-1.amazonaws.com.cn/";
                return $"https://{service.EndpointPrefix}.amazonaws.com/";
            }
            return $"https://{service.EndpointPrefix}.{region}.{suffix}/";
        }

        private static string NormalizeEndpoint(string value, string origin)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            value = value.Trim();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new AwsConfigurationException("Endpoint",
                    $"The endpoint '{value}' from {origin} is not an absolute http or https URL. Use a form like https://kinesis.eu-west-1.amazonaws.com or http://127.0.0.1:5000.");
            return uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
        }

        private static bool IsTrue(string value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        private static AWSCredentials ResolveCredentials(AwsSessionOptions options, out string source)
        {
            if (!string.IsNullOrEmpty(options.AccessKeyId) || !string.IsNullOrEmpty(options.SecretAccessKey))
            {
                if (string.IsNullOrEmpty(options.AccessKeyId) || string.IsNullOrEmpty(options.SecretAccessKey))
                    throw new AwsConfigurationException("Credentials",
                        "-Credential needs both an access key id (the user name) and a secret access key (the password).");
                source = "-Credential";
                return string.IsNullOrEmpty(options.SessionToken)
                    ? (AWSCredentials)new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
                    : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
            }

            if (!string.IsNullOrEmpty(options.ProfileName))
            {
                var chain = new CredentialProfileStoreChain();
                if (!chain.TryGetProfile(options.ProfileName, out var profile))
                    throw new AwsConfigurationException("Credentials",
                        $"The profile '{options.ProfileName}' was not found in the shared credentials file ({SharedCredentialsPath()}) or the shared config file ({SharedConfigPath()}). Check the name with 'aws configure list-profiles', or create it with 'aws configure --profile {options.ProfileName}'.");
                try
                {
                    source = $"profile '{options.ProfileName}'";
                    return profile.GetAWSCredentials(chain);
                }
                catch (Exception e)
                {
                    throw new AwsConfigurationException("Credentials",
                        $"The profile '{options.ProfileName}' exists but its credentials could not be used: {e.Message}", e);
                }
            }

            try
            {
                var resolver = new DefaultAWSCredentialsIdentityResolver();
                var credentials = resolver.ResolveIdentity(null);
                source = DescribeSource(credentials);
                return credentials;
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                throw new AwsConfigurationException("Credentials", NoCredentialsMessage(), e);
            }
        }

        private static string DescribeSource(AWSCredentials credentials)
        {
            string name = credentials.GetType().Name;
            if (name.IndexOf("Environment", StringComparison.Ordinal) >= 0) return "environment variables";
            string profile = Environment.GetEnvironmentVariable("AWS_PROFILE");
            if (name.IndexOf("Instance", StringComparison.Ordinal) >= 0) return "instance metadata";
            if (name.IndexOf("Container", StringComparison.Ordinal) >= 0 || name.IndexOf("ECS", StringComparison.Ordinal) >= 0) return "container credentials";
            if (name.IndexOf("WebIdentity", StringComparison.Ordinal) >= 0) return "web identity token";
            return $"profile '{(string.IsNullOrEmpty(profile) ? "default" : profile)}' ({name})";
        }

        internal static string NoCredentialsMessage()
        {
            string profile = Environment.GetEnvironmentVariable("AWS_PROFILE");
            var tried = new List<string>
            {
                "the -Credential parameter (not given)",
                "the -ProfileName parameter (not given)",
                "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (not set)",
                $"profile '{(string.IsNullOrEmpty(profile) ? "default" : profile)}'{(string.IsNullOrEmpty(profile) ? "" : " from AWS_PROFILE")} in {SharedCredentialsPath()} and {SharedConfigPath()}",
                "web identity (AWS_WEB_IDENTITY_TOKEN_FILE), container credentials (AWS_CONTAINER_CREDENTIALS_*_URI)",
                IsTrue(Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED")) ? "instance metadata (disabled by AWS_EC2_METADATA_DISABLED)" : "EC2 instance metadata",
            };
            return "No AWS credentials were found. Tried: " + string.Join("; ", tried) +
                   ". Pass -Credential (access key id as user name, secret as password) or -ProfileName, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run 'aws configure'.";
        }

        private static string ResolveRegion(AwsSessionOptions options)
        {
            if (!string.IsNullOrWhiteSpace(options.Region)) return ValidateRegion(options.Region.Trim(), "-Region");

            if (!string.IsNullOrEmpty(options.ProfileName))
            {
                var chain = new CredentialProfileStoreChain();
                if (chain.TryGetProfile(options.ProfileName, out var profile) && profile.Region != null)
                    return profile.Region.SystemName;
            }

            foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                string value = Environment.GetEnvironmentVariable(variable);
                if (!string.IsNullOrWhiteSpace(value)) return ValidateRegion(value.Trim(), variable);
            }

            RegionEndpoint fallback = null;
            try
            {
                // The SDK caches the fallback region per process; the environment may have changed since.
                FallbackRegionFactory.Reset();
                fallback = FallbackRegionFactory.GetRegionEndpoint();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // Treated as "no region" below.
            }
            if (fallback != null) return fallback.SystemName;

            string profileName = Environment.GetEnvironmentVariable("AWS_PROFILE");
            throw new AwsConfigurationException("Region",
                "No AWS region was found. Tried: the -Region parameter (not given), environment variables AWS_REGION and AWS_DEFAULT_REGION (not set), " +
                $"the region of profile '{(string.IsNullOrEmpty(options.ProfileName) ? (string.IsNullOrEmpty(profileName) ? "default" : profileName) : options.ProfileName)}' in {SharedConfigPath()}, and instance metadata. " +
                "Pass -Region (for example -Region eu-west-1) or set AWS_REGION.");
        }

        private static string ValidateRegion(string region, string origin)
        {
            // Region names are lower-case letters, digits and dashes (eu-west-1, us-gov-west-1, local emulators' us-east-1).
            foreach (char c in region)
            {
                if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-')
                    throw new AwsConfigurationException("Region",
                        $"The region '{region}' from {origin} is not a region name. Use a name like eu-west-1 or us-east-1.");
            }
            return region;
        }

        private static string SharedCredentialsPath() =>
            Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials";

        private static string SharedConfigPath() =>
            Environment.GetEnvironmentVariable("AWS_CONFIG_FILE") ?? "~/.aws/config";
    }
}
