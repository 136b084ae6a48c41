using System.Management.Automation;
using Alonzo.Resources;

namespace Alonzo.Commands.Pipelines
{
    /// <summary>
    /// Deploys a whole pipeline from one spec: creates what is missing and changes what differs, in
    /// dependency order, through the same operations as the single cmdlets; removes what the
    /// pipeline owns and the spec no longer has. Returns one row per resource.
    /// </summary>
    [Cmdlet(VerbsData.Publish, "AlonzoPipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AlonzoPipelineResource))]
    public sealed class PublishAlonzoPipelineCommand : PipelineCmdlet
    {
        /// <summary>Take over resources with the spec's names that the pipeline does not own yet (they get its mark).</summary>
        [Parameter]
        public SwitchParameter Adopt { get; set; }

        /// <summary>Allow replacing the event mapping when its starting position changes (Lambda cannot change it in place).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            TryProcess(Path ?? "spec", () =>
            {
                var plan = PlanSpec(Adopt, out var spec, out var operations);
                if (IsWhatIf())
                {
                    ShowPlan(plan);
                    return;
                }
                // Asked here, on the pipeline thread, before anything is applied.
                var approved = new System.Collections.Generic.HashSet<ResourceKey>();
                foreach (var resource in plan.Plans)
                    if (!resource.IsEmpty && ShouldProcess(resource.Key.ToString(), Headline(resource))) approved.Add(resource.Key);
                var progress = CreateProgress();
                var rows = Run(ct => operations.ApplyAsync(plan, p => approved.Contains(p.Key), Force, progress, ct));
                CompleteProgress("Pipeline " + spec.Name);
                WriteObject(rows, true);
            });
        }
    }
}
