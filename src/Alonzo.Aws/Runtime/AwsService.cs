namespace Alonzo.Aws.Runtime
{
    /// <summary>How to reach and sign for one AWS service.</summary>
    public sealed class AwsService
    {
        private AwsService(string displayName, string endpointPrefix, string signingName, string environmentId, bool isGlobal)
        {
            DisplayName = displayName;
            EndpointPrefix = endpointPrefix;
            SigningName = signingName;
            EnvironmentId = environmentId;
            IsGlobal = isGlobal;
        }

        public string DisplayName { get; }
        public string EndpointPrefix { get; }
        public string SigningName { get; }
        /// <summary>The service id as it appears in <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>.</summary>
        public string EnvironmentId { get; }
        /// <summary>Global services (IAM) have one endpoint per partition and sign for its home region.</summary>
        public bool IsGlobal { get; }

        public static readonly AwsService Kinesis = new AwsService("Kinesis", "kinesis", "kinesis", "KINESIS", false);
        public static readonly AwsService Lambda = new AwsService("Lambda", "lambda", "lambda", "LAMBDA", false);
        public static readonly AwsService Iam = new AwsService("IAM", "iam", "iam", "IAM", true);
        public static readonly AwsService CloudWatchLogs = new AwsService("CloudWatch Logs", "logs", "logs", "CLOUDWATCH_LOGS", false);
        public static readonly AwsService Sts = new AwsService("STS", "sts", "sts", "STS", false);
        /// <summary>Served by AWSSDK.S3 through <see cref="Sdk.AwsSdkClientFactory"/>.</summary>
        public static readonly AwsService S3 = new AwsService("S3", "s3", "s3", "S3", false);
        /// <summary>Served by AWSSDK.EC2 through <see cref="Sdk.AwsSdkClientFactory"/>.</summary>
        public static readonly AwsService Ec2 = new AwsService("EC2", "ec2", "ec2", "EC2", false);

        public override string ToString() => DisplayName;
    }
}
