using System;
using System.Collections.Generic;

namespace Alonzo
{
    /// <summary>
    /// An IAM role as Alonzo shows it. Binds by property name into later cmdlets: RoleName for the
    /// role cmdlets, RoleArn (and Arn) for a function's -Role.
    /// </summary>
    public sealed class AlonzoRole
    {
        public string RoleName { get; set; }
        public string Arn { get; set; }
        /// <summary>The same as <see cref="Arn"/>, named for binding to parameters called -RoleArn or aliased so.</summary>
        public string RoleArn => Arn;
        public string RoleId { get; set; }
        public string Path { get; set; }
        /// <summary>Services the trust policy lets assume the role (e.g. lambda.amazonaws.com).</summary>
        public string[] TrustedServices { get; set; } = Array.Empty<string>();
        /// <summary>The trust policy as JSON.</summary>
        public string TrustPolicy { get; set; }
        /// <summary>Attached managed policies; null when not read (a role resolved only by name).</summary>
        public string[] ManagedPolicyArns { get; set; }
        /// <summary>Names of the role's inline policies; null when not read.</summary>
        public string[] InlinePolicyNames { get; set; }
        public string Description { get; set; }
        public int? MaxSessionDuration { get; set; }
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public DateTime? CreatedAt { get; set; }
        public ResourceAction Action { get; set; }
        /// <summary>What was done, one line per call: "Created role ...", "Attached arn:...", "Put inline policy ...".</summary>
        public string[] Changes { get; set; } = Array.Empty<string>();

        public override string ToString() => RoleName;
    }
}
