using System.Collections.Generic;
using Alonzo.Aws.Lambda;

namespace Alonzo.Functions
{
    /// <summary>What publishing would do to a function: create it, or the listed changes (none = unchanged).</summary>
    public sealed class FunctionPlan
    {
        internal FunctionPlan(FunctionSpec spec, DeploymentZip code, GetFunctionResponse current, string roleArn)
        {
            Spec = spec;
            Code = code;
            Current = current;
            RoleArn = roleArn;
        }

        public FunctionSpec Spec { get; }
        public DeploymentZip Code { get; }
        public string RoleArn { get; }
        internal GetFunctionResponse Current { get; }
        public bool IsCreate => Current?.Configuration == null;
        public bool IsEmpty => !IsCreate && Changes.Count == 0;
        /// <summary>One line per change, for -WhatIf and the output's Changes.</summary>
        public List<string> Changes { get; } = new List<string>();

        internal bool CodeDiffers { get; set; }
        internal bool ArchitectureDiffers { get; set; }
        internal UpdateFunctionConfigurationRequest ConfigurationUpdate { get; set; }
        internal Dictionary<string, string> TagUpdate { get; set; }
    }
}
