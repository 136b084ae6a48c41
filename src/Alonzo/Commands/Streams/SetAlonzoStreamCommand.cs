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
                var spec = new StreamSpec
                {
                    Name = Name,
                    ShardCount = IsBound(nameof(ShardCount)) ? ShardCount : (int?)null,
                    OnDemand = OnDemand ? true : Provisioned ? false : (bool?)null,
                    RetentionHours = IsBound(nameof(RetentionHours)) ? RetentionHours : (int?)null,
                };
                spec.Validate();

                var operations = new StreamOperations(Context) { Wait = !NoWait, Timeout = TimeSpan.FromSeconds(TimeoutSec) };
                operations.Info += PostVerbose;
                operations.Warning += PostWarning;
                var plan = Run(ct => operations.PlanUpdateAsync(spec, ct));
                if (plan.IsEmpty)
                {
                    var s = (AlonzoStream)plan.Current;
                    WriteVerbose($"Stream '{Name}' already is as asked ({s.Mode}, {s.ShardCount} open shard(s), {s.RetentionHours} hours retention); nothing to change.");
                }
                Converge(operations, plan, Name);
            });
        }
    }
}
