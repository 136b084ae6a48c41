namespace Alonzo.Aws.Runtime
{
    /// <summary>What the caller said explicitly; anything left null comes from the environment and shared config.</summary>
    public sealed class AwsSessionOptions
    {
        public string Region { get; set; }
        public string ProfileName { get; set; }
        public string EndpointUrl { get; set; }
        public string AccessKeyId { get; set; }
        public string SecretAccessKey { get; set; }
        public string SessionToken { get; set; }
    }
}
