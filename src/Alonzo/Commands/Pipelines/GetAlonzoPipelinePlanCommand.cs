using System.Management.Automation;
using Alonzo.Resources;

namespace Alonzo.Commands.Pipelines
{
    /// <summary>
    /// What Publish-AlonzoPipeline would do, as objects and from read calls only: one plan per
    /// resource with its Action and each change (path, before, after). An empty plan (every Action
    /// None) means the account matches the spec.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AlonzoPipelinePlan", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ResourcePlan))]
    public sealed class GetAlonzoPipelinePlanCommand : PipelineCmdlet
    {
        /// <summary>Plan as Publish-AlonzoPipeline -Adopt would: resources the pipeline does not own are not an error.</summary>
        [Parameter]
        public SwitchParameter Adopt { get; set; }

        protected override void ProcessRecord()
        {
            TryProcess(Path ?? "spec", () =>
            {
                var plan = PlanSpec(Adopt, out var spec, out var operations);
                WriteObject(plan.Plans, true);
            });
        }
    }
}
