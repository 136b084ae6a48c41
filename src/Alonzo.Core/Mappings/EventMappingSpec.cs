using System;
using Alonzo.Functions;
using Alonzo.Validation;

namespace Alonzo.Mappings
{
    /// <summary>What the caller wants the mapping to be. Null settings are left to Lambda's defaults (on create) or as they are.</summary>
    public sealed class EventMappingSpec
    {
        public const string DefaultStartingPosition = "LATEST";
        private static readonly string[] Positions = { "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP" };

        public string FunctionName { get; set; }
        public string StreamName { get; set; }
        public string EventSourceArn { get; set; }
        /// <summary>Null means LATEST when creating, and "leave as it is" for an existing mapping.</summary>
        public string StartingPosition { get; set; }
        public DateTime? StartingPositionTimestamp { get; set; }
        public int? BatchSize { get; set; }
        public int? MaximumBatchingWindowInSeconds { get; set; }
        public int? ParallelizationFactor { get; set; }
        public bool? BisectBatchOnFunctionError { get; set; }
        public int? MaximumRetryAttempts { get; set; }
        public int? MaximumRecordAgeInSeconds { get; set; }
        public string OnFailureDestinationArn { get; set; }
        public bool? Enabled { get; set; }

        // lambda 2015-03-31 model limits (tests compare them with the model).
        public const int BatchSizeMax = 10000;
        public const int BatchingWindowMax = 300;
        public const int ParallelizationMax = 10;
        public const int RetryAttemptsMax = 10000;
        public const int RecordAgeMax = 604800;

        public void Validate()
        {
            FunctionRules.Name(FunctionName, "FunctionName");
            if (EventSourceArn != null)
            {
                if (StreamArns.NameFromArn(EventSourceArn) == null)
                    throw new AlonzoValidationException("InvalidEventSourceArn", "EventSourceArn", EventSourceArn,
                        $"-EventSourceArn: '{EventSourceArn}' is not a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>).");
            }
            else if (StreamName != null)
                NameRules.StreamName(StreamName, "StreamName");
            else
                throw new AlonzoValidationException("MissingEventSource", "StreamName", null,
                    "Give the stream with -StreamName or -EventSourceArn, or pipe in a stream from New-AlonzoStream or Get-AlonzoStream.");

            if (StartingPosition != null && Array.IndexOf(Positions, StartingPosition) < 0)
                throw new AlonzoValidationException("InvalidStartingPosition", "StartingPosition", StartingPosition,
                    $"-StartingPosition: '{StartingPosition}' is not one of TRIM_HORIZON, LATEST, AT_TIMESTAMP.");
            if (StartingPosition == "AT_TIMESTAMP" && StartingPositionTimestamp == null)
                throw new AlonzoValidationException("MissingStartingPositionTimestamp", "StartingPositionTimestamp", null,
                    "-StartingPosition AT_TIMESTAMP needs -StartingPositionTimestamp.");
            if (StartingPositionTimestamp != null && StartingPosition != "AT_TIMESTAMP")
                throw new AlonzoValidationException("InvalidStartingPosition", "StartingPositionTimestamp", StartingPositionTimestamp,
                    "-StartingPositionTimestamp only goes with -StartingPosition AT_TIMESTAMP.");
            Range(BatchSize, 1, BatchSizeMax, "BatchSize", "records");
            Range(MaximumBatchingWindowInSeconds, 0, BatchingWindowMax, "MaximumBatchingWindowSeconds", "seconds");
            Range(ParallelizationFactor, 1, ParallelizationMax, "ParallelizationFactor", "concurrent batches per shard");
            Range(MaximumRetryAttempts, -1, RetryAttemptsMax, "MaximumRetryAttempts", "retries (-1 means until the record expires)");
            if (MaximumRecordAgeInSeconds.HasValue && MaximumRecordAgeInSeconds != -1)
                Range(MaximumRecordAgeInSeconds, 60, RecordAgeMax, "MaximumRecordAgeSeconds", "seconds (or -1 for no limit)");
            if (OnFailureDestinationArn != null && !OnFailureDestinationArn.StartsWith("arn:", StringComparison.Ordinal))
                throw new AlonzoValidationException("InvalidDestination", "OnFailureDestinationArn", OnFailureDestinationArn,
                    $"-OnFailureDestinationArn: '{OnFailureDestinationArn}' is not an ARN; use an SQS queue, SNS topic or S3 bucket ARN.");
        }

        /// <summary>A mapping is named by its UUID; an empty one would address nothing.</summary>
        public static void Uuid(string uuid)
        {
            if (string.IsNullOrWhiteSpace(uuid))
                throw new AlonzoValidationException("InvalidUUID", "UUID", uuid, "-UUID: give the mapping's UUID (Get-AlonzoEventMapping shows it).");
        }

        private static void Range(int? value, int min, int max, string parameter, string unit)
        {
            if (value.HasValue && (value < min || value > max))
                throw new AlonzoValidationException("Invalid" + parameter, parameter, value,
                    $"-{parameter}: {value} is outside what Lambda allows ({min} to {max} {unit}).");
        }
    }

    /// <summary>Kinesis stream ARNs: arn:aws:kinesis:region:account:stream/name.</summary>
    public static class StreamArns
    {
        public static string NameFromArn(string arn)
        {
            if (arn == null || !arn.StartsWith("arn:", StringComparison.Ordinal)) return null;
            var parts = arn.Split(new[] { ':' }, 6);
            if (parts.Length < 6 || parts[2] != "kinesis" || !parts[5].StartsWith("stream/", StringComparison.Ordinal)) return null;
            string name = parts[5].Substring("stream/".Length);
            return name.Length == 0 ? null : name;
        }
    }
}
