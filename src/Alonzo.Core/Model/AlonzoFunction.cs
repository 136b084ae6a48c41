using System;

namespace Alonzo
{
    /// <summary>
    /// A Lambda function as Alonzo shows it. Environment variable values are left out on purpose:
    /// they often hold secrets, and output objects end up in logs and transcripts.
    /// </summary>
    public sealed class AlonzoFunction
    {
        public string FunctionName { get; set; }
        public string FunctionArn { get; set; }
        public string Runtime { get; set; }
        public string Handler { get; set; }
        /// <summary>The execution role's ARN.</summary>
        public string Role { get; set; }
        public int MemorySize { get; set; }
        public int Timeout { get; set; }
        public string CodeSha256 { get; set; }
        public long CodeSize { get; set; }
        public string State { get; set; }
        public string StateReason { get; set; }
        public string LastUpdateStatus { get; set; }
        /// <summary>$LATEST, or the version number published by this run.</summary>
        public string Version { get; set; }
        public string Description { get; set; }
        public string Architecture { get; set; }
        public string[] EnvironmentVariableNames { get; set; } = Array.Empty<string>();
        /// <summary>The VPC the function's network interfaces are in; null when it is not in a VPC.</summary>
        public string VpcId { get; set; }
        public string[] SubnetIds { get; set; } = Array.Empty<string>();
        public string[] SecurityGroupIds { get; set; } = Array.Empty<string>();
        public string LastModified { get; set; }
        public string Region { get; set; }
        public ResourceAction Action { get; set; }
        /// <summary>The function's tags, when they were read (GetFunction returns them); otherwise null.</summary>
        public System.Collections.Generic.Dictionary<string, string> Tags { get; set; }
        /// <summary>What this run changed, one line per change.</summary>
        public string[] Changes { get; set; } = Array.Empty<string>();

        public override string ToString() => FunctionName;
    }
}
