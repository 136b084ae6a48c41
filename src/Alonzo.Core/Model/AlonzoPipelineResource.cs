using System;
using Alonzo.Resources;

namespace Alonzo
{
    /// <summary>One resource of a pipeline: what a deploy did to it, or its state and drift.</summary>
    public sealed class AlonzoPipelineResource
    {
        public string Pipeline { get; set; }
        public ResourceKind Kind { get; set; }
        public string Name { get; set; }
        /// <summary>What Publish- or Remove-AlonzoPipeline did (None for Get-AlonzoPipeline).</summary>
        public ResourceAction Action { get; set; }
        /// <summary>What changed, one line each (environment values never shown).</summary>
        public string[] Changes { get; set; } = Array.Empty<string>();
        /// <summary>The resource's state: ACTIVE, Active, Enabled, Missing, ...</summary>
        public string State { get; set; }
        /// <summary>More about the state: a mapping's last processing result, a function's last update status.</summary>
        public string StateDetail { get; set; }
        /// <summary>With a spec: each field where the account differs from it (Before is the account, After the spec).</summary>
        public ResourceChange[] Drift { get; set; } = Array.Empty<ResourceChange>();
        public bool InSync => Drift.Length == 0 && State != "Missing";
        public string Arn { get; set; }
        /// <summary>A mapping's UUID (mappings have no name of their own).</summary>
        public string UUID { get; set; }
        public string Region { get; set; }

        public override string ToString() => $"{Kind} {Name}";
    }
}
