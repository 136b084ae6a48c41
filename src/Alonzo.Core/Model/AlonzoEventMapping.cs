using System;

namespace Alonzo
{
    /// <summary>An event source mapping: Lambda polling a stream and invoking a function with batches of records.</summary>
    public sealed class AlonzoEventMapping
    {
        public string UUID { get; set; }
        public string FunctionName { get; set; }
        public string FunctionArn { get; set; }
        public string EventSourceArn { get; set; }
        /// <summary>The stream's name, taken from EventSourceArn.</summary>
        public string StreamName { get; set; }
        /// <summary>Creating, Enabling, Enabled, Disabling, Disabled, Updating or Deleting.</summary>
        public string State { get; set; }
        public int? BatchSize { get; set; }
        public string StartingPosition { get; set; }
        public DateTime? StartingPositionTimestamp { get; set; }
        public int? MaximumBatchingWindowInSeconds { get; set; }
        public int? ParallelizationFactor { get; set; }
        public bool? BisectBatchOnFunctionError { get; set; }
        public int? MaximumRetryAttempts { get; set; }
        public int? MaximumRecordAgeInSeconds { get; set; }
        /// <summary>ReportBatchItemFailures when the function's replies may list failed records.</summary>
        public string[] FunctionResponseTypes { get; set; } = Array.Empty<string>();
        public string OnFailureDestinationArn { get; set; }
        public string LastProcessingResult { get; set; }
        public string StateTransitionReason { get; set; }
        public DateTime? LastModified { get; set; }
        public string Region { get; set; }
        public ResourceAction Action { get; set; }
        public string[] Changes { get; set; } = Array.Empty<string>();

        public override string ToString() => UUID;
    }
}
