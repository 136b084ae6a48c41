using System;
using System.Management.Automation;
using Alonzo.Streams;

namespace Alonzo.Commands.Streams
{
    /// <summary>Changes an existing stream's shard count, capacity mode or retention, and waits until it is ACTIVE again.</summary>
    [Cmdlet(VerbsCommon.Set, "AlonzoStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = RetentionSet)]
    [OutputType(typeof(AlonzoStream))]
    public sealed class SetAlonzoStreamCommand : AlonzoCmdlet
    {
        private const string ShardCountSet = "ShardCount";
        private const string OnDemandSet = "OnDemand";
        private const string ProvisionedSet = "Provisioned";
        private const string RetentionSet = "Retention";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamName")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completers.StreamNameCompleter))]
        public string Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ShardCountSet)]
        [Parameter(ParameterSetName = ProvisionedSet)]
        public int ShardCount { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OnDemandSet)]
        public SwitchParameter OnDemand { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ProvisionedSet)]
        public SwitchParameter Provisioned { get; set; }

        [Parameter(ParameterSetName = ShardCountSet)]
        [Parameter(ParameterSetName = OnDemandSet)]
        [Parameter(ParameterSetName = ProvisionedSet)]
        [Parameter(Mandatory = true, ParameterSetName = RetentionSet)]
        public int RetentionHours { get; set; }

        [Parameter]
        public SwitchParameter NoWait { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                var bound = MyInvocation.BoundParameters;
                var spec = new StreamUpdateSpec
                {
                    Name = Name,
                    ShardCount = bound.ContainsKey(nameof(ShardCount)) ? ShardCount : (int?)null,
                    OnDemand = OnDemand ? true : Provisioned ? false : (bool?)null,
                    RetentionHours = bound.ContainsKey(nameof(RetentionHours)) ? RetentionHours : (int?)null,
                };
                spec.Validate();

                var updater = new StreamUpdater(Context);
                updater.Info += PostVerbose;
                var plan = Run(ct => updater.PlanAsync(spec, ct));
                if (!plan.IsEmpty && !ShouldProcess(Name, plan.Describe()))
                    return;

                var progress = CreateProgress();
                var stream = Run(ct => updater.ApplyAsync(plan, !NoWait, TimeSpan.FromSeconds(TimeoutSec), progress, ct));
                CompleteProgress("Stream " + Name);
                WriteObject(stream);
            });
        }
    }
}
