using System;
using System.Collections.Generic;
using System.Management.Automation;
using Alonzo.Aws.Runtime;
using Alonzo.Commands.Records;
using Alonzo.Local;

namespace Alonzo.Commands.Local
{
    /// <summary>Turns records into the events Lambda hands a Kinesis-triggered function, one shard per event.</summary>
    [Cmdlet(VerbsData.ConvertTo, "AlonzoKinesisEvent", DefaultParameterSetName = RandomKeySet)]
    [OutputType(typeof(AlonzoKinesisEvent), typeof(string))]
    public sealed class ConvertToAlonzoKinesisEventCommand : AlonzoCmdlet
    {
        private const string RandomKeySet = "RandomKey";
        private const string KeySet = "PartitionKey";
        private const string KeyPropertySet = "PartitionKeyProperty";
        private const string DefaultStreamName = "alonzo";

        private readonly Dictionary<string, KinesisEventBatcher> _batchers = new Dictionary<string, KinesisEventBatcher>(StringComparer.Ordinal);
        private readonly List<KinesisEventBatcher> _order = new List<KinesisEventBatcher>();
        private readonly DateTime _started = DateTime.UtcNow;
        private string _region;
        private long _synthetic;

        /// <summary>A record from Read-AlonzoRecord, or a string, byte array or object to make a record of.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public object InputObject { get; set; }

        [Parameter]
        [ValidateRange(1, KinesisEvents.MaxBatchSize)]
        public int BatchSize { get; set; } = KinesisEvents.DefaultBatchSize;

        [Parameter(Mandatory = true, ParameterSetName = KeySet)]
        [AllowEmptyString]
        public string PartitionKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = KeyPropertySet)]
        [ValidateNotNullOrEmpty]
        public string PartitionKeyProperty { get; set; }

        /// <summary>The stream of records that were not read from one (strings, objects).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StreamName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string EventSourceArn { get; set; }

        [Parameter]
        [Alias("RoleArn")]
        [ValidateNotNullOrEmpty]
        public string InvokeIdentityArn { get; set; }

        [Parameter]
        public SwitchParameter AsJson { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                if (StreamName != null) Validation.NameRules.StreamName(StreamName, nameof(StreamName));
                if (EventSourceArn != null) KinesisEventSource.ForArn(EventSourceArn);
                if (ParameterSetName == KeySet) Alonzo.Records.RecordRules.PartitionKey(PartitionKey, PartitionKey);
            }
            catch (Exception e) when (e is Validation.AlonzoValidationException)
            {
                ThrowTerminatingError(ErrorRecords.From(e, StreamName ?? EventSourceArn));
            }
            _region = AwsSession.ResolveRegionOrNull(new AwsSessionOptions { Region = Region, ProfileName = ProfileName }) ?? "us-east-1";
        }

        protected override void ProcessRecord()
        {
            foreach (var item in RecordInput.Items(InputObject, MyInvocation.ExpectingInput)) Add(item);
        }

        protected override void EndProcessing()
        {
            foreach (var batcher in _order)
                foreach (var e in batcher.Flush()) Emit(e);
        }

        private void Add(object input)
        {
            TryProcess(input, () =>
            {
                var record = ToRecord(input);
                var completed = Batcher(record.StreamName).Add(record);
                if (completed != null) Emit(completed);
            });
        }

        private AlonzoRecord ToRecord(object input)
        {
            object value = input is PSObject wrapped ? wrapped.BaseObject : input;
            if (value is AlonzoRecord read) return read;
            string key;
            switch (ParameterSetName)
            {
                case KeySet:
                    key = PartitionKey;
                    break;
                case KeyPropertySet:
                    key = RecordInput.KeyFromProperty(input, PartitionKeyProperty);
                    break;
                default:
                    key = Guid.NewGuid().ToString("N");
                    break;
            }
            var data = RecordInput.Data(input);
            return new AlonzoRecord
            {
                StreamName = StreamName ?? (EventSourceArn == null ? DefaultStreamName : KinesisEventSource.ForArn(EventSourceArn).StreamName),
                ShardId = "shardId-000000000000",
                SequenceNumber = KinesisEvents.SyntheticSequenceNumber(_started, _synthetic++),
                PartitionKey = key,
                ApproximateArrivalTimestamp = DateTime.UtcNow,
                Data = data,
                Text = Alonzo.Records.RecordReader.TryDecode(data),
            };
        }

        private KinesisEventBatcher Batcher(string streamName)
        {
            streamName = streamName ?? DefaultStreamName;
            if (_batchers.TryGetValue(streamName, out var batcher)) return batcher;
            var source = EventSourceArn != null
                ? KinesisEventSource.ForArn(EventSourceArn, InvokeIdentityArn)
                : KinesisEventSource.ForStream(streamName, _region, null, InvokeIdentityArn);
            batcher = new KinesisEventBatcher(source, BatchSize);
            _batchers[streamName] = batcher;
            _order.Add(batcher);
            return batcher;
        }

        private void Emit(AlonzoKinesisEvent e)
        {
            if (AsJson) WriteObject(e.ToJson());
            else WriteObject(e);
        }
    }
}
