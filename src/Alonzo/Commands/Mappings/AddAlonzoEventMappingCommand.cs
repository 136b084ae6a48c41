using System;
using System.Management.Automation;
using Alonzo.Mappings;

namespace Alonzo.Commands.Mappings
{
    /// <summary>Maps a Kinesis stream to a Lambda function (Lambda pulls the stream), converging an existing mapping.</summary>
    [Cmdlet(VerbsCommon.Add, "AlonzoEventMapping", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AlonzoEventMapping))]
    public sealed class AddAlonzoEventMappingCommand : AlonzoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.FunctionNameCompleter))]
        [AllowEmptyString]
        public string FunctionName { get; set; }

        /// <summary>The stream's name; or pipe in a stream object.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.StreamNameCompleter))]
        [AllowEmptyString]
        public string StreamName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("StreamArn")]
        public string EventSourceArn { get; set; }

        [Parameter]
        public int BatchSize { get; set; }

        [Parameter]
        [ValidateSet("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP")]
        public string StartingPosition { get; set; }

        [Parameter]
        public DateTime StartingPositionTimestamp { get; set; }

        [Parameter]
        public int MaximumBatchingWindowSeconds { get; set; }

        [Parameter]
        public int ParallelizationFactor { get; set; }

        [Parameter]
        public SwitchParameter BisectBatchOnFunctionError { get; set; }

        [Parameter]
        public int MaximumRetryAttempts { get; set; }

        [Parameter]
        public int MaximumRecordAgeSeconds { get; set; }

        [Parameter]
        public string OnFailureDestinationArn { get; set; }

        /// <summary>Create the mapping disabled, or disable an existing one.</summary>
        [Parameter]
        public SwitchParameter Disabled { get; set; }

        /// <summary>Allow deleting and recreating the mapping when the starting position differs.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = (int)EventMappingOperations.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            TryProcess(FunctionName, () =>
            {
                var spec = new EventMappingSpec
                {
                    FunctionName = FunctionName,
                    StreamName = StreamName,
                    EventSourceArn = EventSourceArn,
                    StartingPosition = StartingPosition,
                    StartingPositionTimestamp = IsBound(nameof(StartingPositionTimestamp)) ? StartingPositionTimestamp.ToUniversalTime() : (DateTime?)null,
                    BatchSize = IsBound(nameof(BatchSize)) ? BatchSize : (int?)null,
                    MaximumBatchingWindowInSeconds = IsBound(nameof(MaximumBatchingWindowSeconds)) ? MaximumBatchingWindowSeconds : (int?)null,
                    ParallelizationFactor = IsBound(nameof(ParallelizationFactor)) ? ParallelizationFactor : (int?)null,
                    BisectBatchOnFunctionError = IsBound(nameof(BisectBatchOnFunctionError)) ? BisectBatchOnFunctionError.IsPresent : (bool?)null,
                    MaximumRetryAttempts = IsBound(nameof(MaximumRetryAttempts)) ? MaximumRetryAttempts : (int?)null,
                    MaximumRecordAgeInSeconds = IsBound(nameof(MaximumRecordAgeSeconds)) ? MaximumRecordAgeSeconds : (int?)null,
                    OnFailureDestinationArn = OnFailureDestinationArn,
                    Enabled = IsBound(nameof(Disabled)) ? !Disabled.IsPresent : (bool?)null,
                };
                spec.Validate();

                var operations = new EventMappingOperations(Context) { Timeout = TimeSpan.FromSeconds(TimeoutSec) };
                // -TimeoutSec also bounds how long a permission that may still be propagating is waited for.
                if (operations.PermissionPropagationTimeout > operations.Timeout) operations.PermissionPropagationTimeout = operations.Timeout;
                operations.Info += PostVerbose;
                operations.Warning += PostWarning;
                var plan = Run(ct => operations.PlanAsync(spec, null, ct));
                var streamName = plan.Name.Substring(0, plan.Name.LastIndexOf("->", StringComparison.Ordinal));
                Converge(operations, plan, $"{FunctionName} <- {streamName}", Force);
            });
        }

    }
}
