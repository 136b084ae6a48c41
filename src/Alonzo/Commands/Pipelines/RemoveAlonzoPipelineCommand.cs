using System.Linq;
using System.Management.Automation;
using Alonzo.Pipelines;
using Alonzo.Validation;

namespace Alonzo.Commands.Pipelines
{
    /// <summary>
    /// Deletes exactly the resources marked as the pipeline's, in reverse dependency order
    /// (mappings, function, role, stream), and reports what it removed. Resources with similar
    /// names but without the pipeline's mark are never touched; a second run removes nothing.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "AlonzoPipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(AlonzoPipelineResource))]
    public sealed class RemoveAlonzoPipelineCommand : PipelineCmdlet
    {
        private const string NameSet = "Name";

        /// <summary>The pipeline's name (as its stream's alonzo:pipeline tag has it).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        public string Name { get; set; }

        /// <summary>The pipeline of rows piped in from Get-AlonzoPipeline or Publish-AlonzoPipeline (their Pipeline property).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PipedSet, ValueFromPipelineByPropertyName = true)]
        public string Pipeline { get; set; }

        private const string PipedSet = "Piped";

        /// <summary>Skip the confirmation prompt (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private readonly System.Collections.Generic.HashSet<string> _done = new System.Collections.Generic.HashSet<string>();

        protected override void ProcessRecord()
        {
            TryProcess(Name ?? Pipeline ?? Path ?? "spec", () =>
            {
                // A spec file given by position reads as a path.
                if (ParameterSetName == NameSet && IsSpecFile(Name)) Path = Name;
                PipelineSpec spec = Path != null || ParameterSetName == SpecSet ? ReadSpec() : null;
                string name = spec?.Name ?? Name ?? Pipeline;
                if (spec == null) NameRules.StreamName(name, "Name");
                // Rows piped in from Get-AlonzoPipeline name the same pipeline once per resource.
                if (!_done.Add(name)) return;
                var operations = Operations();
                var plan = Run(ct => operations.PlanRemoveAsync(name, spec, ct));
                if (plan.IsEmpty)
                {
                    WriteVerbose($"Nothing of pipeline '{name}' exists in region {Context.Region}; nothing to delete.");
                    return;
                }
                if (IsWhatIf())
                {
                    ShowPlan(plan);
                    return;
                }
                string what = "Delete " + string.Join(", ", plan.Plans.Select(p => p.Key.ToString()));
                if (!ShouldChange("pipeline " + name, what, Force)) return;
                var progress = CreateProgress();
                var rows = Run(ct => operations.ApplyAsync(plan, null, false, progress, ct));
                CompleteProgress("Pipeline " + name);
                WriteObject(rows, true);
            });
        }
    }
}
