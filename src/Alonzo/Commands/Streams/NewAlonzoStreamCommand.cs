using System;
using System.Collections;
using System.Management.Automation;
using Alonzo.Streams;

namespace Alonzo.Commands.Streams
{
    /// <summary>Creates a Kinesis stream if it is missing and waits until it is ACTIVE.</summary>
    [Cmdlet(VerbsCommon.New, "AlonzoStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ProvisionedSet)]
    [OutputType(typeof(AlonzoStream))]
    public sealed class NewAlonzoStreamCommand : AlonzoCmdlet
    {
        private const string ProvisionedSet = "Provisioned";
        private const string OnDemandSet = "OnDemand";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamName")]
        [AllowEmptyString]
        public string Name { get; set; }

        [Parameter(ParameterSetName = ProvisionedSet)]
        public int ShardCount { get; set; } = 1;

        [Parameter(Mandatory = true, ParameterSetName = OnDemandSet)]
        public SwitchParameter OnDemand { get; set; }

        [Parameter]
        public int RetentionHours { get; set; }

        [Parameter]
        public Hashtable Tag { get; set; }

        [Parameter]
        public SwitchParameter NoWait { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = (int)StreamOperations.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                var spec = new StreamSpec
                {
                    Name = Name,
                    ShardCount = OnDemand ? (int?)null : ShardCount,
                    OnDemand = OnDemand ? true : (bool?)null,
                    RetentionHours = IsBound(nameof(RetentionHours)) ? RetentionHours : (int?)null,
                    Tags = ToStringDictionary(Tag),
                };
                spec.Validate();

                var operations = new StreamOperations(Context) { Wait = !NoWait, Timeout = TimeSpan.FromSeconds(TimeoutSec) };
                operations.Info += PostVerbose;
                operations.Warning += PostWarning;
                var plan = Run(ct => operations.PlanAsync(spec, null, ct));
                // New- creates; an existing stream is left as it is (Set-AlonzoStream converges it).
                if (plan.Action != Alonzo.Resources.PlanAction.Create) plan = operations.LeaveAsItIs(plan);
                Converge(operations, plan, Name);
            });
        }
    }
}
