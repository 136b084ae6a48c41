using System;
using System.Collections.Generic;
using System.Linq;
using Alonzo.Aws.Runtime;

namespace Alonzo.Tests.Sdk
{
    /// <summary>Every call event, in order, as "Sending S3 CreateBucket 1", "Completed S3 CreateBucket 1 200", "Retrying EC2 DescribeVpcs 2".</summary>
    internal sealed class RecordingListener : IAwsCallListener
    {
        private readonly List<string> _events = new List<string>();

        public List<AwsCallRecord> Completed { get; } = new List<AwsCallRecord>();
        public List<(string Operation, int Attempt, TimeSpan Delay, string Reason)> Retries { get; } = new List<(string, int, TimeSpan, string)>();

        public IReadOnlyList<string> Events
        {
            get { lock (_events) return _events.ToList(); }
        }

        public void OnSending(AwsService service, string operation, int attempt)
        {
            lock (_events) _events.Add($"Sending {service} {operation} {attempt}");
        }

        public void OnCompleted(AwsCallRecord record)
        {
            lock (_events)
            {
                _events.Add($"Completed {record.Service} {record.Operation} {record.Attempt} {record.StatusCode}{(record.ErrorCode == null ? "" : " " + record.ErrorCode)}");
                Completed.Add(record);
            }
        }

        public void OnRetrying(AwsService service, string operation, int attempt, TimeSpan delay, string reason)
        {
            lock (_events)
            {
                _events.Add($"Retrying {service} {operation} {attempt}");
                Retries.Add((operation, attempt, delay, reason));
            }
        }
    }
}
